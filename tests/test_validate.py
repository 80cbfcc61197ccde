import copy
import json

import geopandas as gpd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geodata.validate import LayerError, load_layer, main, parse_layer, validate_layer

SRC = ["https://en.wikipedia.org/wiki/Collective_Security_Treaty_Organization"]
SQUARE = [[44.0, 40.0], [45.0, 40.0], [45.0, 41.0], [44.0, 41.0], [44.0, 40.0]]


def country(code="ARM", **props):
    base = {
        "id": code,
        "iso3": code,
        "name": "Armenia",
        "name_ru": "Армения",
        "csto_status": "frozen",
        "membership": "1992-05-15/..",
        "frozen": "2024-02-22/..",
        "role": "founding signatory",
        "sources": SRC,
        "notes": "",
    }
    geom = {"type": "Polygon", "coordinates": [SQUARE]}
    return {"type": "Feature", "properties": base | props, "geometry": geom}


def facility(fid="arm-102-military-base", **props):
    base = {
        "id": fid,
        "name": "102nd Military Base",
        "name_ru": "102-я военная база",
        "alt_names": ["Gyumri", "Гюмри"],
        "country": "ARM",
        "facility_type": "army base",
        "operator": "Russian Ground Forces",
        "status": "active",
        "opened": "1995-03-16",
        "closed": None,
        "precision_m": 1000,
        "location_basis": "Town centre.",
        "description": "A base.",
        "sources": SRC,
        "confidence": "high",
        "border_km": 11.11,
        "nearest_border": "ARM–TUR",
    }
    geom = {"type": "Point", "coordinates": [43.8475, 40.78944]}
    return {"type": "Feature", "properties": base | props, "geometry": geom}


def conflict(fid="nagorno-karabakh-2020-war", **props):
    base = {
        "id": fid,
        "name": "Second Nagorno-Karabakh War",
        "kind": "war",
        "countries": ["ARM", "AZE"],
        "start": "2020-09-27",
        "end": "2020-11-10",
        "csto_response": "None.",
        "csto_response_kind": "none",
        "description": "A war.",
        "geometry_method": "approximate outline",
        "sources": SRC,
    }
    geom = {"type": "Polygon", "coordinates": [SQUARE]}
    return {"type": "Feature", "properties": base | props, "geometry": geom}


MAKERS = {"countries": country, "facilities": facility, "conflicts": conflict}


def collection(*features, **extra):
    return {"type": "FeatureCollection", "features": list(features), **extra}


@pytest.mark.parametrize("layer", ["countries", "facilities", "conflicts"])
def test_good_layer_has_no_problems(layer):
    assert validate_layer(collection(MAKERS[layer]()), layer) == []


@pytest.mark.parametrize(
    "layer, obj",
    [
        ("facilities", collection(facility(opened="1995", closed=None))),
        ("facilities", collection(facility(alt_names=[]))),
        ("countries", collection(country(membership="", frozen="", csto_status="non-member"))),
        ("conflicts", collection(conflict(end=None))),
        (
            "conflicts",
            collection(
                conflict() | {"geometry": {"type": "LineString", "coordinates": [[1, 2], [3, 4]]}}
            ),
        ),
        ("countries", collection(crs={"type": "name", "properties": {"name": "EPSG:4326"}})),
    ],
)
def test_allowed_variants_pass(layer, obj):
    assert validate_layer(obj, layer) == []


def without(feature, field):
    feature = copy.deepcopy(feature)
    del feature["properties"][field]
    return feature


def with_geometry(feature, geometry):
    return feature | {"geometry": geometry}


BAD_SQUARE = [[44, 40], [45, 41], [45, 40], [44, 41], [44, 40]]

# (layer, collection, feature id, field, words the message must contain)
BAD = [
    ("countries", collection(country(csto_status="memeber")), "ARM", "csto_status", "'memeber'"),
    ("countries", collection(country(membership="1992/..")), "ARM", "membership", "ISO date"),
    ("countries", collection(country(iso3="arm")), "ARM", "iso3", "ISO 3166"),
    ("countries", collection(country(sources="https://x.org")), "ARM", "sources", "JSON array"),
    ("countries", collection(country(sources=[])), "ARM", "sources", "empty"),
    ("countries", collection(country(sources=["not a url"])), "ARM", "sources", "URL"),
    ("countries", collection(without(country(), "name_ru")), "ARM", "name_ru", "missing"),
    ("countries", collection(country(name=5)), "ARM", "name", "string"),
    ("countries", collection(country(), country()), "ARM", "id", "duplicate"),
    (
        "countries",
        collection(with_geometry(country(), {"type": "Point", "coordinates": [44, 40]})),
        "ARM",
        "geometry",
        "Polygon",
    ),
    (
        "countries",
        collection(with_geometry(country(), {"type": "Polygon", "coordinates": [BAD_SQUARE]})),
        "ARM",
        "geometry",
        "Self-intersection",
    ),
    (
        "countries",
        collection(country(), crs={"type": "name", "properties": {"name": "EPSG:3857"}}),
        None,
        "crs",
        "WGS84",
    ),
    (
        "facilities",
        collection(facility(precision_m="1000")),
        "arm-102-military-base",
        "precision_m",
        "integer",
    ),
    (
        "facilities",
        collection(facility(precision_m=0)),
        "arm-102-military-base",
        "precision_m",
        "at least 1",
    ),
    (
        "facilities",
        collection(facility(border_km=-0.5)),
        "arm-102-military-base",
        "border_km",
        "at least 0",
    ),
    (
        "facilities",
        collection(facility(border_km=float("nan"))),
        "arm-102-military-base",
        "border_km",
        "finite",
    ),
    (
        "facilities",
        collection(facility(border_km="11.1")),
        "arm-102-military-base",
        "border_km",
        "number",
    ),
    (
        "facilities",
        collection(facility(nearest_border="TUR–ARM")),
        "arm-102-military-base",
        "nearest_border",
        "alphabetical",
    ),
    (
        "facilities",
        collection(facility(nearest_border="ARM")),
        "arm-102-military-base",
        "nearest_border",
        "two ISO3 codes",
    ),
    (
        "facilities",
        collection(facility(facility_type="fortress")),
        "arm-102-military-base",
        "facility_type",
        "must be one of",
    ),
    (
        "facilities",
        collection(facility(opened="16/03/1995")),
        "arm-102-military-base",
        "opened",
        "ISO date",
    ),
    (
        "facilities",
        collection(facility(closed="1990-01-01")),
        "arm-102-military-base",
        "closed",
        "before opened",
    ),
    (
        "facilities",
        collection(facility(alt_names="Gyumri")),
        "arm-102-military-base",
        "alt_names",
        "JSON array",
    ),
    (
        "facilities",
        collection(facility(confidence="sure")),
        "arm-102-military-base",
        "confidence",
        "high, medium, low",
    ),
    ("facilities", collection(facility(fid="ARM 102")), "ARM 102", "id", "slug"),
    (
        "facilities",
        collection(with_geometry(facility(), {"type": "Point", "coordinates": [40.78, 243.8]})),
        "arm-102-military-base",
        "geometry",
        "latitude 243.8",
    ),
    (
        "facilities",
        collection(with_geometry(facility(), None)),
        "arm-102-military-base",
        "geometry",
        "missing",
    ),
    (
        "conflicts",
        collection(conflict(kind="skirmish")),
        "nagorno-karabakh-2020-war",
        "kind",
        "must be one of",
    ),
    (
        "conflicts",
        collection(conflict(countries="ARM,AZE")),
        "nagorno-karabakh-2020-war",
        "countries",
        "JSON array",
    ),
    (
        "conflicts",
        collection(conflict(start=None)),
        "nagorno-karabakh-2020-war",
        "start",
        "ISO date",
    ),
    (
        "conflicts",
        collection(conflict(end="2019-01-01")),
        "nagorno-karabakh-2020-war",
        "end",
        "before start",
    ),
    (
        "conflicts",
        collection(conflict(csto_response_kind="help")),
        "nagorno-karabakh-2020-war",
        "csto_response_kind",
        "observer mission offered",
    ),
]


@pytest.mark.parametrize("layer, obj, fid, field, words", BAD)
def test_bad_feature_is_named_with_file_feature_and_field(layer, obj, fid, field, words):
    problems = validate_layer(obj, layer, file="upload.geojson")
    matching = [p for p in problems if p.field == field]
    assert matching, problems
    problem = matching[0]
    assert problem.file == "upload.geojson"
    assert problem.feature_id == fid
    assert words in problem.message
    text = str(problem)
    assert text.startswith("upload.geojson: ")
    assert f"field '{field}'" in text
    if fid is not None:
        assert f"feature '{fid}'" in text


@pytest.mark.parametrize(
    "obj, words",
    [
        ([], "FeatureCollection"),
        ({"type": "Feature"}, "FeatureCollection"),
        ({"type": "FeatureCollection"}, "features"),
        ({"type": "FeatureCollection", "features": [42]}, "Feature object"),
    ],
)
def test_bad_collection_structure(obj, words):
    problems = validate_layer(obj, "facilities", file="f.geojson")
    assert any(words in str(p) for p in problems), problems


def test_unknown_layer_is_refused():
    with pytest.raises(KeyError, match="countries, facilities, conflicts"):
        validate_layer(collection(), "rivers")


@pytest.mark.parametrize(
    "data, words",
    [
        (b'{"type": "FeatureCollection", "features": [\n  {"type": }\n]}', "line 2, column"),
        (b"", "malformed JSON at line 1, column 1"),
        (b"\xff\xfe\x00garbage", "not UTF-8"),
    ],
)
def test_unreadable_input_raises_layer_error_not_traceback(data, words):
    with pytest.raises(LayerError) as info:
        parse_layer(data, "facilities", file="mine.geojson")
    assert "mine.geojson" in str(info.value)
    assert words in str(info.value)


def test_layer_error_lists_every_problem():
    obj = collection(facility(status="gone"), facility(fid="other", confidence="?"))
    with pytest.raises(LayerError) as info:
        parse_layer(json.dumps(obj), "facilities")
    message = str(info.value)
    assert "feature 'arm-102-military-base': field 'status'" in message
    assert "feature 'other': field 'confidence'" in message
    assert len(info.value.problems) == 2


def test_load_layer_returns_geodataframe_with_lists(tmp_path):
    path = tmp_path / "facilities.geojson"
    path.write_text(json.dumps(collection(facility())), encoding="utf-8")
    gdf = load_layer(path)
    assert isinstance(gdf, gpd.GeoDataFrame)
    assert gdf.crs.to_epsg() == 4326
    assert gdf.loc[0, "alt_names"] == ["Gyumri", "Гюмри"]
    assert gdf.loc[0, "sources"] == SRC
    assert gdf.geometry.iloc[0].x == pytest.approx(43.8475)


def test_load_layer_empty_collection_has_schema_columns(tmp_path):
    path = tmp_path / "conflicts.geojson"
    path.write_text(json.dumps(collection()), encoding="utf-8")
    gdf = load_layer(path)
    assert len(gdf) == 0
    assert {"id", "kind", "geometry_method", "geometry"} <= set(gdf.columns)


def test_load_layer_missing_file_is_a_layer_error(tmp_path):
    with pytest.raises(LayerError, match="cannot be read"):
        load_layer(tmp_path / "countries.geojson")


def test_cli_reports_problems_and_fails(tmp_path, capsys):
    path = tmp_path / "countries.geojson"
    path.write_text(json.dumps(collection(country(csto_status="memeber"))), encoding="utf-8")
    assert main([str(path)]) == 1
    out = capsys.readouterr().out
    assert "countries.geojson: feature 'ARM': field 'csto_status': must be one of" in out


def test_cli_summarises_valid_layers(tmp_path, capsys):
    path = tmp_path / "any-name.geojson"
    path.write_text(json.dumps(collection(facility())), encoding="utf-8")
    assert main(["--layer", "facilities", str(path)]) == 0
    assert "any-name.geojson: facilities: 1 features (1 Point), valid" in capsys.readouterr().out


def test_cli_needs_a_layer_for_unknown_names(tmp_path, capsys):
    path = tmp_path / "mine.geojson"
    path.write_text(json.dumps(collection()), encoding="utf-8")
    assert main([str(path)]) == 1
    assert "--layer" in capsys.readouterr().out


def test_cli_validates_the_committed_layers(capsys):
    assert main([]) == 0
    out = capsys.readouterr().out
    for name in ("countries.geojson", "facilities.geojson", "conflicts.geojson"):
        assert f"{name}: " in out


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                ["type", "features", "properties", "geometry", "coordinates", "id", "crs"]
            ),
            children,
            max_size=4,
        )
    ),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(["countries", "facilities", "conflicts"]),
    st.lists(json_values, max_size=3),
    st.dictionaries(st.sampled_from(["id", "name", "sources", "geometry"]), json_values),
)
def test_validator_never_raises_on_arbitrary_json(layer, features, props):
    shaped = [{"type": "Feature", "properties": props, "geometry": f} for f in features]
    for obj in (features, {"type": "FeatureCollection", "features": features + shaped}):
        problems = validate_layer(obj, layer, file="fuzz.geojson")
        assert all(str(p).startswith("fuzz.geojson") for p in problems)
