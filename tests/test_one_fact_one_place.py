"""One fact, one place: where two tables tell the same event, their dates must agree."""

import json
import shutil

import pytest

from geodata.datasets.events import agreement_problems, check
from geodata.paths import GEODATA_DIR
from geodata.schema.values import LayerError

GEO = {"iso3": "GEO", "membership": "1993-12-09/1999-04-21", "frozen": ""}
UZB = {"iso3": "UZB", "membership": "2006-06-23/2012-12-19", "frozen": "2012-06-28/2012-12-19"}
ARM = {"iso3": "ARM", "membership": "1992-05-15/..", "frozen": "2024-02-22/.."}


def ev(country, day, kind):
    return {"date": day, "kind": kind, "country": country}


GOOD = [
    ev("GEO", "1993-12-09", "joined"),
    ev("GEO", "1999-04-21", "left"),
    ev("UZB", "2006-06-23", "joined"),
    ev("UZB", "2012-06-28", "frozen"),
    ev("UZB", "2012-12-19", "suspended"),  # ends the membership and the frozen period
    ev("ARM", "1992-05-15", "joined"),
    ev("ARM", "2024-02-22", "frozen"),
    ev("ARM", "2022-09-13", "other"),  # other kinds are not periods' edges
    ev(None, "1992-05-15", "treaty"),
]


def _said(events, countries=(GEO, UZB, ARM)):
    return [(p.feature_id, p.field, p.message) for p in agreement_problems(events, countries, "f")]


def test_events_that_tell_the_periods_agree():
    assert _said(GOOD) == []


@pytest.mark.parametrize(
    "index, replacement, expected",
    [
        # Georgia's accession as the Abkhazia text once gave it, against the period's start.
        (
            0,
            ev("GEO", "1993-09-09", "joined"),
            [
                (
                    "event #0",
                    "date",
                    "a 'joined' event of GEO on 1993-09-09 is not the start of one "
                    "of its membership periods in countries.geojson (starts: 1993-12-09)",
                ),
                (
                    "GEO",
                    "membership",
                    "GEO's membership period has its start on 1993-12-09 in "
                    "countries.geojson, but no event of that day tells it",
                ),
            ],
        ),
        (
            1,
            ev("GEO", "1999-04-20", "left"),
            [
                (
                    "event #1",
                    "date",
                    "a 'left' event of GEO on 1999-04-20 is not the end of one of "
                    "its membership or frozen periods in countries.geojson (ends: 1999-04-21)",
                ),
                (
                    "GEO",
                    "membership",
                    "GEO's membership period has its end on 1999-04-21 in "
                    "countries.geojson, but no event of that day tells it",
                ),
            ],
        ),
        (
            6,
            ev("ARM", "2024-05-08", "frozen"),
            [
                (
                    "event #6",
                    "date",
                    "a 'frozen' event of ARM on 2024-05-08 is not the start of one "
                    "of its frozen periods in countries.geojson (starts: 2024-02-22)",
                ),
                (
                    "ARM",
                    "frozen",
                    "ARM's frozen period has its start on 2024-02-22 in "
                    "countries.geojson, but no event of that day tells it",
                ),
            ],
        ),
    ],
)
def test_a_date_told_differently_fails_naming_both(index, replacement, expected):
    events = [*GOOD[:index], replacement, *GOOD[index + 1 :]]
    assert _said(events) == expected


def test_a_period_with_no_event_fails():
    assert _said([e for e in GOOD if e["kind"] != "suspended"]) == [
        (
            "UZB",
            "frozen",
            "UZB's frozen period has its end on 2012-12-19 in countries.geojson, "
            "but no event of that day tells it",
        ),
        (
            "UZB",
            "membership",
            "UZB's membership period has its end on 2012-12-19 in "
            "countries.geojson, but no event of that day tells it",
        ),
    ]


def test_the_validator_checks_the_shipped_events_against_the_countries(tmp_path):
    for name in ("events.json", "countries.geojson"):
        shutil.copy(GEODATA_DIR / name, tmp_path / name)
    assert "agreeing with the countries' periods" in check(tmp_path / "events.json")
    obj = json.loads((tmp_path / "events.json").read_text(encoding="utf-8"))
    geo = next(e for e in obj["events"] if e["country"] == "GEO" and e["kind"] == "joined")
    geo["date"] = "1993-09-09"
    (tmp_path / "events.json").write_text(json.dumps(obj), encoding="utf-8")
    with pytest.raises(LayerError, match="GEO on 1993-09-09 is not the start"):
        check(tmp_path / "events.json")


def test_each_appeal_names_its_conflict_and_falls_in_its_period():
    # The other pair told twice: an appeal and its conflict. The appeal refers to the
    # conflict by id; geodata.datasets.appeals.conflict_problems checks the dates
    # (tests/test_appeals.py has the table); the shipped appeals pass it.
    from geodata.datasets.appeals import check as check_appeals

    assert "valid" in check_appeals(GEODATA_DIR / "appeals.json")
