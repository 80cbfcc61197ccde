"""What a benchmark run means: ratios to the baseline and to the floors, the targets, and the
Markdown tables ``bench/run.py`` prints."""

from __future__ import annotations


def _ratio(a: float | None, b: float | None) -> float | None:
    return None if a is None or not b else a / b


FIGURES = [
    ("load_ms", "page load → map drawn (ms)"),
    ("load_warm_ms", "page load, returning visitor (ms)"),
    ("filter_ms", "filter change → map updated (ms)"),
    ("filter_ms_type", "facility-type filter → map updated (ms)"),
    ("load_ws_bytes", "first page: websocket bytes"),
    ("load_http_bytes", "first page: HTTP bytes"),
    ("load_bytes", "first page: all bytes"),
    ("load_wire_bytes", "first page: bytes on the wire (CDP, compressed)"),
    ("load_warm_wire_bytes", "returning visitor: bytes on the wire"),
    ("load_sent_bytes", "first page: bytes the balancer sent (websocket as sent)"),
    ("load_warm_sent_bytes", "returning visitor: bytes the balancer sent"),
    ("load_requests", "first page: HTTP responses"),
    ("filter_ws_bytes", "filter change: websocket bytes"),
    ("filter_bytes", "filter change: all bytes"),
    ("filter_ws_bytes_type", "facility-type filter: websocket bytes"),
    ("chapter_ms", "story chapter change (Next) → map moved and drawn (ms)"),
    ("chapter_ws_bytes", "story chapter change: websocket bytes"),
    ("rss_mib", "server RSS after load (MiB)"),
    ("cold_start_s", "cold start → first render (s)"),
    ("load_average", "load average (1 min) after the run"),
]

# Targets over a reader's link: bytes on the wire of a first visit through the balancer, and
# our first visit against the map-only page's over the same link.
WIRE_BYTES_TARGET = 2_000_000
LINK_LOAD_TARGET = 1.2
# Against the page that carries the same controls (bench/controls_floor_app.py).
CONTROLS_TARGET = 1.3


def _routes(results: dict[str, dict]) -> list[str]:
    """The route suffixes present (" @link+balancer", ...), the plain one ("") first."""
    found = {name[name.index(" @") :] if " @" in name else "" for name in results}
    return sorted(found, key=lambda r: (r != "", r))


def route_comparison(results: dict[str, dict], route: str) -> dict:
    """Ratios and targets for one route: the link's and the same-controls floor's."""

    def med(app: str) -> dict:
        return results.get(app + route, {}).get("median", {})

    ours, story, only = med("ours"), med("ours-story"), med("map-only")
    floor, floor_story = med("controls-floor"), med("controls-floor-story")
    ratios = {
        "ours load / map-only load": _ratio(ours.get("load_ms"), only.get("load_ms")),
        "ours returning / map-only returning": _ratio(
            ours.get("load_warm_ms"), only.get("load_warm_ms")
        ),
        "ours wire bytes / map-only wire bytes": _ratio(
            ours.get("load_wire_bytes"), only.get("load_wire_bytes")
        ),
        "ours load / controls floor load": _ratio(ours.get("load_ms"), floor.get("load_ms")),
        "ours filter / controls floor filter": _ratio(
            ours.get("filter_ms"), floor.get("filter_ms")
        ),
        "ours type filter / controls floor type filter": _ratio(
            ours.get("filter_ms_type"), floor.get("filter_ms_type")
        ),
        "ours chapter / controls floor chapter": _ratio(
            story.get("chapter_ms"), floor_story.get("chapter_ms")
        ),
    }
    for name in results:
        if name.startswith("ours+") and name.endswith(route) and "-story" not in name:
            variant = name[: len(name) - len(route)] if route else name
            v, vs = med(variant), med(variant + "-story")
            for label, mine, theirs in (
                ("load", ours.get("load_ms"), v.get("load_ms")),
                ("filter", ours.get("filter_ms"), v.get("filter_ms")),
                ("type filter", ours.get("filter_ms_type"), v.get("filter_ms_type")),
                ("chapter", story.get("chapter_ms"), vs.get("chapter_ms")),
            ):
                ratios[f"ours {label} / {variant} {label}"] = _ratio(mine, theirs)
    targets = {
        f"filter change <= {CONTROLS_TARGET}x controls floor": _holds(
            ratios["ours filter / controls floor filter"], CONTROLS_TARGET
        ),
        f"facility-type filter <= {CONTROLS_TARGET}x controls floor": _holds(
            ratios["ours type filter / controls floor type filter"], CONTROLS_TARGET
        ),
        f"chapter change <= {CONTROLS_TARGET}x controls floor": _holds(
            ratios["ours chapter / controls floor chapter"], CONTROLS_TARGET
        ),
    }
    if "link" in route and "balancer" in route:
        # What the balancer sent, when counted, holds websocket frames as compressed as they
        # went; Chromium reports them unpacked.
        wire = ours.get("load_sent_bytes") or ours.get("load_wire_bytes")
        targets["first visit on the wire <= 2.0 MB"] = (
            None if wire is None else wire <= WIRE_BYTES_TARGET
        )
        targets[f"first visit <= {LINK_LOAD_TARGET}x map-only page"] = _holds(
            ratios["ours load / map-only load"], LINK_LOAD_TARGET
        )
    return {"ratios": ratios, "targets": targets}


def comparison(results: dict[str, dict]) -> dict:
    """Return ours/baseline ratios, ours vs the empty page, and whether the targets hold."""
    ours = results.get("ours", {}).get("median", {})
    base = results.get("baseline", {}).get("median", {})
    empty = results.get("empty", {}).get("median", {})
    map_floor = results.get("map-floor", {}).get("median", {})
    map_only = results.get("map-only", {}).get("median", {})
    story = results.get("ours-story", {}).get("median", {})
    ratios = {k: _ratio(ours.get(k), base.get(k)) for k, _ in FIGURES}
    floor = _ratio(ours.get("load_ms"), empty.get("load_ms"))
    warm_floor = _ratio(ours.get("load_warm_ms"), empty.get("load_warm_ms"))
    # What streamlit-folium alone costs: the best any app built on it can reach.
    floors = {
        "map-only page load / empty page": _ratio(map_only.get("load_ms"), empty.get("load_ms")),
        "ours load / map-only page load": _ratio(ours.get("load_ms"), map_only.get("load_ms")),
        "map floor load / empty page": _ratio(map_floor.get("load_ms"), empty.get("load_ms")),
        "returning visitor: ours / empty page": warm_floor,
        "returning visitor: map floor / empty page": _ratio(
            map_floor.get("load_warm_ms"), empty.get("load_warm_ms")
        ),
        "ours load / map floor load": _ratio(ours.get("load_ms"), map_floor.get("load_ms")),
        "map floor filter / baseline": _ratio(map_floor.get("filter_ms"), base.get("filter_ms")),
        "map floor type filter / baseline": _ratio(
            map_floor.get("filter_ms_type"), base.get("filter_ms_type")
        ),
        "ours filter / map floor filter": _ratio(ours.get("filter_ms"), map_floor.get("filter_ms")),
        "story chapter change / map floor filter": _ratio(
            story.get("chapter_ms"), map_floor.get("filter_ms")
        ),
    }
    targets = {
        "first map bytes (websocket) <= 1/5 baseline": _holds(ratios["load_ws_bytes"], 0.2),
        "filter change <= 1/3 baseline": _holds(ratios["filter_ms"], 1 / 3),
        "facility-type filter change <= 1/3 baseline": _holds(ratios["filter_ms_type"], 1 / 3),
        "view kept on filter change": ours.get("view_kept") and ours.get("view_kept_type"),
        "page load <= 1.2x empty page": _holds(floor, 1.2),
        "no request outside the machine": ours.get("external_requests") == 0 if ours else None,
        "map kept (no remount) on chapter change": (
            story.get("chapter_map_kept") if story else None
        ),
    }
    return {
        "ratios_ours_over_baseline": ratios,
        "load_over_empty": floor,
        "floors": floors,
        "targets": targets,
        "routes": {r or "loopback": route_comparison(results, r) for r in _routes(results)},
    }


def _holds(value: float | None, limit: float) -> bool | None:
    return None if value is None else value <= limit


def fmt(v) -> str:
    if v is None:
        return "–"
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, float) and abs(v) < 10:
        return f"{v:.2f}"
    return f"{v:,.0f}"


def print_table(results: dict[str, dict], comp: dict) -> None:
    apps = ("ours", "baseline", "empty", "map-only", "map-floor", "ours-story")
    names = [n for n in apps if n in results]
    names += [n for n in results if n not in names]
    print("\n| figure | " + " | ".join(names) + " | ours/baseline |")
    print("|---" * (len(names) + 2) + "|")
    for key, label in FIGURES:
        cells = [fmt(results[n].get("median", {}).get(key)) for n in names]
        print(
            f"| {label} | "
            + " | ".join(cells)
            + f" | {fmt(comp['ratios_ours_over_baseline'][key])} |"
        )
    for key in (
        "view_kept",
        "view_kept_type",
        "remounted",
        "chapter_map_kept",
        "external_requests",
    ):
        cells = [fmt(results[n].get("median", {}).get(key)) for n in names]
        print(f"| {key.replace('_', ' ')} | " + " | ".join(cells) + " | |")
    base = results.get("baseline", {}).get("median", {})
    empty = results.get("empty", {}).get("median", {})
    for name in names:
        if name.startswith("ours+"):
            m = results[name].get("median", {})
            pairs = [
                ("load/baseline", "load_ms", base),
                ("load/empty", "load_ms", empty),
                ("ws bytes/baseline", "load_ws_bytes", base),
                ("filter/baseline", "filter_ms", base),
            ]
            text = ", ".join(
                f"{label} {fmt(_ratio(m.get(k), ref.get(k)))}" for label, k, ref in pairs
            )
            print(f"{name}: {text}")
    print(f"\npage load ours / empty page: {fmt(comp['load_over_empty'])} (target ≤ 1.2)")
    for name, value in comp.get("floors", {}).items():
        print(f"  {name}: {fmt(value)}")
    for name, ok in comp["targets"].items():
        print(f"  {'PASS' if ok else 'FAIL' if ok is False else 'n/a '}  {name}")
    for route, found in comp.get("routes", {}).items():
        print(f"\n{route}:")
        for name, value in found["ratios"].items():
            if value is not None:
                print(f"  {name}: {fmt(value)}")
        for name, ok in found["targets"].items():
            print(f"  {'PASS' if ok else 'FAIL' if ok is False else 'n/a '}  {name}")


def print_scale(results: dict[str, dict], sizes: list[int], layer_bytes: dict) -> None:
    """Print the scale table; growth is each figure over the same figure at the smallest N."""
    print(
        "\n| renderer | points | load (ms) | filter (ms) | view kept | first map ws bytes "
        "| filter ws bytes | RSS (MiB) | layer bytes | canvas redraw (ms) "
        "| growth vs smallest N: load / filter / filter bytes / RSS |"
    )
    print("|---" * 11 + "|")
    for renderer in ("canvas",):
        first = None
        for n in sizes:
            m = results.get(f"{renderer}-{n}", {}).get("median")
            if not m:
                continue
            first = first or m
            growth = " / ".join(
                fmt(_ratio(m.get(k), first.get(k)))
                for k in ("load_ms", "filter_ms", "filter_ws_bytes", "rss_mib")
            )
            print(
                f"| {renderer} | {n:,} | {fmt(m['load_ms'])} | {fmt(m.get('filter_ms'))} "
                f"| {fmt(m.get('view_kept'))} | {fmt(m['load_ws_bytes'])} "
                f"| {fmt(m.get('filter_ws_bytes'))} | {fmt(m['rss_mib'])} "
                f"| {fmt(layer_bytes.get(str(n), {}).get(renderer))} "
                f"| {fmt(m.get('redraw_ms'))} | {growth} |"
            )
