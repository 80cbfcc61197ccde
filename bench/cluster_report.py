"""The record of one session of bench/load_cluster.py, and the figures and Markdown table
made from a run's records."""

from __future__ import annotations

from dataclasses import dataclass, field

# The target: a killed replica's readers back on a working map within this many seconds.
RECOVERY_TARGET_S = 10
PHASES = ("before", "after")


def _by_phase() -> dict[str, list[str]]:
    return {phase: [] for phase in PHASES}


@dataclass
class Session:
    """What one reader did and saw, before and after the kill. ``kind`` is ``protocol``
    (a bench/st_client.Tab) or ``browser`` (a Chromium page)."""

    number: int
    kind: str = "protocol"
    phase: str = "before"
    replica: str | None = None
    replica_after: str | None = None
    choice: str | None = None
    link: str | None = None
    load_s: float | None = None  # page load → map drawn
    page_s: float | None = None  # page load → the whole page (sidebar, table, downloads)
    filter_s: float | None = None
    runs: int | None = None  # script runs the session had by the end of its first steps
    download_ok: bool = False
    upload_ok: bool = False
    on_killed: bool = False
    recovery_map_s: float | None = None  # kill → the map again, with the link's countries
    recovery_s: float | None = None  # kill → the whole page again, the filter showing
    link_kept: bool | None = None
    link_after: str | None = None
    drops_after_kill: int = 0
    after_download_ok: bool | None = None
    after_load_s: float | None = None
    after_filter_s: float | None = None
    failed: dict[str, list[str]] = field(default_factory=_by_phase)
    errors: dict[str, list[str]] = field(default_factory=_by_phase)

    def note(self, error: str) -> None:
        """An error seen in the current phase."""
        self.errors[self.phase].append(error)


def pct(values: list[float], q: float) -> float | None:
    """The q-quantile (nearest rank) of ``values``, or None."""
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))], 2)


def _spread(values: list[float | None]) -> dict:
    got = [v for v in values if v is not None]
    return {"p50": pct(got, 0.5), "p95": pct(got, 0.95), "max": pct(got, 1), "n": len(got)}


def _phase(sessions: list[dict], phase: str) -> dict:
    """Timings per kind of session, and what failed, in one phase."""
    pre = "" if phase == "before" else "after_"
    out: dict = {}
    for kind in ("protocol", "browser"):
        mine = [s for s in sessions if s["kind"] == kind]
        out[kind] = {
            "load_s": _spread([s[f"{pre}load_s"] for s in mine]),
            "filter_s": _spread([s[f"{pre}filter_s"] for s in mine]),
        }
        if phase == "before":
            out[kind]["page_s"] = _spread([s["page_s"] for s in mine])
    if phase == "before":
        runs = [s["runs"] for s in sessions if s.get("runs")]
        out["runs_per_tab"] = round(sum(runs) / len(runs), 1) if runs else None
    out["downloads_ok"] = sum(bool(s[f"{pre}download_ok"]) for s in sessions)
    out["uploads_ok"] = sum(s["upload_ok"] for s in sessions) if phase == "before" else None
    out["failed_requests"] = sum(len(s["failed"][phase]) for s in sessions)
    out["sessions_with_errors"] = sum(1 for s in sessions if s["errors"][phase])
    return out


def _memory(run: dict, per_replica: dict[str, int]) -> dict:
    """Resident memory per replica and what each open session adds to it."""
    mem = run["memory_mb"]
    warm, held = mem.get("warm", {}), mem.get("held", {})
    per_session = {
        n: round((held[n] - warm[n]) / per_replica[n], 1)
        for n in held
        if held.get(n) and warm.get(n) and per_replica.get(n)
    }
    both = [n for n in held if held.get(n) and warm.get(n)]
    total = sum(per_replica.get(n, 0) for n in both)
    overall = sum(held[n] - warm[n] for n in both) / total if total else None
    return {"per_session_mb": per_session, "per_session_all_mb": overall and round(overall, 1)}


def summarise(run: dict) -> dict:
    """The figures of one run: before and after the kill, failures, recovery, memory, CPU."""
    sessions = run["sessions"]
    per_replica: dict[str, int] = {}
    for s in sessions:
        per_replica[s["replica"] or "?"] = per_replica.get(s["replica"] or "?", 0) + 1
    mem = run["memory_mb"]
    held_cpu, warm_cpu = mem.get("held_cpu_s", {}), mem.get("warm_cpu_s", {})
    cpu = [held_cpu[n] - warm_cpu[n] for n in held_cpu if held_cpu[n] and warm_cpu.get(n)]
    out = {
        "replicas": run["replicas"],
        "sessions": len(sessions),
        "browsers": sum(1 for s in sessions if s["kind"] == "browser"),
        "wall_s": run["wall_s"],
        "sessions_per_replica": per_replica,
        # CPU the replicas spent on the sessions' load, filter, download and upload.
        "server_cpu_s_per_session": round(sum(cpu) / len(sessions), 2) if cpu else None,
        "client_cpu_s": run.get("client_cpu_s", {}),
        "before": _phase(sessions, "before"),
        "memory_mb": mem,
        **_memory(run, per_replica),
        "balancer_5xx": run["balancer_5xx"],
    }
    before = out["before"]
    clean = (
        before["downloads_ok"] == len(sessions)
        and before["uploads_ok"] == len(sessions)
        and before["failed_requests"] == 0
        and before["sessions_with_errors"] == 0
    )
    if run["killed"]:
        out["kill"] = _kill(run, sessions)
        out["after"] = _phase(sessions, "after")
        k = out["kill"]
        clean = (
            clean
            and k["map_within_target"] == k["sessions_on_it"]
            and k["recovered"] == k["sessions_on_it"]
            and k["survivor_errors"] == 0
        )
    out["clean"] = clean
    seen = [e for s in sessions for p in PHASES for e in s["errors"][p]]
    out["errors"] = sorted(set(seen))[:20]
    return out


def _kill(run: dict, sessions: list[dict]) -> dict:
    dead = [s for s in sessions if s["on_killed"]]
    # Sessions that never reached a replica failed before the kill and count there.
    alive = [s for s in sessions if not s["on_killed"] and s["replica"]]
    recovered = [s for s in dead if s["recovery_s"] is not None and s["after_download_ok"]]
    maps = [s["recovery_map_s"] for s in dead if s["recovery_map_s"] is not None]
    pages = [s["recovery_s"] for s in dead if s["recovery_s"] is not None]
    return {
        "replica": run["killed"],
        "sessions_on_it": len(dead),
        "browsers_on_it": sum(1 for s in dead if s["kind"] == "browser"),
        "recovered": len(recovered),
        "map_within_target": sum(1 for t in maps if t <= RECOVERY_TARGET_S),
        "page_within_target": sum(1 for t in pages if t <= RECOVERY_TARGET_S),
        "recovery_map_s": _spread(maps),
        "recovery_page_s": _spread(pages),
        "browser_recovery_s": _spread([s["recovery_s"] for s in dead if s["kind"] == "browser"]),
        "link_kept": sum(1 for s in dead if s["link_kept"]),
        "dead_failed_requests": sum(len(s["failed"]["after"]) for s in dead),
        "survivor_sessions": len(alive),
        "survivor_errors": sum(
            len(s["errors"]["after"]) + len(s["failed"]["after"]) + s["drops_after_kill"]
            for s in alive
        ),
        "rejoined_after_s": run["memory_mb"].get("rejoined_after_s"),
    }


def _t(spread: dict) -> str:
    if spread["p50"] is None:
        return "–"
    return f"{spread['p50']:.1f} / {spread['p95']:.1f}"


def table(summary: list[dict]) -> str:
    """A Markdown table: 1 replica, 2 replicas before the kill, 2 replicas after it."""
    two = next((s for s in summary if s.get("kill")), None)
    one = next((s for s in summary if s["replicas"] == 1), None)
    cols = [("1 replica", one, "before")] if one else []
    if two:
        cols += [("2 replicas", two, "before"), ("2 replicas, after the kill", two, "after")]
    rows = ["| figure | " + " | ".join(c[0] for c in cols) + " |", "| --- |" + " --- |" * len(cols)]

    def row(label: str, fn) -> None:
        rows.append(f"| {label} | " + " | ".join(fn(s, ph) for _, s, ph in cols) + " |")

    def only_before(fn):
        return lambda s, ph: fn(s) if ph == "before" else "–"

    row("sessions: protocol tabs + Chromium pages",
        lambda s, ph: f"{s['sessions'] - s['browsers']} + {s['browsers']}")  # fmt: skip
    row("tabs: page load → map drawn, p50 / p95 (s)",
        lambda s, ph: _t(s[ph]["protocol"]["load_s"]))  # fmt: skip
    row("tabs: page load → whole page, p50 / p95 (s)",
        only_before(lambda s: _t(s["before"]["protocol"]["page_s"])))  # fmt: skip
    row("tabs: filter change → run done, p50 / p95 (s)",
        lambda s, ph: _t(s[ph]["protocol"]["filter_s"]))  # fmt: skip
    row("Chromium: page load → map drawn, p50 / p95 (s)",
        lambda s, ph: _t(s[ph]["browser"]["load_s"]))  # fmt: skip
    row("Chromium: filter change → idle, p50 / p95 (s)",
        lambda s, ph: _t(s[ph]["browser"]["filter_s"]))  # fmt: skip
    row("tabs: script runs per reader (load, filter, upload)",
        only_before(lambda s: str(s["before"].get("runs_per_tab"))))  # fmt: skip
    row("GeoJSON downloads ok", lambda s, ph: f"{s[ph]['downloads_ok']}/{s['sessions']}")
    row("uploads ok", only_before(lambda s: f"{s['before']['uploads_ok']}/{s['sessions']}"))
    row("failed requests", lambda s, ph: str(s[ph]["failed_requests"]))
    row("sessions with an error", lambda s, ph: str(s[ph]["sessions_with_errors"]))
    row(
        "replica memory, RSS warm → with sessions (MiB)",
        lambda s, ph: ", ".join(_rss(s, ph, n) for n in s["memory_mb"].get("warm", {})),
    )
    row("memory per open session (MiB)",
        only_before(lambda s: f"{s['per_session_all_mb']}"))  # fmt: skip
    row("replica CPU per session (s)", only_before(lambda s: str(s["server_cpu_s_per_session"])))
    row("load generator CPU: tabs / Chromium (s)",
        only_before(lambda s: "{tabs} / {browsers}".format(**{"tabs": "–", "browsers": "–",
                                                              **s["client_cpu_s"]})))  # fmt: skip
    out = "\n".join(rows)
    if two:
        out += "\n\n" + _kill_text(two)
    return out


def _rss(s: dict, ph: str, name: str) -> str:
    warm = s["memory_mb"].get("warm", {}).get(name)
    held = s["memory_mb"].get("held" if ph == "before" else "after", {}).get(name)
    return f"{warm or 0:.0f} → {held:.0f}" if held else f"{warm or 0:.0f} → –"


def _kill_text(two: dict) -> str:
    k = two["kill"]
    m, p, b = k["recovery_map_s"], k["recovery_page_s"], k["browser_recovery_s"]
    return (
        f"Killed {k['replica']} (SIGKILL) holding {k['sessions_on_it']} of {two['sessions']} "
        f"sessions ({k['browsers_on_it']} of them Chromium pages). Back on a map drawing the "
        f"link's countries: {m['n']} ({k['map_within_target']} within {RECOVERY_TARGET_S} s; "
        f"p50 {m['p50']} s, p95 {m['p95']} s, max {m['max']} s after the kill). The whole "
        f"page back with the filter showing: {p['n']} ({k['page_within_target']} within "
        f"{RECOVERY_TARGET_S} s; p50 {p['p50']} s, max {p['max']} s; Chromium pages: max "
        f"{b['max']} s). Recovered and downloading again: {k['recovered']}; "
        f"{k['link_kept']} kept their link; {k['dead_failed_requests']} failed requests on "
        f"their side. {k['survivor_errors']} errors, failed requests or reconnects on the "
        f"{k['survivor_sessions']} sessions of the survivor. The restarted replica was back "
        f"in the balancer after {k['rejoined_after_s']} s."
    )
