"""Evidence: each fact's source, the passage that states it, and what it says in our words."""

import dataclasses

import pytest

from geodata.datasets.registry import uncited_problems
from geodata.schema.evidence import evidence_problems, missing_evidence, passage_problem
from geodata.schema.layers import FACILITIES
from geodata.schema.validator import record_evidence_problems

PAGE = "https://en.wikipedia.org/wiki/102nd_Military_Base"
GOOD = {
    "source": PAGE,
    "at": PAGE + "#:~:text=127th%20Motor%20Rifle,Division",
    "says": "The base grew out of the Soviet 127th division, which stayed in Gyumri.",
}


@pytest.mark.parametrize(
    "changes, words",
    [
        ({}, None),
        ({"at": "section History"}, None),
        ({"at": "https://example.org/other#:~:text=x"}, "is not a place in the source"),
        ({"at": ""}, "at must say where"),
        ({"source": "tass.com/1"}, "source must be an http(s) URL"),
        ({"says": "Two\nlines."}, "says must be one line"),
        ({"says": "x" * 301}, "keep it to one line of at most 300"),
        ({"quote": "copied"}, "exactly the keys source, at, says"),
    ],
)
def test_a_passage_names_its_source_where_and_what_it_says(changes, words):
    message = passage_problem(GOOD | changes)
    assert message is None if words is None else words in message


def test_evidence_is_for_known_facts_and_never_empty():
    problems = evidence_problems(
        {"opened": [GOOD], "colour": [GOOD], "closed": []}, ("opened", "closed")
    )
    assert problems == [
        ("colour", "evidence for an unknown fact; expected one of opened, closed"),
        ("closed", "evidence must be a non-empty list of passages"),
    ]
    assert evidence_problems(["opened"], ("opened",))[0][0] is None


def test_a_fact_with_a_value_needs_evidence_and_an_empty_one_does_not():
    props = {"opened": "1992", "closed": None, "evidence": {"opened": [GOOD]}}
    assert missing_evidence(props, ("opened", "closed", "status", "location")) == ["location"]
    assert missing_evidence({"status": "active"}, ("status",)) == ["status"]


def test_the_validator_names_file_feature_and_fact():
    strict = dataclasses.replace(FACILITIES, evidenced=("opened", "location"))
    props = {"opened": "1992", "evidence": {"location": [GOOD | {"says": ""}]}}
    problems = [str(p) for p in record_evidence_problems(props, strict, "ARM.yaml", "gyumri")]
    assert problems == [
        "ARM.yaml: feature 'gyumri': field 'evidence.location': says must be one line, in our "
        "own words, of what the passage states",
        "ARM.yaml: feature 'gyumri': field 'opened': has no evidence: cite the passage that "
        "states it under evidence.opened",
    ]


def test_every_evidence_source_must_be_in_the_registry(tmp_path):
    feature = {"properties": {"id": "gyumri", "sources": [], "evidence": {"opened": [GOOD]}}}
    layer = {"type": "FeatureCollection", "features": [feature]}
    (tmp_path / "facilities.geojson").write_text(__import__("json").dumps(layer))
    problems = [str(p) for p in uncited_problems({}, tmp_path, ["facilities.geojson"])]
    assert problems == [
        f"facilities.geojson: feature 'gyumri evidence.opened #0': source '{PAGE}': "
        "not in the source registry (geodata/sources/registry/)"
    ]
