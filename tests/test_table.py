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


def test_one_tab_per_shown_layer_facilities_first():
    assert table.tabs(("countries", "conflicts", "facilities")) == [
        "facilities",
        "conflicts",
        "countries",
    ]
    assert table.tabs(("countries",)) == ["countries"]
    assert table.tabs(()) == []


@pytest.mark.parametrize("layer", ["countries", "conflicts", "facilities"])
def test_each_tab_has_its_layers_rows_and_columns_only(data, layer):
    frame = table.layer_table(data, layer)
    assert list(frame.columns) == table.LAYER_COLUMNS[layer]
    assert sorted(frame["id"]) == sorted(data.get(layer)["id"])
    # No column that is empty for every row of the layer (what made the old table wide);
    # the distances come with their own frame.
    own = [c for c in frame.columns if c != "id" and "km" not in c and "Nearest" not in c]
    assert all(frame[c].astype(str).str.len().gt(0).any() for c in own)


def test_dates_are_shown_as_the_sources_give_them(data):
    partial = data.facilities.copy()
    partial.loc[partial["id"] == "kgz-kant", "opened"] = "2003-09"
    partial.loc[partial["id"] == "uzb-radar", "closed"] = "2005"
    frame = table.layer_table(data.replace(facilities=partial), "facilities").set_index("id")
    assert frame.loc["kgz-kant", "From"] == "Sep 2003 (month known)"  # no day is made up
    assert frame.loc["uzb-radar", "Until"] == "2005 (year known)"
    assert frame.loc["arm-102-base", "From"] == "1995-03-16"
    assert frame.loc["arm-102-base", "Until"] == ""


@pytest.mark.parametrize(
    ("n", "layer", "words"),
    [
        (1, "countries", "1 country"),
        (25, "countries", "25 countries"),
        (0, "countries", "0 countries"),
        (1, "conflicts", "1 conflict zone"),
        (4, "conflicts", "4 conflict zones"),
        (1, "facilities", "1 facility"),
        (54, "facilities", "54 facilities"),
    ],
)
def test_counts_are_plural_only_when_not_one(n, layer, words):
    assert table.counted(n, layer) == words


def test_plural_of_other_words():
    assert table.plural("feature", 1) == "feature"
    assert table.plural("feature", 2) == "features"
    assert table.plural("country", 3) == "countries"
