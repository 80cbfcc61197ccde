"""The app as a whole, through Streamlit's AppTest: widgets in, map and downloads out."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.map import assets, build
from dashboard.map.offline import STATIC_DIR as STATIC
from tests.apptest import APP, downloaded, drawn, map_args, map_state, served_bytes
from tests.tiny_layers import ALL


def test_first_run_sends_the_map_and_the_rest_follows_on_the_next(geodata_dir, monkeypatch):
    monkeypatch.setenv("CSTO_GEODATA_DIR", str(geodata_dir))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception, at.exception
    # The map, whole, and its legend; what is under it is announced, not yet sent.
    assert drawn(at) == ALL
    assert "Loading the table, the timeline and the downloads" in " ".join(
        c.value for c in at.caption
    )
    assert not at.dataframe and not at.get("download_button") and not at.expander
    # The sidebar holds its place with a note; its controls come with the rest.
    assert not at.sidebar.slider and not at.sidebar.multiselect
    assert "Loading the date, search, layer and filter controls" in at.sidebar.caption[0].value
    first_map = map_args(at)["feature_group"]
    # The map's script reports once it has drawn a state asking for it; that report reruns
    # the app.
    assert f"value[{json.dumps(build.DRAWN_SIGNAL)}] = n;" in map_args(at)["script"]
    assert map_state(at)["report"] == 1
    at.session_state["map"] = {build.DRAWN_SIGNAL: 1}
    at.run()
    assert not at.exception, at.exception
    # One table per layer, each in its own tab.
    assert len(at.dataframe) == 3 and at.get("download_button") and at.expander
    assert at.sidebar.slider and len(at.sidebar.multiselect) >= 5
    assert "Loading" not in " ".join(c.value for c in [*at.caption, *at.sidebar.caption])
    # The controls start where the first run's map assumed: the map does not change.
    assert map_args(at)["feature_group"] == first_map
    assert drawn(at) == ALL


def test_a_browser_whose_map_is_drawn_gets_the_whole_page_at_once(geodata_dir, monkeypatch):
    # A page reconnecting to a new session (its replica died) still shows its map, which
    # will not report again: its first run carries the map's last value.
    monkeypatch.setenv("CSTO_GEODATA_DIR", str(geodata_dir))
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["countries"] = "KGZ"
    at.session_state["map"] = {build.DRAWN_SIGNAL: True}
    at.run()
    assert not at.exception, at.exception
    assert len(at.dataframe) == 3 and at.get("download_button") and at.sidebar.multiselect
    assert drawn(at)["countries"] == ["KGZ"]


def test_app_runs_and_draws_everything(app):
    assert drawn(app) == ALL
    args = map_args(app)
    # Leaflet, then the map's own functions, both served by the app itself.
    assert args["js_links"] == ["../../app/static/vendor/leaflet/leaflet.js", assets.JS_URL]
    assert args["css_links"][-1] == assets.CSS_URL
    assert all(not link.startswith("http") for link in args["css_links"])
    for url in (assets.JS_URL, assets.CSS_URL):
        assert (STATIC / url.removeprefix("../../app/static/")).is_file()
    assert args["returned_objects"] == ["last_object_clicked_tooltip"]
    # The sidebar is the one switch of the data layers: no layer control on the map.
    assert args["layer_control"] is None and args["width"] is None
    assert [b.label for b in app.get("download_button")] == [
        "Countries (5)",
        "Conflict zones (4)",
        "Facilities (5)",
        "All layers shown (14)",
        "Download GPKG",
        "Download image",
    ]
    assert "Natural Earth" in "".join(m.value for m in app.markdown)


def test_downloads_equal_the_map_at_start(app, downloads):
    app.run()
    files = downloaded(app, downloads)
    assert {k: files[k] for k in ALL} == drawn(app)
    assert len(files["all"]) == 14
    button = app.get("download_button")[0]
    meta = json.loads(served_bytes(button, downloads))["csto_map"]
    assert meta["dataset_date"] == "2026-11-01" and meta["filters"]["countries"] == []
    assert "Natural Earth" in meta["attribution"]


@pytest.mark.parametrize(
    ("key", "value", "expected"),
    [
        (
            "countries_members",
            ["KGZ"],
            {
                "countries": ["KGZ"],
                "conflicts": ["kgz-uzb-border"],
                "facilities": ["kgz-kant", "kgz-koy-sary"],
            },
        ),
        (
            "countries_former",
            ["UZB"],
            {"countries": ["UZB"], "conflicts": ["kgz-uzb-border"], "facilities": ["uzb-radar"]},
        ),
        (
            "countries_neighbours",
            ["AFG"],
            {"countries": ["AFG"], "conflicts": ["afg-border"]},
        ),
        (
            "facility_types",
            ["radar"],
            {**ALL, "facilities": ["rus-hostile", "uzb-radar"]},
        ),
        (
            "facility_statuses",
            ["active"],
            {**ALL, "facilities": ["arm-102-base", "kgz-kant", "kgz-koy-sary"]},
        ),
        ("zones", ["arm-clash"], {**ALL, "conflicts": ["arm-clash"]}),
    ],
)
def test_each_filter_narrows_map_and_downloads_alike(app, downloads, key, value, expected):
    app.multiselect(key=key).set_value(value).run()
    assert not app.exception
    assert drawn(app) == expected
    files = downloaded(app, downloads)
    assert {k: v for k, v in files.items() if k != "all" and v} == expected
    assert sorted(files["all"]) == sorted(i for ids in expected.values() for i in ids)


def test_layer_toggle_removes_layer_from_map_and_downloads(app, downloads):
    app.checkbox(key="show_facilities").uncheck().run()
    assert "facilities" not in drawn(app)
    files = downloaded(app, downloads)
    assert "facilities" not in files and len(files["all"]) == 9


def test_basemap_choice_adds_attributed_tiles(app):
    app.selectbox(key="basemap").set_value("OpenStreetMap").run()
    js = map_args(app)["feature_group"]
    assert "tile.openstreetmap.org" in js and "OpenStreetMap" in js
    assert drawn(app) == ALL


def test_base_map_stays_the_same_when_filters_change(app):
    before = map_args(app)
    app.multiselect(key="facility_types").set_value(["radar"]).run()
    after = map_args(app)
    # Same script and key: st_folium keeps the mounted map (and the user's view).
    assert before["script"] == after["script"] and before["key"] == after["key"]
    assert before["feature_group"] != after["feature_group"]


def test_broken_layer_shows_a_message_not_a_traceback(tmp_path, monkeypatch):
    from tests.tiny_layers import write_layers

    write_layers(tmp_path)
    (tmp_path / "facilities.geojson").write_text("{not json", encoding="utf-8")
    monkeypatch.setenv("CSTO_GEODATA_DIR", str(tmp_path))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert "facilities.geojson" in at.warning[0].value and "geodata.build" in at.warning[0].value
