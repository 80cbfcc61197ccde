"""Page steps of bench/load_cluster.py: the script-state log, a drawn map, a filter, a
download and an upload, each as a reader does it."""

from __future__ import annotations

import json
import time
from pathlib import Path

from playwright.async_api import Page

from bench.browser import MAP_FRAME
from bench.load_sessions import MAP_PATH, options, upload_bytes, wait_idle

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
    """Wait until the map frame draws features and the app is idle."""
    await page.frame_locator(MAP_FRAME).locator(MAP_PATH).first.wait_for(timeout=timeout_ms)
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


async def upload(page: Page, s, timeout_ms: float, attempts: int = 3) -> bool:
    """Upload this session's file until the app reports the layer (the server read it)."""
    files = [{"name": f"{s.upload_name}.geojson", "mimeType": "application/geo+json"}]
    files[0]["buffer"] = upload_bytes(s.upload_name)
    shown = page.locator('[data-testid="stSidebar"]').get_by_text(f"Layer: {s.upload_name}")
    for attempt in range(1, attempts + 1):
        s.upload_attempts = attempt
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
