"""Named claim checks over the layers: what a story chapter computes to back its verdict.

``run_check(name, params, data)`` runs one; ``CHECKS`` lists them with their parameters. Each
returns a :class:`Result`: a value, a one-line summary and the ids of the rows it counted.
The appeals checks live in :mod:`geodata.claims_appeals` and register here on import.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from datetime import date
from typing import Any

from geodata import claims_appeals  # noqa: F401  (registers the appeals checks)
from geodata.claimkit import (
    CHECKS,
    CONFLICT_IDS,
    DATE,
    FACILITY_IDS,
    ISO3_LIST,
    KIND_LIST,
    TYPE_LIST,
    Param,
    Result,
    count_phrase,
    end_bound,
    first_day,
    members_of,
    month_label,
    names,
    param_problems,
    period,
    present,
    props,
    register,
    statuses_on,
)
from geodata.schema import CSTO_RESPONSE_KINDS

__all__ = ["CHECKS", "Result", "param_problems", "run_check"]

# Conflicts the alliance could have been a party to, not missions it sent.
CLASH_KINDS = ("border clash", "interstate clash")


def run_check(name: str, params: Mapping[str, Any] | None, data: Mapping[str, Any]) -> Result:
    """Run the check ``name`` with ``params`` on ``data``; raise ValueError on a bad call."""
    problems = param_problems(name, params)
    if problems:
        raise ValueError("; ".join(problems))
    return CHECKS[name].func(data, **dict(params or {}))


def _on(text: str) -> date:
    return first_day(text)


def _conflicts(data: Mapping, ids: list[str] | None = None) -> list[dict]:
    rows = props(data, "conflicts")
    if ids is None:
        return rows
    by_id = {p["id"]: p for p in rows}
    return [by_id[i] for i in ids if i in by_id]


def _label(conflict: dict, country_names: Mapping[str, str]) -> str:
    host = (conflict.get("countries") or ["?"])[0]
    return f"{country_names.get(host, host)}, {month_label(conflict['start'])}"


def _touches_member(conflict: dict, data: Mapping) -> bool:
    members = set(members_of(data, first_day(conflict["start"])))
    return bool(members & set(conflict.get("countries") or ()))


@register("members_on", Param("date", DATE, required=True))
def members_on(data: Mapping, date: str) -> Result:
    """The states that belonged to the alliance on a date, frozen members among them."""
    statuses = statuses_on(data, _on(date))
    members = sorted(c for c, s in statuses.items() if s == "member")
    frozen = sorted(c for c, s in statuses.items() if s == "frozen")
    rows = tuple(sorted(members + frozen))
    text = f"{count_phrase(len(rows), 'member')} on {date}: {', '.join(members) or 'none'}"
    if frozen:
        text += f"; frozen: {', '.join(frozen)}"
    return Result(len(rows), text, rows, {"member": tuple(members), "frozen": tuple(frozen)})


@register(
    "membership_change", Param("start", DATE, required=True), Param("end", DATE, required=True)
)
def membership_change(data: Mapping, start: str, end: str) -> Result:
    """Members on one date against another: who left, who joined, who froze."""
    before, after = statuses_on(data, _on(start)), statuses_on(data, _on(end))
    was = {c for c, s in before.items() if s in ("member", "frozen")}
    now = {c for c, s in after.items() if s in ("member", "frozen")}
    left, joined = sorted(was - now), sorted(now - was)
    froze = sorted(c for c in now if after[c] == "frozen" and before.get(c) != "frozen")
    text = f"{len(was)} members on {start}, {len(now)} on {end}"
    parts = [f"left: {', '.join(left)}"] if left else []
    parts += [f"joined: {', '.join(joined)}"] if joined else []
    parts += [f"frozen: {', '.join(froze)}"] if froze else []
    text += f" ({'; '.join(parts)})" if parts else " (no change)"
    details = {"left": tuple(left), "joined": tuple(joined), "frozen": tuple(froze)}
    return Result({"start": len(was), "end": len(now)}, text, tuple(sorted(now)), details)


@register("deployments_since", Param("date", DATE, required=True), Param("until", DATE))
def deployments_since(data: Mapping, date: str, until: str | None = None) -> Result:
    """Collective deployments (peacekeeping entries the alliance deployed) started in a period."""
    since = _on(date)
    rows = [
        c
        for c in _conflicts(data)
        if c.get("kind") == "peacekeeping"
        and c.get("csto_response_kind") == "deployment"
        and first_day(c["start"]) >= since
        and (until is None or first_day(c["start"]) < end_bound(until))
    ]
    rows.sort(key=lambda c: (first_day(c["start"]), c["id"]))
    country_names = names(data)
    labels = "; ".join(_label(c, country_names) for c in rows)
    text = f"{count_phrase(len(rows), 'collective deployment')} since {date}"
    text += f" until {until}" if until else ""
    return Result(len(rows), text + (f": {labels}" if rows else ""), tuple(c["id"] for c in rows))


@register("response_kinds", Param("conflicts", CONFLICT_IDS), Param("kinds", KIND_LIST))
def response_kinds(
    data: Mapping, conflicts: list[str] | None = None, kinds: list[str] | None = None
) -> Result:
    """How the alliance responded to a set of conflicts: a count per response kind.

    Without ``conflicts`` the set is every conflict that touched a member on its first day,
    optionally of ``kinds``.
    """
    if conflicts is not None:
        rows = _conflicts(data, conflicts)
    else:
        rows = [c for c in _conflicts(data) if _touches_member(c, data)]
    if kinds:
        rows = [c for c in rows if c.get("kind") in kinds]
    counts = Counter(c.get("csto_response_kind") for c in rows)
    value = {k: counts[k] for k in CSTO_RESPONSE_KINDS if counts[k]}
    details = {
        k: tuple(sorted(c["id"] for c in rows if c.get("csto_response_kind") == k)) for k in value
    }
    shown = ", ".join(f"{n} {k}" for k, n in value.items())
    text = f"{count_phrase(len(rows), 'conflict')}" + (f": {shown}" if shown else "")
    return Result(value, text, tuple(sorted(c["id"] for c in rows)), details)


@register("conflicts_between_members", Param("since", DATE), Param("kinds", KIND_LIST))
def conflicts_between_members(
    data: Mapping, since: str | None = None, kinds: list[str] | None = None
) -> Result:
    """Clashes whose countries held two or more members on the day they began."""
    wanted = tuple(kinds or CLASH_KINDS)
    rows = []
    for c in _conflicts(data):
        start = first_day(c["start"])
        if c.get("kind") not in wanted or (since and start < _on(since)):
            continue
        members = [m for m in c.get("countries") or () if m in members_of(data, start)]
        if len(members) >= 2:
            rows.append((start, c, sorted(members)))
    rows.sort(key=lambda r: (r[0], r[1]["id"]))
    country_names = names(data)
    pairs: dict[str, list[str]] = {}
    for start, _, members in rows:
        pair = "–".join(country_names.get(m, m) for m in members)
        pairs.setdefault(pair, []).append(str(start.year))
    shown = "; ".join(f"{pair} {', '.join(years)}" for pair, years in pairs.items())
    text = f"{count_phrase(len(rows), 'conflict')} between members" + (f": {shown}" if rows else "")
    return Result(len(rows), text, tuple(c["id"] for _, c, _ in rows))


@register("conflicts_on", Param("date", DATE, required=True), Param("conflicts", CONFLICT_IDS))
def conflicts_on(data: Mapping, date: str, conflicts: list[str] | None = None) -> Result:
    """Which conflicts (all, or those listed) were going on on a date."""
    on = _on(date)
    rows = _conflicts(data, conflicts)
    active = [
        c for c in rows if present(c["start"], c.get("end"), on, unknown_start=False, last_day=True)
    ]
    listed = ", ".join(c["name"] for c in active)
    text = f"{len(active)} of {count_phrase(len(rows), 'conflict')} going on on {date}"
    details = {"not going on": tuple(c["id"] for c in rows if c not in active)}
    return Result(
        len(active),
        text + (f": {listed}" if listed else ""),
        tuple(c["id"] for c in active),
        details,
    )


@register("durations", Param("conflicts", CONFLICT_IDS, required=True))
def durations(data: Mapping, conflicts: list[str]) -> Result:
    """Days from each listed conflict's start to its end (null when ongoing or not day-precise)."""
    value: dict[str, int | None] = {}
    parts = []
    for c in _conflicts(data, conflicts):
        start, end = c["start"], c.get("end")
        exact = end is not None and len(start) == 10 and len(end) == 10
        days = (first_day(end) - first_day(start)).days if exact else None
        value[c["id"]] = days
        shown = (
            f"{days} days"
            if days is not None
            else ("ongoing" if end is None else "not known to the day")
        )
        parts.append(f"{c['name']}: {start} to {end or 'now'}, {shown}")
    return Result(value, "; ".join(parts) or "no such conflicts", tuple(value))


def _facility_state(f: dict, on: date) -> str:
    """'active', 'disputed', 'ended', 'not yet' or 'ended on an unknown date' on ``on``."""
    if f.get("opened") is not None and first_day(f["opened"]) > on:
        return "not yet"
    closed = f.get("closed")
    if closed is not None:
        if on >= end_bound(closed):
            return "ended"
        return "disputed" if f.get("status") == "disputed" else "active"
    if f.get("status") in ("closed", "transferred"):
        return "ended on an unknown date"
    return str(f.get("status"))


def _facilities(data: Mapping, countries, types, ids=None) -> list[dict]:
    return [
        f
        for f in props(data, "facilities")
        if (not countries or f.get("country") in countries)
        and (not types or f.get("facility_type") in types)
        and (not ids or f.get("id") in ids)
    ]


@register(
    "facilities_per_member",
    Param("date", DATE, required=True),
    Param("countries", ISO3_LIST),
    Param("types", TYPE_LIST),
    Param("facilities", FACILITY_IDS),
)
def facilities_per_member(
    data: Mapping,
    date: str,
    countries: list[str] | None = None,
    types: list[str] | None = None,
    facilities: list[str] | None = None,
) -> Result:
    """Russian facilities active on a date in each member state other than Russia.

    ``countries``, ``types`` and ``facilities`` (ids) narrow the facilities counted.
    """
    on = _on(date)
    members = [m for m in members_of(data, on) if m != "RUS" and (not countries or m in countries)]
    found = [
        f for f in _facilities(data, members, types, facilities) if f.get("country") in members
    ]
    if facilities:
        # Named sites: count only the states that host them.
        members = [m for m in members if any(f["country"] == m for f in found)]
    states = {f["id"]: _facility_state(f, on) for f in found}
    active = sorted(i for i, s in states.items() if s == "active")
    by_country = Counter(f["country"] for f in found if states[f["id"]] == "active")
    value = {m: by_country[m] for m in members}
    shown = ", ".join(f"{m} {n}" for m, n in value.items())
    text = f"{count_phrase(len(active), 'Russian facility', 'Russian facilities')} active on {date}"
    text += f" ({shown})" if shown else " (no member hosts any)"
    if 0 < len(active) <= 3:
        by_id = {f["id"]: f["name"] for f in found}
        text += ": " + "; ".join(by_id[i] for i in active)
    others = {
        s: tuple(sorted(i for i, t in states.items() if t == s)) for s in set(states.values())
    }
    others.pop("active", None)
    others.pop("not yet", None)
    if others:
        text += "; also " + ", ".join(f"{len(v)} {k}" for k, v in sorted(others.items()))
    return Result(value, text, tuple(active), others)


@register(
    "facilities_opened_before",
    Param("date", DATE, required=True),
    Param("as_of", DATE),
    Param("countries", ISO3_LIST),
    Param("facilities", FACILITY_IDS),
)
def facilities_opened_before(
    data: Mapping,
    date: str,
    as_of: str | None = None,
    countries: list[str] | None = None,
    facilities: list[str] | None = None,
) -> Result:
    """Facilities whose present arrangement (``opened``) predates a date, against later ones.

    With ``as_of``, only the facilities active on that day are counted. An opening known only to a
    month or year that straddles ``date`` counts as uncertain; one left empty as undated.
    """
    cutoff = _on(date)
    rows = _facilities(data, countries, None, facilities)
    if as_of is not None:
        rows = [f for f in rows if _facility_state(f, _on(as_of)) == "active"]
    groups: dict[str, list[str]] = {"before": [], "after": [], "uncertain": [], "undated": []}
    for f in rows:
        opened = f.get("opened")
        if opened is None:
            groups["undated"].append(f["id"])
        elif period(opened)[1] < cutoff:
            groups["before"].append(f["id"])
        elif first_day(opened) >= cutoff:
            groups["after"].append(f["id"])
        else:
            groups["uncertain"].append(f["id"])
    value = {k: len(v) for k, v in groups.items()}
    scope = (
        f"in {', '.join(countries)}" if countries else ("listed" if facilities else "in the layer")
    )
    scope += f" active on {as_of}" if as_of else ""
    text = (
        f"of {count_phrase(len(rows), 'facility', 'facilities')} {scope}, {value['before']} rest "
        f"on arrangements dated before {date}, {value['after']} on later ones"
    )
    if value["undated"] or value["uncertain"]:
        text += f", {value['undated']} undated, {value['uncertain']} uncertain"
    details = {k: tuple(sorted(v)) for k, v in groups.items() if v}
    return Result(value, text[0].upper() + text[1:], tuple(sorted(groups["before"])), details)


@register(
    "facilities_ended_between",
    Param("start", DATE, required=True),
    Param("end", DATE, required=True),
    Param("countries", ISO3_LIST),
)
def facilities_ended_between(
    data: Mapping, start: str, end: str, countries: list[str] | None = None
) -> Result:
    """Facilities closed or handed back in a period; those with no closing date listed apart."""
    lo, hi = _on(start), end_bound(end)
    rows, unknown = [], []
    for f in _facilities(data, countries, None):
        closed = f.get("closed")
        if closed is not None and lo <= first_day(closed) < hi:
            rows.append(f)
        elif closed is None and f.get("status") in ("closed", "transferred"):
            unknown.append(f["id"])
    rows.sort(key=lambda f: (first_day(f["closed"]), f["id"]))
    listed = "; ".join(f"{f['name']} ({f['closed']})" for f in rows)
    text = count_phrase(len(rows), "facility", "facilities")
    text += f" closed or handed back from {start} to {end}"
    text += f": {listed}" if listed else ""
    if unknown:
        text += f"; {len(unknown)} more whose end date is unpublished"
    details = {"date unknown": tuple(sorted(unknown))} if unknown else {}
    return Result(len(rows), text, tuple(f["id"] for f in rows), details)
