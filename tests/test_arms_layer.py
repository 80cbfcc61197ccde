"""Arms transfers on the map: which deals are drawn on a date, their arrows, their texts."""

from __future__ import annotations

import json
from datetime import date

import pytest
from shapely.geometry import Point

from dashboard.logic import arms, style
from dashboard.map import build

DEAL = {
    "id": "blr-aze-x",
    "supplier": "BLR",
    "recipient": "AZE",
    "system": "Launchers <b>X</b>",
    "category": "rocket artillery",
    "ordered": None,
    "delivered": [2018, 2019],
    "number": None,
    "notes": "A note & more",
    "sources": ["https://example.org/a"],
    "evidence": {
        "delivered": [
            {
                "source": "https://example.org/a",
                "at": "https://example.org/a#x",
                "says": "Shown <i>",
            },
            {"source": "https://example.org/a", "at": "javascript:alert(1)", "says": "Bad link"},
        ]
    },
}
NAMES = {"BLR": "Belarus", "AZE": "Azerbaijan"}


@pytest.mark.parametrize(
    ("delivered", "on", "expected"),
    [
        ([2018], date(2018, 12, 31), False),  # a year counts once it is over
        ([2018], date(2019, 1, 1), True),
        ([2020], date(2020, 9, 27), False),
        ([2019, 2020], date(2020, 9, 27), True),
        ([], date(2026, 1, 1), False),  # no year of delivery: never drawn
    ],
)
def test_a_deal_is_drawn_once_a_year_of_delivery_is_over(delivered, on, expected):
    assert arms.delivered_by({**DEAL, "delivered": delivered}, on) is expected


@pytest.mark.parametrize(
    ("number", "expected"),
    [(None, arms.DEFAULT_WIDTH), (0, arms.DEFAULT_WIDTH), (9, 3.5), (10**9, arms.MAX_WIDTH)],
)
def test_width_grows_with_the_number_delivered(number, expected):
    assert arms.width(number) == pytest.approx(expected)


def test_the_arrow_curves_from_capital_to_capital_with_a_head():
    start, end = (27.57, 53.90), (49.87, 40.41)
    shape = arms.arc(start, end)
    curve, *barbs = shape.geoms
    assert curve.coords[0] == pytest.approx(start) and curve.coords[-1] == pytest.approx(end)
    assert len(barbs) == 2 and all(b.coords[-1] == pytest.approx(end) for b in barbs)
    # Curved: the middle point is off the straight chord.
    chord_mid = Point((start[0] + end[0]) / 2, (start[1] + end[1]) / 2)
    assert Point(curve.coords[len(curve.coords) // 2]).distance(chord_mid) > 1


@pytest.mark.parametrize(
    ("countries", "expected"),
    [((), ["blr-aze-x"]), (("AZE",), ["blr-aze-x"]), (("BLR",), ["blr-aze-x"]), (("KGZ",), [])],
)
def test_the_country_filter_narrows_the_deals(countries, expected):
    frame = arms.drawn([DEAL], date(2024, 1, 1), countries)
    assert list(frame["id"]) == expected


def test_deals_of_unknown_capitals_and_undelivered_ones_are_left_out():
    unknown = {**DEAL, "id": "x", "supplier": "ZZZ"}
    assert arms.drawn([unknown, DEAL], date(2018, 6, 1)).empty


def test_click_names_the_deal_and_its_evidence_escaped():
    html = arms.popup_html(DEAL, NAMES)
    assert "Belarus → Azerbaijan: Launchers &lt;b&gt;X&lt;/b&gt;" in html
    assert "Shown &lt;i&gt;" in html and "A note &amp; more" in html
    assert 'href="https://example.org/a#x"' in html and "javascript:" not in html
    assert "not published" in html  # the number
    assert "<b>X</b>" not in arms.tooltip_html(DEAL, NAMES)


def test_map_group_colours_by_supplier_and_export_keeps_evidence():
    frame = arms.drawn([DEAL], date(2024, 1, 1))
    group = build.arms_layer(frame, {DEAL["id"]: DEAL}, NAMES)
    (feature,) = group._children.values()
    assert feature.path_style["color"] == style.supplier_colour("BLR")
    assert feature.path_style["weight"] == arms.DEFAULT_WIDTH
    data = json.loads(arms.geojson_bytes(frame, {DEAL["id"]: DEAL}))
    (only,) = data["features"]
    assert only["properties"]["evidence"] == DEAL["evidence"]
    assert only["geometry"]["type"] == "MultiLineString"
    rows = arms.table(frame, NAMES)
    assert rows[0]["deal"] == "Belarus → Azerbaijan: Launchers <b>X</b>"  # a grid shows text


def test_supplier_colours_are_distinct_from_votes_facilities_and_each_other():
    colours = list(style.SUPPLIER_COLOURS.values())
    assert len(set(colours)) == len(colours)
    others = {*style.VOTE_COLOURS.values(), *(s.colour for s in style.FACILITY_SYMBOLS.values())}
    assert not set(colours) & others


@pytest.fixture
def arms_dir(geodata_dir, tmp_path):
    import shutil

    folder = tmp_path / "geodata"
    shutil.copytree(geodata_dir, folder)
    later = {**DEAL, "id": "rus-kgz-y", "supplier": "RUS", "recipient": "KGZ", "delivered": [2021]}
    (folder / "arms.json").write_text(json.dumps([DEAL, later]), encoding="utf-8")
    return folder


def test_the_checkbox_draws_the_arrows_with_tab_legend_and_download(
    arms_dir, monkeypatch, downloads
):
    from streamlit.testing.v1 import AppTest

    from tests.apptest import APP, map_args, open_page, served_bytes

    monkeypatch.setenv("CSTO_GEODATA_DIR", str(arms_dir))
    at = open_page(AppTest.from_file(APP, default_timeout=60))
    assert "csto-arms" not in map_args(at)["feature_group"]  # off by default
    assert not [t for t in at.tabs if t.label.startswith(arms.TITLE)]
    at.sidebar.checkbox(key="show_arms").check().run()
    at.run()  # the rest of the page follows the map (tests: no report from a browser)
    assert not at.exception, at.exception
    assert map_args(at)["feature_group"].count('"csto-arms"') == 2
    assert [t.label for t in at.tabs if t.label.startswith(arms.TITLE)] == [f"{arms.TITLE} (2)"]
    assert any("Arms transfers, by supplier" in h.proto.body for h in at.get("html"))
    (button,) = [b for b in at.get("download_button") if b.proto.id.endswith("download_arms")]
    ids = [f["id"] for f in json.loads(served_bytes(button, downloads))["features"]]
    assert sorted(ids) == ["blr-aze-x", "rus-kgz-y"]
    # The country filter narrows them: Kyrgyzstan's deal alone.
    at.sidebar.multiselect(key="countries_members").select("KGZ").run()
    at.run()
    assert map_args(at)["feature_group"].count('"csto-arms"') == 1
    assert [t.label for t in at.tabs if t.label.startswith(arms.TITLE)] == [f"{arms.TITLE} (1)"]
