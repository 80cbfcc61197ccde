"""The date controls in the browser: play moves the map date forward and the map follows in
place — the same Leaflet map, the same view — while the link keeps the date and play state."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from e2e.conftest import READY, open_app

VIEW_JS = "() => [window.map.getCenter().lat, window.map.getCenter().lng, window.map.getZoom()]"
# A mark left on the map object: a remounted map would be a new object without it.
MARK_JS = "() => { window.map.__mark = 'kept'; return true; }"
MARKED_JS = "() => window.map && window.map.__mark === 'kept'"
# Fill colour of Uzbekistan's drawn shape.
UZB_FILL_JS = """() => {
  let fill = null;
  window.map.eachLayer((l) => {
    const p = l.feature && l.feature.properties;
    if (p && p.layer === "countries" && p.id === "UZB" && l._path)
      fill = l._path.getAttribute("fill");
  });
  return fill;
}"""


def press(page, key: str) -> None:
    # A button with help text is drawn twice (the hover target first).
    page.locator(f".st-key-{key} button").first.click()


def params(page) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(urlsplit(page.url).query).items()}


def test_play_advances_the_date_without_remounting_the_map(page, app_server, screenshot):
    # 1998-06: Uzbekistan a member until 1999-04-02; playing a year a step crosses that day.
    visit = open_app(page, f"{app_server.url}/?date=1998-06-01&speed=year")
    frame = visit.map_frame()
    member_fill = frame.evaluate(UZB_FILL_JS)
    frame.evaluate(MARK_JS)
    start_view = frame.evaluate(VIEW_JS)
    screenshot("before")

    press(page, "play_button")
    page.wait_for_function("() => new URL(location.href).searchParams.get('play') === '1'")
    # Play stops on the day Uzbekistan left (an event), then goes on.
    page.wait_for_function(
        "() => new URL(location.href).searchParams.get('date') === '1999-04-02'", timeout=90_000
    )
    frame.wait_for_function(f"(before) => ({UZB_FILL_JS})() !== before", arg=member_fill)
    page.wait_for_function(
        "() => (new URL(location.href).searchParams.get('date') || '') > '1999-04-02'",
        timeout=90_000,
    )
    screenshot("playing")
    assert params(page)["speed"] == "year"
    # The same map object, at the same view: the layers changed in place.
    assert frame.evaluate(MARKED_JS)
    assert frame.evaluate(VIEW_JS) == start_view

    press(page, "play_button")
    page.wait_for_function("() => !new URL(location.href).searchParams.has('play')")
    page.locator(READY).wait_for()
    assert visit.map_frame().evaluate(MARKED_JS)
    assert visit.errors == []


def test_typing_a_date_and_stepping_to_events(page, app_server, screenshot):
    visit = open_app(page, f"{app_server.url}/?date=1995-06-01")
    # Enter applies the typed date, with the focus still in the box.
    box = page.locator(".st-key-date_box input")
    box.fill("2000-01-01")
    box.press("Enter")
    page.wait_for_function("() => new URL(location.href).searchParams.get('date') === '2000-01-01'")
    page.locator(READY).wait_for()
    press(page, "prev_event")
    page.wait_for_function("() => new URL(location.href).searchParams.get('date') === '1999-04-02'")
    page.locator(READY).wait_for()
    press(page, "next_event")
    page.wait_for_function("() => new URL(location.href).searchParams.get('date') > '1999-04-02'")
    page.locator(READY).wait_for()
    screenshot("stepped")
    assert visit.map_frame().evaluate("() => !!window.map")
    assert visit.errors == []
