"""A facility's legal bases: dated treaties, leases and acts, each with its evidence."""

import pytest

from geodata.schema.layers import FACILITIES
from geodata.schema.legal import legal_bases_problem
from geodata.schema.validator import validate_layer

PAGE = "https://jamestown.org/program/duma-ratifies-treaty-on-russian-military-bases-in-armenia/"
PASSAGE = {
    "source": PAGE,
    "at": PAGE + "#:~:text=Russia%E2%80%99s%20Duma%20on%20April%2018%20ratified",
    "says": "The Duma voted to ratify the Armenia base treaty on 18 April 1997.",
}
GOOD = {
    "kind": "ratification",
    "date": "1997-04-18",
    "title": "The Russian Duma ratifies the 1995 base treaty",
    "evidence": [PASSAGE],
}


@pytest.mark.parametrize(
    "rows, words",
    [
        ([], None),
        ([GOOD], None),
        ([GOOD | {"date": "1997-04"}, GOOD], None),  # a month sorts before its days
        ([GOOD | {"date": "1997"}], None),
        ([GOOD | {"kind": "in force"}], None),
        ([GOOD | {"kind": "ratified"}], "kind must be one of treaty, agreement, lease"),
        ([GOOD | {"date": "1997-04-31"}], "date is not a real day"),
        ([GOOD | {"date": "18 April 1997"}], "date must be an ISO date"),
        ([GOOD | {"date": None}], "date must be a string, got null"),
        ([GOOD | {"title": ""}], "title must say on one line"),
        ([GOOD | {"title": "two\nlines"}], "title must say on one line"),
        ([GOOD | {"evidence": []}], "evidence must be a non-empty list of passages"),
        ([GOOD | {"evidence": [PASSAGE | {"says": ""}]}], "evidence: says must be one line"),
        ([GOOD | {"evidence": [PASSAGE | {"at": "https://x.org/#:~:text=a"}]}], "not a place in"),
        ([{k: v for k, v in GOOD.items() if k != "evidence"}], "exactly the keys kind, date"),
        ([GOOD | {"note": "x"}], "exactly the keys kind, date, title, evidence"),
        (["treaty 1995"], "entry 1: must be a mapping"),
        ([GOOD, GOOD | {"date": "1995-03-16"}], "entry 2: 1995-03-16 comes before entry 1's"),
        (GOOD, "must be a JSON array of legal bases"),
    ],
)
def test_legal_bases_rows(rows, words):
    message = legal_bases_problem(rows)
    assert message is None if words is None else words in message, message


def _layer(props):
    base = {
        "id": "arm-gyumri",
        "name": "102nd Military Base",
        "name_ru": "102-я военная база",
        "alt_names": [],
        "country": "ARM",
        "facility_type": "army base",
        "operator": "Russian Ground Forces",
        "status": "active",
        "opened": None,
        "closed": None,
        "precision_m": 3000,
        "location_basis": "Centre of Gyumri.",
        "description": "A base.",
        "sources": [PAGE],
        "confidence": "high",
        "border_km": 10.0,
        "nearest_border": "ARM–TUR",
    }
    feature = {
        "type": "Feature",
        "properties": base | props,
        "geometry": {"type": "Point", "coordinates": [43.8475, 40.78944]},
    }
    return {"type": "FeatureCollection", "features": [feature]}


def test_the_validator_names_file_feature_and_field_of_a_bad_legal_basis(monkeypatch):
    import dataclasses

    import geodata.schema.validator as validator

    lax = dataclasses.replace(FACILITIES, evidenced=())
    monkeypatch.setattr(validator, "get_layer", lambda name: lax)
    assert validate_layer(_layer({"legal_bases": [GOOD]}), "facilities", "ARM.yaml") == []
    problems = validate_layer(
        _layer({"legal_bases": [GOOD | {"kind": "pact"}]}), "facilities", "ARM.yaml"
    )
    assert [(p.file, p.feature_id, p.field) for p in problems] == [
        ("ARM.yaml", "arm-gyumri", "legal_bases")
    ]
    assert "entry 1: kind must be one of" in problems[0].message


def test_a_facility_fact_without_evidence_fails_naming_file_feature_and_field():
    from geodata.schema.layers import FACILITIES as schema

    assert schema.evidenced == ("opened", "closed", "status", "location")
    passage = {"source": PAGE, "at": "p. 1", "says": "The base is there."}
    evidence = {"opened": [passage], "status": [passage], "location": [passage]}
    layer = _layer({"opened": "1992", "evidence": evidence})
    assert validate_layer(layer, "facilities", "ARM.yaml") == []
    layer = _layer({"opened": "1992", "closed": "2024", "status": "closed", "evidence": evidence})
    problems = validate_layer(layer, "facilities", "ARM.yaml")
    assert [(p.file, p.feature_id, p.field) for p in problems] == [
        ("ARM.yaml", "arm-gyumri", "closed")
    ]
    assert "has no evidence" in problems[0].message
    del evidence["location"]
    problems = validate_layer(_layer({"evidence": evidence}), "facilities", "facilities.geojson")
    assert [(p.file, p.feature_id, p.field) for p in problems] == [
        ("facilities.geojson", "arm-gyumri", "location")
    ]
