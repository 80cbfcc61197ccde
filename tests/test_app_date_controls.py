"""The date box, the event steps and play, through AppTest: each changes the map date and the
link. (The timer of play runs only in a browser: tests/e2e/test_date_controls.py.)"""

from __future__ import annotations

from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.logic import style
from tests.apptest import APP, open_page
from tests.test_app_time import fill_of, param


@pytest.fixture
def at_1995(geodata_dir, monkeypatch) -> AppTest:
    monkeypatch.setenv("CSTO_GEODATA_DIR", str(geodata_dir))
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["date"] = "1995-06-01"
    return open_page(at)


def test_typing_a_date_moves_the_map_and_the_link(at_1995):
    at = at_1995
    assert at.text_input(key="date_box").value == "1995-06-01"
    assert fill_of(at, "UZB") == style.STATUS_COLOURS["member"]
    at.text_input(key="date_box").set_value("2001-02-03").run()
    assert not at.exception
    assert at.slider(key="date").value == date(2001, 2, 3)
    assert param(at, "date") == "2001-02-03"
    assert fill_of(at, "UZB") == style.STATUS_COLOURS["former"]


def test_the_slider_moves_the_date_box(at_1995):
    at = at_1995.slider(key="date").set_value(date(2010, 1, 1)).run()
    assert at.text_input(key="date_box").value == "2010-01-01"


def test_a_mistyped_date_says_what_was_wrong_and_keeps_the_map(at_1995):
    at = at_1995.text_input(key="date_box").set_value("1995-13-40").run()
    assert not at.exception
    assert at.slider(key="date").value == date(1995, 6, 1)
    assert "is not a date: type it as YYYY-MM-DD" in at.sidebar.error[0].value
    # A month is taken from its first day.
    at.text_input(key="date_box").set_value("2003-07").run()
    assert at.slider(key="date").value == date(2003, 7, 1)
    assert at.text_input(key="date_box").value == "2003-07-01" and not at.sidebar.error


def test_event_steps_land_on_the_timelines_days(at_1995):
    at = at_1995.button(key="next_event").click().run()
    # Uzbekistan left on 1999-04-02: the first event after 1995-06-01 in the fixture layers.
    assert at.slider(key="date").value == date(1999, 4, 2)
    assert param(at, "date") == "1999-04-02"
    assert fill_of(at, "UZB") == style.STATUS_COLOURS["former"]
    at.button(key="prev_event").click().run()
    assert at.slider(key="date").value == date(1995, 3, 16)  # the facilities opened
    assert param(at, "date") == "1995-03-16"


def test_play_and_its_speed_go_into_the_link(at_1995):
    at = at_1995.selectbox(key="speed").set_value("year").run()
    assert param(at, "speed") == "year"
    at.button(key="play_button").click().run()
    assert not at.exception
    assert param(at, "play") == "1"
    assert at.button(key="play_button").label == "Pause"
    at.button(key="play_button").click().run()
    assert param(at, "play") is None


def test_a_link_that_plays_opens_playing(geodata_dir, monkeypatch):
    monkeypatch.setenv("CSTO_GEODATA_DIR", str(geodata_dir))
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update({"date": "1998-06-01", "play": "1", "speed": "quarter"})
    at = open_page(at)
    assert at.button(key="play_button").label == "Pause"
    assert at.selectbox(key="speed").value == "quarter"
    assert param(at, "play") == "1" and param(at, "speed") == "quarter"


def test_play_from_today_starts_at_the_beginning(geodata_dir, monkeypatch):
    monkeypatch.setenv("CSTO_GEODATA_DIR", str(geodata_dir))
    at = open_page(AppTest.from_file(APP, default_timeout=60))
    at.button(key="play_button").click().run()
    assert at.slider(key="date").value == date(1992, 1, 1)


def test_an_event_step_says_what_happened_and_selects_it(at_1995):
    at = at_1995.button(key="next_event").click().run()
    assert not at.exception
    texts = " ".join(m.value for m in at.markdown)
    assert "**On 2 April 1999**" in texts
    assert "Uzbekistan" in texts
    # The day's feature is selected: its details stand beside the map, outlined on it.
    assert at.session_state["sel"] == ("countries", "UZB")
    assert "Uzbekistan" in " ".join(h.proto.body for h in at.get("html"))
    # Moving the date another way leaves the note behind.
    at.slider(key="date").set_value(date(2001, 1, 1)).run()
    assert "**On 2 April 1999**" not in " ".join(m.value for m in at.markdown)
