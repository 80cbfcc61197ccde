import json

import pytest

from geodata.paths import GEODATA_DIR
from geodata.schema.layers import LAYERS, SCHEMAS, get_layer

# The vocabularies the layers promise to every consumer: the app, uploads and exports.
CONTRACT = {
    ("countries", "csto_status"): {"member", "frozen", "former", "non-member"},
    ("facilities", "status"): {"active", "closed", "transferred", "disputed"},
    ("facilities", "confidence"): {"high", "medium", "low"},
    ("facilities", "facility_type"): {
        "army base",
        "air base",
        "space launch site",
        "missile test range",
        "radar",
        "naval test facility",
        "space surveillance",
        "communications",
        "border guards",
        "research facility",
        "nuclear weapons storage",
        "missile deployment",
        "support town",
    },
    ("conflicts", "kind"): {
        "war",
        "interstate clash",
        "border clash",
        "unrest",
        "insurgency and border security",
        "economic coercion",
        "peacekeeping",
    },
    ("conflicts", "csto_response_kind"): {
        "none",
        "statement",
        "observer mission offered",
        "deployment",
        "consultations",
        "military-technical aid",
    },
}


@pytest.mark.parametrize("layer, field", sorted(CONTRACT))
def test_vocabularies_match_the_contract(layer, field):
    vocab = {f.name: f.vocab for f in SCHEMAS[layer].fields}[field]
    assert set(vocab) == CONTRACT[(layer, field)]


@pytest.mark.parametrize("layer", LAYERS)
def test_every_layer_has_id_and_sources(layer):
    names = get_layer(layer).field_names
    assert names[0] == "id"
    assert "sources" in names
    assert len(set(names)) == len(names)


@pytest.mark.parametrize("layer", LAYERS)
def test_committed_features_carry_the_schema_fields_in_order(layer):
    obj = json.loads((GEODATA_DIR / f"{layer}.geojson").read_text(encoding="utf-8"))
    assert obj["features"], layer
    schema = get_layer(layer)
    required = tuple(f.name for f in schema.fields if f.required)
    for feature in obj["features"]:
        keys = tuple(feature["properties"])
        assert keys == tuple(name for name in schema.field_names if name in keys)
        assert set(required) <= set(keys)


def test_unknown_layer_lists_the_known_ones():
    with pytest.raises(KeyError, match="countries, facilities, conflicts"):
        get_layer("roads")
