"""QGIS-ready exports: the GeoPackage's style table, extents that frame the region, files GDAL
reads without a warning, and the table's distances in every format."""

from __future__ import annotations

import math
import re
import sqlite3
import warnings
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pyogrio
import pytest
from shapely.geometry import MultiPolygon, box

from dashboard.logic import style
from dashboard.logic.formats import (
    REGION,
    STYLES_TABLE,
    ExportMeta,
    layer_qml,
    read_export,
    to_csv,
    to_gpkg,
    to_kml,
)
from tests.apptest import APP, open_page
from tests.test_app_dated_exports import _made, files  # noqa: F401  (fixture)
from tests.test_formats import _conflicts, _countries, _facilities

ON = date(2022, 1, 10)
META = ExportMeta(as_of=ON, filters={"countries": ["ARM"]})


def _norway():
    """A neighbour with far-off islands: the mainland and an island in the South Atlantic."""
    gdf = _countries()
    islands = MultiPolygon(
        [box(5, 58, 30, 71), box(3.3, -54.5, 3.5, -54.4), box(-9, 70.8, -8, 71.2)]
    )
    return gdf.assign(geometry=[gdf.geometry.iloc[0], islands])


def _layers():
    return {"facilities": _facilities(), "conflicts": _conflicts(), "countries": _norway()}


@pytest.fixture(scope="module")
def gpkg(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("gpkg") / "export.gpkg"
    path.write_bytes(to_gpkg(_layers(), META))
    return path


def _styles(path: Path) -> dict[str, dict]:
    with sqlite3.connect(path) as db:
        db.row_factory = sqlite3.Row
        rows = [dict(r) for r in db.execute(f"select * from {STYLES_TABLE}")]
    return {r["f_table_name"]: r for r in rows}


def _qml(text: str) -> ET.Element:
    assert text.startswith("<!DOCTYPE qgis")
    return ET.fromstring(text.split("\n", 1)[1])


def _rgba(colour: str, opacity: float = 1.0) -> str:
    return ",".join(str(int(colour[i : i + 2], 16)) for i in (1, 3, 5)) + f",{round(opacity * 255)}"


def _symbol_colours(root: ET.Element, key: str) -> dict[str, str]:
    return {
        s.get("name"): s.find(f"layer/Option/Option[@name='{key}']").get("value")
        for s in root.iter("symbol")
    }


def test_one_default_style_per_spatial_table_with_the_qgis_columns(gpkg):
    styles = _styles(gpkg)
    assert sorted(styles) == ["conflicts", "conflicts_lines", "countries", "facilities"]
    columns = [
        "f_table_catalog",
        "f_table_schema",
        "f_table_name",
        "f_geometry_column",
        "styleName",
        "styleQML",
        "styleSLD",
        "useAsDefault",
        "description",
        "owner",
        "ui",
        "update_time",
    ]
    for table, row in styles.items():
        assert set(columns) <= set(row), table
        assert row["useAsDefault"] == 1
        assert row["f_geometry_column"] == "geom"
        _qml(row["styleQML"])  # parses as XML


def test_countries_style_has_the_web_maps_statuses_and_colours(gpkg):
    root = _qml(_styles(gpkg)["countries"]["styleQML"])
    renderer = root.find("renderer-v2")
    assert renderer.get("attr") == "csto_status"
    cats = renderer.findall("categories/category")
    assert [(c.get("value"), c.get("label")) for c in cats] == list(style.STATUS_LABELS.items())
    fills = _symbol_colours(root, "color")
    for cat in cats:
        assert fills[cat.get("symbol")] == _rgba(style.STATUS_COLOURS[cat.get("value")])


def test_facilities_style_has_every_type_with_its_colour_and_status_look(gpkg):
    root = _qml(_styles(gpkg)["facilities"]["styleQML"])
    renderer = root.find("renderer-v2")
    assert renderer.get("attr") == "facility_type"
    cats = renderer.findall("categories/category")
    assert [c.get("value") for c in cats] == list(style.FACILITY_SYMBOLS)
    colours = _symbol_colours(root, "color")
    for cat in cats:
        assert colours[cat.get("symbol")] == _rgba(style.FACILITY_SYMBOLS[cat.get("value")].colour)
    expressions = [o.get("value") for o in root.iter("Option") if o.get("name") == "expression"]
    assert any("'closed', 'transferred'" in e and "255,255,255,255" in e for e in expressions)
    assert any("'disputed'" in e and "'dash'" in e for e in expressions)


@pytest.mark.parametrize(
    ("table", "key"), [("conflicts", "color"), ("conflicts_lines", "line_color")]
)
def test_zones_ongoing_on_the_map_date_or_ended_as_the_web_map_colours_them(gpkg, table, key):
    root = _qml(_styles(gpkg)[table]["styleQML"])
    rules = root.findall("renderer-v2/rules/rule")
    assert [r.get("label") for r in rules] == ["Ongoing", "Ended"]
    assert "'2022-01-10'" in rules[0].get("filter") and rules[1].get("filter") == "ELSE"
    colours = _symbol_colours(root, key)
    line = table.endswith("lines")
    for rule, ongoing in zip(rules, (True, False), strict=True):
        look = style.zone_style(ongoing, line=line)
        want = (
            _rgba(look["color"], look["opacity"])
            if line
            else _rgba(look["fillColor"], look["fillOpacity"])
        )
        assert colours[rule.get("symbol")] == want


def test_a_layer_the_map_does_not_style_gets_no_style():
    assert layer_qml("uploaded", "Point", ON) is None


def test_extents_frame_the_region_though_a_neighbour_has_far_off_islands(gpkg):
    with sqlite3.connect(gpkg) as db:
        extents = {
            t: (x0, y0, x1, y1)
            for t, x0, y0, x1, y1 in db.execute(
                "select table_name, min_x, min_y, max_x, max_y from gpkg_contents "
                "where data_type = 'features'"
            )
        }
    west, south, east, north = REGION
    for table, (x0, y0, x1, y1) in extents.items():
        assert west <= x0 <= x1 <= east and south <= y0 <= y1 <= north, table
    # The data stay whole: the island is still in the table.
    countries = read_export(gpkg.read_bytes(), "gpkg", layer="countries")
    assert countries.total_bounds[1] == pytest.approx(-54.5)
    # GDAL reports the framed extent.
    assert pyogrio.read_info(gpkg, layer="countries")["total_bounds"][1] >= south


def test_kml_opens_on_the_region_though_a_neighbour_has_far_off_islands():
    text = to_kml(_norway(), META, layer="countries").decode("utf-8")
    look = re.search(r"<LookAt>(.*?)</LookAt>", text, re.S).group(1)
    lon = float(re.search(r"<longitude>([-\d.]+)</longitude>", look).group(1))
    lat = float(re.search(r"<latitude>([-\d.]+)</latitude>", look).group(1))
    assert REGION[0] <= lon <= REGION[2] and REGION[1] <= lat <= REGION[3]
    assert lat > 30  # framed on the mainland, not halfway to the South Atlantic island


def test_gpkg_is_version_1_2_so_older_gdal_reads_it_without_a_warning(gpkg):
    with sqlite3.connect(gpkg) as db:
        assert db.execute("pragma user_version").fetchone() == (10200,)
        assert db.execute("pragma application_id").fetchone() == (0x47504B47,)  # "GPKG"


def _exports(tmp: Path) -> list[Path]:
    layers = _layers()
    out = [tmp / "all.gpkg"]
    out[0].write_bytes(to_gpkg(layers, META))
    for name, gdf in layers.items():
        for fmt, write in (("csv", to_csv), ("kml", to_kml)):
            path = tmp / f"{name}.{fmt}"
            path.write_bytes(write(gdf, META) if fmt == "csv" else write(gdf, META, layer=name))
            out.append(path)
    return out


def test_gdal_reads_every_export_without_a_warning(tmp_path):
    """What ``ogrinfo -al`` does: open each file, describe and read every layer."""
    read = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for path in _exports(tmp_path):
            for layer, _ in pyogrio.list_layers(path):
                pyogrio.read_info(path, layer=layer, force_feature_count=True)
                pyogrio.read_dataframe(path, layer=layer)
                read.append((path.name, layer))
    assert [str(w.message) for w in caught] == []
    assert ("all.gpkg", STYLES_TABLE) in read and len(read) >= 12


def test_the_warning_check_would_catch_a_gdal_warning(tmp_path):
    path = tmp_path / "future.gpkg"
    path.write_bytes(to_gpkg({"facilities": _facilities()}, META))
    with sqlite3.connect(path) as db:
        db.execute("pragma user_version = 10900")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        pyogrio.read_info(path, layer="facilities")
    assert any("user_version" in str(w.message) for w in caught)


# -- the table's distances in every format, through the app -------------------------------


@pytest.fixture
def dated_app(geodata_dir, monkeypatch, files):  # noqa: F811
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("CSTO_GEODATA_DIR", str(geodata_dir))
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["date"] = ON.isoformat()
    at = open_page(at)
    assert not at.exception, at.exception
    return at


def _same(a, b) -> bool:
    missing = (None, "") if not isinstance(a, float) else ()
    if a in missing or (isinstance(a, float) and math.isnan(a)):
        return b is None or b == "" or (isinstance(b, float) and math.isnan(b))
    # The table shows kilometres to one decimal; the files carry the measure unrounded.
    return abs(a - b) <= 0.05 if isinstance(a, float) else a == b


@pytest.mark.parametrize(
    ("choice", "fmt", "layer"),
    [
        (None, "geojson", None),
        ("GeoPackage, all shown layers", "gpkg", "facilities"),
        ("CSV, facilities", "csv", None),
        ("KML, facilities", "kml", None),
    ],
)
def test_every_format_carries_the_distances_the_table_shows(dated_app, files, choice, fmt, layer):  # noqa: F811
    (grid,) = [d for d in dated_app.dataframe if d.key == "table_facilities"]
    table = grid.value.set_index("id")
    assert table["Conflict zone km"].notna().any() and table["Nearest active zone"].notna().any()
    if choice:
        dated_app.selectbox(key="export_format").set_value(choice).run()
    stem = "layers" if fmt == "gpkg" else "facilities"
    name = f"csto-{stem}-all-{ON.isoformat()}.{fmt}"
    data = _made(files[name])
    if fmt == "geojson":
        import json

        rows = {f["id"]: f["properties"] for f in json.loads(data)["features"]}
    else:
        back = read_export(data, fmt, layer=layer).set_index("id")
        rows = back.to_dict("index")
    assert set(rows) == set(table.index)
    pairs = [
        ("Conflict zone km", "conflict_km"),
        ("Nearest active zone", "nearest_conflict"),
        ("Border km", "border_km"),
        ("Nearest border", "nearest_border"),
    ]
    pairs = [(shown, exported) for shown, exported in pairs if shown in table]
    assert len(pairs) >= 3  # the nearest zone, its name, the border
    for fid, row in table.iterrows():
        for shown, exported in pairs:
            assert _same(row[shown], rows[fid].get(exported)), (fid, shown, rows[fid].get(exported))
