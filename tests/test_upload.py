"""A corpus of broken and hostile uploads, built here by code, each with its exact outcome."""

from __future__ import annotations

import json
import pickle
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geopandas as gpd
import pytest
from shapely.geometry import Point

from dashboard.upload import UploadLimits, read_upload
from tests.archives import zipped

SCRIPT = "<script>window.__xss=1</script>"
IMG = '<img src=x onerror="window.__xss=2">'


def pt(x: float, y: float) -> dict:
    return {"type": "Point", "coordinates": [x, y]}


def feat(geometry: Any, fid: Any = None, **props: Any) -> dict:
    out = {"type": "Feature", "geometry": geometry, "properties": props}
    if fid is not None:
        out["id"] = fid
    return out


def fc(*features: dict, **extra: Any) -> bytes:
    return json.dumps({"type": "FeatureCollection", "features": list(features), **extra}).encode()


def nested(levels: int) -> bytes:
    """A feature whose property is a list nested ``levels`` deep, written without recursion."""
    head = fc(feat(pt(44.5, 40.2), deep="@")).decode()
    return head.replace('"@"', "[" * levels + "]" * levels).encode()


def gpkg_3857(tmp: Path) -> bytes:
    frame = gpd.GeoDataFrame({"name": ["Kant"]}, geometry=[Point(74.84489, 42.85311)], crs=4326)
    frame.to_crs(3857).to_file(tmp / "kant.gpkg", driver="GPKG")
    return (tmp / "kant.gpkg").read_bytes()


BOWTIE = {"type": "Polygon", "coordinates": [[[0, 0], [2, 2], [2, 0], [0, 2], [0, 0]]]}
OPEN_RING = {"type": "Polygon", "coordinates": [[[40, 40], [41, 40], [41, 41], [40, 41]]]}
SQUARE = {"type": "Polygon", "coordinates": [[[40, 40], [41, 40], [41, 41], [40, 41], [40, 40]]]}
LINE = {"type": "LineString", "coordinates": [[40, 40], [41, 41]]}
GOOD = feat(pt(44.5, 40.2), name="ok")
MERCATOR = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3857"}}


@dataclass(frozen=True)
class Case:
    name: str
    data: Callable[[Path], bytes]
    accepted: int = 0
    repaired: int = 0
    refused: int = 0
    says: tuple[str, ...] = ()
    error: bool = False
    filename: str = "upload.geojson"
    limits: UploadLimits = UploadLimits()


CASES = [
    Case("invalid JSON", lambda _: b'{"type": "FeatureCollection", "features": [}', error=True,
         says=("invalid JSON", "line 1")),
    Case("truncated file", lambda _: fc(GOOD, GOOD)[:-30], error=True,
         says=("invalid JSON", "truncated")),
    Case("JSON list", lambda _: b"[1, 2, 3]", error=True, says=("an array, not GeoJSON",)),
    Case("JSON number", lambda _: b"42", error=True, says=("a number, not GeoJSON",)),
    Case("unknown GeoJSON type", lambda _: b'{"type": "Topology"}', error=True,
         says=("'Topology'",)),
    Case("features not a list", lambda _: b'{"type": "FeatureCollection", "features": 3}',
         error=True, says=("no 'features' list",)),
    Case("empty collection", lambda _: fc(), error=True, says=("no features",)),
    Case("empty file", lambda _: b"", error=True, says=("empty",)),
    Case("not UTF-8", lambda _: fc(feat(pt(1, 2), name="x")).replace(b"x", b"\xff"),
         error=True, says=("not UTF-8",)),
    Case("null geometry", lambda _: fc(GOOD, feat(None, name="nowhere")), accepted=1,
         refused=1, says=("features[1]", "no geometry")),
    Case("every geometry null", lambda _: fc(feat(None), feat(None)), refused=2, error=True,
         says=("no feature could be used", "no geometry")),
    Case("unknown geometry type", lambda _: fc(feat({"type": "Circle", "coordinates": [1, 2]})),
         refused=1, error=True, says=("unknown geometry type",)),
    Case("self-intersecting polygon", lambda _: fc(feat(BOWTIE)), accepted=1, repaired=1,
         says=("invalid geometry repaired", "Self-intersection", "features[0]")),
    Case("unclosed ring", lambda _: fc(GOOD, feat(OPEN_RING)), accepted=2, repaired=1,
         says=("not closed", "features[1]")),
    Case("ring of three positions", lambda _: fc(
        GOOD, feat({"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [0, 0]]]})),
        accepted=1, refused=1, says=("features[1]", "at least 4 positions")),
    Case("line collapsing to a point", lambda _: fc(
        GOOD, feat({"type": "LineString", "coordinates": [[1, 1], [1, 1]]})),
        accepted=1, refused=1, says=("features[1]", "cannot be repaired")),
    Case("lat/lon swapped", lambda _: fc(GOOD, feat(pt(40.2, 120.5))), accepted=1, refused=1,
         says=("features[1]", "latitude 120.5", "swapped")),
    Case("longitude out of range", lambda _: fc(feat(pt(200, 10)), GOOD), accepted=1,
         refused=1, says=("features[0]", "longitude 200")),
    Case("NaN coordinate", lambda _: fc(GOOD).replace(b"44.5", b"NaN"), refused=1, error=True,
         says=("features[0]", "finite")),
    Case("projected CRS member", lambda _: fc(feat(pt(8348000, 4905000)), crs=MERCATOR),
         accepted=1, says=("reprojected from EPSG:3857 to WGS84",)),
    Case("projected GeoPackage", gpkg_3857, accepted=1, filename="kant.gpkg",
         says=("reprojected from EPSG:3857 to WGS84",)),
    Case("unknown CRS member", lambda _: fc(GOOD, crs={"type": "name", "properties": {
        "name": "+proj=merc"}}), error=True, says=("only EPSG codes",)),
    Case("CRS that is not a map CRS", lambda _: fc(GOOD, crs={"type": "name", "properties": {
        "name": "EPSG:5773"}}), error=True, says=("not a map coordinate system",)),
    Case("CRS code that does not exist", lambda _: fc(GOOD, crs={"type": "name", "properties": {
        "name": "EPSG:99999"}}), error=True, says=("unknown EPSG code",)),
    Case("mixed geometry types", lambda _: fc(GOOD, feat(SQUARE), feat(LINE)), accepted=3,
         says=("mixed geometry types", "LineString", "Polygon", "Point")),
    Case("10,000-level nesting", lambda _: nested(10_000), error=True,
         says=("nested 10,004 levels deep", "limit is 30")),
    Case("25-level property", lambda _: nested(25), accepted=1,
         says=("nested deeper than 20 kept as JSON text", "features[0] field 'deep'")),
    Case("huge string", lambda _: fc(feat(pt(1, 2), x="a" * 50_000)), accepted=1,
         says=("truncated at 10,000 characters", "features[0] field 'x'")),
    Case("too many properties", lambda _: fc(GOOD, feat(pt(1, 2), **{f"p{i}": i for i in
         range(101)})), accepted=1, refused=1, says=("features[1]", "101 properties")),
    Case("duplicate ids", lambda _: fc(feat(pt(1, 2), "a"), feat(pt(3, 4), "a")), accepted=2,
         says=("duplicate feature ids", "'a'", "features[0] and features[1]")),
    Case("too many features", lambda _: fc(GOOD, GOOD, GOOD, GOOD), error=True,
         limits=UploadLimits(max_features=3), says=("4 features", "limit is 3")),
    Case("oversized file", lambda _: fc(GOOD) + b" " * 20_000_000, error=True,
         says=("20.0 MB", "limit is 20.0 MB")),
    Case("zip bomb", lambda _: zipped({"a.geojson": fc(GOOD) + b" " * 20_000_000}),
         error=True, filename="a.zip", says=("zip bomb",)),
    Case("zip past the unpack limit", lambda _: zipped({"a.geojson": b" " * 2_000_000},
         zipfile.ZIP_STORED), error=True, filename="a.zip",
         limits=UploadLimits(max_unpacked_bytes=1_000_000), says=("unpacks to 2.0 MB",)),
    Case("zip path traversal", lambda _: zipped({"../../evil.geojson": fc(GOOD)}),
         error=True, filename="a.zip", says=("outside the archive",)),
    Case("zip inside zip", lambda _: zipped({"inner.zip": zipped({"a.geojson": fc(GOOD)})}),
         error=True, filename="a.zip", says=("no Shapefile",)),
    Case("KML with entities", lambda _: b'<?xml version="1.0"?><!DOCTYPE kml [<!ENTITY a "b">]>'
         b"<kml></kml>", error=True, filename="a.kml", says=("ENTITY",)),
    Case("script payloads", lambda _: fc(feat(pt(1, 2), name=SCRIPT, **{IMG: IMG})),
         accepted=1),
    Case("properties not an object", lambda _: fc(GOOD, {"type": "Feature", "geometry": pt(1, 2),
         "properties": [1]}), accepted=1, refused=1, says=("features[1]", "must be an object")),
]  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_corpus_outcome(case: Case, tmp_path: Path) -> None:
    result = read_upload(case.filename, case.data(tmp_path), limits=case.limits)
    report = result.report
    assert (report.accepted, report.repaired, len(report.refused)) == (
        case.accepted,
        case.repaired,
        case.refused,
    )
    assert (result.error is not None) == case.error
    assert result.ok == (case.accepted > 0)
    if result.ok:
        assert len(result.gdf) == case.accepted
        assert result.gdf.crs.to_epsg() == 4326
    text = " | ".join([result.error or "", *report.lines()])
    for words in case.says:
        assert words in text
    assert "internal error" not in text


def test_script_payloads_are_kept_as_plain_text() -> None:
    result = read_upload("x.geojson", fc(feat(pt(1, 2), name=SCRIPT, **{IMG: IMG})))
    row = result.gdf.iloc[0]
    assert row["name"] == SCRIPT
    assert row[IMG] == IMG
    props = json.loads(result.to_geojson())["features"][0]["properties"]
    assert props == {"name": SCRIPT, IMG: IMG}


def test_reprojected_point_lands_where_it_should() -> None:
    # EPSG:3857 (8348000, 4905000) is near Kant, Kyrgyzstan.
    result = read_upload("x.geojson", fc(feat(pt(8348000, 4905000)), crs=MERCATOR))
    point = result.gdf.geometry.iloc[0]
    assert point.x == pytest.approx(74.99, abs=0.01)
    assert point.y == pytest.approx(40.27, abs=0.01)


def test_huge_string_is_cut_to_the_limit() -> None:
    result = read_upload("x.geojson", fc(feat(pt(1, 2), x="é" * 50_000)))
    assert result.gdf.iloc[0]["x"] == "é" * 10_000


def test_repaired_bowtie_stays_polygonal() -> None:
    result = read_upload("x.geojson", fc(feat(BOWTIE)))
    geom = result.gdf.geometry.iloc[0]
    assert geom.geom_type == "MultiPolygon"
    assert geom.is_valid
    assert geom.area == pytest.approx(2.0)


def test_bare_geometry_and_single_feature_are_read() -> None:
    assert read_upload("g.geojson", json.dumps(SQUARE).encode()).report.accepted == 1
    assert read_upload("f.geojson", json.dumps(GOOD).encode()).report.accepted == 1


def test_property_called_geometry_survives() -> None:
    feature = {"type": "Feature", "geometry": pt(1, 2), "properties": {"geometry": "kept"}}
    feature["properties"]["id"] = "p"
    result = read_upload("x.geojson", fc(feature))
    props = json.loads(result.to_geojson())["features"][0]["properties"]
    assert props == {"geometry": "kept", "id": "p"}


def test_layer_name_is_the_file_stem_without_folders() -> None:
    result = read_upload("..\\../etc/<i onmouseover=x>bases.geojson", fc(GOOD))
    assert result.layer_name == "<i onmouseover=x>bases"
    assert read_upload("", fc(GOOD)).layer_name == "Uploaded layer"


def test_report_summary_counts() -> None:
    result = read_upload("x.geojson", fc(GOOD, feat(BOWTIE), feat(None)))
    assert result.report.summary() == "2 features accepted (1 repaired), 1 refused."


ROUND_TRIP = [
    feat(pt(44.5, 40.2), "arm-1", name="Gyumri", n=102, share=0.5, active=True, closed=None),
    feat(SQUARE, 7, name="Зона", tags=["a", "b"], meta={"k": [1, {"x": "y"}]}, note=SCRIPT),
    feat(LINE, None, name="route", n=-3, share=1e-9, active=False, closed="2020-01-01"),
]


def test_round_trip_keeps_every_feature_and_property() -> None:
    source = json.loads(fc(*ROUND_TRIP))
    result = read_upload("mine.geojson", fc(*ROUND_TRIP))
    assert result.report.accepted == 3
    back = json.loads(result.to_geojson())
    assert len(back["features"]) == len(source["features"])
    for mine, theirs in zip(source["features"], back["features"], strict=True):
        assert theirs.get("id") == mine.get("id")
        assert theirs["geometry"] == mine["geometry"]
        assert {k: v for k, v in theirs["properties"].items() if v is not None} == {
            k: v for k, v in mine["properties"].items() if v is not None
        }
        assert set(mine["properties"]) <= set(theirs["properties"])


def test_round_trip_is_exact_when_every_feature_has_the_same_keys() -> None:
    rows = [feat(pt(i, i), f"f{i}", name=f"n{i}", value=i, flag=i % 2 == 0) for i in range(5)]
    source = json.loads(fc(*rows))
    back = json.loads(read_upload("x.geojson", fc(*rows)).to_geojson())
    assert back["features"] == source["features"]


def test_result_survives_pickling_for_the_app_cache() -> None:
    # st.cache_data hands each session a pickled copy of the result.
    result = read_upload("x.geojson", fc(*ROUND_TRIP))
    copy = pickle.loads(pickle.dumps(result))
    assert copy.to_geojson() == result.to_geojson()
    assert copy.report == result.report


def test_reprojection_keeps_heights_and_numeric_ids() -> None:
    line = {"type": "LineString", "coordinates": [[8348000, 4905000, 100], [8349000, 4906000, 7]]}
    result = read_upload("x.geojson", fc(feat(line, 1.5), crs=MERCATOR))
    back = json.loads(result.to_geojson())["features"][0]
    assert back["id"] == 1.5
    assert [position[2] for position in back["geometry"]["coordinates"]] == [100, 7]
