"""Issue 13 in the browser: the table and timeline follow the filters; broken data is named."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from e2e.conftest import Server, open_app, start_server, stop_server
from e2e.test_map import ALL, drawn, pick
from tests.tiny_layers import layer_objects, write_layers


@pytest.fixture(scope="module")
def broken_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The app serving the fixture layers with one facility that lacks its status."""
    folder = tmp_path_factory.mktemp("broken")
    write_layers(folder)
    obj = layer_objects()["facilities"]
    del obj["features"][1]["properties"]["status"]  # kgz-kant
    (folder / "facilities.geojson").write_text(json.dumps(obj), encoding="utf-8")
    server = start_server(folder, tmp_path_factory.mktemp("broken-logs") / "streamlit.log")
    yield server
    stop_server(server)


def test_a_broken_feature_leaves_the_others_drawn_with_the_message(page, broken_server, screenshot):
    visit = open_app(page, broken_server.url)
    box = page.get_by_test_id("stAlertContentWarning").first
    expect(box).to_contain_text("facilities.geojson: feature 'kgz-kant': field 'status'")
    expect(box).to_contain_text("The rest of the map is drawn")
    # The message wraps inside the page: it is no wider than the main column.
    main = page.get_by_test_id("stMainBlockContainer").bounding_box()
    assert box.bounding_box()["width"] <= main["width"]
    expected = {**ALL, "facilities": [f for f in ALL["facilities"] if f != "kgz-kant"]}
    assert drawn(visit) == expected
    expect(page.get_by_test_id("stSidebar").locator(".st-key-date")).to_be_visible()
    screenshot()


def test_the_table_and_timeline_follow_the_filters(visit, page, screenshot):
    tab = page.get_by_role("tab", name="Facilities (5)")
    expect(tab).to_be_visible()
    expect(page.get_by_text("events. Click one")).to_be_visible()
    before = page.get_by_text("events. Click one").inner_text()
    pick(page, "facility_types", "radar")
    expect(page.get_by_role("tab", name="Facilities (2)")).to_be_visible()
    expect(page.get_by_text("events. Click one")).not_to_have_text(before)
    assert drawn(visit)["facilities"] == ["rus-hostile", "uzb-radar"]
    page.get_by_role("tab", name="Facilities (2)").scroll_into_view_if_needed()
    screenshot()
