"""Colour countries by a UN General Assembly vote: the plain logic, the link and the app."""

from __future__ import annotations

import csv
import io
import json
import shutil

import geopandas as gpd
import pytest
from shapely.geometry import box
from streamlit.testing.v1 import AppTest

from dashboard.logic import popups, style, urlstate, votes
from dashboard.logic.choices import Choices
from dashboard.map import layerstate
from tests.apptest import APP, drawn_looks, open_page, served_bytes

RESOLUTION = {
    "id": "ES-11/1",
    "symbol": "A/RES/ES-11/1",
    "date": "2022-03-02",
    "votes": [
        {"country": "ARM", "vote": "abstain", "evidence": {}},
        {"country": "KGZ", "vote": "absent", "evidence": {}},
        {"country": "RUS", "vote": "no", "evidence": {}},
        {"country": "UZB", "vote": "yes", "evidence": {}},
    ],
}
UNDATED = {"id": "2026-02-24", "symbol": None, "date": "2026-02-24", "votes": []}


def _countries(*iso3: str) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"id": list(iso3), "iso3": list(iso3), "name": list(iso3), "status": "member"},
        geometry=[box(i, 0, i + 1, 1) for i in range(len(iso3))],
        crs="EPSG:4326",
    )


@pytest.mark.parametrize(
    ("iso3", "expected"),
    [
        ("RUS", "no"),
        ("UZB", "yes"),
        ("ARM", "abstain"),
        ("KGZ", "absent"),
        ("AFG", "no record"),  # no vote in the data is not "absent"
    ],
)
def test_each_state_reads_its_recorded_vote(iso3, expected):
    assert votes.vote_of(RESOLUTION, iso3) == expected
    coloured = votes.with_votes(_countries(iso3), RESOLUTION)
    assert list(coloured["vote"]) == [expected]
    assert list(coloured["vote_on"]) == ["ES-11/1"]


@pytest.mark.parametrize(
    ("vote", "colour"),
    [(v, style.VOTE_COLOURS[v]) for v in votes.VOTE_VALUES],
)
def test_a_country_is_filled_by_its_vote(vote, colour):
    props = {"id": "X", "name": "X", "status": "member", "vote": vote, "vote_on": "ES-11/1"}
    assert layerstate.look("countries", props, None, {})["s"]["fillColor"] == colour


def test_status_colouring_is_the_default_and_unchanged():
    frame = _countries("RUS")
    assert votes.with_votes(frame, None) is frame
    props = {"id": "RUS", "name": "Russia", "status": "member"}
    look = layerstate.look("countries", props, None, {})
    assert look["s"]["fillColor"] == style.STATUS_COLOURS["member"]
    assert "Vote" not in look["t"]


def test_vote_colours_are_distinct_from_each_other_and_from_the_statuses():
    colours = list(style.VOTE_COLOURS.values())
    assert set(style.VOTE_COLOURS) == set(votes.VOTE_VALUES)
    assert len(set(colours)) == len(colours)
    assert not set(colours) & {*style.STATUS_COLOURS.values(), style.UNKNOWN_COLOUR}


@pytest.mark.parametrize(
    ("vote_on", "present", "absent"),
    [
        (None, ["Member state", "Former member"], ["Abstain", "No record"]),
        (
            "ES-11/1",
            ["vote on ES-11/1", "Yes", "No", "Abstain", "Absent", "No record"],
            ["Member state"],
        ),
        ("<b>x</b>", ["&lt;b&gt;x&lt;/b&gt;"], ["<b>x</b>"]),
    ],
)
def test_legend_names_what_the_countries_are_coloured_by(vote_on, present, absent):
    legend = style.legend_html(vote_on)
    for text in present:
        assert text in legend
    for text in absent:
        assert text not in legend


def test_tooltip_and_details_say_the_vote_escaped():
    props = {"id": "BLR", "name": "Belarus", "status": "member", "vote": "no", "vote_on": "ES-11/1"}
    tooltip = popups.plain_text(popups.tooltip_html("countries", props))
    assert tooltip == "Belarus · Member state · Vote on ES-11/1: no"
    rows = dict(popups.details_rows("countries", props))
    assert rows["Vote on ES-11/1"] == "no"
    evil = {**props, "vote_on": "<script>x</script>"}
    assert "<script>" not in popups.tooltip_html("countries", evil)


def test_unknown_or_malformed_files_read_as_no_resolutions(tmp_path):
    assert votes.load_votes(tmp_path) == []
    (tmp_path / "votes.json").write_text("{not json", encoding="utf-8")
    assert votes.load_votes(tmp_path) == []
    (tmp_path / "votes.json").write_text(json.dumps([RESOLUTION, {"x": 1}]), encoding="utf-8")
    assert votes.resolution_ids(votes.load_votes(tmp_path)) == ["ES-11/1"]


@pytest.mark.parametrize(
    ("raw", "expected", "noted"),
    [
        ("ES-11/1", "ES-11/1", False),
        ("2026-02-24", "2026-02-24", False),  # no symbol: named by its date
        ("ES-99/9", None, True),
        ("", None, False),
    ],
)
def test_the_link_names_a_resolution(raw, expected, noted):
    valid = {"votes": {"ES-11/1", "2026-02-24"}}
    parsed, notes = urlstate.parse({"votes": raw}, valid=valid)
    assert parsed.votes == expected
    assert bool(notes) is noted
    if expected:
        assert urlstate.serialize(parsed) == {"votes": expected}
    assert "votes" not in urlstate.serialize(Choices())


@pytest.fixture
def voted_dir(geodata_dir, tmp_path):
    folder = tmp_path / "geodata"
    shutil.copytree(geodata_dir, folder)
    text = json.dumps([RESOLUTION, UNDATED])
    (folder / "votes.json").write_text(text, encoding="utf-8")
    return folder


def test_a_link_with_votes_colours_the_map_and_fills_the_exports(voted_dir, monkeypatch, downloads):
    monkeypatch.setenv("CSTO_GEODATA_DIR", str(voted_dir))
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["votes"] = "ES-11/1"
    open_page(at)
    assert not at.exception, at.exception
    (picker,) = [s for s in at.sidebar.selectbox if s.label == "Colour countries by"]
    assert picker.value == "ES-11/1"
    looks = drawn_looks(at, "countries")
    assert looks["RUS"]["s"]["fillColor"] == style.VOTE_COLOURS["no"]
    assert looks["AFG"]["s"]["fillColor"] == style.VOTE_COLOURS["no record"]
    assert "Vote on ES-11/1: no" in popups.plain_text(looks["RUS"]["t"])
    assert any("vote on ES-11/1" in h.proto.body for h in at.get("html"))
    assert at.query_params["votes"] == "ES-11/1"
    (button,) = [b for b in at.get("download_button") if b.proto.id.endswith("download_countries")]
    features = json.loads(served_bytes(button, downloads))["features"]
    assert {f["id"]: f["properties"]["vote"] for f in features}["RUS"] == "no"
    # CSV of the countries carries the column too.
    formats = at.selectbox(key="export_format")
    formats.select(next(o for o in formats.options if o.startswith("CSV, countries"))).run()
    (other,) = [b for b in at.get("download_button") if b.proto.id.endswith("download_other")]
    rows = list(csv.DictReader(io.StringIO(served_bytes(other, downloads).decode("utf-8"))))
    assert {r["id"]: r["vote"] for r in rows}["UZB"] == "yes"
    # Back to alliance status: no vote anywhere.
    picker = next(s for s in at.sidebar.selectbox if s.label == "Colour countries by")
    picker.select("").run()
    looks = drawn_looks(at, "countries")
    assert looks["RUS"]["s"]["fillColor"] == style.STATUS_COLOURS["member"]
    assert "votes" not in at.query_params


def test_a_link_to_an_unknown_resolution_keeps_status_colours(voted_dir, monkeypatch):
    monkeypatch.setenv("CSTO_GEODATA_DIR", str(voted_dir))
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["votes"] = "ES-99/9"
    open_page(at)
    assert not at.exception, at.exception
    assert drawn_looks(at, "countries")["RUS"]["s"]["fillColor"] == style.STATUS_COLOURS["member"]
    assert any("no resolution called 'ES-99/9'" in t.value for t in at.text)


def test_vote_colours_are_not_facility_colours():
    symbols = {s.colour.lower() for s in style.FACILITY_SYMBOLS.values()}
    assert not {c.lower() for c in style.VOTE_COLOURS.values()} & symbols
