"""Exports at a past map date, through AppTest: that day's statuses, its date in every name,
today's status beside it, the sources by name."""

from __future__ import annotations

import json
import shutil
import sqlite3
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from dashboard.logic.formats import read_export
from tests.apptest import APP, open_page
from tests.tiny_layers import SRC

ON = date(1995, 6, 1)
# One source with a registry entry (Cyrillic title), the rest fall back to their address.
ENTRY = {
    "url": f"{SRC}/uzb",
    "title": "Узбекистан и ДКБ",
    "publisher": "Example Press",
    "date": "1999-04",
    "language": "ru",
    "archived": None,
}
TITLE = "Example Press — Узбекистан и ДКБ (Apr 1999)"


@pytest.fixture
def named_dir(geodata_dir, tmp_path):
    """The fixture layers with a source registry beside them."""
    out = tmp_path / "geodata"
    shutil.copytree(geodata_dir, out)
    (out / "sources.json").write_text(json.dumps([ENTRY], ensure_ascii=False), encoding="utf-8")
    return out


@pytest.fixture
def files(monkeypatch) -> dict[str, Any]:
    """What each download button serves, by file name (made as a click would make it)."""
    served: dict[str, Any] = {}
    add, add_deferred = MediaFileManager.add, MediaFileManager.add_deferred

    def keep(self, data, mimetype, coordinates, file_name=None, *args, **kwargs):
        served[file_name] = data
        return add(self, data, mimetype, coordinates, file_name, *args, **kwargs)

    def keep_deferred(self, make, mimetype, coordinates, file_name=None, **kwargs):
        served[file_name] = make
        return add_deferred(self, make, mimetype, coordinates, file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add", keep)
    monkeypatch.setattr(MediaFileManager, "add_deferred", keep_deferred)
    return served


def _made(data) -> bytes:
    return data() if callable(data) else data


@pytest.fixture
def past(named_dir, monkeypatch, files) -> AppTest:
    monkeypatch.setenv("CSTO_GEODATA_DIR", str(named_dir))
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["date"] = ON.isoformat()
    at = open_page(at)
    assert not at.exception, at.exception
    return at


def _features(files: dict, name: str) -> dict[str, dict]:
    data = json.loads(_made(files[name]))
    assert data["csto_map"]["map_date"] == ON.isoformat()
    return {f["id"]: f["properties"] for f in data["features"]}


def test_geojson_at_a_past_date_carries_that_days_statuses(past, files):
    names = set(files)
    assert "csto-countries-all-1995-06-01.geojson" in names
    assert "csto-layers-all-1995-06-01.geojson" in names
    countries = _features(files, "csto-countries-all-1995-06-01.geojson")
    assert countries["UZB"]["csto_status"] == "member"
    assert countries["UZB"]["csto_status_today"] == "former"
    assert countries["ARM"]["csto_status"] == "member"  # frozen only since 2024
    assert countries["ARM"]["csto_status_today"] == "frozen"
    assert "status" not in countries["UZB"]
    facilities = _features(files, "csto-facilities-all-1995-06-01.geojson")
    # Closed in 2020, so still active in 1995.
    assert facilities["rus-hostile"]["status"] == "active"
    assert facilities["rus-hostile"]["status_today"] == "closed"


def test_geojson_names_the_sources(past, files):
    countries = _features(files, "csto-countries-all-1995-06-01.geojson")
    uzb = countries["UZB"]
    assert uzb["sources"] == [f"{SRC}/uzb"]
    assert uzb["source_titles"] == [TITLE]
    # No entry: the address itself names the source.
    assert countries["ARM"]["source_titles"] == [f"{SRC}/arm"]


@pytest.mark.parametrize(
    ("choice", "fmt", "layer", "table"),
    [
        ("CSV, countries", "csv", "countries", None),
        ("KML, facilities", "kml", "facilities", None),
        ("GeoPackage, all shown layers", "gpkg", "all", "countries"),
        ("GeoPackage, all shown layers", "gpkg", "all", "facilities"),
    ],
)
def test_other_formats_at_a_past_date(past, files, choice, fmt, layer, table):
    past.selectbox(key="export_format").set_value(choice).run()
    assert not past.exception
    name = f"csto-{'layers' if layer == 'all' else layer}-all-1995-06-01.{fmt}"
    assert name in files, sorted(files)
    back = read_export(_made(files[name]), fmt, layer=table)
    rows = back.set_index("id")
    if (table or layer) == "countries":
        assert rows.loc["UZB", "csto_status"] == "member"
        assert rows.loc["UZB", "csto_status_today"] == "former"
        assert rows.loc["UZB", "source_titles"] == [TITLE]
    else:
        assert rows.loc["rus-hostile", "status"] == "active"
        assert rows.loc["rus-hostile", "status_today"] == "closed"
    if fmt == "csv":
        assert set(back["map_date"]) == {ON.isoformat()}
    if fmt == "gpkg":
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "x.gpkg"
            path.write_bytes(_made(files[name]))
            with sqlite3.connect(path) as db:
                meta = dict(db.execute("select key, value from metadata"))
        assert meta["map_date"] == ON.isoformat()


def test_details_panel_names_the_sources_and_the_popup_stays_short(named_dir, monkeypatch):
    monkeypatch.setenv("CSTO_GEODATA_DIR", str(named_dir))
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update({"date": ON.isoformat(), "sel": "UZB"})
    at = open_page(at)
    panel = "".join(h.proto.body for h in at.get("html"))
    assert ">Example Press — Узбекистан и ДКБ (Apr 1999)</a>" in panel
    assert f'href="{SRC}/uzb"' in panel
    js = json.loads(at.get("component_instance")[0].proto.json_args)["feature_group"]
    # The map's popups carry no source list: the panel does.
    assert "csto-sources" not in js and "Details and sources in the panel by the map." in js
