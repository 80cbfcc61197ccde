"""The map's surroundings in a real browser, on the shipped layers: tiles through translucent
countries (answered by a local stub), a note when tiles fail, town labels offline, close
facilities both clickable, one set of layer switches, and neighbours kept muted by a filter."""

from __future__ import annotations

import io
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from dashboard.logic.layers import LAYER_NAMES, REPO_GEODATA
from e2e.conftest import (
    LOCAL_HOSTS,
    READY,
    STARTUP_TIMEOUT_S,
    WAITING_NOTE,
    Visit,
    start_server,
    stop_server,
)
from e2e.test_map import pick

TILE_HOSTS = ("tile.openstreetmap.org", "basemaps.cartocdn.com")
GYUMRI = ("arm-102-military-base-gyumri", "arm-fsb-border-detachment-gyumri")
# Every drawn label's box, and whether any two overlap.
LABELS_JS = """() => {
  const boxes = [...document.querySelectorAll('.csto-place')].map(e => e.getBoundingClientRect());
  let overlaps = 0;
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
    const a = boxes[i], b = boxes[j];
    if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) overlaps++;
  }
  return {count: boxes.length, overlaps};
}"""


def _png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (256, 256), "#d04040").save(out, "PNG")
    return out.getvalue()


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    if not all((REPO_GEODATA / f"{name}.geojson").exists() for name in LAYER_NAMES):
        pytest.skip("geodata/ has no built layers yet (python -m geodata.build)")
    server = start_server(REPO_GEODATA, tmp_path_factory.mktemp("logs") / "context.log")
    yield server
    stop_server(server)


def _guard(page, tiles: str = "stub") -> list[str]:
    """Answer tile requests locally (or fail them); abort anything else leaving the machine.

    Returns the list of outside URLs asked for, each answered here, never sent."""
    asked: list[str] = []
    png = _png()

    def handle(route) -> None:
        url = route.request.url
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or parts.hostname in LOCAL_HOSTS:
            route.continue_()
            return
        asked.append(url)
        if tiles == "stub" and parts.hostname.endswith(TILE_HOSTS):
            route.fulfill(status=200, content_type="image/png", body=png)
        else:
            route.abort()

    page.route("**/*", handle)
    return asked


def open_app(page, url: str) -> Visit:
    """Open the app at a link's view and wait until the map and the rest have drawn.

    At a zoomed-in view most countries lie outside it (drawn as empty paths), so this waits
    for any drawn path, not the first."""
    visit = Visit(page)
    page.on("request", lambda req: visit.requests.append(req.url))
    page.goto(url)
    wait = STARTUP_TIMEOUT_S * 1000
    page.locator(READY).wait_for(timeout=wait)
    visit.map.locator('path.csto-country.leaflet-interactive:not([d="M0 0"])').first.wait_for(
        timeout=wait
    )
    page.get_by_text(WAITING_NOTE).wait_for(state="detached", timeout=wait)
    page.locator(READY).wait_for(timeout=wait)
    return visit


def _frame(page):
    return (
        page.locator('iframe[title="streamlit_folium.st_folium"]').element_handle().content_frame()
    )


def test_tiles_show_through_countries_over_an_online_basemap(page, shipped, screenshot):
    asked = _guard(page)
    visit = open_app(page, shipped.url + "/?lat=40.8&lon=44.5&zoom=7&basemap=OpenStreetMap")
    expect(visit.map.locator("img.leaflet-tile-loaded").first).to_be_attached()
    frame = _frame(page)
    assert frame.evaluate("() => document.querySelector('.leaflet-container').className").count(
        "csto-tiles"
    )
    opacity = frame.evaluate(
        "() => getComputedStyle(document.querySelector('path.csto-country')).fillOpacity"
    )
    assert float(opacity) < 0.5
    expect(visit.map.locator(".csto-tile-note")).to_have_count(0)
    # Only tile requests went out, and the stub answered each of them.
    assert asked and all(urlsplit(u).hostname.endswith(TILE_HOSTS) for u in asked)
    screenshot()


def test_a_note_says_when_tiles_fail(page, shipped, screenshot):
    _guard(page, tiles="fail")
    visit = open_app(page, shipped.url + "/?basemap=OpenStreetMap")
    expect(visit.map.locator(".csto-tile-note")).to_contain_text("could not be loaded")
    screenshot()


def test_offline_basemap_names_towns_at_zoom_9_without_overlaps(page, shipped, screenshot):
    asked = _guard(page)
    visit = open_app(page, shipped.url + "/?lat=40.79&lon=43.85&zoom=9")
    expect(visit.map.locator(".csto-place", has_text="Gyumri")).to_be_visible()
    expect(visit.map.locator(".leaflet-control-attribution")).to_contain_text("GeoNames")
    labels = _frame(page).evaluate(LABELS_JS)
    assert labels["count"] >= 3 and labels["overlaps"] == 0
    # Country fills stay opaque on the offline basemap: the countries are the land.
    opacity = _frame(page).evaluate(
        "() => getComputedStyle(document.querySelector('path.csto-country')).fillOpacity"
    )
    assert float(opacity) == 1.0 and asked == []
    screenshot()


def test_country_names_where_they_fit_and_members_told_apart_by_borders(page, shipped):
    visit = open_app(page, shipped.url + "/?lat=40.5&lon=72.5&zoom=7")
    # Around Osh two members meet a former one: each is named, none overlaps a town's name.
    for name in ("Kyrgyzstan", "Tajikistan"):
        expect(visit.map.locator(".csto-country-label", has_text=name)).to_be_visible()
    assert _frame(page).evaluate(LABELS_JS)["overlaps"] == 0
    # Neighbours of one colour are parted by a white border.
    stroke = _frame(page).evaluate(
        "() => getComputedStyle(document.querySelector('path.csto-country')).stroke"
    )
    assert stroke == "rgb(255, 255, 255)"


def test_both_gyumri_facilities_can_be_clicked_at_zoom_9(page, shipped):
    _guard(page)
    visit = open_app(page, shipped.url + "/?lat=40.79&lon=43.85&zoom=9")
    boxes = []
    for fid in GYUMRI:
        icon = visit.map.locator(f'.facility-icon:has([data-id="{fid}"])')
        icon.click()
        # The click's popup (a rerun may briefly reopen the selected feature's too).
        expect(visit.map.locator(".leaflet-popup-content").last).to_be_visible()
        boxes.append(icon.bounding_box())
        visit.map.locator(".leaflet-popup-close-button").filter(visible=True).last.click()
    a, b = boxes
    apart = abs(a["x"] - b["x"]) >= a["width"] or abs(a["y"] - b["y"]) >= a["height"]
    assert apart
    # Each symbol moved aside is tied to a dot at its true place.
    expect(visit.map.locator(".leaflet-cstoLinks-pane path").first).to_be_attached()


def test_the_sidebar_is_the_one_switch_of_the_layers(page, shipped):
    _guard(page)
    visit = open_app(page, shipped.url)
    # No second set of switches on the map for the data layers.
    expect(visit.map.locator(".leaflet-control-layers")).to_have_count(0)
    expect(visit.map.locator(".facility-icon").first).to_be_attached()
    page.locator(".st-key-show_facilities label").click()
    expect(visit.map.locator(".facility-icon")).to_have_count(0)
    expect(page.get_by_test_id("stDownloadButton").filter(has_text="Facilities")).to_have_count(0)


def test_a_country_filter_keeps_the_neighbours_muted(page, shipped, screenshot):
    _guard(page)
    visit = open_app(page, shipped.url)
    pick(page, "countries_members", "Kazakhstan")
    expect(visit.map.locator("path.csto-country")).to_have_count(1)
    frame = _frame(page)
    # Every other country stays drawn under it, muted and not clickable.
    muted = frame.evaluate(
        "() => [...document.querySelectorAll('.leaflet-cstoMuted-pane path')]"
        ".filter(p => p.getAttribute('fill') !== 'none').length"
    )
    assert muted == 24
    assert frame.evaluate("() => document.querySelectorAll('.leaflet-cstoMuted-pane "
                          "path.leaflet-interactive').length") == 0  # fmt: skip
    page.get_by_role("button", name="Zoom to selection").click()
    # All of Kazakhstan (46.5–87.3° E, 40.6–55.4° N) is framed in the map beside the panel.
    frame.wait_for_function("() => window.map.getBounds().contains([[40.6, 46.5], [55.4, 87.3]])")
    screenshot()


def test_a_map_whose_layers_file_fails_says_so_and_the_page_stays(page, shipped):
    # The features come from one static file; if it cannot be read, the map says so, and the
    # table and the downloads under it, sent by the app itself, are still there.
    _guard(page)
    page.route("**/app/static/layers/*", lambda route: route.fulfill(status=404, body="gone"))
    visit = Visit(page)
    page.goto(shipped.url + "/")
    wait = STARTUP_TIMEOUT_S * 1000
    alert = visit.map.locator('[role="alert"]')
    expect(alert).to_contain_text("could not be loaded", timeout=wait)
    # The map reports it has drawn all the same, so the rest of the page follows.
    page.get_by_text(WAITING_NOTE).wait_for(state="detached", timeout=wait)
    expect(page.locator('[data-testid="stDataFrame"]').first).to_be_visible(timeout=wait)
    assert visit.map.locator("path.csto-country.leaflet-interactive").count() == 0
