import json

import geopandas as gpd
import pytest

from dashboard.logic.choices import Choices
from dashboard.logic.export import (
    MIME,
    combined_collection,
    export_name,
    feature_collection,
    to_bytes,
)
from dashboard.logic.filters import filter_facilities
from tests.tiny_layers import layer_objects


def test_mime_is_geojson():
    assert MIME == "application/geo+json"


@pytest.mark.parametrize("layer", ["countries", "facilities", "conflicts"])
def test_export_equals_the_layer_file(layers, layer):
    """Unfiltered export gives back every feature, property and coordinate of the file."""
    exported = json.loads(to_bytes(feature_collection(layers.get(layer), layer)))
    original = layer_objects()[layer]
    assert exported["type"] == "FeatureCollection"
    assert "crs" not in exported
    assert len(exported["features"]) == len(original["features"])
    for got, want in zip(exported["features"], original["features"], strict=True):
        assert got["properties"] == want["properties"]
        assert got["id"] == want["properties"]["id"]
        # Tuples vs lists aside, the geometry is exactly the file's (full precision).
        assert json.loads(json.dumps(got["geometry"])) == want["geometry"]


def test_export_keeps_filtered_features_only(layers):
    radars = filter_facilities(layers.facilities, types=["radar"])
    exported = feature_collection(radars, "facilities")
    assert [f["id"] for f in exported["features"]] == ["rus-hostile", "uzb-radar"]


def test_export_drops_display_columns_but_not_facility_status(layers):
    countries = layers.countries.assign(status="former")
    props = feature_collection(countries, "countries")["features"][0]["properties"]
    assert "status" not in props and props["csto_status"] == "non-member"
    conflicts = layers.conflicts.assign(active=True)
    assert "active" not in feature_collection(conflicts, "conflicts")["features"][0]["properties"]
    facility = feature_collection(layers.facilities, "facilities")["features"][0]["properties"]
    assert facility["status"] == "active"


def test_null_dates_and_non_ascii_survive(layers):
    data = to_bytes(feature_collection(layers.facilities, "facilities"))
    assert "База".encode() in data
    first = json.loads(data)["features"][0]["properties"]
    assert first["closed"] is None and first["precision_m"] == 500


def test_empty_selection_exports_an_empty_collection(layers):
    none = filter_facilities(layers.facilities, countries=["AFG"])
    assert feature_collection(none, "facilities") == {"type": "FeatureCollection", "features": []}


def test_combined_collection_tags_each_feature_with_its_layer(layers):
    out = combined_collection({"facilities": layers.facilities, "conflicts": layers.conflicts})
    tags = [f["properties"]["layer"] for f in out["features"]]
    assert tags == ["facilities"] * 5 + ["conflicts"] * 4


def test_metadata_goes_into_a_foreign_member(layers):
    data = json.loads(to_bytes(feature_collection(layers.conflicts, "conflicts"), {"a": (1, 2)}))
    assert data["csto_map"] == {"a": [1, 2]}


def test_export_reads_back_with_geopandas(layers, tmp_path):
    path = tmp_path / "out.geojson"
    path.write_bytes(to_bytes(feature_collection(layers.conflicts, "conflicts")))
    back = gpd.read_file(path)
    assert sorted(back["id"]) == sorted(layers.conflicts["id"])


@pytest.mark.parametrize(
    ("layer", "selection", "expected"),
    [
        ("facilities", Choices(), "csto-facilities-all.geojson"),
        (
            "facilities",
            Choices(countries=("ARM", "KGZ"), facility_types=("radar",)),
            "csto-facilities-ARM-KGZ-radar.geojson",
        ),
        (
            "facilities",
            Choices(facility_types=("air base",), zones=("afg-border",)),
            "csto-facilities-air-base.geojson",
        ),
        ("conflicts", Choices(zones=("afg-border",)), "csto-conflicts-afg-border.geojson"),
        ("countries", Choices(facility_types=("radar",)), "csto-countries-all.geojson"),
        ("all", Choices(countries=("RUS",), zones=("x",)), "csto-layers-RUS-x.geojson"),
        (
            "countries",
            Choices(countries=tuple(f"C{i:02d}" for i in range(9))),
            "csto-countries-C00-C01-C02-C03-C04-C05-and-3-more.geojson",
        ),
        ("conflicts", Choices(zones=("../<evil>",)), "csto-conflicts-evil.geojson"),
    ],
)
def test_export_name_says_what_is_inside(layer, selection, expected):
    assert export_name(layer, selection) == expected
