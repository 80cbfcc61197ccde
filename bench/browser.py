"""Drive Debian's chromium with Playwright and time what a user sees.

A script injected into the page samples, every 10 ms, the Streamlit script state and what the
map iframe has drawn (SVG paths, marker icons, points on the packed canvas) and logs each change
with ``performance.now()``. Times are read from that log, so Playwright's own round trips do
not count.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field

from playwright.sync_api import Browser, Page, sync_playwright
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from bench.link import Wire, watch_wire

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'

SAMPLER_JS = """
(() => {
  if (window.top !== window) return;
  const log = [];
  window.__bench = {log};
  let last = "";
  function sample() {
    const app = document.querySelector('[data-testid="stApp"]');
    const state = app ? app.getAttribute("data-test-script-state") : null;
    const text = document.querySelectorAll('[data-testid="stMarkdownContainer"]').length;
    const fr = document.querySelector('iframe[title="streamlit_folium.st_folium"]');
    let paths = -1, markers = -1, points = -1, tag = null, leaflet = false;
    if (fr && fr.contentDocument) {
      const d = fr.contentDocument;
      paths = d.querySelectorAll("path.leaflet-interactive").length;
      markers = d.querySelectorAll(".leaflet-marker-icon").length;
      const c = d.querySelectorAll("canvas.packed-point-canvas");
      points = c.length ? Array.from(c).reduce((s, e) => s + Number(e.dataset.points || 0), 0) : -1;
      tag = fr.contentWindow.__benchTag || null;
      leaflet = !!(fr.contentWindow.map && fr.contentWindow.map.getCenter);
    }
    const errors = document.querySelectorAll('[data-testid="stException"]').length;
    const row = {state, text, errors, frame: !!fr, paths, markers, points, tag, leaflet};
    const sig = JSON.stringify(row);
    if (sig !== last) { last = sig; row.t = performance.now(); log.push(row); }
  }
  setInterval(sample, 10);
})();
"""


def launch(playwright) -> Browser:
    """Return Debian's chromium, headless, with nothing talking to the internet."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


@dataclass
class Traffic:
    """Bytes the page received, split into websocket frames and HTTP responses."""

    ws: int = 0
    http: int = 0
    http_requests: int = 0
    external: list[str] = field(default_factory=list)
    # HTTP as it crossed the wire (compressed), counted by Chromium itself.
    wire: Wire = field(default_factory=Wire)

    def snapshot(self) -> tuple[int, int]:
        return self.ws, self.http

    def on_wire(self) -> int:
        """Bytes on the wire so far: websocket frames plus encoded HTTP responses."""
        return self.ws + self.wire.http


def watch_traffic(page: Page, *, link: bool = False) -> Traffic:
    """Count every websocket frame and HTTP response the page receives from now on; with
    ``link``, the page runs over the emulated link of ``bench.link``."""
    traffic = Traffic(wire=watch_wire(page, emulate=link))

    def on_ws(ws) -> None:
        def on_frame(payload) -> None:
            traffic.ws += len(payload) if isinstance(payload, bytes) else len(payload.encode())

        ws.on("framereceived", on_frame)

    def on_done(request) -> None:
        try:
            sizes = request.sizes()
        except Exception:  # the page closed while the response was in flight
            return
        traffic.http += sizes["responseBodySize"] + sizes["responseHeadersSize"]
        traffic.http_requests += 1

    def on_request(request) -> None:
        if not request.url.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:")):
            traffic.external.append(request.url)

    page.on("websocket", on_ws)
    page.on("requestfinished", on_done)
    page.on("request", on_request)
    return traffic


def _map_sig(row: dict) -> tuple:
    return (row["paths"], row["markers"], row["points"])


def wait_settled(
    page: Page,
    *,
    since: float,
    needs_map: bool,
    before: dict | None = None,
    quiet: float = 1.0,
    timeout: float = 90.0,
) -> tuple[float | None, dict]:
    """Wait until the app is idle and the map stopped changing; return (ms since ``since``
    until the map first showed its final state, that final log row).

    With ``before`` (the log row before an action), the time is None when the drawn counts end
    where they started: a change this sampler cannot see (e.g. marker clusters) is not timed.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        time.sleep(0.1)
        log = page.evaluate("window.__bench.log")
        rows = [r for r in log if r["t"] >= since] or log[-1:]
        last = log[-1]
        if last["errors"]:
            raise RuntimeError("the app shows an exception; run it by hand to see it")
        now = page.evaluate("performance.now()")
        # Quiet since the action too: a run of one fragment need not flip the script state,
        # so the log may show nothing new for a while after the click.
        idle = last["state"] == "notRunning" and now - max(last["t"], since) >= quiet * 1000
        drawn = (
            last["leaflet"] and (last["paths"] > 0 or last["points"] > 0)
            if needs_map
            else (last["text"] > 0)
        )
        if not (idle and drawn):
            continue
        if before is not None and _map_sig(before) == _map_sig(last):
            return None, last
        if needs_map:
            first = next(r for r in rows if r["leaflet"] and _map_sig(r) == _map_sig(last))
        else:
            first = next(r for r in rows if r["text"] > 0)
        return first["t"] - since, last
    raise TimeoutError(f"page not settled in {timeout} s; last log rows: {log[-5:]}")


def open_and_wait(
    browser: Browser, url: str, *, needs_map: bool, link: bool = False
) -> tuple[Page, Traffic, float, dict]:
    """Open ``url`` in a fresh context (empty cache); return page, traffic, load ms, final row."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.add_init_script(SAMPLER_JS)
    traffic = watch_traffic(page, link=link)
    page.goto(url, wait_until="commit", timeout=60_000)
    ms, row = wait_settled(page, since=0.0, needs_map=needs_map)
    return page, traffic, ms, row


def reopen_and_wait(
    page: Page, url: str, *, needs_map: bool, link: bool = False
) -> tuple[Page, Traffic, float, dict]:
    """Open ``url`` again in ``page``'s context, whose HTTP cache the first visit filled (a
    returning visitor); close ``page``; return the new page, its traffic, load ms, final row."""
    again = page.context.new_page()
    again.add_init_script(SAMPLER_JS)
    traffic = watch_traffic(again, link=link)
    page.close()
    again.goto(url, wait_until="commit", timeout=60_000)
    ms, row = wait_settled(again, since=0.0, needs_map=needs_map)
    return again, traffic, ms, row


def map_frame(page: Page):
    return page.frame_locator(MAP_FRAME)


def pan(page: Page, center: tuple[float, float] = (50.0, 70.0), zoom: int = 4) -> None:
    """Move the map as a user would (fires Leaflet's move events) and tag the iframe."""
    page.evaluate(
        """([sel, c, z]) => {
          const w = document.querySelector(sel).contentWindow;
          w.__benchTag = "before-filter";
          w.map.setView(c, z, {animate: false});
        }""",
        [MAP_FRAME, list(center), zoom],
    )


def view(page: Page) -> dict | None:
    """Return the map's center and zoom and the iframe tag, or None without a map."""
    return page.evaluate(
        """(sel) => {
          const fr = document.querySelector(sel);
          if (!fr || !fr.contentWindow.map) return null;
          const m = fr.contentWindow.map, c = m.getCenter();
          const tag = fr.contentWindow.__benchTag || null;
          return {lat: c.lat, lng: c.lng, zoom: m.getZoom(), tag: tag};
        }""",
        MAP_FRAME,
    )


def redraw_ms(page: Page, repeats: int = 5) -> float:
    """Median ms the packed point canvas takes to redraw the current view (what every pan and
    zoom costs); the map must show a point layer."""
    frame = next(f for f in page.frames if "st_folium" in f.url)
    return frame.evaluate(
        """(repeats) => {
          let layer = null;
          const walk = (g) => {
            if (g._px) layer = g;
            if (g._layers) Object.values(g._layers).forEach(walk);
          };
          Object.values(window.map._layers).forEach(walk);
          const times = [];
          for (let i = 0; i < repeats; i++) {
            const t0 = performance.now();
            layer._redraw();
            times.push(performance.now() - t0);
          }
          times.sort((a, b) => a - b);
          return times[Math.floor(times.length / 2)];
        }""",
        repeats,
    )


def pick_option(page: Page, key: str, text: str | None = None, *, timeout: float = 15_000) -> float:
    """Pick the option showing ``text`` (the first real option if None) in the multiselect with
    widget key ``key``, as a user would: type to narrow the list, then Enter.

    Returns ``performance.now()`` taken just before the key press that triggers the rerun.
    """
    field = page.locator(f".st-key-{key}").locator("input").first
    field.click(timeout=timeout)
    # Newer Streamlit lists a "Select all" entry first; a single real choice is what we want.
    options = page.locator('[role="option"]').filter(has_not_text=re.compile("select all", re.I))
    if text is not None:
        field.fill(text, timeout=timeout)
        options = options.filter(has_text=text)
    try:
        options.first.wait_for(timeout=3000)
    except PlaywrightTimeout:
        # Lower in the sidebar the click can land while the list scrolls and the menu stays
        # shut; the keyboard opens it reliably.
        field.press("ArrowDown")
        options.first.wait_for(timeout=timeout)
    started = page.evaluate("performance.now()")
    if text is not None:
        field.press("Enter", timeout=timeout)
    else:
        options.first.click(timeout=timeout)
    page.keyboard.press("Escape")
    return started


__all__ = [
    "PlaywrightError",
    "PlaywrightTimeout",
    "Traffic",
    "launch",
    "map_frame",
    "open_and_wait",
    "pan",
    "pick_option",
    "reopen_and_wait",
    "sync_playwright",
    "view",
    "wait_settled",
]
