"""The record in the browser: a row's link opens the map on the appeal's day, its conflict
selected and its details shown."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from e2e.conftest import READY, STARTUP_TIMEOUT_S, WAITING_NOTE, open_app, start_server, stop_server
from tests.tiny_appeals import write_appeals
from tests.tiny_layers import write_layers


@pytest.fixture(scope="module")
def record_server(tmp_path_factory):
    folder = write_appeals(write_layers(tmp_path_factory.mktemp("geodata-record")))
    server = start_server(folder, tmp_path_factory.mktemp("logs") / "record.log")
    yield server
    stop_server(server)


def params(page) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(urlsplit(page.url).query).items()}


def test_a_record_rows_link_moves_the_map_to_its_day(page, record_server, screenshot):
    visit = open_app(page, record_server.url)
    panel = page.locator(".st-key-record")
    expect(panel).to_contain_text("appealed for help 4 times")
    expect(panel).to_contain_text("Apr 2021 (month known)")
    row = panel.locator("#appeal-arm-2022-09")
    row.scroll_into_view_if_needed()
    screenshot("panel")
    link = row.get_by_role("link", name="Show on the map")
    assert link.get_attribute("href").startswith("?date=2022-09-13&sel=arm-clash&lat=")

    link.click()
    page.wait_for_url("**/?date=2022-09-13*", timeout=STARTUP_TIMEOUT_S * 1000)
    page.locator(READY).wait_for(timeout=STARTUP_TIMEOUT_S * 1000)
    # Centred on the zone, the map's first path may lie outside the view: wait for the map.
    visit.map.locator(".leaflet-container").wait_for()
    page.get_by_text(WAITING_NOTE).wait_for(state="detached", timeout=STARTUP_TIMEOUT_S * 1000)
    page.locator(READY).wait_for(timeout=STARTUP_TIMEOUT_S * 1000)

    expect(page.locator(".st-key-date")).to_contain_text("2022-09-13")
    expect(page.locator(".st-key-details")).to_contain_text("Armenia clash")
    assert params(page)["date"] == "2022-09-13" and params(page)["sel"] == "arm-clash"
    screenshot("followed")
    assert visit.errors == []
