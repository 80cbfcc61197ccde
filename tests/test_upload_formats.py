"""Uploads in every supported format besides GeoJSON, each built by code in a temporary folder."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import LineString, Point

from dashboard.upload import read_upload

SCRIPT = "<script>window.__xss=1</script>"


def frame(crs: int = 4326) -> gpd.GeoDataFrame:
    gdf = gpd.GeoDataFrame(
        {
            "name": ["Kant", SCRIPT],
            "count": [1, 2],
            "share": [0.5, None],
            "opened": pd.to_datetime(["2003-10-23", "1995-03-16"]),
        },
        geometry=[Point(74.84489, 42.85311), Point(43.84512, 40.79123)],
        crs=4326,
    )
    return gdf.to_crs(crs)


def zipped(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buf.getvalue()


def shapefile_parts(tmp: Path, gdf: gpd.GeoDataFrame, stem: str = "bases") -> dict[str, bytes]:
    gdf.drop(columns="opened").to_file(tmp / f"{stem}.shp")
    return {p.name: p.read_bytes() for p in sorted(tmp.glob(f"{stem}.*"))}


def test_geopackage_keeps_properties_and_dates(tmp_path: Path) -> None:
    frame().to_file(tmp_path / "a.gpkg", driver="GPKG")
    result = read_upload("a.gpkg", (tmp_path / "a.gpkg").read_bytes())
    assert result.error is None
    back = json.loads(result.to_geojson())["features"]
    assert [f["properties"]["name"] for f in back] == ["Kant", SCRIPT]
    assert back[0]["properties"]["opened"] == "2003-10-23"
    assert back[1]["properties"]["share"] is None
    assert back[0]["geometry"]["coordinates"] == pytest.approx([74.84489, 42.85311])


def test_geopackage_with_two_layers_reads_the_first_and_says_so(tmp_path: Path) -> None:
    path = tmp_path / "two.gpkg"
    frame().to_file(path, layer="bases", driver="GPKG")
    lines = gpd.GeoDataFrame({"n": [1]}, geometry=[LineString([(0, 0), (1, 1)])], crs=4326)
    lines.to_file(path, layer="routes", driver="GPKG")
    result = read_upload("two.gpkg", path.read_bytes())
    assert result.report.accepted == 2
    assert any("2 layers; read 'bases' only" in note for note in result.report.notes)


def test_projected_shapefile_in_a_zip_is_reprojected(tmp_path: Path) -> None:
    parts = shapefile_parts(tmp_path, frame(crs=32643))
    parts["__MACOSX/._bases.shp"] = b"\x00\x05\x16\x07"
    result = read_upload("bases.zip", zipped(parts))
    assert result.error is None, result.error
    assert result.report.accepted == 2
    assert "reprojected from EPSG:32643 to WGS84 (EPSG:4326)" in result.report.notes
    point = result.gdf.geometry.iloc[0]
    assert (point.x, point.y) == pytest.approx((74.84489, 42.85311), abs=1e-6)
    assert list(result.gdf["name"]) == ["Kant", SCRIPT]


def test_shapefile_without_prj_is_read_as_wgs84_with_a_note(tmp_path: Path) -> None:
    parts = shapefile_parts(tmp_path, frame())
    parts = {k: v for k, v in parts.items() if not k.endswith(".prj")}
    result = read_upload("bases.zip", zipped(parts))
    assert result.report.accepted == 2
    assert any(".prj missing" in note for note in result.report.notes)


def test_shapefile_without_dbf_is_refused(tmp_path: Path) -> None:
    parts = shapefile_parts(tmp_path, frame())
    parts = {k: v for k, v in parts.items() if not k.endswith(".dbf")}
    result = read_upload("bases.zip", zipped(parts))
    assert not result.ok
    assert "lacks .dbf" in result.error


def test_bare_shp_asks_for_a_zip() -> None:
    result = read_upload("bases.shp", b"\x00\x00\x27\x0a" + b"\x00" * 96)
    assert "zip them together" in result.error


def test_kml_keeps_script_as_text_and_drops_empty_driver_columns(tmp_path: Path) -> None:
    kml = f"""<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document>
<Folder><name>Bases</name>
 <Placemark><name>Kant</name><description><![CDATA[{SCRIPT}]]></description>
  <Point><coordinates>74.84489,42.85311</coordinates></Point></Placemark></Folder>
<Folder><name>Routes</name>
 <Placemark><name>road</name>
  <LineString><coordinates>74,42 75,43</coordinates></LineString></Placemark></Folder>
</Document></kml>""".encode()
    result = read_upload("mine.kml", kml)
    assert result.error is None, result.error
    assert result.report.accepted == 2
    assert result.gdf.loc[0, "description"] == SCRIPT
    assert set(result.gdf.columns) == {"Name", "description", "geometry"}


def test_kmz_style_zip_with_one_kml(tmp_path: Path) -> None:
    kml = (
        b'<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2"><Placemark>'
        b"<name>A</name><Point><coordinates>44.5,40.2</coordinates></Point></Placemark></kml>"
    )
    result = read_upload("doc.kmz", zipped({"doc.kml": kml}))
    assert result.report.accepted == 1


CSV_CASES = [
    ("lat,lon,name\n40.2,44.5,A\n41,45,B\n", 2, 0, ()),
    ("Latitude;Longitude;name\n40,2;44,5;A\n", 1, 0, ()),
    ("name\tY\tX\nA\t40.2\t44.5\n", 1, 0, ()),
    ("lat,lng,name\n40.2,44.5,A\nabc,1,B\n,,C\n95,10,D\n", 1, 3,
     ("row 2: latitude 'abc' is not a number", "row 3: no coordinates", "row 4", "swapped")),
    ("lat,lon,formula\n40.2,44.5,=HYPERLINK(\"x\")\n", 1, 0, ()),
]  # fmt: skip


@pytest.mark.parametrize(("text", "accepted", "refused", "says"), CSV_CASES)
def test_csv_rows(text: str, accepted: int, refused: int, says: tuple[str, ...]) -> None:
    result = read_upload("points.csv", text.encode())
    assert (result.report.accepted, len(result.report.refused)) == (accepted, refused)
    joined = " | ".join(result.report.lines())
    for words in says:
        assert words in joined


def test_csv_keeps_cells_as_text_including_coordinates() -> None:
    result = read_upload("p.csv", b"lat,lon,code,when\n40.20,44.50,007,2020-01-01\n")
    props = json.loads(result.to_geojson())["features"][0]["properties"]
    assert props == {"lat": "40.20", "lon": "44.50", "code": "007", "when": "2020-01-01"}


def test_csv_in_windows_1251_is_read_with_a_note() -> None:
    result = read_upload("p.csv", "широта,долгота,имя\n55.75,37.62,Москва\n".encode("cp1251"))
    assert result.gdf.iloc[0]["имя"] == "Москва"
    assert any("Windows-1251" in note for note in result.report.notes)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("name,city\nA,B\n", "no latitude/longitude columns"),
        ("lat,lon\n", "no rows"),
        ("\n", "no header"),
    ],
)
def test_csv_refused_whole(text: str, says: str) -> None:
    result = read_upload("p.csv", text.encode())
    assert not result.ok
    assert says in result.error


def test_unknown_binary_is_refused_with_the_formats_we_take() -> None:
    result = read_upload("photo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 20)
    assert "unrecognised file format" in result.error
    assert "GeoJSON" in result.error


@pytest.mark.filterwarnings("ignore:GPKG. bad application_id")
def test_fake_geopackage_is_refused_cleanly() -> None:
    result = read_upload("a.gpkg", b"SQLite format 3\x00" + b"\x00" * 200)
    assert not result.ok
    assert "cannot be read" in result.error
