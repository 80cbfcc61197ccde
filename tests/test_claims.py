"""Each named claim check against values worked out by hand from tests/story_data.py."""

import json

import pytest

from geodata.stories.checks import run_check
from geodata.stories.checks.kit import (
    CHECKS,
    end_bound,
    first_day,
    load_data,
    param_problems,
    period,
)
from tests.story_claims import tables
from tests.story_data import layers
from tests.test_claims_arms_votes import ARMS_AND_VOTES
from tests.test_claims_drugs import TESTED as DRUG_CHECKS

DATA = layers() | tables()
NO_APPEALS = layers(appeals=False)

CASES = [
    # (check, params, value, rows, words in the summary)
    (
        "members_on",
        {"date": "2026-11-01"},
        3,
        ("AAA", "BBB", "RUS"),
        "3 members on 2026-11-01: AAA, RUS; frozen: BBB",
    ),
    ("members_on", {"date": "1995-01-01"}, 4, ("AAA", "BBB", "CCC", "RUS"), "4 members"),
    ("members_on", {"date": "1992-05-14"}, 0, (), "0 members on 1992-05-14: none"),
    # A month counts from its first day: BBB froze only on 2024-02-22.
    ("members_on", {"date": "2024-02"}, 3, ("AAA", "BBB", "RUS"), "RUS"),
    (
        "membership_change",
        {"start": "1995-01-01", "end": "2026-11-01"},
        {"start": 4, "end": 3},
        ("AAA", "BBB", "RUS"),
        "4 members on 1995-01-01, 3 on 2026-11-01 (left: CCC; frozen: BBB)",
    ),
    (
        "deployments_since",
        {"date": "1992"},
        2,
        ("c-oldmission", "c-mission"),
        "2 collective deployments since 1992: Arcadia, September 1993; Arcadia, January 2022",
    ),
    (
        "deployments_since",
        {"date": "2000"},
        1,
        ("c-mission",),
        "1 collective deployment since 2000: Arcadia, January 2022",
    ),
    ("deployments_since", {"date": "1992", "until": "2000"}, 1, ("c-oldmission",), "until"),
    ("deployments_since", {"date": "2023"}, 0, (), "0 collective deployments since 2023"),
    (
        "response_kinds",
        {},
        {"none": 3, "statement": 2, "deployment": 3},
        (
            "c-clash",
            "c-clash2",
            "c-mission",
            "c-natmission",
            "c-old-clash",
            "c-oldmission",
            "c-riot",
            "c-war",
        ),
        "8 conflicts: 3 none, 2 statement, 3 deployment",
    ),
    (
        "response_kinds",
        {"kinds": ["war", "interstate clash", "border clash"]},
        {"none": 2, "statement": 2},
        ("c-clash", "c-clash2", "c-old-clash", "c-war"),
        "4 conflicts",
    ),
    (
        "response_kinds",
        {"conflicts": ["c-war", "c-outside"]},
        {"none": 2},
        ("c-outside", "c-war"),
        "2 conflicts: 2 none",
    ),
    (
        "conflicts_between_members",
        {},
        3,
        ("c-old-clash", "c-clash", "c-clash2"),
        "3 conflicts between members: Arcadia–Carpania 1994; Arcadia–Borduria 2021, 2022",
    ),
    ("conflicts_between_members", {"since": "2000"}, 2, ("c-clash", "c-clash2"), "2 conflicts"),
    (
        "conflicts_between_members",
        {"kinds": ["war"]},
        0,
        (),
        "0 conflicts between members",
    ),
    (
        "conflicts_on",
        {"date": "2022-01-10"},
        3,
        ("c-mission", "c-riot", "c-natmission"),
        "3 of 9 conflicts going on on 2022-01-10",
    ),
    # A day-precise end is exclusive; a month-precise one runs through the month's last day.
    ("conflicts_on", {"date": "2022-01-11", "conflicts": ["c-riot"]}, 1, ("c-riot",), "1 of 1"),
    ("conflicts_on", {"date": "2022-01-12", "conflicts": ["c-riot"]}, 0, (), "0 of 1 conflict"),
    ("conflicts_on", {"date": "2022-09-30", "conflicts": ["c-clash2"]}, 1, ("c-clash2",), "1 of"),
    ("conflicts_on", {"date": "2022-10-01", "conflicts": ["c-clash2"]}, 0, (), "0 of 1"),
    (
        "durations",
        {"conflicts": ["c-mission", "c-clash2", "c-outside"]},
        {"c-mission": 13, "c-clash2": None, "c-outside": None},
        ("c-mission", "c-clash2", "c-outside"),
        "13 days; Conflict c-clash2: 2022-09 to 2022-09, not known to the day; "
        "Conflict c-outside: 2023 to now, ongoing",
    ),
    (
        "facilities_per_member",
        {"date": "2026-11-01"},
        {"AAA": 2, "BBB": 1},
        ("f-new", "f-old", "f-undated"),
        "3 Russian facilities active on 2026-11-01 (AAA 2, BBB 1): Site f-new; Site f-old; "
        "Site f-undated; also 1 disputed, 2 ended, 1 ended on an unknown date",
    ),
    # Closed '2020' means still there through 2020-12-31.
    (
        "facilities_per_member",
        {"date": "2020-12-31"},
        {"AAA": 2, "BBB": 2},
        ("f-new", "f-old", "f-undated", "f-yearclosed"),
        "4 Russian facilities",
    ),
    # Opened '2003-10' is not there yet on 30 September 2003.
    (
        "facilities_per_member",
        {"date": "2003-09-30"},
        {"AAA": 2, "BBB": 2},
        ("f-closed", "f-old", "f-undated", "f-yearclosed"),
        "4 Russian facilities",
    ),
    ("facilities_per_member", {"date": "1996-01-01"}, {"AAA": 2, "BBB": 2, "CCC": 0}, None, ""),
    (
        "facilities_per_member",
        {"date": "2026-11-01", "types": ["radar"]},
        {"AAA": 0, "BBB": 1},
        ("f-undated",),
        "1 Russian facility active",
    ),
    ("facilities_per_member", {"date": "2026-11-01", "countries": ["BBB"]}, {"BBB": 1}, None, ""),
    # Named sites: only their hosts are counted.
    (
        "facilities_per_member",
        {"date": "2026-11-01", "facilities": ["f-old", "f-closed"]},
        {"AAA": 1},
        ("f-old",),
        "1 Russian facility active on 2026-11-01 (AAA 1): Site f-old; also 1 ended",
    ),
    # Arrangements are the earliest legal basis; "on the ground" is the presence (opened).
    # Before 2000: f-old (1995-03-16), f-closed (1993-05-25), f-gone (1994-12-10), f-yearclosed
    # (1995); after: f-new (2003-09-22); no legal basis: f-undated, f-disputed, f-nonmember.
    # On the ground before 2000: f-old (1995-03-16), f-closed (1995), f-gone (1992).
    (
        "facilities_opened_before",
        {"date": "2000-01-01"},
        {"before": 4, "after": 1, "uncertain": 0, "undated": 3, "on the ground": 3},
        ("f-closed", "f-gone", "f-old", "f-yearclosed"),
        "Of 8 facilities in the layer, 4 rest on arrangements dated before 2000-01-01, 1 on later "
        "ones, 3 undated, 0 uncertain; 3 had Russian forces on the ground before it",
    ),
    # f-yearclosed's '1995' may fall either side of 1 June 1995; f-closed's presence '1995' too,
    # so only f-old (1995-03-16) and f-gone (1992) were certainly there before it.
    (
        "facilities_opened_before",
        {"date": "1995-06-01"},
        {"before": 3, "after": 1, "uncertain": 1, "undated": 3, "on the ground": 2},
        ("f-closed", "f-gone", "f-old"),
        "1 uncertain; 2 had Russian forces on the ground",
    ),
    # f-gone's lease (1994-12-10) is later than its presence (1992): on the ground, not on paper.
    (
        "facilities_opened_before",
        {"date": "1994-01-01", "facilities": ["f-gone", "f-old"]},
        {"before": 0, "after": 2, "uncertain": 0, "undated": 0, "on the ground": 1},
        (),
        "Of 2 facilities listed, 0 rest on arrangements dated before 1994-01-01, 2 on later ones; "
        "1 had Russian forces on the ground before it",
    ),
    (
        "facilities_opened_before",
        {"date": "2000-01-01", "as_of": "2026-11-01", "countries": ["AAA", "BBB"]},
        {"before": 1, "after": 1, "uncertain": 0, "undated": 1, "on the ground": 1},
        ("f-old",),
        "Of 3 facilities in AAA, BBB active on 2026-11-01",
    ),
    (
        "facilities_opened_before",
        {"date": "2000-01-01", "facilities": ["f-old", "f-new"]},
        {"before": 1, "after": 1, "uncertain": 0, "undated": 0, "on the ground": 1},
        ("f-old",),
        "Of 2 facilities listed, 1 rest",
    ),
    (
        "facilities_ended_between",
        {"start": "2015", "end": "2020"},
        2,
        ("f-closed", "f-yearclosed"),
        "2 facilities closed or handed back from 2015 to 2020: Site f-closed (2015-12-15); "
        "Site f-yearclosed (2020); 1 more whose end date is unpublished",
    ),
    ("facilities_ended_between", {"start": "2016", "end": "2019"}, 0, (), "0 facilities"),
    (
        "appeals_by_outcome",
        {},
        {"granted": 1, "partly": 1, "declined": 1, "no answer": 1, "undecided": 0},
        ("a4", "a2", "a1", "a3"),
        "4 appeals: 1 granted, 1 partly, 1 declined, 1 no answer",
    ),
    # a1 and a4 asked the alliance, a2 Russia, a3 both: each party's own record.
    (
        "appeals_by_outcome",
        {"to": "alliance"},
        {"granted": 1, "partly": 1, "declined": 0, "no answer": 1, "undecided": 0},
        ("a4", "a1", "a3"),
        "3 appeals: 1 granted, 1 partly, 1 no answer",
    ),
    (
        "appeals_by_outcome",
        {"to": "russia"},
        {"granted": 0, "partly": 1, "declined": 1, "no answer": 0, "undecided": 0},
        ("a2", "a3"),
        "2 appeals: 1 partly, 1 declined",
    ),
    (
        "days_to_answer",
        {"to": "russia"},
        {"answered": 1, "median": 2, "max": 2, "without": 1},
        ("a3",),
        "1 appeal with a dated answer (days: BBB 2022-09-13: 2)",
    ),
    (
        "appeals_by_outcome",
        {"countries": ["BBB"]},
        {"granted": 0, "partly": 1, "declined": 1, "no answer": 0, "undecided": 0},
        ("a2", "a3"),
        "2 appeals",
    ),
    ("appeals_by_outcome", {"since": "2022"}, None, ("a1", "a3"), "2 appeals: 1 granted, 1 partly"),
    ("appeals_by_outcome", {"conflicts": ["c-riot"]}, None, ("a4", "a1"), "2 appeals"),
    (
        "appeals_of_country",
        {"country": "BBB"},
        {"granted": 0, "partly": 1, "declined": 1, "no answer": 0, "undecided": 0},
        ("a2", "a3"),
        "Borduria appealed 2 times: 2021-05 to russia (declined); 2022-09-13 to both (partly)",
    ),
    ("appeals_of_country", {"country": "CCC"}, None, (), "Carpania appealed 0 times"),
    (
        "days_to_answer",
        {},
        {"answered": 2, "median": 1.5, "max": 2, "without": 2},
        ("a1", "a3"),
        "2 appeals with a dated answer (days: AAA 2022-01-05: 1, BBB 2022-09-13: 2); 2 with no",
    ),
    (
        "days_to_answer",
        {"countries": ["AAA"]},
        {"answered": 1, "median": 1, "max": 1, "without": 1},
        ("a1",),
        "1 appeal with a dated answer",
    ),
]


@pytest.mark.parametrize("name, params, value, rows, words", CASES)
def test_check_against_hand_computed_values(name, params, value, rows, words):
    result = run_check(name, params, DATA)
    if value is not None:
        assert result.value == value
    if rows is not None:
        assert result.rows == rows
    assert words in result.summary
    assert result.missing == ()
    json.dumps(result.as_dict())  # the build stores it as JSON


def test_every_registered_check_is_tested():
    assert {case[0] for case in CASES + ARMS_AND_VOTES} | set(DRUG_CHECKS) == set(CHECKS)


@pytest.mark.parametrize("name", ["appeals_by_outcome", "days_to_answer"])
def test_appeals_checks_say_the_table_is_missing(name):
    result = run_check(name, {}, NO_APPEALS)
    assert result.value is None
    assert result.missing == ("appeals",)
    assert "no appeals table" in result.summary


def test_missing_appeals_table_for_one_country():
    result = run_check("appeals_of_country", {"country": "AAA"}, NO_APPEALS)
    assert result.missing == ("appeals",)


def test_details_group_the_rows():
    result = run_check("facilities_per_member", {"date": "2026-11-01"}, DATA)
    assert result.details == {
        "disputed": ("f-disputed",),
        "ended": ("f-closed", "f-yearclosed"),
        "ended on an unknown date": ("f-gone",),
    }
    members = run_check("members_on", {"date": "2026-11-01"}, DATA)
    assert members.details == {"member": ("AAA", "RUS"), "frozen": ("BBB",)}


@pytest.mark.parametrize(
    "name, params, words",
    [
        ("nope", {}, "unknown check 'nope'; expected one of"),
        ("members_on", {}, "needs parameter 'date'"),
        ("members_on", {"date": "2022-13"}, "is not a real date"),
        ("members_on", {"date": "1 May 2022"}, "must be a date"),
        ("members_on", {"date": "2022", "country": "AAA"}, "takes no parameter 'country'"),
        ("durations", {"conflicts": []}, "must be a non-empty list"),
        ("durations", {"conflicts": ["Not A Slug"]}, "not conflict ids"),
        ("facilities_per_member", {"date": "2022", "facilities": ["F 1"]}, "not facility ids"),
        ("response_kinds", {"kinds": ["battle"]}, "must be among"),
        ("facilities_per_member", {"date": "2022", "types": ["castle"]}, "must be among"),
        ("facilities_per_member", {"date": "2022", "countries": ["arm"]}, "not ISO3 codes"),
        ("appeals_of_country", {"country": "Armenia"}, "must be an ISO3 code"),
        ("members_on", ["2022"], "params must be a mapping"),
        ("member_votes", {"resolutions": "ES-11/1"}, "must be a non-empty list"),
        ("member_votes", {"resolutions": [""]}, "not resolution ids"),
        ("member_deliveries_to", {"recipient": "AZE"}, "needs parameter 'before'"),
        ("import_shares", {"recipient": "AZE", "supplier": "Russia"}, "must be an ISO3 code"),
    ],
)
def test_bad_calls_are_named(name, params, words):
    problems = param_problems(name, params)
    assert any(words in p for p in problems), problems
    with pytest.raises(ValueError, match="."):
        run_check(name, params, DATA)


@pytest.mark.parametrize(
    "text, first, bound, precision",
    [
        ("2022-01-06", "2022-01-06", "2022-01-06", "day"),
        ("2022-02", "2022-02-01", "2022-03-01", "month"),
        ("2024-02", "2024-02-01", "2024-03-01", "month"),
        ("2020", "2020-01-01", "2021-01-01", "year"),
    ],
)
def test_partial_dates_stand_for_their_whole_period(text, first, bound, precision):
    assert first_day(text).isoformat() == first
    assert end_bound(text).isoformat() == bound
    assert period(text)[2] == precision


def test_load_data_tolerates_missing_tables(tmp_path):
    for layer in ("countries", "facilities", "conflicts"):
        (tmp_path / f"{layer}.geojson").write_text(json.dumps(DATA[layer]), "utf-8")
    loaded = load_data(tmp_path)
    assert [loaded[k] for k in ("appeals", "arms", "arms_shares", "votes")] == [None] * 4
    (tmp_path / "appeals.json").write_text(json.dumps(DATA["appeals"]), "utf-8")
    (tmp_path / "votes.json").write_text(json.dumps(DATA["votes"]), "utf-8")
    loaded = load_data(tmp_path)
    assert len(loaded["appeals"]) == 4
    assert [r["id"] for r in loaded["votes"]] == ["r1", "r2"]
    assert loaded["arms"] is None
