"""Many browser sessions against the cluster (cluster/): 2 replicas with one killed mid-run,
and 1 replica against 2 at the same load.

Each session, through the balancer: opens the map, picks a filter, downloads a GeoJSON and
uploads a small file. With two replicas, one is then killed with SIGKILL: the sessions it held
must come back on a working map with their link's state, and the others must not notice.
Afterwards every session reloads its link and changes another filter (the figures "after").
Everything talks to 127.0.0.1 on free ports; a hard deadline bounds the whole run, and every
process the run started is stopped. Results: a table on stdout, JSON in bench/results/.

    .venv/bin/python bench/load_cluster.py --sessions 40

Shares its page helpers with bench/load_sessions.py and the browser set-up with bench/browser.py.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import signal
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from playwright.async_api import Page, async_playwright

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.browser import CHROMIUM, CHROMIUM_ARGS, MAP_FRAME  # noqa: E402
from bench.cluster_pages import (  # noqa: E402
    RECOVERED_JS,
    STATE_LOG_JS,
    download,
    map_drawn,
    pick,
    upload,
)
from bench.cluster_report import summarise, table  # noqa: E402
from bench.load_sessions import cpu_s, rss_mb  # noqa: E402
from bench.server import free_port  # noqa: E402
from cluster import control  # noqa: E402
from cluster.config import COOKIE, Cluster  # noqa: E402

RESULTS = ROOT / "bench" / "results"
# The status code in an HAProxy httplog line: after the frontend, the server and the timers.
STATUS = re.compile(r"\] \S+ \S+ \S+ (\d{3}) ")
FILTER_KEY = "countries_members"
AFTER_KEY = "facility_types"


# Records every change of Streamlit's script state with the page's clock.
@dataclass
class Session:
    """What one browser session did and saw, before and after the kill."""

    number: int
    replica: str | None = None
    choice: str | None = None
    link: str | None = None
    load_s: float | None = None
    filter_s: float | None = None
    download_ok: bool = False
    upload_ok: bool = False
    upload_name: str = ""
    upload_attempts: int = 0
    on_killed: bool = False
    recovery_s: float | None = None
    link_kept: bool | None = None
    reconnects_after_kill: int = 0
    after_download_ok: bool | None = None
    after_load_s: float | None = None
    after_filter_s: float | None = None
    failed: dict[str, list[str]] = field(default_factory=lambda: {"before": [], "after": []})
    errors: list[str] = field(default_factory=list)


class Run:
    """One cluster under load: its sessions, the phase they are in, and the kill."""

    def __init__(self, cluster: Cluster, sessions: int, timeout_ms: float, ramp_s: float) -> None:
        self.cluster = cluster
        # Readers arrive spread over this many seconds, not in the same millisecond.
        self.ramp_s = ramp_s
        self.sessions = [Session(number=i) for i in range(sessions)]
        self.timeout_ms = timeout_ms
        self.phase = "before"
        self.killed: str | None = None
        # Between the kill and the reloads: a new websocket then is a reconnect.
        self.watch_reconnects = False
        self.kill_at = 0.0
        self.memory: dict[str, dict] = {}

    def url(self) -> str:
        return f"http://127.0.0.1:{self.cluster.port}/"

    def pids(self) -> dict[str, int | None]:
        return {n: control.read_pid(self.cluster.pid_file(n)) for n in self.cluster.names()}


def _note_failures(page: Page, run: Run, s: Session) -> None:
    def failed(request) -> None:
        s.failed[run.phase].append(f"{request.method} {request.url[-60:]}: {request.failure}")

    def response(resp) -> None:
        if resp.status >= 400:
            s.failed[run.phase].append(f"{resp.request.method} {resp.url[-60:]}: {resp.status}")

    def websocket(_ws) -> None:
        if run.watch_reconnects:
            s.reconnects_after_kill += 1

    page.on("requestfailed", failed)
    page.on("response", response)
    page.on("websocket", websocket)
    page.on("pageerror", lambda exc: s.errors.append(f"page error: {str(exc)[:160]}"))


async def before_kill(run: Run, page: Page, s: Session) -> None:
    """Open the map, pick a filter, download, upload: all with every replica up."""
    t = run.timeout_ms
    await asyncio.sleep(run.ramp_s * s.number / len(run.sessions))
    started = time.monotonic()
    await page.goto(run.url(), timeout=t)
    await map_drawn(page, t)
    s.load_s = time.monotonic() - started
    s.replica = next(
        (c["value"] for c in await page.context.cookies() if c["name"] == COOKIE), None
    )
    await page.locator(f".st-key-{FILTER_KEY} input").first.wait_for(timeout=t)
    s.choice, s.filter_s = await pick(page, FILTER_KEY, s.number, t)
    s.link = page.url
    s.download_ok = await download(page, t)
    s.upload_name = f"load-upload-{s.number:02d}"
    s.upload_ok = await upload(page, s, t)


async def after_kill(run: Run, page: Page, s: Session, since: float) -> None:
    """Sessions of the killed replica: wait for their map and link state to come back."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        seen = await page.evaluate(RECOVERED_JS, [since, MAP_FRAME, FILTER_KEY])
        if seen["ran"] and seen["idle"] and seen["paths"] > 0 and seen["tags"] == [s.choice]:
            s.recovery_s = round(time.monotonic() - run.kill_at, 2)
            break
        await asyncio.sleep(0.25)
    s.link_kept = page.url == s.link
    if s.recovery_s is None:
        s.errors.append("no working map within 60 s of the kill")


async def afterwards(run: Run, page: Page, s: Session) -> None:
    """Everyone: a download on the session as it now is, then reload the link, new filter."""
    t = run.timeout_ms
    s.after_download_ok = await download(page, t)
    started = time.monotonic()
    await page.goto(s.link or run.url(), timeout=t)
    await map_drawn(page, t)
    s.after_load_s = time.monotonic() - started
    _, s.after_filter_s = await pick(page, AFTER_KEY, s.number, t)


async def _step(s: Session, what: str, coro) -> None:
    try:
        await coro
    except Exception as exc:  # noqa: BLE001 - a failed step is a result, not a crash
        s.errors.append(f"{what}: {type(exc).__name__}: {str(exc).splitlines()[0][:160]}")


def _memory(run: Run, label: str) -> None:
    """Each replica's resident memory (MiB) and CPU seconds so far, under ``label``."""
    pids = run.pids()
    run.memory[label] = {n: rss_mb(p) if p else None for n, p in pids.items()}
    run.memory[f"{label}_cpu_s"] = {n: cpu_s(p) if p else None for n, p in pids.items()}


async def _warm(run: Run, browser) -> None:
    """One page per replica, straight to its port, so caches are built before measuring."""
    for port in run.cluster.ports():
        context = await browser.new_context(viewport={"width": 1280, "height": 900})
        page = await context.new_page()
        try:
            await page.goto(f"http://127.0.0.1:{port}/", timeout=run.timeout_ms)
            await map_drawn(page, run.timeout_ms)
        finally:
            await context.close()


async def drive(run: Run, browsers: int, kill: bool) -> None:
    """All sessions at once through the balancer; with ``kill``, SIGKILL one replica after."""
    async with async_playwright() as pw:
        procs = [
            await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for _ in range(browsers)
        ]
        try:
            await _warm(run, procs[0])
            _memory(run, "warm")
            pages = []
            for s in run.sessions:
                context = await procs[s.number % browsers].new_context(
                    viewport={"width": 1280, "height": 900}, accept_downloads=True
                )
                page = await context.new_page()
                await page.add_init_script(STATE_LOG_JS)
                _note_failures(page, run, s)
                pages.append(page)
            await asyncio.gather(
                *(
                    _step(s, "before", before_kill(run, p, s))
                    for s, p in zip(run.sessions, pages, strict=True)
                )
            )
            _memory(run, "held")
            if not kill:
                return
            await _kill_and_recover(run, pages)
        finally:
            for proc in procs:
                await proc.close()


async def _kill_and_recover(run: Run, pages: list[Page]) -> None:
    counts: dict[str, int] = {}
    for s in run.sessions:
        counts[s.replica or "?"] = counts.get(s.replica or "?", 0) + 1
    victim = max(run.cluster.names(), key=lambda n: counts.get(n, 0))
    since = await asyncio.gather(*(p.evaluate("performance.now()") for p in pages))
    pid = run.pids()[victim]
    run.phase, run.killed, run.watch_reconnects = "after", victim, True
    run.kill_at = time.monotonic()
    os.kill(pid, signal.SIGKILL)
    for s in run.sessions:
        s.on_killed = s.replica == victim
    await asyncio.gather(
        *(
            _step(s, "recover", after_kill(run, p, s, t))
            for s, p, t in zip(run.sessions, pages, since, strict=True)
            if s.on_killed
        )
    )
    run.memory["rejoined_after_s"] = await _rejoined(run, victim, pid)
    run.watch_reconnects = False
    await asyncio.gather(
        *(
            _step(s, "after", afterwards(run, p, s))
            for s, p in zip(run.sessions, pages, strict=True)
        )
    )
    _memory(run, "after")


async def _rejoined(run: Run, victim: str, old_pid: int) -> float | None:
    """Seconds from the kill until the restarted replica counts as UP again (bounded)."""
    while time.monotonic() < run.kill_at + 60:
        status = control.status(run.cluster)[victim]
        if status["balancer"] == "UP" and status["pid"] not in (None, old_pid):
            return round(time.monotonic() - run.kill_at, 2)
        await asyncio.sleep(0.25)
    return None


def _cluster(replicas: int, state: Path, geodata: str | None) -> Cluster:
    ports = [free_port() for _ in range(replicas + 1)]
    return Cluster(
        repo=ROOT,
        state=state,
        python=Path(sys.executable),
        replicas=replicas,
        port=ports[0],
        replica_ports=tuple(ports[1:]),
        extra_env={"CSTO_GEODATA_DIR": geodata} if geodata else {},
    )


async def one(replicas: int, args: argparse.Namespace, kill: bool, budget: float) -> dict:
    """Start a cluster, drive it within ``budget`` seconds, stop it; return the run's record."""
    state = Path(tempfile.mkdtemp(prefix=f"load-cluster-{replicas}-"))
    cluster = _cluster(replicas, state, args.geodata)
    run = Run(cluster, args.sessions, args.timeout, args.ramp)
    started = time.monotonic()
    try:
        control.start(cluster, timeout=120)
        _memory(run, "idle")
        await asyncio.wait_for(drive(run, args.browsers, kill), timeout=budget)
    except TimeoutError:
        for s in run.sessions:
            s.errors.append(f"run stopped at its {budget:.0f} s bound")
    finally:
        log = (state / "balancer.log").read_text(errors="replace") if state.exists() else ""
        control.stop(cluster)
        shutil.rmtree(state, ignore_errors=True)
    return {
        "replicas": replicas,
        "killed": run.killed,
        "wall_s": round(time.monotonic() - started, 1),
        "memory_mb": run.memory,
        "balancer_5xx": sum(1 for m in map(STATUS.search, log.splitlines()) if m and m[1] >= "500"),
        "sessions": [asdict(s) for s in run.sessions],
    }


async def main_async(args: argparse.Namespace) -> list[dict]:
    end = time.monotonic() + args.deadline
    runs = [await one(2, args, kill=True, budget=args.deadline * 0.6)]
    if args.compare and time.monotonic() < end - 60:
        runs.append(await one(1, args, kill=False, budget=end - time.monotonic()))
    return runs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=40)
    parser.add_argument("--browsers", type=int, default=4, help="Chromium processes to share")
    parser.add_argument("--timeout", type=float, default=180_000, help="per step, in ms")
    parser.add_argument("--deadline", type=float, default=900, help="whole run, in seconds")
    parser.add_argument("--ramp", type=float, default=20, help="seconds over which sessions start")
    parser.add_argument("--no-compare", dest="compare", action="store_false",
                        help="skip the 1-replica run")  # fmt: skip
    parser.add_argument("--geodata", help="folder of layers to serve (default: the repo's)")
    args = parser.parse_args(argv)
    args.sessions = max(2, min(args.sessions, 60))
    RESULTS.mkdir(parents=True, exist_ok=True)
    runs = asyncio.run(main_async(args))
    summary = [summarise(r) for r in runs]
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    out = RESULTS / f"load_cluster-{stamp}.json"
    record = {"when": stamp, "cpu_count": os.cpu_count(), "summary": summary, "runs": runs}
    out.write_text(json.dumps(record, indent=1, ensure_ascii=False))
    print(table(summary))
    print(f"written to {out.relative_to(ROOT)}")
    ok = all(s["clean"] for s in summary)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
