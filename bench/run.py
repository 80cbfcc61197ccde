"""Benchmark the app against the naive build and an empty page; then the point layer at scale.

    .venv/bin/python -m bench.run             # 3 runs each, prints tables, writes bench/results/
    .venv/bin/python -m bench.run --runs 5 --scale 1000,10000
    .venv/bin/python -m bench.run --no-scale

Every app runs in its own fresh ``streamlit run`` process on a free 127.0.0.1 port and is driven
by Debian's chromium. Ratios within one run are the result; absolute times on a shared machine
are noise.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import browser
from bench import link as linkbench
from bench import story as story_bench
from bench.report import comparison, fmt, print_scale, print_table
from bench.server import REPO, StreamlitServer, free_port, staged_script

RESULTS = REPO / "bench" / "results"
BENCH = REPO / "bench"
PAN_TO = (50.0, 70.0)
PAN_ZOOM = 4


@dataclass(frozen=True)
class App:
    """An app under test and the filter click that changes its map."""

    name: str
    script: Path
    staged: bool
    needs_map: bool = True
    # (suffix for the figures, widget key, option text or None for the first option)
    filters: tuple[tuple[str, str, str | None], ...] = ()
    env: dict[str, str] = field(default_factory=dict)
    path: str = ""  # what the page opens after the root URL, such as a story link "?story=…"
    story: bool = False  # measure a chapter change (bench/story.py)


# Two filter changes: one that shrinks the map to one country (the naive build's best case:
# it redraws little) and one that narrows the facilities and keeps every border (its worst).
MAP_FILTERS = (("", "countries_members", "Kazakhstan"), ("_type", "facility_types", "air base"))

APPS = {
    "empty": App("empty", BENCH / "empty_app.py", staged=True, needs_map=False),
    "map-floor": App("map-floor", BENCH / "map_floor_app.py", True, True, MAP_FILTERS),
    "map-only": App("map-only", BENCH / "map_only_app.py", staged=True, needs_map=True),
    "baseline": App("baseline", BENCH / "baseline_app.py", True, True, MAP_FILTERS),
    "ours": App("ours", REPO / "dashboard" / "app.py", False, True, MAP_FILTERS),
    "ours-story": App(
        "ours-story", REPO / "dashboard" / "app.py", False, path=story_bench.LINK, story=True
    ),
    # The floor that carries our controls: the same sidebar and story panel, the smallest map.
    "controls-floor": App(
        "controls-floor", BENCH / "controls_floor_app.py", True, True, MAP_FILTERS
    ),
    "controls-floor-story": App(
        "controls-floor-story",
        BENCH / "controls_floor_app.py",
        True,
        path=story_bench.LINK,
        story=True,
    ),
}


@dataclass(frozen=True)
class Route:
    """How the reader reaches the server: over the emulated link or loopback, through the
    cluster's balancer or straight to the server."""

    link: bool = False
    balancer: bool = False

    def suffix(self) -> str:
        parts = (["link"] if self.link else []) + (["balancer"] if self.balancer else [])
        return f" @{'+'.join(parts)}" if parts else ""


def variant_apps(names: str) -> list[App]:
    """Return our app with the bench.variants patches ``names`` (comma-separated) applied,
    opened plainly (filters) and by the story link (chapter change)."""
    key = "ours+" + names.replace(",", "+")
    env = {"CSTO_BENCH_VARIANTS": names}
    script = BENCH / "variant_app.py"
    return [
        App(key, script, True, True, MAP_FILTERS, env),
        App(key + "-story", script, True, True, (), env, path=story_bench.LINK, story=True),
    ]


def scale_app(n: int) -> App:
    """Return our app started with ``n`` SYNTHETIC points; its filter picks one event type."""
    env = {"CSTO_SYNTHETIC_POINTS": str(n)}
    filters = (("", "synthetic_types", None),)
    return App(f"canvas-{n}", REPO / "dashboard" / "app.py", False, True, filters, env)


def measure_filter(page, traffic, key: str, text: str | None, rss: callable) -> dict:
    """Pan, pick ``text`` in the multiselect ``key``; time, bytes and whether the view held."""
    browser.pan(page, PAN_TO, PAN_ZOOM)
    since = page.evaluate("performance.now()")
    browser.wait_settled(page, since=since, needs_map=True)
    ws0, http0 = traffic.snapshot()
    before = page.evaluate("window.__bench.log.at(-1)")
    started = browser.pick_option(page, key, text)
    ms, row = browser.wait_settled(page, since=started, needs_map=True, before=before)
    ws1, http1 = traffic.snapshot()
    seen = browser.view(page) or {}
    remounted = None if ms is None else seen.get("tag") is None
    return {
        "filter_ms": ms,
        "filter_ws_bytes": ws1 - ws0,
        "filter_http_bytes": http1 - http0,
        "filter_bytes": ws1 - ws0 + http1 - http0,
        "filter_drawn": {k: row[k] for k in ("paths", "markers", "points")},
        "remounted": remounted,
        "view_kept": None
        if ms is None
        else (
            not remounted
            and seen.get("zoom") == PAN_ZOOM
            and abs(seen.get("lat", 0) - PAN_TO[0]) < 0.01
            and abs(seen.get("lng", 0) - PAN_TO[1]) < 0.01
        ),
        "rss_after_filter_mib": rss() / 1024,
    }


def measure(app: App, pw_browser, workdir: Path, route: Route = Route()) -> dict:
    """Run ``app`` once in a fresh server: cold start, page load, pan, filter changes; every
    page after the cold one reaches the server by ``route``."""
    script = staged_script(app.script, workdir / app.name) if app.staged else app.script
    # Through the balancer the app runs as the cluster runs each replica.
    with StreamlitServer(script, env=app.env, replica=route.balancer) as server:
        if not route.balancer:
            return _measure_on(app, pw_browser, server, server.url, route)
        with linkbench.Balancer(server.port, free_port()) as balancer:
            return _measure_on(app, pw_browser, server, balancer.url, route, balancer.sent)


def whole_page_loaded(page, timeout_ms: float = 60_000) -> None:
    """Wait until the parts under the map have come and the network has been quiet for
    0.5 s (Playwright's "networkidle", websockets aside); a bound, not a figure."""
    page.get_by_text(story_bench.WAITING_NOTE).wait_for(state="detached", timeout=timeout_ms)
    with contextlib.suppress(browser.PlaywrightTimeout):
        page.wait_for_load_state("networkidle", timeout=timeout_ms)


def _measure_on(
    app: App, pw_browser, server: StreamlitServer, base: str, route: Route, sent=None
) -> dict:
    """``sent``, through the balancer: the bytes it has sent so far (``Balancer.sent``)."""
    out: dict = {"server_ready_s": server.ready_at - server.spawned_at}
    # Cold: the first visit runs the script for the first time in a new process (loopback,
    # straight to the server, whatever the route: it measures the process, not the link).
    page, traffic, ms, _ = browser.open_and_wait(
        pw_browser, server.url + app.path, needs_map=app.needs_map
    )
    out["cold_start_s"] = out["server_ready_s"] + ms / 1000
    page.context.close()
    url = base + app.path
    external = 0
    for index, (suffix, key, text) in enumerate(app.filters or (("", None, None),)):
        # Warm: what every later visitor sees; a fresh page for each filter change.
        sent0 = sent() if sent and index == 0 else None
        page, traffic, ms, row = browser.open_and_wait(
            pw_browser, url, needs_map=app.needs_map, link=route.link
        )
        if index == 0:
            out["load_ms"] = ms
            # The map is drawn first; the bytes of a first visit are those of the whole page.
            whole_page_loaded(page)
            out["load_ws_bytes"], out["load_http_bytes"] = traffic.snapshot()
            out["load_bytes"] = out["load_ws_bytes"] + out["load_http_bytes"]
            out["load_wire_bytes"] = traffic.on_wire()
            if sent0 is not None:
                # Chromium counts websocket frames unpacked; the balancer as sent.
                out["load_sent_bytes"], sent0 = sent() - sent0, sent()
            out["load_requests"] = traffic.wire.responses
            out["drawn"] = {k: row[k] for k in ("paths", "markers", "points")}
            out["rss_mib"] = server.rss_kib() / 1024
            if row["points"] > 0:
                # Before any filter, so every point is in the layer.
                out["redraw_ms"] = browser.redraw_ms(page)
            # The same visitor coming back: Streamlit's hashed chunks are cached for a
            # year, so only what the app sends is fetched again.
            external += len(traffic.external)
            page, traffic, out["load_warm_ms"], _ = browser.reopen_and_wait(
                page, url, needs_map=app.needs_map, link=route.link
            )
            out["load_warm_wire_bytes"] = traffic.on_wire()
            if sent0 is not None:
                out["load_warm_sent_bytes"] = sent() - sent0
        if key:
            figures = measure_filter(page, traffic, key, text, server.rss_kib)
            out.update({name + suffix: value for name, value in figures.items()})
        if app.story:
            out.update(story_bench.measure_chapter(page, traffic, server.rss_kib))
        external += len(traffic.external)
        page.context.close()
    out["external_requests"] = external
    return out


def median_of(runs: list[dict]) -> dict:
    """Median of each numeric figure over runs; booleans must hold in every run."""
    merged: dict = {}
    for key in runs[0]:
        values = [r[key] for r in runs if r.get(key) is not None]
        if not values:
            merged[key] = None
        elif isinstance(values[0], bool):
            merged[key] = all(values)
        elif isinstance(values[0], int | float):
            merged[key] = statistics.median(values)
        else:
            merged[key] = values[-1]
    return merged


def run_apps(
    apps: list[App], runs: int, workdir: Path, routes: tuple[Route, ...] = (Route(),)
) -> dict[str, dict]:
    """Measure each app by each route ``runs`` times, interleaved so machine noise hits all
    alike; results are keyed by the app's name and the route's suffix."""
    pairs = [(app, route) for app in apps for route in routes]
    raw: dict[str, list[dict]] = {a.name + r.suffix(): [] for a, r in pairs}
    errors: dict[str, list[str]] = {}
    with browser.sync_playwright() as pw:
        pw_browser = browser.launch(pw)
        for i in range(runs):
            for app, route in pairs:
                name = app.name + route.suffix()
                try:
                    result = measure(app, pw_browser, workdir, route)
                except (RuntimeError, TimeoutError, browser.PlaywrightError) as exc:
                    # One broken run must not throw away the others; it is reported instead.
                    errors.setdefault(name, []).append(str(exc)[:2000])
                    print(f"  run {i + 1}/{runs} {name}: FAILED {str(exc)[:300]}", flush=True)
                    continue
                result["load_average"] = os.getloadavg()[0]
                raw[name].append(result)
                print(f"  run {i + 1}/{runs} {name}: " + _brief(result), flush=True)
        pw_browser.close()
    out = {name: {"median": median_of(r), "runs": r} for name, r in raw.items() if r}
    for name, messages in errors.items():
        out.setdefault(name, {})["errors"] = messages
    return out


def _brief(r: dict) -> str:
    parts = [
        f"load {r['load_ms']:.0f} ms",
        f"bytes {r['load_bytes']:,} (wire {r['load_wire_bytes']:,})",
        f"returning {r['load_warm_ms']:.0f} ms (wire {r['load_warm_wire_bytes']:,})",
        f"load avg {r['load_average']:.2f}",
    ]
    if "filter_ms" in r:
        parts.append(f"filter {fmt(r['filter_ms'])} ms, view kept {r['view_kept']}")
    if "chapter_ms" in r:
        parts.append(
            f"chapter {fmt(r['chapter_ms'])} ms (drawn {fmt(r['chapter_drawn_ms'])}, moved "
            f"{fmt(r['chapter_moved_ms'])}), map kept {r['chapter_map_kept']}"
        )
    return ", ".join(parts)


def layer_payloads(sizes: list[int]) -> dict[str, dict[str, int]]:
    """Bytes of JavaScript each renderer adds to the map message, per point count."""
    from bench import cluster
    from dashboard.logic import synthetic
    from dashboard.map import points as pointlayer

    events = synthetic.generate_events(max(sizes))
    out = {}
    for n in sizes:
        pts = events.iloc[:n]
        canvas = pointlayer.canvas_point_layer(pts, categories=synthetic.EVENT_TYPES)
        clustered = cluster.cluster_point_layer(pts)
        out[str(n)] = {
            "canvas": cluster.payload_bytes(canvas),
            "cluster": cluster.payload_bytes(clustered),
        }
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per app (median reported)")
    parser.add_argument(
        "--apps",
        default="ours,baseline,empty,map-only,map-floor,ours-story,controls-floor,"
        "controls-floor-story",
        help="comma-separated apps",
    )
    parser.add_argument("--scale", default="1000,10000,100000", help="synthetic point counts")
    parser.add_argument("--no-scale", action="store_true", help="skip the synthetic-points runs")
    parser.add_argument(
        "--variants",
        action="append",
        default=[],
        help="also run our app with these bench.variants patches (comma-separated, repeatable)",
    )
    parser.add_argument(
        "--link", action="store_true", help=f"pages over an emulated link ({linkbench.PROFILE})"
    )
    parser.add_argument(
        "--routes",
        default="direct",
        help="comma-separated: direct (to the server), balancer (through the cluster's HAProxy)",
    )
    parser.add_argument("--out", type=Path, default=RESULTS, help="folder for the JSON results")
    args = parser.parse_args(argv)

    started = datetime.now(UTC)
    report: dict = {"started_utc": started.isoformat(timespec="seconds"), "runs": args.runs}
    with tempfile.TemporaryDirectory(prefix="csto-bench-") as tmp:
        work = Path(tmp)
        apps = [APPS[a] for a in args.apps.split(",") if a]
        apps += [a for v in args.variants for a in variant_apps(v)]
        routes = tuple(Route(args.link, r == "balancer") for r in args.routes.split(",") if r)
        report["link"] = linkbench.PROFILE if args.link else None
        if apps:
            print(f"Comparing {', '.join(a.name for a in apps)} ({args.runs} runs each)")
            if args.link:
                print(f"Over an emulated link: {linkbench.PROFILE}")
            results = run_apps(apps, args.runs, work, routes)
            comp = comparison(results)
            report.update(apps=results, comparison=comp)
            print_table(results, comp)
        if not args.no_scale:
            sizes = [int(s) for s in args.scale.split(",") if s]
            scale = [scale_app(n) for n in sizes]
            print(f"\nScale: synthetic points {sizes} ({args.runs} runs each)")
            layer_bytes = layer_payloads(sizes)
            sresults = run_apps(scale, args.runs, work)
            report.update(scale=sresults, layer_bytes=layer_bytes)
            print_scale(sresults, sizes, layer_bytes)
    report["finished_utc"] = datetime.now(UTC).isoformat(timespec="seconds")
    args.out.mkdir(parents=True, exist_ok=True)
    stamp = started.strftime("%Y%m%dT%H%M%SZ")
    path = args.out / f"bench-{stamp}.json"
    path.write_text(json.dumps(report, indent=2, default=str), encoding="utf-8")
    (args.out / "latest.json").write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    print(f"\nWrote {path.relative_to(REPO) if path.is_relative_to(REPO) else path}")
    return 0


if __name__ == "__main__":
    t0 = time.perf_counter()
    code = main()
    print(f"({time.perf_counter() - t0:.0f} s)")
    sys.exit(code)
