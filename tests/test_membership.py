from datetime import date
from pathlib import Path

import pytest

from geodata.schema.intervals import IntervalError, format_periods, parse_intervals, status_on

MEMBERSHIP_YAML = Path(__file__).resolve().parent.parent / "geodata" / "sources" / "membership.yaml"

# The periods as recorded in membership.yaml, so these dates test our reading of them.
UZB = ("1992-05-15/1999-04-21;2006-06-23/2012-12-19", "2012-06-28/2012-12-19")
ARM = ("1992-05-15/..", "2024-02-22/..")
AZE = "1993-09-24/1999-04-21"
GEO = "1993-12-09/1999-04-21"


@pytest.mark.parametrize(
    "membership, frozen, on, expected",
    [
        (*UZB, date(1992, 5, 14), "non-member"),
        (*UZB, date(1992, 5, 15), "member"),
        # The treaty's first term ran through 20 April 1999; it was prolonged from 21 April.
        (*UZB, date(1999, 4, 20), "member"),
        (*UZB, date(1999, 4, 21), "former"),
        (*UZB, date(2003, 1, 1), "former"),
        (*UZB, date(2008, 1, 1), "member"),
        (*UZB, date(2012, 6, 27), "member"),
        (*UZB, date(2012, 6, 28), "frozen"),
        (*UZB, date(2012, 12, 18), "frozen"),
        (*UZB, date(2012, 12, 19), "former"),
        (*UZB, date(2013, 1, 1), "former"),
        (*ARM, date(2020, 1, 1), "member"),
        (*ARM, date(2024, 2, 21), "member"),
        (*ARM, date(2024, 2, 22), "frozen"),
        (*ARM, date(2025, 6, 1), "frozen"),
        (AZE, "", date(1995, 1, 1), "member"),
        (AZE, "", date(1999, 4, 20), "member"),
        (AZE, "", date(1999, 4, 21), "former"),
        (GEO, "", date(1999, 4, 20), "member"),
        (GEO, "", date(1999, 4, 21), "former"),
        (AZE, "", date(2000, 1, 1), "former"),
        (GEO, "", date(1992, 6, 1), "non-member"),
        (GEO, "", date(1995, 1, 1), "member"),
        ("", "", date(2022, 2, 24), "non-member"),
    ],
)
def test_status_on_follows_the_intervals(membership, frozen, on, expected):
    assert status_on(membership, frozen, on) == expected


def test_frozen_only_counts_while_a_member():
    assert status_on("1992-05-15/2000-01-01", "1999-01-01/..", date(2001, 1, 1)) == "former"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("", []),
        ("1992-05-15/..", [(date(1992, 5, 15), None)]),
        (
            "2006-06-23/2012-12-19;1992-05-15/1999-04-20",
            [(date(1992, 5, 15), date(1999, 4, 20)), (date(2006, 6, 23), date(2012, 12, 19))],
        ),
        # Adjacent periods do not overlap: the end date is exclusive.
        (
            "2000-01-01/2001-01-01;2001-01-01/..",
            [(date(2000, 1, 1), date(2001, 1, 1)), (date(2001, 1, 1), None)],
        ),
    ],
)
def test_parse_intervals(text, expected):
    assert parse_intervals(text) == expected


@pytest.mark.parametrize(
    "text, words",
    [
        ("1992-05-15", "expected 'start/end'"),
        ("1992-05-15/1992-05-15", "not after start"),
        ("1992-13-01/..", "'1992-13-01' is not an ISO date"),
        ("1992/..", "not an ISO date"),
        ("1992-05-15/..;1999-01-01/2000-01-01", "overlap"),
        ("1992-05-15/2000-01-01;1999-01-01/..", "overlap"),
    ],
)
def test_bad_intervals_say_what_is_wrong(text, words):
    with pytest.raises(IntervalError, match=words):
        parse_intervals(text)


@pytest.mark.parametrize(
    "periods, expected",
    [
        (None, ""),
        ([], ""),
        ([{"start": "1992-05-15", "end": None}], "1992-05-15/.."),
        (
            [
                {"start": "2006-06-23", "end": "2012-12-19"},
                {"start": date(1992, 5, 15), "end": date(1999, 4, 20)},
            ],
            "1992-05-15/1999-04-20;2006-06-23/2012-12-19",
        ),
    ],
)
def test_format_periods(periods, expected):
    assert format_periods(periods) == expected


@pytest.mark.parametrize(
    "periods, words",
    [
        ([{"end": "1999-04-20"}], "period 1: start is required"),
        ([{"start": "20 April 1999", "end": None}], "not an ISO date"),
        ([{"start": "1999-04-20", "end": "1992-05-15"}], "not after start"),
        (["1992-05-15/.."], "expected a mapping"),
    ],
)
def test_bad_periods_say_what_is_wrong(periods, words):
    with pytest.raises(IntervalError, match=words):
        format_periods(periods)


def test_curated_table_gives_the_expected_histories():
    yaml = pytest.importorskip("yaml")
    states = {s["iso3"]: s for s in yaml.safe_load(MEMBERSHIP_YAML.read_text("utf-8"))["states"]}

    def status(iso3, on):
        state = states[iso3]
        return status_on(format_periods(state["periods"]), format_periods(state["frozen"]), on)

    assert status("UZB", date(2008, 1, 1)) == "member"
    assert status("UZB", date(2012, 9, 1)) == "frozen"
    assert status("UZB", date(2013, 1, 1)) == "former"
    for iso3 in ("AZE", "GEO", "UZB"):
        assert status(iso3, date(1999, 4, 20)) == "member"
        assert status(iso3, date(1999, 4, 21)) == "former"
    assert status("ARM", date(2025, 1, 1)) == "frozen"
    assert status("AZE", date(1995, 1, 1)) == "member"
    assert status("AZE", date(2000, 1, 1)) == "former"
    assert status("UKR", date(2025, 1, 1)) == "non-member"
    assert status("GEO", date(1992, 6, 1)) == "non-member"
    assert status("RUS", date(2026, 11, 1)) == "member"
