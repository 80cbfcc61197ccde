"""The table and the timeline follow the sidebar's filters (AppTest)."""

from __future__ import annotations

import re

from streamlit.testing.v1 import AppTest

from tests.apptest import drawn


def _events_shown(at: AppTest) -> int:
    (said,) = [c.value for c in at.caption if re.match(r"\d+ events?\. Click", c.value)]
    return int(said.split()[0])


def _tables(at: AppTest) -> dict[str, list[str]]:
    return {d.key.removeprefix("table_"): sorted(d.value["id"]) for d in at.dataframe}


def test_the_table_has_one_tab_per_layer_facilities_first(app):
    assert [d.key for d in app.dataframe] == [
        "table_facilities",
        "table_conflicts",
        "table_countries",
    ]
    tabs = [t.label for t in app.tabs]
    assert tabs == ["Facilities (5)", "Conflict zones (4)", "Countries (5)"]
    assert "On " in " ".join(c.value for c in app.caption)


def test_the_table_and_the_timeline_follow_the_filters(app):
    everything = _events_shown(app)
    app.multiselect(key="facility_types").set_value(["radar"]).run()
    assert not app.exception
    assert _tables(app)["facilities"] == drawn(app)["facilities"] == ["rus-hostile", "uzb-radar"]
    fewer = _events_shown(app)
    # The three facilities of other types opened and never closed: three events fewer.
    assert fewer == everything - 3
    app.toggle(key="timeline_all").set_value(True).run()
    assert _events_shown(app) == everything
    app.toggle(key="timeline_all").set_value(False).run()
    app.checkbox(key="show_facilities").uncheck().run()
    assert "table_facilities" not in _tables(app)
    assert _events_shown(app) == everything - 5 - 2  # five openings, two closings


def test_a_count_of_one_is_singular(app):
    app.multiselect(key="facility_types").set_value(["air base"]).run()
    caption = " ".join(c.value for c in app.caption)
    assert "1 facility" in caption and "1 facilities" not in caption
