"""Steps of bench/load_cluster.py for its few real Chromium pages, which check in a browser
what the protocol-level tabs cannot see: that a page through the balancer draws the map
(Leaflet's paths in the map's iframe) and draws it again after its replica was killed.

The script-state log, a drawn map, a filter, a download and an upload, each as a reader does
it; then recovery and a reload of the link.
"""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path
from urllib.parse import urlsplit

from playwright.async_api import Page

from bench.browser import MAP_FRAME
from bench.cluster_report import Session
from bench.cluster_tabs import AFTER_KEY, FILTER_KEY
from bench.load_sessions import MAP_PATH, options, upload_bytes, wait_idle
from cluster.config import COOKIE

STATE_LOG_JS = """
(() => {
  if (window.top !== window) return;
  window.__runs = [];
  const watch = () => {
    const app = document.querySelector('[data-testid="stApp"]');
    if (!app) return setTimeout(watch, 50);
    const note = () => window.__runs.push(
      {s: app.getAttribute('data-test-script-state'), t: performance.now()});
    note();
    new MutationObserver(note).observe(app, {attributes: true,
      attributeFilter: ['data-test-script-state']});
  };
  watch();
})();
"""
RECOVERED_JS = """([since, frame, key]) => {
  const runs = window.__runs || [];
  const ran = runs.some(r => r.t > since && r.s === 'running');
  const last = runs.length ? runs[runs.length - 1].s : null;
  const f = document.querySelector(frame);
  const paths = f && f.contentDocument ?
    f.contentDocument.querySelectorAll('path.leaflet-interactive').length : 0;
  const tags = Array.from(document.querySelectorAll('.st-key-' + key + ' [data-tag]'))
    .map(e => e.getAttribute('aria-label'));
  const errors = document.querySelectorAll('[data-testid="stException"]').length;
  return {ran, idle: last === 'notRunning', paths, tags, errors};
}"""


async def map_drawn(page: Page, timeout_ms: float) -> None:
    """Wait until the map frame draws features."""
    await page.frame_locator(MAP_FRAME).locator(MAP_PATH).first.wait_for(timeout=timeout_ms)


async def sidebar_drawn(page: Page, timeout_ms: float) -> None:
    """Wait until the sidebar's filters are there (the page's second run) and it is idle."""
    await page.locator(f".st-key-{FILTER_KEY} input").first.wait_for(timeout=timeout_ms)
    await wait_idle(page, timeout_ms)


async def download(page: Page, timeout_ms: float) -> bool:
    """Download the countries layer; True if it is a FeatureCollection with features."""
    button = page.locator(".st-key-download_countries button")
    async with page.expect_download(timeout=timeout_ms) as info:
        await button.click(timeout=timeout_ms)
    got = await info.value
    if await got.failure():
        return False
    data = json.loads(Path(await got.path()).read_text(encoding="utf-8"))
    return data.get("type") == "FeatureCollection" and bool(data.get("features"))


async def upload(page: Page, name: str, timeout_ms: float, attempts: int = 3) -> bool:
    """Upload file ``name`` until the app reports the layer (the server read it)."""
    files = [{"name": f"{name}.geojson", "mimeType": "application/geo+json"}]
    files[0]["buffer"] = upload_bytes(name)
    shown = page.locator('[data-testid="stSidebar"]').get_by_text(f"Layer: {name}")
    for _ in range(attempts):
        await page.locator(".st-key-upload_file input[type=file]").set_input_files(files=files)
        try:
            await shown.first.wait_for(timeout=timeout_ms / attempts)
            return True
        except Exception:  # noqa: BLE001 - a rerun may have swallowed the pick; try again
            continue
    return False


async def pick(page: Page, key: str, number: int, timeout_ms: float) -> tuple[str, float]:
    """Pick option ``number`` (modulo) of multiselect ``key``; return it and seconds taken."""
    choices = await options(page, key, timeout_ms)
    choice = choices[number % len(choices)]
    started = time.monotonic()
    await page.locator('[role="option"]').filter(has_text=choice).first.click(timeout=timeout_ms)
    await page.keyboard.press("Escape")
    await page.locator(f".st-key-{key} [data-tag]").first.wait_for(timeout=timeout_ms)
    await wait_idle(page, timeout_ms)
    return choice, time.monotonic() - started


def watch(page: Page, s: Session, reconnects: dict[str, bool]) -> None:
    """Note the page's failed requests and error answers, and its new websockets while
    ``reconnects["on"]`` (between the kill and the reloads)."""

    def failed(request) -> None:
        s.failed[s.phase].append(f"{request.method} {request.url[-60:]}: {request.failure}")

    def response(resp) -> None:
        if resp.status >= 400:
            s.failed[s.phase].append(f"{resp.request.method} {resp.url[-60:]}: {resp.status}")

    def websocket(_ws) -> None:
        if reconnects["on"]:
            s.drops_after_kill += 1

    page.on("requestfailed", failed)
    page.on("response", response)
    page.on("websocket", websocket)
    page.on("pageerror", lambda exc: s.note(f"page error: {str(exc)[:160]}"))


async def before_kill(page: Page, s: Session, url: str, delay_s: float, t: float) -> None:
    """With every replica up: the map, a filter, a download, an upload."""
    await asyncio.sleep(delay_s)
    started = time.monotonic()
    await page.goto(url, timeout=t)
    await map_drawn(page, t)
    s.load_s = time.monotonic() - started
    await sidebar_drawn(page, t)
    s.page_s = time.monotonic() - started
    cookies = await page.context.cookies()
    s.replica = next((c["value"] for c in cookies if c["name"] == COOKIE), None)
    s.choice, s.filter_s = await pick(page, FILTER_KEY, s.number, t)
    # The address bar follows the app's query string a moment after the run.
    await page.wait_for_url(lambda url: "countries=" in url, timeout=t)
    s.link = urlsplit(page.url).query
    s.download_ok = await download(page, t)
    s.upload_ok = await upload(page, f"load-upload-{s.number:02d}", t)


async def recover(page: Page, s: Session, since_ms: float, kill_at: float, bound_s: float):
    """A page of the killed replica: wait for a run after the kill that leaves the map drawn
    and the filter showing. Its map time is that time too (a drawn map is still on screen
    while the page reconnects, so the browser cannot tell an earlier one apart)."""
    deadline = time.monotonic() + bound_s
    while time.monotonic() < deadline:
        seen = await page.evaluate(RECOVERED_JS, [since_ms, MAP_FRAME, FILTER_KEY])
        if seen["ran"] and seen["idle"] and seen["paths"] > 0 and seen["tags"] == [s.choice]:
            s.recovery_s = s.recovery_map_s = round(time.monotonic() - kill_at, 2)
            break
        await asyncio.sleep(0.25)
    else:
        s.note(f"recover: no working map within {bound_s:.0f} s of the kill")
    if seen["errors"]:
        s.note("recover: an exception on the page")
    s.link_after = urlsplit(page.url).query
    s.link_kept = s.link_after == s.link
    cookies = await page.context.cookies()
    s.replica_after = next((c["value"] for c in cookies if c["name"] == COOKIE), None)


async def afterwards(page: Page, s: Session, base: str, t: float) -> None:
    """Everyone: a download on the page as it now is, then reload the link, new filter."""
    s.after_download_ok = await download(page, t)
    started = time.monotonic()
    await page.goto(base + (f"?{s.link}" if s.link else ""), timeout=t)
    await map_drawn(page, t)
    s.after_load_s = time.monotonic() - started
    await sidebar_drawn(page, t)
    _, s.after_filter_s = await pick(page, AFTER_KEY, s.number, t)
