"""Drive many concurrent browser sessions against a local app and check they stay apart.

Starts ``streamlit run dashboard/app.py`` on a free loopback port, opens N sessions (one browser
context each, spread over a few Chromium processes), gives each session its own filter (and its
own upload, when the app has an ``upload_file`` widget), then checks that no session sees
another's state. Reports errors, page-load and filter times (median, p95) and the server's
resident memory, and writes everything as JSON to bench/results/.

    .venv/bin/python bench/load_sessions.py --sessions 20
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import statistics
import sys
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from playwright.async_api import Browser, Page, async_playwright
from playwright.async_api import TimeoutError as PlaywrightTimeout

ROOT = Path(__file__).resolve().parent.parent
# Run as a script (`python bench/load_sessions.py`): the repository root holds the bench package.
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.browser import CHROMIUM, CHROMIUM_ARGS, MAP_FRAME  # noqa: E402
from bench.server import StreamlitServer  # noqa: E402

RESULTS = ROOT / "bench" / "results"
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
MAP_PATH = "path.leaflet-interactive"
SIDEBAR = '[data-testid="stSidebar"]'
UPLOAD_KEY = "upload_file"
SELECT_ALL = "Select all"
MAX_SESSIONS = 60


@dataclass
class Session:
    """What one browser session did and saw."""

    number: int
    idle_s: float | None = None
    load_s: float | None = None
    filter_s: float | None = None
    upload_s: float | None = None
    widget: str | None = None
    choice: str | None = None
    upload_name: str | None = None
    upload_attempts: int = 0
    errors: list[str] = field(default_factory=list)
    leaks: list[str] = field(default_factory=list)


def rss_mb(pid: int) -> float | None:
    """Resident memory of ``pid`` in MB from /proc (psutil is not a dependency)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def cpu_s(pid: int) -> float | None:
    """CPU seconds (user + system) the process has used, from /proc/<pid>/stat."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


async def wait_idle(page: Page, timeout_ms: float) -> None:
    # A rerun may not have started yet when we look; require the idle state twice, 150 ms apart.
    await page.wait_for_selector(IDLE, timeout=timeout_ms)
    await page.wait_for_timeout(150)
    await page.wait_for_selector(IDLE, timeout=timeout_ms)


async def multiselect_keys(page: Page) -> list[str]:
    """Keys of the sidebar's multiselects, read from the st-key-* classes Streamlit renders."""
    return await page.evaluate(
        """(sidebar) => Array.from(document.querySelectorAll(sidebar + ' [class*="st-key-"]'))
            .filter(e => e.querySelector('[data-testid="stMultiSelect"]'))
            .map(e => Array.from(e.classList).find(c => c.startsWith('st-key-')).slice(7))""",
        SIDEBAR,
    )


async def tags(page: Page, key: str) -> list[str]:
    return await page.locator(f".st-key-{key} [data-tag]").evaluate_all(
        "els => els.map(e => e.getAttribute('aria-label'))"
    )


async def options(page: Page, key: str, timeout_ms: float) -> list[str]:
    box = page.locator(f".st-key-{key} input")
    listed = page.locator('[role="option"]')
    # A click near the sidebar's bottom scrolls it, and the list closes as it scrolls: bring
    # the box into view first, and open the list from the keyboard if the click did not.
    await box.scroll_into_view_if_needed(timeout=timeout_ms)
    await box.click(timeout=timeout_ms)
    try:
        await listed.first.wait_for(timeout=5000)
    except PlaywrightTimeout:
        await box.press("ArrowDown")
        await listed.first.wait_for(timeout=timeout_ms)
    texts = [t.strip() for t in await listed.all_inner_texts()]
    return [t for t in texts if t and t != SELECT_ALL]


def upload_bytes(name: str) -> bytes:
    feature = {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [44.5, 40.2]},
        "properties": {"name": name},
    }
    return json.dumps({"type": "FeatureCollection", "features": [feature]}).encode()


async def upload(page: Page, session: Session, timeout_ms: float, attempts: int = 3) -> None:
    """Upload this session's file; try again if the widget dropped it.

    Setting the file while a rerun replaces the uploader's <input> loses the change event
    (the widget then shows no file); a person would simply pick the file again.
    """
    name = session.upload_name or ""
    files = [{"name": f"{name}.geojson", "mimeType": "application/geo+json"}]
    files[0]["buffer"] = upload_bytes(name)
    for attempt in range(1, attempts + 1):
        session.upload_attempts = attempt
        await page.locator(f".st-key-{UPLOAD_KEY} input[type=file]").set_input_files(files=files)
        try:
            await page.get_by_text(name).first.wait_for(timeout=timeout_ms / attempts)
            return
        except PlaywrightTimeout:
            if attempt == attempts:
                raise


async def run_session(
    browser: Browser,
    url: str,
    session: Session,
    all_set: asyncio.Barrier,
    names: list[str],
    timeout_ms: float,
) -> None:
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    page = await context.new_page()
    page.on("pageerror", lambda exc: session.errors.append(f"page error: {exc}"))
    try:
        start = time.monotonic()
        await page.goto(url, timeout=timeout_ms)
        await page.wait_for_selector(IDLE, timeout=timeout_ms)
        session.idle_s = time.monotonic() - start
        await page.frame_locator(MAP_FRAME).locator(MAP_PATH).first.wait_for(timeout=timeout_ms)
        session.load_s = time.monotonic() - start

        # Widgets arrive as placeholders while their frontend code loads; under load that
        # can outlast the map, so wait for a real multiselect before reading the keys.
        multiselect = f'{SIDEBAR} [data-testid="stMultiSelect"]'
        await page.locator(multiselect).first.wait_for(timeout=timeout_ms)
        keys = await multiselect_keys(page)
        if not keys:
            raise RuntimeError("no multiselect with a key in the sidebar")
        session.widget = keys[session.number % len(keys)]
        choices = await options(page, session.widget, timeout_ms)
        session.choice = choices[(session.number // len(keys)) % len(choices)]
        start = time.monotonic()
        await page.locator('[role="option"]').filter(has_text=session.choice).first.click()
        await page.keyboard.press("Escape")
        await page.locator(f".st-key-{session.widget} [data-tag]").first.wait_for(
            timeout=timeout_ms
        )
        await wait_idle(page, timeout_ms)
        session.filter_s = time.monotonic() - start

        if await page.locator(f".st-key-{UPLOAD_KEY}").count():
            session.upload_name = names[session.number]
            start = time.monotonic()
            await upload(page, session, timeout_ms)
            await wait_idle(page, timeout_ms)
            session.upload_s = time.monotonic() - start
    except Exception as exc:  # noqa: BLE001 - a failed session is a result, not a crash
        session.errors.append(f"{type(exc).__name__}: {str(exc).splitlines()[0][:200]}")
        await keep_evidence(page, session)
    # Every session waits here, so the checks below run while all the others hold their state.
    try:
        await asyncio.wait_for(all_set.wait(), timeout=timeout_ms / 1000)
        await check_isolation(page, session, names, timeout_ms)
    except Exception as exc:  # noqa: BLE001
        session.errors.append(f"check: {type(exc).__name__}: {str(exc).splitlines()[0][:200]}")
    finally:
        await context.close()


async def keep_evidence(page: Page, session: Session) -> None:
    """Save what a failed session saw: a screenshot and the sidebar's text."""
    stem = RESULTS / f"failed-session-{session.number:02d}"
    with contextlib.suppress(Exception):
        await page.screenshot(path=f"{stem}.png", full_page=True)
        Path(f"{stem}.txt").write_text(await page.locator(SIDEBAR).inner_text(timeout=5000))


async def check_isolation(page: Page, session: Session, names: list[str], timeout_ms) -> None:
    await wait_idle(page, timeout_ms)
    for key in await multiselect_keys(page):
        want = [session.choice] if key == session.widget and session.choice else []
        seen = await tags(page, key)
        if seen != want:
            session.leaks.append(f"widget {key!r} shows {seen}, expected {want}")
    if session.upload_name:
        text = await page.locator("body").inner_text()
        if session.upload_name not in text:
            session.leaks.append(f"own upload {session.upload_name!r} is gone")
        others = [n for n in names if n != session.upload_name and n in text]
        if others:
            session.leaks.append(f"sees other sessions' uploads: {others[:3]}")
    boxes = page.locator('[data-testid="stException"]')
    for text in await boxes.all_inner_texts():
        session.errors.append("exception on the page: " + " ".join(text.split())[:300])


async def sample_memory(pid: int, samples: list[float], stop: asyncio.Event) -> None:
    while not stop.is_set():
        value = rss_mb(pid)
        if value is not None:
            samples.append(value)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=0.5)


def spread(values: list[float]) -> dict[str, float | None]:
    if not values:
        return {"median": None, "p95": None, "max": None}
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {
        "median": round(statistics.median(ordered), 3),
        "p95": round(p95, 3),
        "max": round(ordered[-1], 3),
    }


async def drive(args: argparse.Namespace, port: int, pid: int) -> dict:
    url = f"http://127.0.0.1:{port}/"
    sessions = [Session(number=i) for i in range(args.sessions)]
    names = [f"bench-upload-{i:02d}" for i in range(args.sessions)]
    all_set = asyncio.Barrier(args.sessions)
    memory: list[float] = []
    stop = asyncio.Event()
    async with async_playwright() as pw:
        browsers = [
            await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for _ in range(args.browsers)
        ]
        sampler = asyncio.create_task(sample_memory(pid, memory, stop))
        idle_mb, cpu_before, load_before = rss_mb(pid), cpu_s(pid), os.getloadavg()[0]
        started = time.monotonic()
        runs = [
            run_session(browsers[s.number % len(browsers)], url, s, all_set, names, args.timeout)
            for s in sessions
        ]
        await asyncio.wait_for(asyncio.gather(*runs), timeout=args.deadline)
        wall = time.monotonic() - started
        cpu_after, load_after = cpu_s(pid), os.getloadavg()[0]
        stop.set()
        await sampler
        for browser in browsers:
            await browser.close()
    return {
        "sessions": [asdict(s) for s in sessions],
        "wall_s": round(wall, 2),
        # The browsers share the machine with the server: its CPU seconds and the load average
        # say how much of the wall time was the server's own work.
        "server_cpu_s": None if cpu_before is None else round(cpu_after - cpu_before, 1),
        "load_average_1min": [round(load_before, 2), round(load_after, 2)],
        "server_rss_mb": {
            "before": idle_mb,
            "peak": max(memory, default=None),
            "after": rss_mb(pid),
        },
    }


def summarise(args: argparse.Namespace, run: dict, port: int) -> dict:
    sessions = run["sessions"]
    idle = [s["idle_s"] for s in sessions if s["idle_s"] is not None]
    load = [s["load_s"] for s in sessions if s["load_s"] is not None]
    change = [s["filter_s"] for s in sessions if s["filter_s"] is not None]
    upload = [s["upload_s"] for s in sessions if s["upload_s"] is not None]
    retried = sum(1 for s in sessions if s["upload_attempts"] > 1)
    return {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "sessions": args.sessions,
        "browsers": args.browsers,
        "port": port,
        "sessions_with_errors": sum(1 for s in sessions if s["errors"]),
        "sessions_with_leaks": sum(1 for s in sessions if s["leaks"]),
        "uploads_tested": len(upload),
        "uploads_retried": retried,
        "first_run_s": spread(idle),
        "load_s": spread(load),
        "filter_s": spread(change),
        "upload_s": spread(upload),
        "wall_s": run["wall_s"],
        "server_cpu_s": run["server_cpu_s"],
        "cpu_count": os.cpu_count(),
        "load_average_1min": run["load_average_1min"],
        "server_rss_mb": run["server_rss_mb"],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=20, help="concurrent sessions (<= 60)")
    parser.add_argument("--browsers", type=int, default=2, help="Chromium processes to share")
    parser.add_argument("--timeout", type=float, default=120_000, help="per step, in ms")
    parser.add_argument("--deadline", type=float, default=600, help="whole run, in seconds")
    parser.add_argument("--geodata", help="folder of layers to serve (default: the repo's)")
    args = parser.parse_args(argv)
    args.sessions = max(1, min(args.sessions, MAX_SESSIONS))
    args.browsers = max(1, min(args.browsers, 4))

    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    env = {"CSTO_GEODATA_DIR": args.geodata} if args.geodata else None
    server = StreamlitServer(ROOT / "dashboard" / "app.py", env=env)
    port = server.port
    try:
        server.start(timeout=90)
        run = asyncio.run(drive(args, port, server.proc.pid))
    finally:
        (RESULTS / f"server-{stamp}.log").write_text(server.log())
        server.stop()
    summary = summarise(args, run, port)
    out = RESULTS / f"load_sessions-{stamp}.json"
    out.write_text(json.dumps({"summary": summary, **run}, indent=2, ensure_ascii=False))
    print(json.dumps(summary, indent=2))
    for s in run["sessions"]:
        for problem in s["errors"] + s["leaks"]:
            print(f"session {s['number']:02d}: {problem}")
    print(f"written to {out.relative_to(ROOT)}")
    clean = summary["sessions_with_errors"] == 0 and summary["sessions_with_leaks"] == 0
    return 0 if clean else 1


if __name__ == "__main__":
    sys.exit(main())
