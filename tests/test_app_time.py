"""Date, search, distance filter, linked table and shared link, through AppTest."""

from __future__ import annotations

from datetime import date

import pytest
from pyproj import Geod
from streamlit.testing.v1 import AppTest

from dashboard.logic import style
from tests.apptest import APP, downloaded, drawn, drawn_looks, map_args, open_page
from tests.tiny_layers import ALL


@pytest.fixture
def app_at(geodata_dir, monkeypatch):
    """An AppTest not yet run, so a test can give it query parameters first."""
    monkeypatch.setenv("CSTO_GEODATA_DIR", str(geodata_dir))
    return AppTest.from_file(APP, default_timeout=60)


def fill_of(at: AppTest, iso3: str) -> str:
    looks = drawn_looks(at, "countries")
    assert iso3 in looks, f"{iso3} not drawn"
    return looks[iso3]["s"]["fillColor"]


def param(at: AppTest, key: str) -> str | None:
    """The value of one query parameter the app wrote."""
    value = at.query_params.get(key)
    return value[-1] if isinstance(value, list) else value


def table_ids(at: AppTest) -> dict[str, list[str]]:
    """The ids in each layer's tab of the table (layers with rows only)."""
    out: dict[str, list[str]] = {}
    for frame in at.dataframe:
        layer = frame.key.removeprefix("table_")
        if len(frame.value):
            out[layer] = sorted(frame.value["id"])
    return out


def test_date_recolours_countries_and_narrows_map_and_downloads(app, downloads):
    assert fill_of(app, "UZB") == style.STATUS_COLOURS["former"]
    app.slider(key="date").set_value(date(1995, 1, 1)).run()
    assert not app.exception
    assert fill_of(app, "UZB") == style.STATUS_COLOURS["member"]
    assert fill_of(app, "ARM") == style.STATUS_COLOURS["member"]  # frozen only since 2024
    # Facilities opened 1995-03-16; every zone started in 2021.
    expected = {"countries": ALL["countries"]}
    assert drawn(app) == expected
    files = downloaded(app, downloads)
    assert files["facilities"] == [] and files["conflicts"] == []
    assert files["countries"] == ALL["countries"]
    assert table_ids(app) == expected


def test_ended_features_hidden_when_the_past_is_switched_off(app):
    app.checkbox(key="past").uncheck().run()
    assert drawn(app) == {
        "countries": ALL["countries"],
        "conflicts": ["afg-border", "rus-pipeline"],
        "facilities": ["arm-102-base", "kgz-kant", "kgz-koy-sary"],
    }


def test_table_shows_exactly_what_the_map_draws(app):
    assert table_ids(app) == drawn(app) == ALL
    app.multiselect(key="facility_types").set_value(["radar"]).run()
    assert table_ids(app) == drawn(app)


@pytest.mark.parametrize(
    ("query", "found"),
    [("Old Kant Air Base", "kgz-kant"), ("uzbekistan", "UZB"), ("kant", "kgz-kant")],
)
def test_search_selects_and_moves_the_map(app, query, found):
    app.text_input(key="q").input(query).run()
    assert not app.exception
    args = map_args(app)
    assert args["center"] is not None and args["zoom"] is not None
    details = app.get("flex_container")  # the bordered details box holds the feature's HTML
    assert details
    assert param(app, "q") == query and param(app, "sel") == found


def test_search_with_several_hits_offers_a_choice(app):
    app.text_input(key="q").input("border").run()
    picks = [r for r in app.radio if r.key and r.key.startswith("q_pick_")]
    assert len(picks) == 1 and len(picks[0].options) >= 2


def test_within_km_filter_matches_independent_geodesic_distances(app):
    # uzb-radar (65, 40): nearest active zone is the Afghan border box, corner (66, 37).
    km = Geod(ellps="WGS84").inv(65.0, 40.0, 66.0, 37.0)[2] / 1000
    frame = app.dataframe(key="table_facilities").value.set_index("id")
    assert frame.loc["uzb-radar", "Conflict zone km"] == pytest.approx(km, abs=1.0)
    assert frame.loc["uzb-radar", "Nearest active zone"] == "Afghan border"
    app.number_input(key="within").set_value(km - 5).run()
    assert drawn(app)["facilities"] == ["rus-hostile"]
    app.number_input(key="within").set_value(km + 5).run()
    assert drawn(app)["facilities"] == ["rus-hostile", "uzb-radar"]
    assert table_ids(app)["facilities"] == ["rus-hostile", "uzb-radar"]
    assert float(param(app, "within")) == pytest.approx(km + 5)


def test_shared_link_seeds_the_widgets(app_at):
    app_at.query_params.update(
        {"date": "2010-01-01", "countries": "KGZ", "lat": "41.5", "lon": "74", "zoom": "6"}
    )
    at = app_at.run()
    assert not at.exception
    first_map = map_args(at)["feature_group"]  # drawn before the sidebar comes
    assert drawn(at)["countries"] == ["KGZ"] and param(at, "date") == "2010-01-01"
    at.run()  # the map's report that it has drawn brings the sidebar
    assert at.slider(key="date").value == date(2010, 1, 1)
    assert at.multiselect(key="countries_members").value == ["KGZ"]
    assert map_args(at)["feature_group"] == first_map
    args = map_args(at)
    # The map starts there (a center handed to st_folium could undo the user's first pans).
    assert "[41.5, 74.0]" in args["script"] and '"zoom": 6' in args["script"]
    assert args["center"] is None
    assert drawn(at)["countries"] == ["KGZ"]
    # The address keeps saying what is shown.
    assert param(at, "date") == "2010-01-01" and param(at, "countries") == "KGZ"
    at.slider(key="date").set_value(date(2012, 1, 1)).run()
    assert param(at, "date") == "2012-01-01" and param(at, "zoom") == "6"


@pytest.mark.parametrize(
    "params",
    [
        {"date": "yesterday"},
        {"zoom": "999", "lat": "north"},
        {"countries": "XXX,<b>hi</b>"},
        {"nonsense": "1", "past": "maybe", "within": "-3"},
        {"sel": "no-such-feature", "basemap": "Atlantis"},
    ],
)
def test_malformed_link_gives_a_note_not_an_exception(app_at, params):
    app_at.query_params.update(params)
    at = app_at.run()
    assert not at.exception
    notes = "\n".join(t.value for t in at.text)
    assert "ignored" in notes
    assert drawn(at) == ALL


def test_closing_the_details_removes_the_selection_and_its_outline(app):
    app.text_input(key="q").input("Kant Air Base").run()
    assert "ffd400" in map_args(app)["feature_group"]  # the outline's colour
    assert param(app, "sel") == "kgz-kant"
    app.button(key="clear_sel").click().run()
    assert "ffd400" not in map_args(app)["feature_group"]
    assert param(app, "sel") is None
    assert not [b for b in app.button if b.key == "clear_sel"]


@pytest.mark.parametrize(
    ("choice", "label"),
    [
        ("GeoPackage, all shown layers", "Download GPKG"),
        ("CSV, facilities", "Download CSV"),
        ("KML, countries", "Download KML"),
    ],
)
def test_export_format_choice_sets_the_button(app, choice, label):
    app.selectbox(key="export_format").set_value(choice).run()
    (button,) = [b for b in app.get("download_button") if b.proto.id.endswith("download_other")]
    assert button.label == label
    assert app.selectbox(key="export_format").options[0] == "GeoPackage, all shown layers"


def test_link_can_hide_ended_features_and_select_one(app_at):
    app_at.query_params.update({"past": "0", "sel": "uzb-radar"})
    at = open_page(app_at)
    assert not at.exception
    assert at.checkbox(key="past").value is False
    assert drawn(at)["conflicts"] == ["afg-border", "rus-pipeline"]
    assert "ffd400" in map_args(at)["feature_group"]  # the selected radar is outlined
    assert param(at, "past") == "0" and param(at, "sel") == "uzb-radar"
