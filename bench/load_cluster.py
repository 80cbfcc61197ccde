"""Many readers against the cluster (cluster/): 2 replicas with one killed mid-run, and 1
replica against 2 at the same load.

The readers are protocol-level tabs (bench/st_client.py): each speaks Streamlit's own
websocket protocol and fetches what a browser fetches, so forty of them cost the bench little
CPU and the figures measure the cluster, not the load generator. A few real Chromium pages
(``--browsers``, default 3) run in the same load and check in a browser that a page through
the balancer draws the map and draws it again after the kill.

Each reader, through the balancer: opens the map, picks a filter, downloads a GeoJSON and
uploads a small file. With two replicas, the one holding more readers is then killed with
SIGKILL: its readers must come back on a working map with their link's state, and the others
must not notice. Afterwards every reader downloads, reloads its link and changes another
filter (the figures "after"). Everything talks to 127.0.0.1 on free ports; a hard deadline
bounds the whole run, and every process the run started is stopped. Results: a table on
stdout, JSON in bench/results/.

    .venv/bin/python bench/load_cluster.py --sessions 40
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import resource
import shutil
import signal
import sys
import tempfile
import time
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

from playwright.async_api import async_playwright

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, Python puts bench/ first on the path, where bench/cluster.py would hide the
# cluster package: the repository root comes first instead.
sys.path[:] = [str(ROOT), *(p for p in sys.path if p not in (str(ROOT), str(ROOT / "bench")))]

from bench import cluster_pages as pages  # noqa: E402
from bench import cluster_tabs as tabs  # noqa: E402
from bench.browser import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from bench.cluster_report import Session, summarise, table  # noqa: E402
from bench.load_sessions import cpu_s, rss_mb  # noqa: E402
from bench.server import free_port  # noqa: E402
from cluster import control  # noqa: E402
from cluster.config import Cluster  # noqa: E402

RESULTS = ROOT / "bench" / "results"
# The status code in an HAProxy httplog line: after the frontend, the server and the timers.
STATUS = re.compile(r"\] \S+ \S+ \S+ (\d{3}) ")
# How long a killed replica's readers and its restart are waited for, at most.
RECOVERY_BOUND_S = 60


class Run:
    """One cluster under load: its readers, the kill, the memory and CPU seen."""

    def __init__(self, cluster: Cluster, args: argparse.Namespace) -> None:
        self.cluster = cluster
        self.args = args
        n = args.sessions
        self.sessions = [Session(number=i) for i in range(n)]
        self.sessions += [Session(number=n + i, kind="browser") for i in range(args.browsers)]
        self.tabs = [tabs.new_tab(self.url(), args.timeout) for _ in range(n)]
        self.pages: list = []
        self.killed: str | None = None
        self.kill_at: float | None = None
        self.reconnects = {"on": False}  # browsers: a new websocket now is a reconnect
        self.memory: dict[str, dict] = {}
        self.client_cpu: dict[str, float] = {}

    def url(self) -> str:
        return f"http://127.0.0.1:{self.cluster.port}/"

    def pids(self) -> dict[str, int | None]:
        return {n: control.read_pid(self.cluster.pid_file(n)) for n in self.cluster.names()}

    def delay(self, s: Session) -> float:
        """When reader ``s`` arrives: all of them spread over the ramp, browsers among them."""
        if s.kind == "browser":
            i = s.number - self.args.sessions
            return self.args.ramp * (i + 0.5) / max(1, self.args.browsers)
        return self.args.ramp * s.number / max(1, self.args.sessions)


async def _step(s: Session, what: str, coro) -> None:
    try:
        await coro
    except Exception as exc:  # noqa: BLE001 - a failed step is a result, not a crash
        text = str(exc).splitlines()[0][:160] if str(exc) else ""
        s.note(f"{what}: {type(exc).__name__}: {text}")


def _memory(run: Run, label: str) -> None:
    """Each replica's resident memory (MiB) and CPU seconds so far, under ``label``."""
    pids = run.pids()
    run.memory[label] = {n: rss_mb(p) if p else None for n, p in pids.items()}
    run.memory[f"{label}_cpu_s"] = {n: cpu_s(p) if p else None for n, p in pids.items()}


def _descendants_cpu_s() -> float:
    """CPU seconds of every live process below this one (Playwright's driver, Chromium)."""
    parent: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            parent[int(stat.parent.name)] = int(fields[1])
        except (OSError, ValueError, IndexError):
            continue
    me, total = os.getpid(), 0.0
    for pid in parent:
        up, seen = parent.get(pid), 0
        while up not in (None, 0, 1, me) and seen < 64:
            up, seen = parent.get(up), seen + 1
        if up == me:
            total += cpu_s(pid) or 0.0
    return total


def _own_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


async def _warm(run: Run) -> None:
    """One tab per replica, straight to its port, so caches are built before measuring."""
    for port in run.cluster.ports():
        tab = tabs.new_tab(f"http://127.0.0.1:{port}/", run.args.timeout)
        s = Session(number=0)
        try:
            await tabs.load(tab, s)
            await tabs.pick(tab, s, tabs.FILTER_KEY)
            await tabs.download(tab, s)
        finally:
            await tab.close()


async def _open_pages(run: Run, browser) -> None:
    for s in run.sessions:
        if s.kind != "browser":
            continue
        context = await browser.new_context(
            viewport={"width": 1280, "height": 900}, accept_downloads=True
        )
        page = await context.new_page()
        await page.add_init_script(pages.STATE_LOG_JS)
        pages.watch(page, s, run.reconnects)
        run.pages.append(page)


def _readers(run: Run):
    """(session, tab or page) for every reader, tabs first."""
    browsers = [s for s in run.sessions if s.kind == "browser"]
    return [*zip(run.sessions, run.tabs, strict=False), *zip(browsers, run.pages, strict=True)]


async def drive(run: Run, kill: bool) -> None:
    """All readers at once through the balancer; with ``kill``, SIGKILL one replica after."""
    t_ms = run.args.timeout * 1000
    async with async_playwright() as pw:
        browser = None
        if run.args.browsers:
            browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            await _warm(run)
            _memory(run, "warm")
            if browser is not None:
                await _open_pages(run, browser)
            own, kids = _own_cpu_s(), _descendants_cpu_s()
            steps = []
            for s, reader in _readers(run):
                if s.kind == "browser":
                    step = pages.before_kill(reader, s, run.url(), run.delay(s), t_ms)
                else:
                    step = tabs.before_kill(reader, s, run.delay(s), run.args.timeout)
                steps.append(_step(s, "before", step))
            await asyncio.gather(*steps)
            _memory(run, "held")
            run.client_cpu = {
                "tabs": round(_own_cpu_s() - own, 1),
                "browsers": round(_descendants_cpu_s() - kids, 1),
            }
            if kill:
                await _kill_and_recover(run)
        finally:
            for s, tab in zip(run.sessions, run.tabs, strict=False):
                tabs.failures(tab, s, run.kill_at)
                await tab.close()
            if browser is not None:
                await browser.close()


async def _kill_and_recover(run: Run) -> None:
    counts: dict[str, int] = {}
    for s in run.sessions:
        counts[s.replica or "?"] = counts.get(s.replica or "?", 0) + 1
    victim = max(run.cluster.names(), key=lambda n: counts.get(n, 0))
    marks = {}
    for s, reader in _readers(run):
        if s.kind == "browser":
            marks[s.number] = await reader.evaluate("performance.now()")
        else:
            marks[s.number] = reader.page.runs_started
    pid = run.pids()[victim]
    run.killed, run.reconnects["on"] = victim, True
    run.kill_at = time.monotonic()
    os.kill(pid, signal.SIGKILL)
    rejoin = asyncio.create_task(_rejoined(run, victim, pid))
    steps = []
    for s, reader in _readers(run):
        s.phase, s.on_killed = "after", s.replica == victim
        if not s.on_killed:
            continue
        step = (pages if s.kind == "browser" else tabs).recover(
            reader, s, marks[s.number], run.kill_at, RECOVERY_BOUND_S
        )
        steps.append(_step(s, "recover", step))
    await asyncio.gather(*steps)
    run.reconnects["on"] = False
    steps = []
    for s, reader in _readers(run):
        if s.kind == "browser":
            step = pages.afterwards(reader, s, run.url(), run.args.timeout * 1000)
        else:
            step = tabs.afterwards(reader, s)
        steps.append(_step(s, "after", step))
    await asyncio.gather(*steps)
    _memory(run, "after")
    run.memory["rejoined_after_s"] = await rejoin


async def _rejoined(run: Run, victim: str, old_pid: int) -> float | None:
    """Seconds from the kill until the restarted replica answers on its port and the
    balancer counts it UP (bounded). A quick restart may fall between two health checks, so
    the balancer need not have seen it down."""
    port = dict(zip(run.cluster.names(), run.cluster.ports(), strict=True))[victim]
    health = f"http://127.0.0.1:{port}/_stcore/health"
    while time.monotonic() < run.kill_at + RECOVERY_BOUND_S:
        status = control.status(run.cluster)[victim]
        restarted = status["pid"] not in (None, old_pid) and status["balancer"] == "UP"
        if restarted and await asyncio.to_thread(control.healthy, health):
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
    run = Run(cluster, args)
    started, load_before = time.monotonic(), os.getloadavg()[0]
    try:
        control.start(cluster, timeout=120)
        _memory(run, "idle")
        await asyncio.wait_for(drive(run, kill), timeout=budget - (time.monotonic() - started))
    except TimeoutError:
        for s in run.sessions:
            s.note(f"run stopped at its {budget:.0f} s bound")
    finally:
        log = (state / "balancer.log").read_text(errors="replace") if state.exists() else ""
        control.stop(cluster)
        shutil.rmtree(state, ignore_errors=True)
    return {
        "replicas": replicas,
        "killed": run.killed,
        "wall_s": round(time.monotonic() - started, 1),
        # This machine is shared: its load average says how busy it was besides.
        "load_average_1min": [round(load_before, 2), round(os.getloadavg()[0], 2)],
        "memory_mb": run.memory,
        "client_cpu_s": run.client_cpu,
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
    parser.add_argument("--sessions", type=int, default=40, help="protocol-level readers")
    parser.add_argument("--browsers", type=int, default=3, help="real Chromium pages besides")
    parser.add_argument("--timeout", type=float, default=60, help="per step, in seconds")
    parser.add_argument("--deadline", type=float, default=300, help="whole run, in seconds")
    parser.add_argument("--ramp", type=float, default=10, help="seconds over which readers come")
    parser.add_argument("--no-compare", dest="compare", action="store_false",
                        help="skip the 1-replica run")  # fmt: skip
    parser.add_argument("--geodata", help="folder of layers to serve (default: the repo's)")
    args = parser.parse_args(argv)
    args.sessions = max(1, min(args.sessions, 200))
    args.browsers = max(0, min(args.browsers, 6))
    RESULTS.mkdir(parents=True, exist_ok=True)
    runs = asyncio.run(main_async(args))
    summary = [summarise(r) for r in runs]
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    out = RESULTS / f"load_cluster-{stamp}.json"
    record = {"when": stamp, "cpu_count": os.cpu_count(), "argv": sys.argv[1:],
              "summary": summary, "runs": runs}  # fmt: skip
    out.write_text(json.dumps(record, indent=1, ensure_ascii=False))
    print(table(summary))
    print(f"written to {out.relative_to(ROOT)}")
    return 0 if all(s["clean"] for s in summary) else 1


if __name__ == "__main__":
    sys.exit(main())
