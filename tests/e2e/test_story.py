"""Story mode in the browser, on the shipped stories: a link opens a chapter, Next moves the
same map, a narrow embed puts the panel above the map; nothing is fetched from outside."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from dashboard.logic.layers import REPO_GEODATA
from e2e.conftest import MAP_FRAME, READY, open_app, start_server, stop_server
from e2e.test_map import external

VIEW_JS = "() => [window.map.getCenter().lat, window.map.getCenter().lng, window.map.getZoom()]"
OUTLINE = 'path.leaflet-interactive[stroke="#ffd400"]'


@pytest.fixture(scope="module")
def story_server(tmp_path_factory):
    if not (REPO_GEODATA / "stories.json").exists():
        pytest.skip("geodata/ has no built stories yet (python -m geodata.build)")
    server = start_server(REPO_GEODATA, tmp_path_factory.mktemp("logs") / "story.log")
    yield server
    stop_server(server)


def params(page) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(urlsplit(page.url).query).items()}


def test_link_opens_chapter_three_and_next_moves_the_same_map(page, story_server, screenshot):
    visit = open_app(page, f"{story_server.url}/?story=csto-record&chapter=3")
    expect(page.get_by_role("heading", name="Drugs and migration")).to_be_visible()
    lat, lon, zoom = visit.map_frame().evaluate(VIEW_JS)
    assert (round(lat, 2), round(lon, 2), zoom) == (37.6, 70.5, 7)
    expect(visit.map.locator(OUTLINE)).to_have_count(1)
    screenshot("chapter-3")
    # A mark on the map's window survives only if the frame is not reloaded.
    visit.map_frame().evaluate("() => { window.__storyMark = 'same frame'; }")

    page.get_by_role("button", name="Next").click()
    expect(
        page.get_by_role("heading", name="One collective mission, in January 2022")
    ).to_be_visible()
    frame = visit.map_frame()
    frame.wait_for_function("() => Math.abs(window.map.getCenter().lat - 43.3) < 0.01")
    page.locator(READY).wait_for()
    lat, lon, zoom = frame.evaluate(VIEW_JS)
    assert (round(lat, 2), round(lon, 2), zoom) == (43.3, 76.9, 8)
    assert frame.evaluate("() => window.__storyMark") == "same frame"
    expect(visit.map.locator(OUTLINE)).to_have_count(3)
    expect(page.locator(".st-key-date")).to_contain_text("2022-01-07")
    # The map's own script adds the live view (lat, lon, zoom) beside them.
    link = params(page)
    assert (link["story"], link["chapter"]) == ("csto-record", "4")
    screenshot("chapter-4")
    assert external(visit.requests) == [] and visit.errors == []


def test_narrow_embed_is_the_map_and_the_panel_alone(page, story_server, screenshot):
    page.set_viewport_size({"width": 600, "height": 1000})
    page.goto(f"{story_server.url}/?story=legacy-facilities&chapter=3&embed=true")
    page.locator(READY).wait_for()
    page.frame_locator(MAP_FRAME).locator(".leaflet-pane path.leaflet-interactive").first.wait_for()
    heading = page.get_by_role("heading", name="Sary Shagan and the western ranges")
    expect(heading).to_be_visible()
    # At this width the panel stands under the map, which keeps the top of the frame.
    assert heading.bounding_box()["y"] > page.locator(MAP_FRAME).bounding_box()["y"]
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_role("heading", name="The Balkhash radar goes dark")).to_be_visible()
    page.locator(READY).wait_for()
    assert params(page)["chapter"] == "4"
    # The whole page has run (its sidebar is drawn, though hidden), and holds nothing but the
    # map and its panel: no way into a sidebar, no page title, nothing below.
    page.locator(".st-key-date").wait_for(state="attached")
    page.locator(READY).wait_for()
    expect(page.locator("h1")).to_have_count(0)
    for control in ("stSidebar", "stExpandSidebarButton", "stSidebarCollapsedControl"):
        expect(page.locator(f'[data-testid="{control}"]')).to_be_hidden()
    for below in (".st-key-timeline", ".st-key-record", ".st-key-download_all"):
        expect(page.locator(below)).to_have_count(0)
    # Nothing wider than the frame: no sideways scrolling.
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 600
    screenshot()


def test_leave_story_restores_the_layers(page, story_server):
    visit = open_app(page, f"{story_server.url}/?story=csto-record&chapter=1")
    # The first chapter shows the member states alone.
    facilities = page.locator(".st-key-show_facilities input")
    expect(facilities).not_to_be_checked()
    expect(visit.map.locator(".facility-icon")).to_have_count(0)
    page.get_by_role("button", name="Leave story").click()
    expect(facilities).to_be_checked()
    expect(page.locator(".st-key-show_conflicts input")).to_be_checked()
    expect(visit.map.locator(".facility-icon").first).to_be_attached()
    page.locator(READY).wait_for()
    assert "story" not in params(page)
    assert external(visit.requests) == [] and visit.errors == []
