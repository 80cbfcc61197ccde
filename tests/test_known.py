"""Dates shown as precisely as they are known: details, table, timeline; no day made up."""

from __future__ import annotations

from datetime import date

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import Point

from dashboard.logic import known, popups, table
from dashboard.logic.layers import Layers


@pytest.mark.parametrize(
    ("value", "precision", "shown"),
    [
        ("1999-08-31", None, "1999-08-31"),
        ("1992-09", None, "Sep 1992 (month known)"),
        ("2025", None, "2025 (year known)"),
        ("1992-09", "month", "Sep 1992 (month known)"),
        # geopandas may hand a month over as its first day, as a timestamp: the field says so.
        (pd.Timestamp("1992-09-01"), "month", "Sep 1992 (month known)"),
        (pd.Timestamp("2025-01-01"), "year", "2025 (year known)"),
        (pd.Timestamp("2010-06-12"), "day", "2010-06-12"),
        (date(2010, 6, 12), None, "2010-06-12"),
        ("1999-08-31T00:00:00", "day", "1999-08-31"),
        (None, None, ""),
        (float("nan"), None, ""),
        (pd.NaT, None, ""),
        ("", None, ""),
    ],
)
def test_as_known(value, precision, shown):
    assert known.as_known(value, precision) == shown


def test_a_bad_date_fails_loudly():
    with pytest.raises(ValueError):
        known.as_known("1999-13")


FACILITY = {
    "id": "f",
    "name": "F",
    "opened": "1992-09",
    "opened_precision": "month",
    "closed": "2025",
    "closed_precision": "year",
    "sources": [],
}
CONFLICT = {
    "id": "c",
    "name": "C",
    "start": "1999-08",
    "start_precision": "month",
    "end": "1999-10-25",
    "end_precision": "day",
}


def test_details_show_month_and_year_dates_as_known():
    rows = dict(popups.details_rows("facilities", FACILITY))
    assert rows["Opened"] == "Sep 1992 (month known)"
    assert rows["Closed"] == "2025 (year known)"
    html = popups.details_html("conflicts", CONFLICT)
    assert "Aug 1999 (month known)" in html and "1999-08-01" not in html
    assert "1999-10-25" in html


def _frame(props: dict) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame([props], geometry=[Point(70, 40)], crs="EPSG:4326")


def test_table_shows_month_and_year_dates_as_known():
    empty = _frame({"id": "x", "name": "x", "iso3": "X"}).iloc[:0]
    facilities = _frame({**FACILITY, "country": "KGZ", "facility_type": "radar", "status": "x"})
    conflicts = _frame({**CONFLICT, "countries": ["KGZ"], "kind": "war", "active": False})
    data = Layers(countries=empty, facilities=facilities, conflicts=conflicts)
    frame = table.feature_table(data, ("conflicts", "facilities"))
    assert list(frame["From"]) == ["Aug 1999 (month known)", "Sep 1992 (month known)"]
    assert list(frame["Until"]) == ["1999-10-25", "2025 (year known)"]


def test_timeline_events_get_their_dates_as_known():
    events = pd.DataFrame(
        {
            "layer": ["conflicts", "conflicts", "facilities", "countries"],
            "feature_id": ["c", "c", "f", "KGZ"],
            "kind": ["conflict began", "conflict ended", "facility closed", "joined"],
            "day": ["1999-08-01", "1999-10-25", "2025-01-01", "1992-05-15"],
        }
    )
    frames = {"conflicts": pd.DataFrame([CONFLICT]), "facilities": pd.DataFrame([FACILITY])}
    out = known.event_dates(events, frames)
    assert list(out["when"]) == [
        "Aug 1999 (month known)",
        "1999-10-25",
        "2025 (year known)",
        "1992-05-15",
    ]
