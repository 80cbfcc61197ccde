import copy

import pytest

from geodata.schema.validator import validate_layer
from tests.layer_features import MAKERS, collection, conflict, country, facility


@pytest.mark.parametrize("layer", ["countries", "facilities", "conflicts"])
def test_good_layer_has_no_problems(layer):
    assert validate_layer(collection(MAKERS[layer]()), layer) == []


@pytest.mark.parametrize(
    "layer, obj",
    [
        ("facilities", collection(facility(opened="1995", closed=None))),
        ("facilities", collection(facility(opened="1995-03", closed="1995"))),
        (
            "facilities",
            collection(
                facility(
                    opened="1995-03",
                    opened_precision="month",
                    closed=None,
                    closed_precision=None,
                )
            ),
        ),
        ("conflicts", collection(conflict(start="2020-09", end="2020-11-10"))),
        # An end known to the month may fall in the month of its start.
        ("conflicts", collection(conflict(start="2020-09-27", end="2020-09"))),
        ("conflicts", collection(conflict(start="2020", end="2020-01-05"))),
        ("conflicts", collection(conflict(start_precision="day", end_precision="day"))),
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
        collection(conflict(end="2020-08")),
        "nagorno-karabakh-2020-war",
        "end",
        "before start",
    ),
    *(
        ("conflicts", collection(conflict(start=bad)), "nagorno-karabakh-2020-war", "start", words)
        for bad, words in [
            ("2020-13", "not a real month"),
            ("2020-02-30", "not a real day"),
            ("2020-9", "YYYY-MM"),
            ("20", "ISO date"),
            (2020, "got int"),
        ]
    ),
    (
        "conflicts",
        collection(conflict(start="2020-09", start_precision="day")),
        "nagorno-karabakh-2020-war",
        "start_precision",
        "needs 'month'",
    ),
    (
        "conflicts",
        collection(conflict(end_precision="week")),
        "nagorno-karabakh-2020-war",
        "end_precision",
        "day, month, year or null",
    ),
    (
        "facilities",
        collection(facility(closed_precision="day")),
        "arm-102-military-base",
        "closed_precision",
        "needs null",
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
