"""The arms transfers in a real browser, on the shipped data: a click on an arrow names its deal."""

from __future__ import annotations

from urllib.parse import urlsplit

from playwright.sync_api import expect

from e2e.conftest import LOCAL_HOSTS, MAP_FRAME, open_app

DEAL = "blr-aze-polonez"
# A point on the deal's curve, a third of the way, in the map container's pixels; the arrow
# is brought to the front so no other arrow lies over it there.
POINT_JS = """(id) => {
  let found = null;
  window.map.eachLayer((l) => {
    const p = l.feature && l.feature.properties;
    if (p && p.layer === "arms" && String(l.feature.id) === id && l._path) {
      l.bringToFront();
      const line = l.getLatLngs()[0];
      const at = window.map.latLngToContainerPoint(line[Math.floor(line.length / 3)]);
      const box = window.map.getContainer().getBoundingClientRect();
      found = {x: box.left + at.x, y: box.top + at.y};
    }
  });
  return found;
}"""


def test_a_click_on_an_arrow_names_its_deal(page, reading_server, screenshot):
    visit = open_app(page, reading_server.url)
    box = page.locator(".st-key-show_arms")
    box.scroll_into_view_if_needed()
    box.get_by_text("Arms transfers").click()
    arrows = visit.map.locator("path.csto-arms")
    expect(arrows.first).to_be_attached(timeout=60_000)
    frame = visit.map_frame()
    frame.wait_for_function(f"() => ({POINT_JS})({DEAL!r}) !== null")
    point = frame.evaluate(POINT_JS, DEAL)
    frame_box = page.locator(MAP_FRAME).bounding_box()
    page.mouse.click(frame_box["x"] + point["x"], frame_box["y"] + point["y"])
    popup = visit.map.locator(".leaflet-popup-content")
    expect(popup).to_contain_text("Belarus → Azerbaijan: Polonez")
    expect(popup).to_contain_text("How we know")
    expect(popup).to_contain_text("Delivered")
    expect(page.get_by_text("Arms transfers, by supplier")).to_be_visible()
    outside = [
        u for u in visit.requests
        if urlsplit(u).scheme in ("http", "https", "ws", "wss")
        and urlsplit(u).hostname not in LOCAL_HOSTS
    ]  # fmt: skip
    assert outside == [] and visit.errors == []
    screenshot()
