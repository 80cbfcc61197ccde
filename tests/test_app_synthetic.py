"""The SYNTHETIC test layer in the app: drawn on the map, never in the table or downloads."""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from tests.apptest import APP, downloaded, map_args, open_page

LAYER = "SYNTHETIC events (test data)"


def _app(geodata_dir, monkeypatch, points: str | None = None) -> AppTest:
    monkeypatch.setenv("CSTO_GEODATA_DIR", str(geodata_dir))
    if points is None:
        monkeypatch.delenv("CSTO_SYNTHETIC_POINTS", raising=False)
    else:
        monkeypatch.setenv("CSTO_SYNTHETIC_POINTS", points)
    at = open_page(AppTest.from_file(APP, default_timeout=60))
    assert not at.exception, at.exception
    return at


def _feature_groups(at: AppTest) -> str:
    return map_args(at)["feature_group"]


def _captions(at: AppTest) -> str:
    return " ".join(c.value for c in at.caption)


def _drawn(at: AppTest) -> int:
    """How many synthetic points the caption says are drawn."""
    head = _captions(at).split(" of 1,000 SYNTHETIC points are drawn")[0]
    return int(head.split()[-1].replace(",", ""))


def test_no_synthetic_points_by_default(geodata_dir, monkeypatch):
    at = _app(geodata_dir, monkeypatch)
    assert at.selectbox(key="synthetic_points").value == 0
    assert "PackedPointCanvas" not in _feature_groups(at)
    assert "SYNTHETIC" not in _captions(at)
    assert not at.multiselect or all(m.key != "synthetic_types" for m in at.multiselect)


def test_choosing_1000_adds_a_synthetic_group_and_leaves_downloads_alone(
    geodata_dir,
    monkeypatch,
    downloads,
):
    at = _app(geodata_dir, monkeypatch)
    before_files = downloaded(at, downloads)
    before_rows = len(at.dataframe(key="table_facilities").value)

    at.selectbox(key="synthetic_points").set_value(1_000).run()
    assert not at.exception, at.exception

    groups = _feature_groups(at)
    assert "PackedPointCanvas" in groups
    assert re.search(
        f'"{re.escape(LAYER)}" : feature_group_feature_group_\\d+', map_args(at)["layer_control"]
    )
    assert downloaded(at, downloads) == before_files
    assert len(at.dataframe(key="table_facilities").value) == before_rows
    assert 900 < _drawn(at) <= 1_000  # those dated up to the map date
    assert "not real" in _captions(at)


def test_event_type_filter_narrows_the_synthetic_points(geodata_dir, monkeypatch):
    at = _app(geodata_dir, monkeypatch, "1000")
    assert at.selectbox(key="synthetic_points").value == 1_000
    drawn = _captions(at)
    at.multiselect(key="synthetic_types").set_value(["riot"]).run()
    assert not at.exception, at.exception
    assert _captions(at) != drawn
    assert 0 < _drawn(at) < 900


@pytest.mark.parametrize("value", ["many", "-5"])
def test_a_bad_environment_value_means_no_points(geodata_dir, monkeypatch, value):
    at = _app(geodata_dir, monkeypatch, value)
    assert at.selectbox(key="synthetic_points").value == 0
