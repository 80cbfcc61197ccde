"""The app in a real browser: what is drawn, what is requested, what a click and a download give."""

from __future__ import annotations

import json
import re
from datetime import date
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from dashboard.views import progressive
from e2e.conftest import LOCAL_HOSTS, MAP_FRAME, READY, Visit, open_app
from tests.tiny_layers import HOSTILE

ALL = {
    "countries": ["AFG", "ARM", "KGZ", "RUS", "UZB"],
    "conflicts": ["afg-border", "arm-clash", "kgz-uzb-border", "rus-pipeline"],
    "facilities": ["arm-102-base", "kgz-kant", "kgz-koy-sary", "rus-hostile", "uzb-radar"],
}

# Ids of what Leaflet has on the map right now, per layer.
DRAWN_IDS_JS = """() => {
  const ids = {countries: [], conflicts: [], facilities: []};
  window.map.eachLayer((l) => {
    const p = l.feature && l.feature.properties;
    if (p && p.layer) ids[p.layer].push(String(l.feature.id));
    else if (l.options && l.options.featureId) ids.facilities.push(l.options.featureId);
  });
  for (const k in ids) ids[k].sort();
  return ids;
}"""
VIEW_JS = "() => [window.map.getCenter().lat, window.map.getCenter().lng, window.map.getZoom()]"


STILL_JS = """(el) => new Promise((done) => {
  const top = el.getBoundingClientRect().top;
  requestAnimationFrame(() => requestAnimationFrame(() =>
    done(el.getBoundingClientRect().top === top)));
})"""


def external(urls: list[str]) -> list[str]:
    return [u for u in urls if urlsplit(u).scheme in ("http", "https", "ws", "wss")
            and urlsplit(u).hostname not in LOCAL_HOSTS]  # fmt: skip


def drawn(visit: Visit) -> dict[str, list[str]]:
    return visit.map_frame().evaluate(DRAWN_IDS_JS)


def pick(page, key: str, option: str) -> None:
    """Choose ``option`` in the sidebar multiselect or selectbox with widget key ``key``."""
    box = page.locator(f".st-key-{key} input")
    box.scroll_into_view_if_needed()
    # The sidebar scrolls smoothly, and a dropdown opened mid-scroll closes again: wait until
    # the field stays put for one frame.
    page.wait_for_function(STILL_JS, arg=box.element_handle())
    box.click()
    page.get_by_role("option", name=option, exact=True).click()
    page.keyboard.press("Escape")


def test_map_draws_every_feature_with_local_leaflet(visit: Visit, screenshot):
    frame = visit.map
    expect(frame.locator("path.leaflet-interactive")).to_have_count(9)  # 5 countries, 4 zones
    expect(frame.locator(".leaflet-marker-icon.facility-icon")).to_have_count(5)
    assert visit.map_frame().evaluate("() => window.L.version") == "1.9.3"
    assert drawn(visit) == ALL
    expect(visit.page.locator(".csto-legend")).to_contain_text("Member state")
    assert visit.errors == []
    expect(frame.locator(".leaflet-control-attribution")).to_contain_text("Natural Earth")
    screenshot()


# Counts the app's script runs as the page shows them.
RUNS_JS = """() => {
  window.__runs = 0;
  let last = null;
  new MutationObserver(() => {
    const app = document.querySelector('[data-testid="stApp"]');
    const now = app && app.getAttribute("data-test-script-state");
    if (now === "running" && last !== "running") window.__runs += 1;
    last = now;
  }).observe(document, {subtree: true, attributes: true, childList: true});
}"""


def test_map_comes_first_and_the_rest_of_the_page_follows_once(page, app_server):
    page.add_init_script(f"({RUNS_JS})()")
    visit = open_app(page, app_server.url)
    expect(page.get_by_test_id("stDataFrame")).to_have_count(3)  # a tab per layer
    expect(page.get_by_test_id("stDownloadButton").first).to_be_visible()
    expect(page.get_by_test_id("stVegaLiteChart")).to_have_count(1)
    # The page's run; the map's report, which reruns the controls and the map (a fragment)
    # and hands over at once; the whole page. The page may show the last two as one.
    runs = page.evaluate("window.__runs")
    assert runs in (2, 3)
    # The fallback timer of the first run is gone: nothing reruns the app after it.
    page.wait_for_timeout((progressive.FALLBACK_S + 1.5) * 1000)
    assert page.evaluate("window.__runs") == runs
    assert drawn(visit) == ALL and visit.errors == []


def test_page_requests_nothing_outside_the_machine(visit: Visit, page):
    sockets: list[str] = []
    page.on("websocket", lambda ws: sockets.append(ws.url))
    frame = visit.map
    frame.locator('.facility-icon:has([data-id="kgz-kant"])').click()
    expect(frame.locator(".leaflet-popup-content")).to_contain_text("Kant Air Base")
    frame.locator("path.leaflet-interactive").first.hover()
    pick(page, "facility_types", "radar")
    expect(frame.locator(".facility-icon")).to_have_count(2)
    assert any("/app/static/vendor/leaflet/leaflet.js" in u for u in visit.requests)
    assert external(visit.requests + sockets) == []


def test_filter_reduces_drawn_features_and_keeps_the_view(visit: Visit, page, screenshot):
    frame_el = page.locator('iframe[title="streamlit_folium.st_folium"]')
    box = frame_el.bounding_box()
    cx, cy = box["x"] + box["width"] * 0.6, box["y"] + box["height"] * 0.5
    # Zoom in and pan like a user, so the view differs from the map's start.
    page.mouse.move(cx, cy)
    page.mouse.wheel(0, -400)
    visit.map_frame().wait_for_function(
        "() => window.map.getZoom() > 3 && !window.map._animatingZoom"
    )
    # Drag inertia keeps the map moving after the mouse is up: wait for the move to end.
    visit.map_frame().evaluate(
        "() => { window.__moved = new Promise((r) => window.map.once('moveend', r)); }"
    )
    page.mouse.down()
    page.mouse.move(cx - 120, cy - 60, steps=8)
    page.mouse.up()
    visit.map_frame().evaluate("() => window.__moved.then(() => true)")
    before = visit.map_frame().evaluate(VIEW_JS)
    visit.map_frame().evaluate("() => { window.__still_mounted = true; }")

    pick(page, "countries_members", "Kyrgyzstan")
    expect(visit.map.locator(".facility-icon")).to_have_count(2)
    expect(visit.map.locator("path.leaflet-interactive")).to_have_count(2)
    assert drawn(visit) == {
        "countries": ["KGZ"],
        "conflicts": ["kgz-uzb-border"],
        "facilities": ["kgz-kant", "kgz-koy-sary"],
    }
    assert visit.map_frame().evaluate("() => window.__still_mounted") is True
    assert visit.map_frame().evaluate(VIEW_JS) == before
    screenshot()


# Every 5 ms, what the map has applied (its layers' state key) beside the download button
# under it, as the page shows them.
WATCH_JS = """(sel) => {
  window.__seen = [];
  setInterval(() => {
    const f = document.querySelector(sel), m = f && f.contentWindow.map;
    const box = m && m.getContainer && m.getContainer();
    const button = document.querySelector(".st-key-download_all button");
    const row = [box ? box.dataset.layersState || "" : "", button ? button.innerText : ""];
    const last = window.__seen[window.__seen.length - 1];
    if (!last || last[0] !== row[0] || last[1] !== row[1]) window.__seen.push(row);
  }, 5);
}"""


def test_a_filter_shows_on_the_map_first_and_the_page_under_it_follows(visit: Visit, page):
    page.evaluate(WATCH_JS, MAP_FRAME)
    expect(page.get_by_text(re.compile(r"^On .*: 5 countries"))).to_be_visible()
    pick(page, "countries_members", "Kyrgyzstan")
    # The count beside the map changes with it; the table and the downloads follow.
    counts = re.compile(r"^On .*: 1 country, 1 conflict zone, 2 facilities")
    expect(page.get_by_text(counts)).to_be_visible()
    expect(page.locator(".st-key-download_all button")).to_contain_text("(4)")
    seen = page.evaluate("window.__seen")
    first_key, first_download = seen[0]
    changed = next(row for row in seen if row[0] != first_key)
    # When the map showed the filter, the parts under it still showed the page before it:
    # the change reran the sidebar, the map and its panel alone.
    assert changed[1] == first_download
    assert drawn(visit)["countries"] == ["KGZ"]


# Drops the map's reports ("map_drawn") on their way to the app, as a lost message would.
DROP_REPORTS_JS = """(sel) => {
  const w = document.querySelector(sel).contentWindow;
  const send = w.Streamlit.setComponentValue.bind(w.Streamlit);
  w.Streamlit.setComponentValue = (v) => { if (!(v && "map_drawn" in v)) send(v); };
}"""


def test_the_page_under_the_map_follows_even_when_the_map_never_reports(visit: Visit, page):
    page.evaluate(DROP_REPORTS_JS, MAP_FRAME)
    pick(page, "facility_types", "radar")
    expect(visit.map.locator(".facility-icon")).to_have_count(2)
    # A timer stands in for the report.
    expect(page.get_by_text(re.compile(r"^On .*, 2 facilities"))).to_be_visible(
        timeout=(progressive.FALLBACK_S + 10) * 1000
    )
    assert visit.errors == []


def test_clicking_a_facility_shows_details_and_sources(visit: Visit, page, screenshot):
    visit.map.locator('.facility-icon:has([data-id="kgz-kant"])').click()
    # The popup is short: name, type, dates, one line, and where the rest is.
    popup = visit.map.locator(".leaflet-popup-content")
    more = "Details and sources in the panel by the map"
    for text in ("Kant Air Base", "air base", "1995-03-16", more):
        expect(popup).to_contain_text(text)
    # The click opens the details in the panel by the map, which holds everything.
    panel = page.locator(".st-key-details")
    for text in ("Kant Air Base", "Kyrgyzstan (KGZ)", "Test operator", "within about 500 m",
                 "high", "1995-03-16", "Sources"):  # fmt: skip
        expect(panel).to_contain_text(text)
    sources = panel.locator(".csto-sources")
    expect(sources.locator('a[href="https://example.org/source/kgz-kant"]')).to_have_count(1)
    expect(sources.locator('a[href="https://example.com/more/kgz-kant"]')).to_have_count(1)
    assert visit.errors == []
    screenshot()


def test_hovering_shows_name_and_kind(visit: Visit):
    frame = visit.map
    # Countries are drawn first, in id order: the first path is Afghanistan.
    frame.locator("path.leaflet-interactive").first.hover()
    expect(frame.locator(".leaflet-tooltip")).to_have_text(
        "Afghanistan · Never a member (neighbour)"
    )
    frame.locator('.facility-icon:has([data-id="arm-102-base"])').hover()
    expect(frame.get_by_role("tooltip", name="102nd Base · army base")).to_be_visible()


def test_hostile_text_is_shown_as_text_and_never_runs(visit: Visit, page):
    visit.map.locator('.facility-icon:has([data-id="rus-hostile"])').click()
    popup = visit.map.locator(".leaflet-popup-content")
    expect(popup.locator("h4")).to_have_text(HOSTILE)
    expect(page.locator(".st-key-details")).to_contain_text("onerror")
    for target in (page, visit.map_frame()):
        assert target.evaluate("() => window.__xss === undefined")
    assert visit.dialogs == []


@pytest.mark.parametrize(
    ("key", "option", "button", "file_name", "layer"),
    [
        ("countries_members", "Kyrgyzstan", "download_facilities",
         "csto-facilities-KGZ.geojson", "facilities"),
        ("zones", "Armenia clash", "download_conflicts",
         "csto-conflicts-arm-clash.geojson", "conflicts"),
        ("facility_types", "radar", "download_all", "csto-layers-radar.geojson", None),
    ],
)  # fmt: skip
def test_download_holds_exactly_the_filtered_features(
    visit: Visit, page, tmp_path, key, option, button, file_name, layer
):
    before = drawn(visit)
    pick(page, key, option)
    # The map shows the filter first; the buttons under it follow in the next run.
    visit.map_frame().wait_for_function(
        f"(before) => JSON.stringify(({DRAWN_IDS_JS})()) !== JSON.stringify(before)", arg=before
    )
    page.locator(READY).wait_for()
    shown = drawn(visit)
    count = len(shown[layer]) if layer else sum(len(ids) for ids in shown.values())
    expect(page.locator(f".st-key-{button} button")).to_contain_text(f"({count})")
    page.locator(READY).wait_for()
    with page.expect_download() as info:
        page.locator(f".st-key-{button} button").click()
    download = info.value
    # The map date (today here) ends every file name.
    assert download.suggested_filename == file_name.replace(".", f"-{date.today()}.")
    data = json.loads(download.path().read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection"
    got = sorted(f["id"] for f in data["features"])
    want = shown[layer] if layer else sorted(i for ids in shown.values() for i in ids)
    assert got == want and got
    assert all(f["properties"]["sources"] for f in data["features"])


def test_online_basemap_asks_for_tiles_and_polygons_still_draw(visit: Visit, page):
    blocked: list[str] = []

    def block(route) -> None:
        blocked.append(route.request.url)
        route.abort()

    # No request may leave the machine even here: every outside URL is cut at the browser.
    page.route(re.compile(r"^https?://(?!127\.0\.0\.1|localhost)"), block)
    page.locator(".st-key-basemap").click()
    page.get_by_role("option", name="OpenStreetMap", exact=True).click()
    expect(visit.map.locator("img.leaflet-tile").first).to_be_attached()
    expect(visit.map.locator("path.leaflet-interactive")).to_have_count(9)
    expect(visit.map.locator(".leaflet-control-attribution")).to_contain_text("OpenStreetMap")
    assert any("tile.openstreetmap.org" in u for u in blocked)
