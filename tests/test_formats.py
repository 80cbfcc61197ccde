import json
import re
import sqlite3
import tempfile
from datetime import date
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pytest
from shapely.geometry import LineString, MultiPolygon, Point, box

from dashboard.logic.formats import ATTRIBUTION, ExportMeta, read_export, to_csv, to_gpkg, to_kml

META = ExportMeta(
    as_of=date(2022, 1, 10),
    filters={"countries": ["ARM", "KAZ"], "types": (), "within_km": 50},
    sources=("https://www.naturalearthdata.com/",),
)


def _facilities() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {
            "id": ["arm-102-military-base", "kaz-baikonur-cosmodrome"],
            "name": ["102nd Military Base", "Baikonur Cosmodrome"],
            "name_ru": ["102-я военная база", "Космодром Байконур"],
            "alt_names": [["Leninakan", "Ленинакан"], np.array([], dtype=object)],
            "country": ["ARM", "KAZ"],
            "precision_m": [1000, 5000],
            "opened": ["1995-03-16", None],
            "closed": [None, None],
            "description": ['A base, with "quotes", commas; & <angle brackets>.', ""],
            "sources": [
                ["https://en.wikipedia.org/wiki/102nd_Military_Base"],
                ["https://en.wikipedia.org/wiki/Baikonur_Cosmodrome", "https://example.org/#a"],
            ],
        },
        geometry=[Point(43.847, 40.7942), Point(63.305, 45.965)],
        crs="EPSG:4326",
    )


def _conflicts() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {
            "id": ["kgz-tjk-border", "pipeline"],
            "name": ["Kyrgyz–Tajik border clashes", "Pipeline"],
            "countries": [["KGZ", "TJK"], ["KAZ"]],
            "start": ["2021-04-28", "2022-07-05"],
            "end": ["2022-09-20", None],
            "description": ["Clashes.", "A line."],
            "sources": [["https://example.org/a"], ["https://example.org/b"]],
        },
        geometry=[box(70, 39.5, 71, 40), LineString([(50, 45), (52, 46), (55, 45.5)])],
        crs="EPSG:4326",
    )


def _countries() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {
            "id": ["ARM", "NAM"],
            "iso3": ["ARM", "NA"],
            "name": ["Armenia", "Namibia"],
            "membership": ["1992-05-15/..", ""],
            "sources": [["https://example.org/arm"], []],
        },
        geometry=[box(43.4, 38.8, 46.6, 41.3), MultiPolygon([box(0, 0, 1, 1), box(2, 2, 3, 3)])],
        crs="EPSG:4326",
    )


def _value(v):
    if isinstance(v, np.ndarray | tuple):
        v = list(v)
    if isinstance(v, list):
        return [str(x) for x in v]
    if v is None or (isinstance(v, float) and np.isnan(v)):
        return None
    if isinstance(v, np.generic):
        v = v.item()
    return None if v == "" else v


def assert_same_features(got: gpd.GeoDataFrame, want: gpd.GeoDataFrame) -> None:
    got = got.sort_values("id").reset_index(drop=True)
    want = want.sort_values("id").reset_index(drop=True)
    props = [c for c in want.columns if c != "geometry"]
    for col in props:
        assert col in got.columns, f"{col} lost"
        assert [_value(v) for v in got[col]] == [_value(v) for v in want[col]], col
    for g, w in zip(got.geometry, want.geometry, strict=True):
        assert g.equals_exact(w, 1e-9) or g.normalize().equals(w.normalize()), (g, w)


LAYERS = {"facilities": _facilities, "conflicts": _conflicts, "countries": _countries}


def test_gpkg_holds_all_layers_and_metadata():
    layers = {name: make() for name, make in LAYERS.items()}
    data = to_gpkg(layers, META)
    assert data[:16] == b"SQLite format 3\x00"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "x.gpkg"
        path.write_bytes(data)
        names = [row[0] for row in pyogrio.list_layers(path)]
        assert names == [
            "facilities",
            "conflicts",
            "conflicts_lines",
            "countries",
            "metadata",
            "layer_styles",
        ]
        # Every table declares one geometry type; none is left "Unknown".
        types = {row[0]: row[1] for row in pyogrio.list_layers(path)}
        assert types["facilities"] == "Point"
        assert types["conflicts"] == types["countries"] == "MultiPolygon"
        assert types["conflicts_lines"] == "MultiLineString"
        with sqlite3.connect(path) as db:
            meta = dict(db.execute("select key, value from metadata"))
    assert meta["map_date"] == "2022-01-10"
    assert meta["export_filter"] == "countries=ARM,KAZ; within_km=50"
    assert meta["attribution"] == ATTRIBUTION
    for name, gdf in layers.items():
        assert_same_features(read_export(data, "gpkg", layer=name), gdf)


@pytest.mark.parametrize("name", list(LAYERS))
def test_csv_round_trip(name):
    gdf = LAYERS[name]()
    data = to_csv(gdf, META)
    back = read_export(data, "csv")
    assert_same_features(back, gdf)
    assert set(back["attribution"]) == {ATTRIBUTION}
    assert set(back["map_date"]) == {"2022-01-10"}


def test_csv_points_as_lat_lon_others_as_wkt():
    points = pd.read_csv(pd.io.common.BytesIO(to_csv(_facilities(), META)))
    assert points.loc[0, ["lat", "lon"]].tolist() == [40.7942, 43.847]
    assert "wkt" not in points
    shapes = pd.read_csv(pd.io.common.BytesIO(to_csv(_conflicts(), META)))
    assert shapes["wkt"].str.startswith(("POLYGON", "LINESTRING")).all()
    assert json.loads(points.loc[1, "sources"])[1] == "https://example.org/#a"


def test_csv_is_readable_by_gdal():
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "f.csv"
        path.write_bytes(to_csv(_facilities(), META))
        gdf = pyogrio.read_dataframe(path, X_POSSIBLE_NAMES="lon", Y_POSSIBLE_NAMES="lat")
    assert gdf.geometry.x.tolist() == pytest.approx([43.847, 63.305])


@pytest.mark.parametrize("name", list(LAYERS))
def test_kml_round_trip(name):
    gdf = LAYERS[name]()
    data = to_kml(gdf, META, layer=name)
    assert_same_features(read_export(data, "kml"), gdf)


def test_kml_carries_provenance_and_time_spans():
    text = to_kml(_facilities(), META).decode("utf-8")
    assert ATTRIBUTION in text
    assert "export_filter: countries=ARM,KAZ; within_km=50" in text
    assert "map_date: 2022-01-10" in text
    assert re.search(r"<TimeSpan>\s*<begin>1995-03-16</begin>", text)
    conflicts = to_kml(_conflicts(), META).decode("utf-8")
    assert re.search(r"<begin>2021-04-28</begin>\s*<end>2022-09-20</end>", conflicts)


def test_timestamps_as_read_by_geopandas_export_as_iso_dates():
    gdf = _facilities()
    gdf["opened"] = pd.to_datetime(gdf["opened"])
    back = read_export(to_csv(gdf, META), "csv")
    assert back["opened"].tolist() == ["1995-03-16", None]


@pytest.mark.parametrize(
    ("filters", "text"),
    [
        ({}, "none"),
        ({"date": None, "q": ""}, "none"),
        ({"statuses": ("active",)}, "statuses=active"),
    ],
)
def test_filter_text(filters, text):
    assert ExportMeta(as_of=date(2000, 1, 1), filters=filters).filter_text == text


def test_gpkg_declares_the_layer_type_even_when_empty():
    empty = _conflicts().iloc[0:0]
    data = to_gpkg({"conflicts": empty}, META)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "x.gpkg"
        path.write_bytes(data)
        types = {row[0]: row[1] for row in pyogrio.list_layers(path)}
    assert types["conflicts"] == "MultiPolygon"


def test_metadata_names_the_sources():
    meta = ExportMeta(
        as_of=date(1995, 6, 1), sources=("https://x.org/a",), source_titles=("X — A (1995)",)
    )
    rows = dict(meta.rows())
    assert json.loads(rows["source_titles"]) == ["X — A (1995)"]
    assert rows["map_date"] == "1995-06-01"


EVIDENCE = {
    "opened": [
        {
            "source": "https://en.wikipedia.org/wiki/102nd_Military_Base",
            "at": "https://en.wikipedia.org/wiki/102nd_Military_Base#:~:text=127th,Division",
            "says": "The Soviet division stayed in Gyumri under Russian command.",
        }
    ]
}


@pytest.mark.parametrize("fmt", ["gpkg", "csv", "kml"])
def test_each_facts_evidence_travels_as_json_and_comes_back(fmt):
    gdf = _facilities()
    gdf["evidence"] = [EVIDENCE, {}]
    gdf["legal_bases"] = [[{"kind": "treaty", "date": "1995-03-16", "title": "Stationing"}], []]
    if fmt == "gpkg":
        data, layer = to_gpkg({"facilities": gdf}, META), "facilities"
    else:
        data, layer = (to_csv if fmt == "csv" else to_kml)(gdf, META), None
    got = read_export(data, fmt, layer=layer).set_index("id")
    assert got.loc["arm-102-military-base", "evidence"] == EVIDENCE
    assert got.loc["arm-102-military-base", "legal_bases"][0]["date"] == "1995-03-16"
    assert got.loc["kaz-baikonur-cosmodrome", "evidence"] == {}
    if fmt == "csv":
        row = next(r for r in data.decode("utf-8").splitlines() if r.startswith("arm-102"))
        assert '""says"": ""The Soviet division' in row  # JSON text inside a quoted CSV cell
