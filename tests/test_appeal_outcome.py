"""The one rule that turns what an appeal asked and the responses it got into its outcome."""

import pytest

from geodata.datasets.appeal_outcome import answered_on, outcome


def r(kind, status, by="alliance", on="2022-09-13"):
    return {"kind": kind, "by": by, "on": on, "status": status}


TROOPS, ARMS, TALKS = "police or troops", "military-technical aid", "consultations"
DEFENCE = "collective defence"


@pytest.mark.parametrize(
    "asked, to, responses, expected",
    [
        # Rule 7: nothing at all.
        ([TROOPS], "alliance", [], "no answer"),
        # Rule 1: only the party asked counts; the alliance answering a request to Russia
        # decides nothing.
        ([TROOPS], "russia", [r(TROOPS, "delivered", by="alliance")], "no answer"),
        ([TROOPS], "both", [r(TROOPS, "delivered", by="russia")], "granted"),
        # Rule 3: all delivered.
        ([TROOPS], "alliance", [r(TROOPS, "delivered")], "granted"),
        (
            [TALKS],
            "russia",
            [r(TALKS, "offered", "russia"), r(TALKS, "delivered", "russia")],
            "granted",
        ),  # consultations asked for and held: granted (Armenia, October 2020)
        # Rule 4: some of it delivered or offered.
        ([TALKS, "political support"], "alliance", [r(TALKS, "delivered")], "partly"),
        ([ARMS], "alliance", [r(ARMS, "offered")], "partly"),
        (
            [ARMS, "air support"],
            "russia",
            [r(ARMS, "delivered", "russia"), r("air support", "unclear", "russia")],
            "partly",
        ),
        ([TROOPS], "alliance", [r(TROOPS, "refused"), r(TROOPS, "offered")], "partly"),
        # Rule 5: the sources leave it open: undecided, not a guess.
        ([TROOPS], "alliance", [r(TROOPS, "unclear")], "undecided"),
        ([TROOPS], "alliance", [r(TROOPS, "unclear"), r("mediation", "offered")], "undecided"),
        # Rule 6: refused, or something else in its place.
        ([TROOPS], "russia", [r(TROOPS, "refused", "russia")], "declined"),
        (
            [TROOPS],
            "russia",
            [r(TROOPS, "refused", "russia"), r("humanitarian aid", "offered", "russia")],
            "declined",
        ),  # Osh, June 2010
        (
            [DEFENCE],
            "russia",
            [r("mediation", "offered", "russia")],
            "declined",
        ),  # mediation instead of defence (Armenia, November 2021)
        (
            [DEFENCE],
            "alliance",
            [r("observer mission", "delivered")],
            "declined",
        ),  # a mission instead of defence (Armenia, September 2022)
    ],
)
def test_the_rule(asked, to, responses, expected):
    assert outcome(asked, to, responses) == expected


def test_the_outcome_does_not_depend_on_the_order_of_responses():
    responses = [r(TROOPS, "refused"), r(TROOPS, "delivered"), r("statement", "offered")]
    assert outcome([TROOPS], "alliance", responses) == "granted"
    assert outcome([TROOPS], "alliance", responses[::-1]) == "granted"


@pytest.mark.parametrize(
    "to, responses, expected",
    [
        ("alliance", [], None),
        (
            "alliance",
            [r(TALKS, "offered", on="2021-07-03"), r(TALKS, "offered", on="2021-05-14")],
            "2021-05-14",
        ),
        # A day inside a month known only to the month comes first.
        (
            "alliance",
            [r(TALKS, "delivered", on="2021-05"), r(TALKS, "offered", on="2021-05-14")],
            "2021-05-14",
        ),
        (
            "alliance",
            [r(TALKS, "offered", on="1999-09"), r(TALKS, "offered", on="1999-10-01")],
            "1999-09",
        ),
        # Only the party asked: Russia's answer does not date the alliance's.
        (
            "alliance",
            [r(TALKS, "offered", "russia", "2010-06-12"), r(TALKS, "offered", on="2010-06-14")],
            "2010-06-14",
        ),
    ],
)
def test_answered_on_is_the_first_counted_response(to, responses, expected):
    assert answered_on(to, responses) == expected
