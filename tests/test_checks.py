import math

import pytest

from geodata.schema.geojson import check_crs, check_geometry
from geodata.schema.problem import Problem

SQUARE = [[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]


@pytest.mark.parametrize(
    "geom",
    [
        {"type": "Point", "coordinates": [44.5, 40.2]},
        {"type": "Point", "coordinates": [-180, -90]},
        {"type": "LineString", "coordinates": [[0, 0], [1, 1]]},
        {"type": "Polygon", "coordinates": [SQUARE]},
        {"type": "MultiPolygon", "coordinates": [[SQUARE]]},
        {"type": "GeometryCollection", "geometries": [{"type": "Point", "coordinates": [1, 2]}]},
    ],
)
def test_good_geometries_have_no_problems(geom):
    assert check_geometry(geom) == []


@pytest.mark.parametrize(
    "geom, expected",
    [
        (None, "missing"),
        ("POINT (1 2)", "must be an object"),
        ({"type": "Circle", "coordinates": [1, 2]}, "unknown geometry type 'Circle'"),
        ({"type": "Point"}, "no 'coordinates'"),
        ({"type": "Point", "coordinates": [200, 40]}, "longitude 200 is outside [-180, 180]"),
        ({"type": "Point", "coordinates": [40, -91]}, "latitude -91 is outside [-90, 90]"),
        ({"type": "Point", "coordinates": ["40", 50]}, "must be numbers"),
        ({"type": "Point", "coordinates": [math.nan, 50]}, "finite"),
        ({"type": "Point", "coordinates": [True, 50]}, "must be numbers"),
        ({"type": "Point", "coordinates": [5]}, "[lon, lat]"),
        ({"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [0, 0]]]}, "at least 4 positions"),
        ({"type": "Polygon", "coordinates": [SQUARE[:-1] + [[0, 0.5]]]}, "not closed"),
        (
            {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]},
            "Self-intersection",
        ),
        ({"type": "LineString", "coordinates": [[0, 0]]}, "at least 2 positions"),
        ({"type": "MultiPolygon", "coordinates": [SQUARE]}, "[lon, lat]"),
    ],
)
def test_bad_geometries_are_explained(geom, expected):
    problems = check_geometry(geom)
    assert problems and any(expected in p for p in problems), problems


@pytest.mark.parametrize(
    "obj, ok",
    [
        ({}, True),
        ({"crs": None}, True),
        ({"crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}}}, True),
        ({"crs": {"type": "name", "properties": {"name": "EPSG:4326"}}}, True),
        ({"crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3857"}}}, False),
        ({"crs": "32638"}, False),
    ],
)
def test_crs_other_than_wgs84_is_a_problem(obj, ok):
    problems = check_crs(obj)
    assert (problems == []) is ok
    if not ok:
        assert "WGS84" in problems[0]


def test_problem_names_file_feature_and_field():
    problem = Problem("countries.geojson", "ARM", "csto_status", "must be one of ...")
    expected = "countries.geojson: feature 'ARM': field 'csto_status': must be one of ..."
    assert str(problem) == expected
    assert str(Problem("x.geojson", None, None, "malformed JSON")) == "x.geojson: malformed JSON"
