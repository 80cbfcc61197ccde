"""A check's stored result as a sentence: full country names, dates as people write them."""

from __future__ import annotations

import re

import pytest

from dashboard.logic import plainwords, story
from dashboard.logic.layers import load_layers
from tests.story_tiny import write_story
from tests.tiny_layers import write_layers

NAMES = {"ARM": "Armenia", "KGZ": "Kyrgyzstan", "RUS": "Russia", "UZB": "Uzbekistan"}
LABELS = {"kgz-uzb-border": "Border clash", "arm-102-base": "102nd Base", "kaz-2022": "Kazakhstan"}


def claim(name: str, params: dict, result: dict, verdict: str = "supported") -> dict:
    return {"verdict": verdict, "check": {"name": name, "params": params}, "result": result}


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (
            claim(
                "members_on",
                {"date": "2026-11-01"},
                {"value": 3, "details": {"member": ["KGZ", "RUS"], "frozen": ["ARM"]}},
            ),
            "On 1 Nov 2026 the alliance had 3 members: Kyrgyzstan and Russia; Armenia had "
            "frozen its participation.",
        ),
        (
            claim(
                "membership_change",
                {"start": "1994-04-20", "end": "2026-11-01"},
                {"value": {"start": 4, "end": 3}, "details": {"left": ["UZB"], "joined": []}},
            ),
            "The alliance had 4 members on 20 Apr 1994 and 3 on 1 Nov 2026: Uzbekistan left.",
        ),
        (
            claim(
                "deployments_since",
                {"date": "2002-10-07"},
                {"value": 1, "summary": "1 collective deployment since 2002-10-07: Kazakhstan"},
            ),
            "Since 7 Oct 2002 the alliance deployed troops together once: Kazakhstan.",
        ),
        (
            claim("appeals_by_outcome", {}, {"value": {"granted": 2, "declined": 1}}),
            "Of 3 appeals for help to the alliance, 2 were granted and 1 was declined.",
        ),
        (
            claim(
                "facilities_per_member",
                {"date": "2026-11-01"},
                {"value": {"ARM": 1}, "rows": ["arm-102-base"], "details": {"ended": ["x"]}},
            ),
            "On 1 Nov 2026, 1 Russian facility was active in Armenia (102nd Base); besides, 1 "
            "ended.",
        ),
        (
            claim(
                "response_kinds",
                {"conflicts": ["kgz-uzb-border"]},
                {"rows": ["kgz-uzb-border"], "details": {"statement": ["kgz-uzb-border"]}},
            ),
            "The alliance's response to Border clash was a statement.",
        ),
        (
            claim(
                "conflicts_on",
                {"date": "2021-04-30"},
                {"rows": ["kgz-uzb-border"], "details": {"not going on": []}},
            ),
            "On 30 Apr 2021 it was going on: Border clash.",
        ),
        # A check with no sentence of its own: its summary, made readable.
        (
            claim(
                "facilities_ended_between",
                {"start": "2020", "end": "2020"},
                {"summary": "1 facility in KGZ closed from 2020 to 2020: Kant (2020-06-01)"},
            ),
            "1 facility in Kyrgyzstan closed in 2020: Kant (1 Jun 2020).",
        ),
    ],
)
def test_sentences(given, expected):
    assert plainwords.sentence(given, NAMES, LABELS) == expected


def test_a_claim_the_data_cannot_decide_shows_no_computed_result():
    computed = claim("conflicts_on", {"date": "2021"}, {"summary": "1 of 1 conflict"})
    assert (
        plainwords.sentence({**computed, "verdict": "not checkable from the data"}, {}, {}) is None
    )
    assert (
        plainwords.sentence({"verdict": "supported", "check": None, "result": None}, {}, {}) is None
    )


def test_a_result_of_an_unknown_shape_falls_back_to_its_summary():
    odd = claim("members_on", {}, {"value": 2, "summary": "2 members on 2024: ARM, RUS"})
    assert plainwords.sentence(odd, NAMES, {}) == "2 members on 2024: Armenia, Russia."
    missing = claim("appeals_by_outcome", {}, {"value": {"granted": 1}, "missing": ["a.json"]})
    assert plainwords.sentence(missing, {}, {}).endswith("(data missing: a.json)")


def test_the_tiny_tour_reads_without_codes(tmp_path):
    folder = write_story(write_layers(tmp_path))
    (tour,) = story.load_stories(folder)
    data = load_layers(folder)
    names = dict(zip(data.countries["iso3"], data.countries["name"], strict=True))
    said = [
        plainwords.sentence(c["claim"], names, story.feature_labels(data)) for c in tour["chapters"]
    ]
    assert said[1] is None  # not checkable
    for text in filter(None, said):
        assert not re.search(r"\b(ARM|KGZ|RUS|UZB|AFG)\b", text), text
        assert not re.search(r"\d{4}-\d{2}-\d{2}", text), text
