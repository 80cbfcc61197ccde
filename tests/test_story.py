"""Story mode's plain logic: loading stories, a chapter's map state, view, sources, badges."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pytest

from dashboard.logic import story
from dashboard.logic.layers import load_layers
from tests.story_tiny import OTHER, SRC, write_story
from tests.tiny_layers import write_layers

TODAY = date(2026, 11, 1)


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """Fixture layers with one story written as YAML and no stories.json."""
    return write_story(write_layers(tmp_path_factory.mktemp("story")))


@pytest.fixture(scope="module")
def tour(folder) -> dict:
    (found,) = story.load_stories(folder)
    return found


def test_yaml_only_folder_is_built_in_memory_with_results(tour):
    assert tour["id"] == "tiny-tour" and len(tour["chapters"]) == 4
    first, second, third, _ = (c["claim"] for c in tour["chapters"])
    assert first["result"]["summary"] == "3 members on 2024: ARM, KGZ, RUS"
    assert second["result"] is None
    assert third["result"]["value"] == 1


def test_built_file_is_read_unless_a_source_is_newer(folder, tour, tmp_path):
    (tmp_path / "sources").mkdir()
    built = tmp_path / "stories.json"
    built.write_text(json.dumps([{**tour, "title": "As built"}]), encoding="utf-8")
    assert story.load_stories(tmp_path)[0]["title"] == "As built"
    # A story source newer than the built file (one being written) wins.
    (tmp_path / "sources" / "stories").mkdir()
    yaml_file = tmp_path / "sources" / "stories" / "tiny-tour.yaml"
    yaml_file.write_text((folder / "sources/stories/tiny-tour.yaml").read_text(), "utf-8")
    for name in ("countries", "facilities", "conflicts"):
        (tmp_path / f"{name}.geojson").write_text((folder / f"{name}.geojson").read_text())
    later = built.stat().st_mtime_ns + 10**9
    os.utime(yaml_file, ns=(later, later))
    assert story.load_stories(tmp_path)[0]["title"] == "A tiny tour"
    assert story.signature(tmp_path) != (("stories.json", built.stat().st_mtime_ns),)


def test_no_stories_and_broken_sources(folder, tmp_path):
    assert story.load_stories(tmp_path) == []
    broken = tmp_path / "sources" / "stories"
    broken.mkdir(parents=True)
    (broken / "bad.yaml").write_text("id: Bad Id\ntitle: x\n", encoding="utf-8")
    with pytest.raises(story.StoryError, match="bad.yaml"):
        story.load_stories(tmp_path)
    assert story.load_built(tmp_path) == []  # what the app falls back to


def test_shipped_stories_load():
    shipped = story.load_stories(Path("geodata"))
    assert {s["id"] for s in shipped} >= {"csto-record", "legacy-facilities"}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ({}, (None, 0, 0)),
        ({"story": "tiny-tour"}, ("tiny-tour", 0, 0)),
        ({"story": ["x", "tiny-tour"], "chapter": "3"}, ("tiny-tour", 2, 0)),
        ({"story": "tiny-tour", "chapter": "4"}, ("tiny-tour", 3, 0)),
        ({"story": "tiny-tour", "chapter": "5"}, ("tiny-tour", 0, 1)),
        ({"story": "tiny-tour", "chapter": "-1"}, ("tiny-tour", 0, 1)),
        ({"story": "tiny-tour", "chapter": "two"}, ("tiny-tour", 0, 1)),
        ({"story": "nope", "chapter": "2"}, (None, 0, 1)),
        ({"chapter": "2"}, (None, 0, 1)),
    ],
)
def test_parse_link(tour, raw, expected):
    story_id, index, notes = story.parse_link(raw, [tour])
    assert (story_id, index, len(notes)) == expected


def test_date_label_keeps_the_written_precision(tour):
    assert story.date_label(tour["chapters"][0]) == "2024 (the map shows 2024-01-01)"
    assert story.date_label(tour["chapters"][1]) == "May 2023 (the map shows 2023-05-01)"
    assert story.date_label(tour["chapters"][2]) == "30 Apr 2021"


def test_link_is_one_based():
    assert story.link("tiny-tour", 2) == {"story": "tiny-tour", "chapter": "3"}


def test_scene_sets_date_layers_filters_and_clears_the_rest(tour):
    first = story.scene(tour["chapters"][0], TODAY, width_px=600, height_px=620)
    assert first.date == date(2024, 1, 1)  # a year counts from its first day
    assert first.shown == ("countries",)
    assert (first.countries, first.zones, first.facility_types) == ((), (), ())
    assert first.past is False and first.within is None
    assert first.features == ("ARM", "KGZ")
    fourth = story.scene(tour["chapters"][3], TODAY, width_px=600, height_px=620)
    assert fourth.date == date(2022, 9, 14)
    assert fourth.shown == ("countries", "conflicts", "facilities")  # LAYER_NAMES order
    assert fourth.countries == ("ARM",) and fourth.facility_types == ("army base",)
    assert fourth.facility_statuses == ("active",) and fourth.within == 50.0
    assert fourth.view == (40.0, 45.0, 8)
    third = story.scene(tour["chapters"][2], TODAY, width_px=600, height_px=620)
    assert third.past is True and third.zones == ("kgz-uzb-border",)


def test_a_chapter_listing_arms_draws_the_transfers(tour):
    plain = story.scene(tour["chapters"][0], TODAY, width_px=600, height_px=620)
    assert plain.arms is False
    chapter = {**tour["chapters"][0], "layers": ["countries", "arms"]}
    with_arms = story.scene(chapter, TODAY, width_px=600, height_px=620)
    assert with_arms.arms is True and with_arms.shown == ("countries",)


def test_scene_date_stays_in_the_slider_range(tour):
    chapter = {**tour["chapters"][0], "date": "2026-11"}
    assert story.scene(chapter, date(2026, 10, 5), width_px=600, height_px=620).date == date(
        2026, 10, 5
    )


def test_fit_frames_the_box():
    lat, lon, zoom = story.fit([[35.0, 22.0], [60.0, 90.0]], width_px=600, height_px=620)
    assert lon == 56.0 and 47.5 < lat < 49.5  # the Mercator middle lies north of 47.5
    assert zoom == 3  # 68 degrees of longitude are ~387 px at zoom 3, ~774 px at zoom 4
    assert story.fit([[35.0, 22.0], [60.0, 90.0]], width_px=1200, height_px=1000)[2] == 4
    small = story.fit([[42.0, 74.0], [43.0, 75.0]], width_px=600, height_px=620)
    assert small[2] == 9  # one degree is ~364 px at zoom 9


def test_sources_are_labelled_or_shown_readably(folder, tour):
    entries = story.load_sources(folder)
    links = story.sources(tour["chapters"][2], entries)
    assert links[0] == story.Source("Example — A source (Sep 2022)", SRC)
    assert links[1] == story.Source(OTHER, OTHER)
    assert story.load_sources(folder / "nowhere") == {}


def test_verdict_badges_and_result_lines(tour):
    assert [story.verdict_colour(c["claim"]["verdict"]) for c in tour["chapters"]] == [
        "green",
        "gray",
        "orange",
        "red",
    ]
    assert story.verdict_colour("invented") == "gray"
    first, second, third, _ = (c["claim"] for c in tour["chapters"])
    assert story.check_label(second) is None
    assert story.check_label(third) == "conflicts_on(date=2021-04-30, conflicts=kgz-uzb-border)"


def test_outlined_finds_each_feature_in_its_layer(folder, tour):
    data = load_layers(folder)
    found = story.outlined(data, tour["chapters"][3])
    assert [(layer, props["id"]) for layer, props, _ in found] == [
        ("facilities", "arm-102-base"),
        ("conflicts", "arm-clash"),
        ("countries", "ARM"),
    ]
    assert all(geom is not None and "geometry" not in props for _, props, geom in found)
    assert story.outlined(data, {"features": ["nowhere"]}) == []


def test_shorten_cuts_at_a_word():
    assert story.shorten("short", 10) == "short"
    assert story.shorten("one two, three four", 12) == "one two …"
