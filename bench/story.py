"""The story-mode figure: a chapter change (Next) until the map has moved and drawn.

The page opens a chapter by its link; a click on Next reruns the app, which sends the new
chapter's layers and view to the same map. Time runs from the click until both the drawn counts
reached their final value and the map's centre reached the next chapter's view, read in the
top page's clock so it compares with the filter change of ``bench/run.py``.
"""

from __future__ import annotations

from bench import browser

STORY, CHAPTER = "csto-record", 3
LINK = f"?story={STORY}&chapter={CHAPTER}"
# Chapter 4's view as the story gives it (centre and zoom).
NEXT_VIEW = (43.3, 76.9, 8)
NEXT_BUTTON = ".st-key-story_next button"
WAITING_NOTE = "Loading the table, the timeline and the downloads"

# Polls from the top page (one clock with the sampler's log) for the map reaching ``view``.
WATCH_JS = """([sel, view]) => {
  window.__chapterMovedAt = null;
  const fr = document.querySelector(sel);
  fr.contentWindow.__benchTag = "before-chapter";
  const timer = setInterval(() => {
    const f = document.querySelector(sel), m = f && f.contentWindow.map;
    if (!m || !m.getCenter) return;
    const c = m.getCenter();
    if (Math.abs(c.lat - view[0]) < 0.01 && Math.abs(c.lng - view[1]) < 0.01
        && m.getZoom() === view[2]) {
      window.__chapterMovedAt = performance.now();
      clearInterval(timer);
    }
  }, 10);
}"""


def measure_chapter(page, traffic, rss: callable) -> dict:
    """Click Next on an opened chapter; time, bytes, and whether the map frame was kept."""
    # The whole page first (map first, the rest in a second run): a click during that run
    # could be lost with it.
    page.get_by_text(WAITING_NOTE).wait_for(state="detached", timeout=90_000)
    since = page.evaluate("performance.now()")
    browser.wait_settled(page, since=since, needs_map=True)
    page.evaluate(WATCH_JS, [browser.MAP_FRAME, list(NEXT_VIEW)])
    ws0, http0 = traffic.snapshot()
    before = page.evaluate("window.__bench.log.at(-1)")
    button = page.locator(NEXT_BUTTON)
    button.wait_for()
    started = page.evaluate("performance.now()")
    button.click()
    drawn_ms, row = browser.wait_settled(page, since=started, needs_map=True, before=before)
    moved_at = page.evaluate("window.__chapterMovedAt")
    ws1, http1 = traffic.snapshot()
    seen = browser.view(page) or {}
    moved_ms = None if moved_at is None else moved_at - started
    both = None if drawn_ms is None or moved_ms is None else max(drawn_ms, moved_ms)
    return {
        "chapter_ms": both,
        "chapter_drawn_ms": drawn_ms,
        "chapter_moved_ms": moved_ms,
        "chapter_ws_bytes": ws1 - ws0,
        "chapter_bytes": ws1 - ws0 + http1 - http0,
        "chapter_drawn": {k: row[k] for k in ("paths", "markers", "points")},
        "chapter_map_kept": seen.get("tag") == "before-chapter",
        "rss_after_chapter_mib": rss() / 1024,
    }
