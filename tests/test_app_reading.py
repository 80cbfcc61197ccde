"""The reading layout through AppTest, on the shipped layers: what a past map date names."""

from __future__ import annotations

import re
from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.logic.layers import REPO_GEODATA
from tests.apptest import APP, drawn_looks, open_page

BATUMI = "geo-12-military-base-batumi"
LATER = re.compile(r"withdrawn|handed over|\(closed\)|until the base opened")


@pytest.fixture
def shipped_at(monkeypatch):
    if not (REPO_GEODATA / "facilities.geojson").exists():
        pytest.skip("geodata/ has no built layers yet (python -m geodata.build)")
    monkeypatch.setenv("CSTO_GEODATA_DIR", str(REPO_GEODATA))
    return AppTest.from_file(APP, default_timeout=60)


def facility_names(at: AppTest) -> list[str]:
    """The names in the facilities' table."""
    for frame in at.dataframe:
        data = frame.value
        for column in data.columns:
            if column.lower() == "name" and data[column].astype(str).str.contains("Base").any():
                return list(data[column].astype(str))
    raise AssertionError("no facilities table")


def test_a_past_date_names_no_end_that_came_later(shipped_at):
    shipped_at.query_params["date"] = "1995-06-01"
    at = open_page(shipped_at)
    tooltip = drawn_looks(at, "facilities")[BATUMI]["t"]
    assert "12th Military Base, Batumi" in tooltip and not LATER.search(tooltip)
    names = facility_names(at)
    assert "12th Military Base, Batumi" in names
    assert not [n for n in names if LATER.search(n)]
    # Today the base is gone, and its name says so.
    at.slider(key="date").set_value(date(2025, 1, 1)).run()
    assert "12th Military Base, Batumi (withdrawn)" in facility_names(at)
