"""The arms layer through links: ``?arms=1`` keeps it on, a chapter listing ``arms`` turns it
on, the next chapter without it and leaving the story turn it off again."""

from __future__ import annotations

import json
import os

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.logic.story import load_stories
from tests.apptest import APP, map_args, open_page
from tests.story_tiny import write_story
from tests.tiny_layers import write_layers

SRC = "https://example.org/a"
DEAL = {
    "id": "blr-aze-x",
    "supplier": "BLR",
    "recipient": "AZE",
    "system": "Launchers",
    "category": "rocket artillery",
    "ordered": None,
    "delivered": [2018],
    "number": 6,
    "notes": "",
    "sources": [SRC],
    "evidence": {"delivered": [{"source": SRC, "at": "p. 1", "says": "Delivered in 2018."}]},
}


@pytest.fixture(scope="module")
def arms_story_dir(tmp_path_factory):
    """Fixture layers, one deal, and the tiny story built with ``arms`` in chapter 1's layers."""
    directory = write_story(write_layers(tmp_path_factory.mktemp("armslink")))
    (directory / "arms.json").write_text(json.dumps([DEAL]), encoding="utf-8")
    stories = load_stories(directory)
    stories[0]["chapters"][0]["layers"] = ["countries", "arms"]
    (directory / "stories.json").write_text(json.dumps(stories), encoding="utf-8")
    for path in (directory / "sources" / "stories").glob("*.yaml"):
        os.utime(path, ns=(0, 0))  # the built file is the newer: the app reads it as built
    return directory


def open_link(directory, monkeypatch, **params):
    monkeypatch.setenv("CSTO_GEODATA_DIR", str(directory))
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    return open_page(at)


def arrows(at) -> int:
    return map_args(at)["feature_group"].count('"csto-arms"')


def test_a_link_with_arms_1_opens_with_the_arrows_and_keeps_the_parameter(
    arms_story_dir, monkeypatch
):
    at = open_link(arms_story_dir, monkeypatch, arms="1", date="2020-09-27")
    assert at.sidebar.checkbox(key="show_arms").value is True
    assert arrows(at) == 1
    value = at.query_params["arms"]
    assert (value[-1] if isinstance(value, list) else value) == "1"
    # Unticking takes the parameter out of the address.
    at.sidebar.checkbox(key="show_arms").uncheck().run()
    at.run()
    assert arrows(at) == 0
    assert "arms" not in at.query_params


def test_without_the_parameter_the_arrows_stay_off(arms_story_dir, monkeypatch):
    at = open_link(arms_story_dir, monkeypatch, date="2020-09-27")
    assert at.sidebar.checkbox(key="show_arms").value is False
    assert arrows(at) == 0


def test_a_chapter_listing_arms_turns_the_layer_on_and_the_next_turns_it_off(
    arms_story_dir, monkeypatch
):
    at = open_link(arms_story_dir, monkeypatch, story="tiny-tour", chapter="1")
    assert at.sidebar.checkbox(key="show_arms").value is True
    assert arrows(at) == 1
    at = open_link(arms_story_dir, monkeypatch, story="tiny-tour", chapter="2")
    assert at.sidebar.checkbox(key="show_arms").value is False
    assert arrows(at) == 0


def test_the_other_formats_carry_the_arrows_when_they_are_shown(
    arms_story_dir, monkeypatch, downloads
):
    from dashboard.logic.formats import read_export
    from tests.apptest import served_bytes

    at = open_link(arms_story_dir, monkeypatch, date="2020-09-27")
    assert "CSV, arms transfers" not in at.selectbox(key="export_format").options
    at = open_link(arms_story_dir, monkeypatch, arms="1", date="2020-09-27")
    for choice, fmt in (("CSV, arms transfers", "csv"), ("GeoPackage, all shown layers", "gpkg")):
        at.selectbox(key="export_format").set_value(choice).run()
        at.run()
        (button,) = [b for b in at.get("download_button") if b.proto.id.endswith("download_other")]
        got = read_export(served_bytes(button, downloads), fmt, layer="arms")
        assert list(got["id"]) == ["blr-aze-x"]
        assert got.iloc[0]["evidence"] == DEAL["evidence"]
        assert (got.iloc[0]["supplier_capital"], got.iloc[0]["recipient_capital"]) == (
            "Minsk",
            "Baku",
        )
