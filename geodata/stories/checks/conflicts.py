"""Claim checks on the conflicts: what the alliance answered, between whom, for how long."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

from geodata.schema.layers import CSTO_RESPONSE_KINDS
from geodata.stories.checks.kit import (
    CONFLICT_IDS,
    DATE,
    KIND_LIST,
    Param,
    Result,
    count_phrase,
    end_bound,
    first_day,
    members_of,
    month_label,
    names,
    present,
    props,
    register,
    ru_count,
    ru_date,
    ru_form,
    ru_list,
    ru_names,
)

# Conflicts the alliance could have been a party to, not missions it sent.
CLASH_KINDS = ("border clash", "interstate clash")
# The conflict kinds and the alliance's responses in Russian.
KINDS_RU = {
    "war": "война",
    "interstate clash": "межгосударственное столкновение",
    "border clash": "пограничное столкновение",
    "unrest": "беспорядки",
    "insurgency and border security": "боевики и охрана границы",
    "economic coercion": "экономическое давление",
    "peacekeeping": "миротворческая операция",
}
RESPONSES_RU = {
    "none": "без ответа",
    "statement": "заявление",
    "observer mission offered": "предложена миссия наблюдателей",
    "deployment": "развёртывание сил",
    "consultations": "консультации",
    "military-technical aid": "военно-техническая помощь",
}
_CONFLICTS_RU = ("конфликт", "конфликта", "конфликтов")
_DAYS_RU = ("день", "дня", "дней")


def _conflicts(data: Mapping, ids: list[str] | None = None) -> list[dict]:
    rows = props(data, "conflicts")
    if ids is None:
        return rows
    by_id = {p["id"]: p for p in rows}
    return [by_id[i] for i in ids if i in by_id]


def _label(conflict: dict, country_names: Mapping[str, str]) -> str:
    host = (conflict.get("countries") or ["?"])[0]
    return f"{country_names.get(host, host)}, {month_label(conflict['start'])}"


def _ru_label(conflict: dict, who: Mapping[str, str], *, dated: bool = True) -> str:
    """A conflict in Russian: its ``name_ru``, else its kind, countries and start.

    'война (Азербайджан, Армения; с 19 сентября 2023 г.)'
    """
    if conflict.get("name_ru"):
        return conflict["name_ru"]
    kind = KINDS_RU.get(conflict.get("kind"), conflict.get("kind"))
    where = ru_list(conflict.get("countries") or (), who)
    when = f"; с {ru_date(conflict['start'], genitive=True)}" if dated else ""
    return f"{kind} ({where}{when})"


def _touches_member(conflict: dict, data: Mapping) -> bool:
    members = set(members_of(data, first_day(conflict["start"])))
    return bool(members & set(conflict.get("countries") or ()))


@register("deployments_since", Param("date", DATE, required=True), Param("until", DATE))
def deployments_since(data: Mapping, date: str, until: str | None = None) -> Result:
    """Collective deployments (peacekeeping entries the alliance deployed) started in a period."""
    since = first_day(date)
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
    who = ru_names(data)
    ru = ru_count(
        len(rows),
        "коллективное развёртывание",
        "коллективных развёртывания",
        "коллективных развёртываний",
    )
    ru += f" с {ru_date(date, genitive=True)}" + (f" по {ru_date(until)}" if until else "")
    ru += ": " + "; ".join(_ru_host(c, who) for c in rows) if rows else ""
    ids = tuple(c["id"] for c in rows)
    return Result(len(rows), text + (f": {labels}" if rows else ""), ids, ru=ru)


def _ru_host(conflict: dict, who: Mapping[str, str]) -> str:
    """'Казахстан, январь 2022 г.': where a deployment went, and in which month."""
    host = (conflict.get("countries") or ["?"])[0]
    return f"{who.get(host, host)}, {ru_date(conflict['start'][:7])}"


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
    ru = ru_count(len(rows), *_CONFLICTS_RU)
    ru += (
        ": " + ", ".join(f"{RESPONSES_RU.get(k, k)} — {n}" for k, n in value.items())
        if value
        else ""
    )
    return Result(value, text, tuple(sorted(c["id"] for c in rows)), details, ru=ru)


@register("conflicts_between_members", Param("since", DATE), Param("kinds", KIND_LIST))
def conflicts_between_members(
    data: Mapping, since: str | None = None, kinds: list[str] | None = None
) -> Result:
    """Clashes whose countries held two or more members on the day they began."""
    wanted = tuple(kinds or CLASH_KINDS)
    rows = []
    for c in _conflicts(data):
        start = first_day(c["start"])
        if c.get("kind") not in wanted or (since and start < first_day(since)):
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
    who = ru_names(data)
    pairs_ru: dict[str, list[str]] = {}
    for start, _, members in rows:
        pairs_ru.setdefault("–".join(who.get(m, m) for m in members), []).append(str(start.year))
    ru = f"{ru_count(len(rows), *_CONFLICTS_RU)} между государствами-членами"
    ru += ": " + "; ".join(f"{p} — {', '.join(ys)}" for p, ys in pairs_ru.items()) if rows else ""
    return Result(len(rows), text, tuple(c["id"] for _, c, _ in rows), ru=ru)


@register("conflicts_on", Param("date", DATE, required=True), Param("conflicts", CONFLICT_IDS))
def conflicts_on(data: Mapping, date: str, conflicts: list[str] | None = None) -> Result:
    """Which conflicts (all, or those listed) were going on on a date."""
    on = first_day(date)
    rows = _conflicts(data, conflicts)
    active = [
        c for c in rows if present(c["start"], c.get("end"), on, unknown_start=False, last_day=True)
    ]
    listed = ", ".join(c["name"] for c in active)
    text = f"{len(active)} of {count_phrase(len(rows), 'conflict')} going on on {date}"
    details = {"not going on": tuple(c["id"] for c in rows if c not in active)}
    who = ru_names(data)
    verb = ru_form(len(active), "шёл", "шли", "шли")
    of = ru_form(len(rows), "конфликта", "конфликтов", "конфликтов")
    ru = f"{ru_date(date)} {verb} {len(active)} из {len(rows)} {of}"
    ru += ": " + "; ".join(_ru_label(c, who) for c in active) if active else ""
    return Result(
        len(active),
        text + (f": {listed}" if listed else ""),
        tuple(c["id"] for c in active),
        details,
        ru=ru,
    )


@register("durations", Param("conflicts", CONFLICT_IDS, required=True))
def durations(data: Mapping, conflicts: list[str]) -> Result:
    """Days from each listed conflict's start to its end (null when ongoing or not day-precise)."""
    value: dict[str, int | None] = {}
    parts, parts_ru = [], []
    who = ru_names(data)
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
        shown_ru = (
            ru_count(days, *_DAYS_RU)
            if days is not None
            else ("продолжается" if end is None else "длительность в днях неизвестна")
        )
        span = f"{ru_date(start)} — {ru_date(end) if end else 'по сей день'}"
        parts_ru.append(f"{_ru_label(c, who, dated=False)}: {span}, {shown_ru}")
    ru = "; ".join(parts_ru) or "таких конфликтов нет"
    return Result(value, "; ".join(parts) or "no such conflicts", tuple(value), ru=ru)
