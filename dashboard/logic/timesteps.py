"""Moving the map date: to the previous or next dated event, and step by step while playing.

The event days are the timeline's (``logic.timeline.events``), so a step lands exactly where
the timeline marks a change. Playing advances the date by a chosen stride, never past an
event: it stops on each event's day, holds there one tick so the change can be seen, and ends
at today.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import pandas as pd

from dashboard.logic.i18n import N_


@dataclass(frozen=True)
class Speed:
    """One play speed: its label (marked for the catalog) and how many months each tick moves
    the date."""

    label: str
    months: int


# Link value -> speed; the first is the default (left out of links).
SPEEDS: dict[str, Speed] = {
    "month": Speed(N_("1 month"), 1),
    "quarter": Speed(N_("3 months"), 3),
    "year": Speed(N_("1 year"), 12),
}
DEFAULT_SPEED = next(iter(SPEEDS))
# Seconds between two ticks: long enough for a rerun to redraw the map on a slow machine.
TICK_SECONDS = 1.5


def event_days(events: pd.DataFrame) -> tuple[date, ...]:
    """The distinct days of the timeline's events (its ``day`` column), in order."""
    if events is None or "day" not in events or not len(events):
        return ()
    return tuple(sorted({date.fromisoformat(str(d)) for d in events["day"]}))


def previous_event(days: Iterable[date], on: date) -> date | None:
    """The last event day before ``on``, or None when there is none."""
    days = sorted(days)
    i = bisect.bisect_left(days, on)
    return days[i - 1] if i else None


def next_event(days: Iterable[date], on: date, today: date) -> date | None:
    """The first event day after ``on`` and not after ``today``, or None."""
    days = sorted(days)
    i = bisect.bisect_right(days, on)
    return days[i] if i < len(days) and days[i] <= today else None


def add_months(on: date, months: int) -> date:
    """``on`` moved by whole months, the day kept where the month has it (31 Jan → 28 Feb)."""
    index = on.year * 12 + on.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    last = (date(year + month // 12, month % 12 + 1, 1) - date(year, month, 1)).days
    return date(year, month, min(on.day, last))


@dataclass(frozen=True)
class Tick:
    """What one tick of play does: the new date, the event day it is holding on, whether
    play goes on."""

    on: date
    held: date | None
    playing: bool


def tick(on: date, speed: str, days: Iterable[date], today: date, held: date | None = None) -> Tick:
    """One step of play from ``on``; ``held`` is the event day already held once.

    On an event's day not yet held, the date stays one tick. Otherwise it moves on by the
    speed's stride, but stops at the next event on the way, and at today, where play ends.
    """
    days = tuple(days)
    if on in days and held != on:
        return Tick(on, on, on < today)
    stride = SPEEDS.get(speed, SPEEDS[DEFAULT_SPEED]).months
    target = min(add_months(on, stride), today)
    upcoming = next_event(days, on, today)
    if upcoming is not None and upcoming < target:
        target = upcoming
    return Tick(target, held, target < today)
