"""The claim checks on the arms, import-share and vote tables, against values worked out by hand
from tests/story_claims.py."""

import json

import pytest

from geodata.stories.checks import run_check
from geodata.stories.checks.kit import CHECKS
from tests.story_claims import tables
from tests.story_data import layers

DATA = layers() | tables()
NO_TABLES = layers() | {"arms": None, "arms_shares": None, "votes": None}

ARMS_AND_VOTES = [
    # (check, params, value, rows, words in the summary)
    # Members on the day: AAA, BBB, RUS (CCC had left). d-same (2020 only) cannot be placed
    # before 27 September 2020, d-undated has no year, TUR and CCC were not members.
    (
        "member_deliveries_to",
        {"recipient": "DDD", "before": "2020-09-27"},
        {"deals": 2, "suppliers": 2},
        ("d-old", "d-both"),
        "2 deals by states that were members on 2020-09-27 delivered arms to Dorne in years "
        "before 2020: Russia: Tanks (2013, 2014); Borduria: Launchers (2019); ordered with no "
        "delivery year published: Russia: Helicopters; delivered in 2020, not placeable before "
        "the day: Radars",
    ),
    # On 1 January 1996 CCC was a member.
    (
        "member_deliveries_to",
        {"recipient": "DDD", "before": "1996"},
        {"deals": 1, "suppliers": 1},
        ("d-former",),
        "1 deal by states that were members on 1996",
    ),
    (
        "import_shares",
        {"recipient": "DDD", "supplier": "RUS"},
        {"periods": {"2005-09": None, "2010-14": 80, "2015-19": 30.5}, "first": 80, "last": 30.5},
        ("s3", "s1", "s2"),
        "Russia's published share of Dorne's arms imports: almost all in 2005-09, 80% in "
        "2010-14, 30.5% in 2015-19 (fell by 49.5 points between the first and last figure)",
    ),
    (
        "import_shares",
        {"recipient": "DDD", "supplier": "TUR"},
        {"periods": {"2015-19": 60}, "first": 60, "last": 60},
        ("s4",),
        "Turkey's published share of Dorne's arms imports: 60% in 2015-19",
    ),
    (
        "import_shares",
        {"recipient": "AAA", "supplier": "RUS"},
        {"periods": {}, "first": None, "last": None},
        (),
        "none in the data",
    ),
    # r1: members AAA, BBB, CCC, RUS; BBB has no recorded vote. r2: members AAA, BBB (frozen),
    # RUS; the votes of CCC (former) and DDD (never a member) do not count.
    (
        "member_votes",
        {},
        {
            "r1": {"yes": 0, "no": 2, "abstain": 1, "absent": 0, "no record": 1},
            "r2": {"yes": 0, "no": 1, "abstain": 1, "absent": 1, "no record": 0},
        },
        ("r1", "r2"),
        "r1 (1995-03-01), 4 members: no 2 (Arcadia, Russia); abstain 1 (Carpania); no record 1 "
        "(Borduria) | r2 (2024-03-01), 3 members: no 1 (Russia); abstain 1 (Arcadia); absent 1 "
        "(Borduria)",
    ),
    (
        "member_votes",
        {"resolutions": ["r2"]},
        {"r2": {"yes": 0, "no": 1, "abstain": 1, "absent": 1, "no record": 0}},
        ("r2",),
        "r2 (2024-03-01), 3 members",
    ),
    (
        "votes_of_country",
        {"country": "BBB"},
        {"r1": "no record", "r2": "absent"},
        ("r1", "r2"),
        "Borduria: r1 no record; r2 absent",
    ),
]


@pytest.mark.parametrize("name, params, value, rows, words", ARMS_AND_VOTES)
def test_check_against_hand_computed_values(name, params, value, rows, words):
    result = run_check(name, params, DATA)
    if value is not None:
        assert result.value == value
    if rows is not None:
        assert result.rows == rows
    assert words in result.summary
    assert result.missing == ()
    json.dumps(result.as_dict())  # the build stores it as JSON


@pytest.mark.parametrize(
    "name, params, table",
    [
        ("member_deliveries_to", {"recipient": "DDD", "before": "2020"}, "arms"),
        ("import_shares", {"recipient": "DDD", "supplier": "RUS"}, "arms_shares"),
        ("member_votes", {}, "votes"),
        ("votes_of_country", {"country": "AAA"}, "votes"),
    ],
)
def test_checks_on_a_missing_table_say_so(name, params, table):
    result = run_check(name, params, NO_TABLES)
    assert (result.value, result.missing) == (None, (table,))
    assert f"no {table} table" in result.summary


def test_member_votes_names_resolutions_it_does_not_know():
    result = run_check("member_votes", {"resolutions": ["r1", "ES-99/1"]}, DATA)
    assert result.rows == ("r1",)
    assert result.missing == ("ES-99/1",)
    assert result.summary.endswith("| not in the data: ES-99/1")


def test_vote_details_group_the_members():
    result = run_check("member_votes", {"resolutions": ["r1"]}, DATA)
    assert result.details == {
        "r1 no": ("AAA", "RUS"),
        "r1 abstain": ("CCC",),
        "r1 no record": ("BBB",),
    }
    deliveries = run_check(
        "member_deliveries_to", {"recipient": "DDD", "before": "2020-09-27"}, DATA
    )
    assert deliveries.details == {
        "suppliers": ("BBB", "RUS"),
        "no delivery year": ("d-undated",),
        "same year": ("d-same",),
    }


def test_the_arms_and_vote_checks_are_registered_under_their_own_names():
    from geodata.stories.checks.arms import import_shares, member_deliveries_to
    from geodata.stories.checks.votes import member_votes, votes_of_country

    for func in (member_deliveries_to, import_shares, member_votes, votes_of_country):
        assert CHECKS[func.__name__].func is func
    assert votes_of_country(DATA, "AAA") == run_check("votes_of_country", {"country": "AAA"}, DATA)
