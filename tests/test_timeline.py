import json
from datetime import date

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import Point, box

from dashboard.logic.record import OUTCOME_COLOURS
from dashboard.logic.timeline import KIND_GROUPS, MAX_COLOURS, colour_group, events, follow
from dashboard.logic.timeline_chart import (
    GROUP_COLOURS,
    SELECTION,
    chart,
    date_from_selection,
    feature_from_selection,
)


def _countries() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {
            "id": ["ARM", "AZE", "UKR"],
            "name": ["Armenia", "Azerbaijan", "Ukraine"],
            "membership": ["1992-05-15/..", "1993-09-24/1999-04-20", ""],
            "frozen": ["2024-02-22/..", "", ""],
        },
        geometry=[box(0, 0, 1, 1), box(1, 0, 2, 1), box(2, 0, 3, 1)],
        crs="EPSG:4326",
    )


def _facilities() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {
            "id": ["arm-102-military-base", "aze-gabala-radar", "kaz-unknown"],
            "name": ["102nd Military Base", "Gabala Radar Station", "Somewhere"],
            "country": ["ARM", "AZE", "KAZ"],
            "opened": ["1995-03-16", "1985-01-01", None],
            "closed": [None, "2012-12-10", None],
        },
        geometry=[Point(0.5, 0.5), Point(1.5, 0.5), Point(2.5, 0.5)],
        crs="EPSG:4326",
    )


def _conflicts() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {
            "id": ["kazakhstan-2022-unrest", "kgz-tjk-border"],
            "name": ["January 2022 unrest in Kazakhstan", "Kyrgyz–Tajik border clashes"],
            "countries": [np.array(["KAZ"]), ["KGZ", "TJK"]],
            "start": ["2022-01-02", "2021-04-28"],
            "end": ["2022-01-11", None],
            "csto_response_kind": ["deployment", "none"],
        },
        geometry=[box(50, 40, 60, 50), box(70, 39, 71, 40)],
        crs="EPSG:4326",
    )


MEMBERSHIP = {
    "states": [
        {
            "iso3": "ARM",
            "events": [
                {
                    "date": "1992-05-15",
                    "kind": "joined",
                    "text": "Signs in Tashkent.",
                    "source": "https://a",
                },
                {
                    "date": "2002-10-07",
                    "kind": "charter",
                    "text": "Signs the Charter.",
                    "source": "https://b",
                },
            ],
        },
        {"iso3": "UKR", "events": []},
    ],
    "organisation_events": [
        {
            "date": "1994-04-20",
            "kind": "treaty",
            "text": "The treaty enters into force.",
            "source": "https://c",
        }
    ],
}


@pytest.fixture
def plain():
    return events(_countries(), _facilities(), _conflicts())


def _kinds(df, feature_id):
    return [(r.day, r.kind) for r in df.itertuples() if r.feature_id == feature_id]


def test_membership_events_come_from_the_intervals(plain):
    assert _kinds(plain, "ARM") == [("1992-05-15", "joined"), ("2024-02-22", "frozen")]
    assert _kinds(plain, "AZE") == [("1993-09-24", "joined"), ("1999-04-20", "left")]
    assert _kinds(plain, "UKR") == []


def test_conflict_and_facility_events(plain):
    assert _kinds(plain, "kazakhstan-2022-unrest") == [
        ("2022-01-02", "conflict began"),
        ("2022-01-11", "conflict ended"),
    ]
    assert _kinds(plain, "kgz-tjk-border") == [("2021-04-28", "conflict began")]
    assert _kinds(plain, "aze-gabala-radar") == [
        ("1985-01-01", "facility opened"),
        ("2012-12-10", "facility closed"),
    ]
    assert _kinds(plain, "kaz-unknown") == []  # no dates, no events


def test_labels_say_what_happened(plain):
    labels = dict(zip(plain["feature_id"] + " " + plain["kind"], plain["label"], strict=True))
    assert labels["AZE left"] == "Azerbaijan leaves the treaty"
    assert labels["kazakhstan-2022-unrest conflict began"] == (
        "Start: January 2022 unrest in Kazakhstan (CSTO response: deployment)"
    )
    assert labels["kgz-tjk-border conflict began"] == "Start: Kyrgyz–Tajik border clashes"
    assert labels["aze-gabala-radar facility closed"] == "Closed: Gabala Radar Station"
    row = plain[plain["feature_id"] == "kazakhstan-2022-unrest"].iloc[0]
    assert (row["layer"], row["country"], row["group"]) == ("conflicts", "KAZ", "Conflicts")


def test_sorted_by_date_with_the_contract_columns(plain):
    assert list(plain.columns[:3]) == ["date", "day", "kind"]
    assert {"label", "feature_id", "layer", "country", "source"} <= set(plain.columns)
    assert plain["date"].is_monotonic_increasing
    assert str(plain["date"].dtype).startswith("datetime64")


def test_yaml_events_enrich_and_add():
    df = events(_countries(), _facilities(), _conflicts(), MEMBERSHIP)
    joined = df[(df["feature_id"] == "ARM") & (df["kind"] == "joined")]
    assert len(joined) == 1  # merged with the derived event, not doubled
    assert joined.iloc[0]["label"] == "Armenia: Signs in Tashkent."
    assert joined.iloc[0]["source"] == "https://a"
    charter = df[df["kind"] == "charter"].iloc[0]
    assert (charter["day"], charter["group"], charter["label"]) == (
        "2002-10-07",
        "Alliance",
        "Armenia: Signs the Charter.",
    )
    treaty = df[df["kind"] == "treaty"].iloc[0]
    assert (treaty["layer"], treaty["label"]) == ("organisation", "The treaty enters into force.")
    assert len(df) == len(events(_countries(), _facilities(), _conflicts())) + 2


def test_empty_layers_give_an_empty_table():
    df = events(_countries().iloc[:0], _facilities().iloc[:0], _conflicts().iloc[:0])
    assert df.empty and "date" in df


def test_chart_has_named_click_selection_and_a_rule_at_the_date(plain):
    spec = chart(plain, date(2010, 6, 1)).to_dict()
    params = spec["params"]  # Altair lifts layer params to the top, naming their view
    assert [p["name"] for p in params] == [SELECTION]
    assert params[0]["select"]["fields"] == ["day", "feature_id"]
    marks = [layer["mark"]["type"] for layer in spec["layer"]]
    assert marks == ["point", "rule"]
    datasets = json.dumps(spec["datasets"])
    assert "2010-06-01" in datasets
    assert "Azerbaijan leaves the treaty" in datasets


@pytest.mark.parametrize(
    ("state", "expected_date", "expected_id"),
    [
        (
            {"selection": {SELECTION: [{"day": "2022-01-02", "feature_id": "x"}]}},
            date(2022, 1, 2),
            "x",
        ),
        (
            {"selection": {SELECTION: [{"day": "1999-01-01"}, {"day": "2001-02-03"}]}},
            date(2001, 2, 3),
            None,
        ),
        ({"selection": {SELECTION: [{"date": 1641081600000}]}}, date(2022, 1, 2), None),
        ({"selection": {SELECTION: {"day": ["2022-01-02"]}}}, date(2022, 1, 2), None),
        ({"selection": {SELECTION: []}}, None, None),
        ({"selection": {SELECTION: {}}}, None, None),
        ({"selection": {}}, None, None),
        ({"selection": {SELECTION: [{"day": "not a day"}]}}, None, None),
        ({}, None, None),
        (None, None, None),
    ],
)
def test_reading_the_selection_back(state, expected_date, expected_id):
    assert date_from_selection(state) == expected_date
    assert feature_from_selection(state) == expected_id


def test_chart_can_leave_out_events_before_the_date_control_starts(plain):
    spec = chart(plain, date(2010, 6, 1), start=date(1992, 1, 1)).to_dict()
    datasets = json.dumps(spec["datasets"])
    assert "Gabala Radar Station" in datasets  # it closed in 2012
    assert "1985-01-01" not in datasets  # but its 1985 opening is before the control's range


def _rgb(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))


def test_colours_are_few_and_far_apart():
    outcome_colours = set(OUTCOME_COLOURS.values())  # "undecided" shares "no answer"'s grey
    assert len(GROUP_COLOURS) <= MAX_COLOURS - len(outcome_colours)  # room for the outcomes
    assert set(KIND_GROUPS.values()) <= set(GROUP_COLOURS)
    colours = [_rgb(c) for c in [*GROUP_COLOURS.values(), *sorted(outcome_colours)]]
    for i, a in enumerate(colours):
        for b in colours[i + 1 :]:
            # No two near-identical: at least 60 apart in RGB (the old greys were ~25 apart).
            assert sum((x - y) ** 2 for x, y in zip(a, b, strict=True)) ** 0.5 > 60


def test_the_chart_uses_at_most_eight_colours(plain):
    spec = chart(plain, date(2010, 6, 1)).to_dict()
    scale = spec["layer"][0]["encoding"]["color"]["scale"]
    assert len(set(scale["range"])) <= MAX_COLOURS
    assert set(plain["kind"].map(colour_group)) <= set(scale["domain"])
    assert colour_group("something new") == colour_group("treaty") == "Alliance or other"


@pytest.mark.parametrize("selected", [date(1995, 1, 1), date(2010, 6, 1), date(2024, 3, 3)])
def test_the_axis_spans_the_whole_period_whatever_is_selected_or_shown(plain, selected):
    start, end = date(1992, 1, 1), date(2026, 12, 1)
    few = plain[plain["layer"] == "conflicts"]
    for df in (plain, few, plain.iloc[:0]):
        spec = chart(df, selected, start=start, end=end).to_dict()
        domain = spec["layer"][0]["encoding"]["x"]["scale"]["domain"]
        assert domain == ["1992-01-01T00:00:00", "2026-12-01T00:00:00"]
        assert spec["layer"][1]["encoding"]["x"]["scale"]["domain"] == domain
        rows = spec["layer"][0]["encoding"]["y"]["scale"]["domain"]
        assert rows[:4] == ["Alliance", "Membership", "Conflicts", "Facilities"]


def test_follow_keeps_the_picked_features_and_the_organisations_events(plain):
    org = plain.iloc[:1].assign(layer="organisation", feature_id="", kind="treaty")
    df = pd.concat([plain, org], ignore_index=True)
    some = df[df["layer"] == "facilities"]["feature_id"].iloc[0]
    kept = follow(df, {"facilities": [some]})
    assert set(kept["layer"]) == {"facilities", "organisation"}
    assert set(kept.loc[kept["layer"] == "facilities", "feature_id"]) == {some}
    assert follow(df, None) is df
    assert set(follow(df, {})["layer"]) == {"organisation"}
