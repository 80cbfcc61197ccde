"""Evidence on the record's facts: each conflict's dates and the alliance's response, each
membership period, each event of membership.yaml; a fact without it fails, naming file,
record and field."""

import json

import pytest

from geodata.datasets.events import parse_events
from geodata.paths import GEODATA_DIR
from geodata.schema.layers import CONFLICTS, COUNTRIES
from geodata.schema.validator import record_evidence_problems, validate_layer
from tests.layer_features import collection, conflict, country

PASSAGE = {"source": "https://example.org/a", "at": "p. 2", "says": "It says so there."}


def _facts(props, schema, file="conflicts.geojson"):
    return [
        (p.file, p.feature_id, p.field)
        for p in record_evidence_problems(props, schema, file, props["id"])
    ]


def conflict_props(**changes):
    props = {
        "id": "border-2022",
        "start": "2022-09-13",
        "end": "2022-09-14",
        "csto_response_kind": "observer mission offered",
        "evidence": {f: [PASSAGE] for f in ("start", "end", "csto_response_kind")},
    }
    return props | changes


@pytest.mark.parametrize(
    "changes, missing",
    [
        ({}, []),
        ({"end": None, "evidence": {"start": [PASSAGE], "csto_response_kind": [PASSAGE]}}, []),
        # "none" says that no response was found: nothing to cite.
        ({"csto_response_kind": "none", "evidence": {"start": [PASSAGE], "end": [PASSAGE]}}, []),
        ({"evidence": {"end": [PASSAGE], "csto_response_kind": [PASSAGE]}}, ["start"]),
        ({"evidence": {"start": [PASSAGE], "csto_response_kind": [PASSAGE]}}, ["end"]),
        ({"evidence": {"start": [PASSAGE], "end": [PASSAGE]}}, ["csto_response_kind"]),
        ({"evidence": {}}, ["start", "end", "csto_response_kind"]),
    ],
)
def test_a_conflict_fact_without_evidence_fails_naming_file_record_and_field(changes, missing):
    found = _facts(conflict_props(**changes), CONFLICTS)
    assert found == [("conflicts.geojson", "border-2022", f) for f in missing]


@pytest.mark.parametrize(
    "props, missing",
    [
        ({"membership": "1992-05-15/..", "frozen": "", "evidence": {"membership": [PASSAGE]}}, []),
        ({"membership": "", "frozen": "", "evidence": {}}, []),  # never a party
        ({"membership": "1992-05-15/..", "frozen": "", "evidence": {}}, ["membership"]),
        (
            {
                "membership": "1992-05-15/..",
                "frozen": "2024-02-22/..",
                "evidence": {"membership": [PASSAGE]},
            },
            ["frozen"],
        ),
    ],
)
def test_a_membership_period_without_evidence_fails(props, missing):
    found = _facts({"id": "ARM", **props}, COUNTRIES, "countries.geojson")
    assert found == [("countries.geojson", "ARM", f) for f in missing]


def test_the_layer_validator_reports_it_in_its_words():
    bad = conflict(evidence={"start": [PASSAGE]}, csto_response_kind="statement")
    problems = [str(p) for p in validate_layer(collection(bad), "conflicts", "conflicts.geojson")]
    assert problems == [
        "conflicts.geojson: feature 'nagorno-karabakh-2020-war': field 'end': has no evidence: "
        "cite the passage that states it under evidence.end",
        "conflicts.geojson: feature 'nagorno-karabakh-2020-war': field 'csto_response_kind': "
        "has no evidence: cite the passage that states it under evidence.csto_response_kind",
    ]
    good = country()
    assert validate_layer(collection(good), "countries", "countries.geojson") == []


@pytest.mark.parametrize("layer", ["countries", "conflicts"])
def test_every_shipped_fact_has_its_evidence(layer):
    obj = json.loads((GEODATA_DIR / f"{layer}.geojson").read_text(encoding="utf-8"))
    assert validate_layer(obj, layer, f"{layer}.geojson") == []
    for feature in obj["features"]:
        props = feature["properties"]
        for passages in props["evidence"].values():
            assert all(p["says"] and "\n" not in p["says"] for p in passages)


def test_every_shipped_event_carries_the_passage_that_dates_it():
    events = parse_events((GEODATA_DIR / "events.json").read_text(encoding="utf-8"))["events"]
    assert events and all(e["evidence"]["date"] for e in events)
