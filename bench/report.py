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
    ("filter_ws_bytes", "filter change: websocket bytes"),
    ("filter_bytes", "filter change: all bytes"),
    ("filter_ws_bytes_type", "facility-type filter: websocket bytes"),
    ("chapter_ms", "story chapter change (Next) → map moved and drawn (ms)"),
    ("chapter_ws_bytes", "story chapter change: websocket bytes"),
    ("rss_mib", "server RSS after load (MiB)"),
    ("cold_start_s", "cold start → first render (s)"),
]


def comparison(results: dict[str, dict]) -> dict:
    """Return ours/baseline ratios, ours vs the empty page, and whether the targets hold."""
    ours = results.get("ours", {}).get("median", {})
    base = results.get("baseline", {}).get("median", {})
    empty = results.get("empty", {}).get("median", {})
    map_floor = results.get("map-floor", {}).get("median", {})
    map_only = results.get("map-only", {}).get("median", {})
    story = results.get("ours-story", {}).get("median", {})
    chapter_floor = _ratio(story.get("chapter_ms"), map_floor.get("filter_ms"))
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
        "story chapter change / map floor filter": chapter_floor,
    }
    targets = {
        "first map bytes (websocket) <= 1/5 baseline": _holds(ratios["load_ws_bytes"], 0.2),
        "filter change <= 1/3 baseline": _holds(ratios["filter_ms"], 1 / 3),
        "facility-type filter change <= 1/3 baseline": _holds(ratios["filter_ms_type"], 1 / 3),
        "view kept on filter change": ours.get("view_kept") and ours.get("view_kept_type"),
        "page load <= 1.2x empty page": _holds(floor, 1.2),
        "no request outside the machine": ours.get("external_requests") == 0 if ours else None,
        "story chapter change <= 1.3x map floor filter": _holds(chapter_floor, 1.3),
        "map kept (no remount) on chapter change": (
            story.get("chapter_map_kept") if story else None
        ),
    }
    return {
        "ratios_ours_over_baseline": ratios,
        "load_over_empty": floor,
        "floors": floors,
        "targets": targets,
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
    names += [n for n in results if n.startswith("ours+")]
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
