"""Figures and a Markdown table from bench/load_cluster.py's runs."""

from __future__ import annotations

# The target: a killed replica's readers back on a working map within this many seconds.
RECOVERY_TARGET_S = 10


def pct(values: list[float], q: float) -> float | None:
    """The q-quantile (nearest rank) of ``values``, or None."""
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))], 2)


def _spread(values: list[float | None]) -> dict:
    got = [v for v in values if v is not None]
    return {"p50": pct(got, 0.5), "p95": pct(got, 0.95), "n": len(got)}


def summarise(run: dict) -> dict:
    """The figures of one run: before and after the kill, failures, recovery, memory."""
    sessions = run["sessions"]
    per_replica: dict[str, int] = {}
    for s in sessions:
        per_replica[s["replica"] or "?"] = per_replica.get(s["replica"] or "?", 0) + 1
    mem = run["memory_mb"]
    per_session = {}
    for name, n in per_replica.items():
        held, warm = mem.get("held", {}).get(name), mem.get("warm", {}).get(name)
        if held and warm and n:
            per_session[name] = round((held - warm) / n, 1)
    held_cpu, warm_cpu = mem.get("held_cpu_s", {}), mem.get("warm_cpu_s", {})
    cpu = [held_cpu[n] - warm_cpu[n] for n in held_cpu if held_cpu[n] and warm_cpu.get(n)]
    out = {
        "replicas": run["replicas"],
        # CPU the replicas spent on the sessions' load, filter, download and upload.
        "server_cpu_s_per_session": round(sum(cpu) / len(sessions), 2) if cpu else None,
        "sessions": len(sessions),
        "wall_s": run["wall_s"],
        "sessions_per_replica": per_replica,
        "before": {
            "load_s": _spread([s["load_s"] for s in sessions]),
            "filter_s": _spread([s["filter_s"] for s in sessions]),
            "downloads_ok": sum(s["download_ok"] for s in sessions),
            "uploads_ok": sum(s["upload_ok"] for s in sessions),
            "failed_requests": sum(len(s["failed"]["before"]) for s in sessions),
            "sessions_with_errors": sum(
                1 for s in sessions if any(e.startswith("before") for e in s["errors"])
            ),
        },
        "memory_mb": mem,
        "memory_per_session_mb": per_session,
        "balancer_5xx": run["balancer_5xx"],
    }
    clean = (
        out["before"]["downloads_ok"] == len(sessions)
        and out["before"]["uploads_ok"] == len(sessions)
        and out["before"]["failed_requests"] == 0
    )
    if run["killed"]:
        dead = [s for s in sessions if s["on_killed"]]
        # Sessions that never reached a replica failed before the kill and count there.
        alive = [s for s in sessions if not s["on_killed"] and s["replica"]]
        recovered = [s for s in dead if s["recovery_s"] is not None and s["after_download_ok"]]
        times = [s["recovery_s"] for s in dead if s["recovery_s"] is not None]
        out["kill"] = {
            "replica": run["killed"],
            "sessions_on_it": len(dead),
            "recovered": len(recovered),
            "recovered_within_target": sum(1 for t in times if t <= RECOVERY_TARGET_S),
            "recovery_s": {"p50": pct(times, 0.5), "p95": pct(times, 0.95), "max": pct(times, 1)},
            "link_kept": sum(1 for s in dead if s["link_kept"]),
            "dead_failed_requests": sum(len(s["failed"]["after"]) for s in dead),
            "survivor_sessions": len(alive),
            "survivor_errors": sum(
                sum(1 for e in s["errors"] if not e.startswith("before"))
                + len(s["failed"]["after"])
                + s["reconnects_after_kill"]
                for s in alive
            ),
            "rejoined_after_s": mem.get("rejoined_after_s"),
        }
        out["after"] = {
            "load_s": _spread([s["after_load_s"] for s in sessions]),
            "filter_s": _spread([s["after_filter_s"] for s in sessions]),
            "downloads_ok": sum(1 for s in sessions if s["after_download_ok"]),
        }
        clean = (
            clean
            and out["kill"]["recovered_within_target"] == len(dead)
            and len(recovered) == len(dead)
            and out["kill"]["survivor_errors"] == 0
        )
    out["clean"] = clean
    out["errors"] = sorted({e for s in sessions for e in s["errors"]})[:20]
    return out


def _t(spread: dict) -> str:
    if spread["p50"] is None:
        return "–"
    return f"{spread['p50']:.1f} / {spread['p95']:.1f}"


def table(summary: list[dict]) -> str:
    """A Markdown table: 1 replica, 2 replicas before the kill, 2 replicas after it."""
    two = next((s for s in summary if s.get("kill")), None)
    one = next((s for s in summary if s["replicas"] == 1), None)
    cols = []
    if one:
        cols.append(("1 replica", one, "before"))
    if two:
        cols.append(("2 replicas", two, "before"))
        cols.append(("2 replicas, after the kill", two, "after"))
    rows = [
        "| figure | " + " | ".join(c[0] for c in cols) + " |",
        "| --- |" + " --- |" * len(cols),
    ]

    def row(label: str, fn) -> None:
        rows.append(f"| {label} | " + " | ".join(fn(s, ph) for _, s, ph in cols) + " |")

    row("sessions", lambda s, ph: str(s["sessions"]))
    row("page load → map drawn, p50 / p95 (s)", lambda s, ph: _t(s[ph]["load_s"]))
    row("filter change → idle, p50 / p95 (s)", lambda s, ph: _t(s[ph]["filter_s"]))
    row(
        "GeoJSON downloads ok",
        lambda s, ph: f"{s[ph]['downloads_ok']}/{s['sessions']}",
    )
    row(
        "uploads ok",
        lambda s, ph: f"{s['before']['uploads_ok']}/{s['sessions']}" if ph == "before" else "–",
    )
    row(
        "failed requests",
        lambda s, ph: (
            str(s["before"]["failed_requests"])
            if ph == "before"
            else f"{s['kill']['dead_failed_requests']} (killed replica's sessions)"
        ),
    )
    row(
        "server memory, RSS per replica (MiB)",
        lambda s, ph: ", ".join(
            f"{v:.0f}"
            for v in s["memory_mb"].get("held" if ph == "before" else "after", {}).values()
            if v
        ),
    )
    row(
        "server CPU per session (s)",
        lambda s, ph: str(s.get("server_cpu_s_per_session")) if ph == "before" else "–",
    )
    row(
        "memory per session (MiB)",
        lambda s, ph: (
            ", ".join(f"{v}" for v in s["memory_per_session_mb"].values())
            if ph == "before"
            else "–"
        ),
    )
    out = "\n".join(rows)
    if two:
        k = two["kill"]
        r = k["recovery_s"]
        out += (
            f"\n\nKilled {k['replica']} (SIGKILL) holding {k['sessions_on_it']} of "
            f"{two['sessions']} sessions: {k['recovered']} recovered their map and link state "
            f"({k['recovered_within_target']} within {RECOVERY_TARGET_S} s; recovery p50 "
            f"{r['p50']} s, p95 {r['p95']} s, max {r['max']} s), {k['link_kept']} kept their "
            f"link; {k['survivor_errors']} errors on the {k['survivor_sessions']} survivor "
            f"sessions; the restarted replica was back in the balancer after "
            f"{k['rejoined_after_s']} s."
        )
    return out
