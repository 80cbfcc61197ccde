"""Steps of the map date: to events, and the ticks of play."""

from datetime import date

import pandas as pd
import pytest

from dashboard.logic import timesteps
from dashboard.logic.timesteps import add_months, next_event, previous_event, tick

DAYS = (date(1992, 5, 15), date(1999, 4, 2), date(2024, 2, 22))
TODAY = date(2026, 11, 1)


def test_event_days_are_the_timelines_distinct_days():
    events = pd.DataFrame({"day": ["1999-04-02", "1992-05-15", "1999-04-02"]})
    assert timesteps.event_days(events) == (date(1992, 5, 15), date(1999, 4, 2))
    assert timesteps.event_days(pd.DataFrame()) == ()


@pytest.mark.parametrize(
    ("on", "before", "after"),
    [
        (date(1992, 1, 1), None, date(1992, 5, 15)),
        (date(1992, 5, 15), None, date(1999, 4, 2)),
        (date(1999, 4, 2), date(1992, 5, 15), date(2024, 2, 22)),
        (date(2025, 1, 1), date(2024, 2, 22), None),
    ],
)
def test_previous_and_next_event(on, before, after):
    assert previous_event(DAYS, on) == before
    assert next_event(DAYS, on, TODAY) == after


def test_next_event_never_passes_today():
    assert next_event(DAYS, date(2000, 1, 1), date(2020, 1, 1)) is None


@pytest.mark.parametrize(
    ("on", "months", "want"),
    [
        (date(2000, 1, 31), 1, date(2000, 2, 29)),
        (date(1999, 12, 15), 1, date(2000, 1, 15)),
        (date(1999, 11, 30), 3, date(2000, 2, 29)),
        (date(2001, 3, 1), 12, date(2002, 3, 1)),
    ],
)
def test_add_months_keeps_the_day_where_the_month_has_it(on, months, want):
    assert add_months(on, months) == want


def test_play_stops_on_each_event_holds_once_then_goes_on():
    step = tick(date(1998, 6, 1), "year", DAYS, TODAY)
    assert step.on == date(1999, 4, 2) and step.playing  # the event before the stride's end
    held = tick(step.on, "year", DAYS, TODAY, step.held)
    assert held.on == date(1999, 4, 2) and held.held == date(1999, 4, 2)  # one tick's pause
    on = tick(held.on, "year", DAYS, TODAY, held.held)
    assert on.on == date(2000, 4, 2)


def test_play_ends_at_today():
    step = tick(date(2026, 10, 15), "quarter", DAYS, TODAY)
    assert step.on == TODAY and not step.playing


def test_an_unknown_speed_plays_at_the_default():
    assert tick(date(2000, 1, 1), "warp", (), TODAY).on == date(2000, 2, 1)
