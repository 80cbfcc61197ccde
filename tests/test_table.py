"""The linked table lists exactly the features of the shown layers, with distances."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.logic import table
from dashboard.logic.layers import load_layers


@pytest.fixture
def data(geodata_dir):
    return load_layers(geodata_dir)


@pytest.mark.parametrize(
    "shown",
    [("countries", "conflicts", "facilities"), ("facilities",), ("countries",), ()],
)
def test_one_row_per_feature_of_each_shown_layer(data, shown):
    frame = table.feature_table(data, shown)
    want = sorted(i for name in shown for i in data.get(name)["id"])
    assert sorted(frame["id"]) == want
    assert "geometry" not in frame.columns
    assert {table.layer_of(label) for label in frame["Layer"]} == set(shown)


def test_distances_fill_facility_rows_only(data):
    distances = pd.DataFrame(
        {"conflict_km": [12.34], "nearest_conflict": ["afg-border"], "border_km": [5.0],
         "nearest_border": ["AFG–UZB"]},
        index=pd.Index(["uzb-radar"], name="id"),
    )  # fmt: skip
    frame = table.feature_table(data, ("countries", "facilities"), distances).set_index("id")
    assert frame.loc["uzb-radar", "Conflict zone km"] == 12.3
    assert frame.loc["uzb-radar", "Nearest border"] == "AFG–UZB"
    assert pd.isna(frame.loc["kgz-kant", "Conflict zone km"])
    assert pd.isna(frame.loc["UZB", "Border km"])


def test_lookup_finds_a_feature_or_none(data):
    assert table.lookup(data, "facilities", "kgz-kant")["name"] == "Kant Air Base"
    assert table.lookup(data, "facilities", "nope") is None
