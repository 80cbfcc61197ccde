"""Claim checks on Russia's facilities: how many in each member, on what paper, when there.

A facility's ``opened``/``closed`` are the presence of Russian forces on the ground; the paper
behind it (treaties, leases, agreements) is its ``legal_bases``, each dated.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from datetime import date

from geodata.stories.checks.kit import (
    DATE,
    FACILITY_IDS,
    ISO3_LIST,
    TYPE_LIST,
    Param,
    Result,
    count_phrase,
    end_bound,
    first_day,
    members_of,
    period,
    props,
    register,
    ru_count,
    ru_date,
    ru_form,
    ru_list,
    ru_names,
)

# A facility's state on a day, in Russian, as the summaries count them apart.
STATES_RU = {
    "disputed": "статус оспаривается",
    "ended": "закрыты или переданы",
    "ended on an unknown date": "закрыты, дата неизвестна",
}


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
    on = first_day(date)
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
    who = ru_names(data)
    ru = ru_count(
        len(active),
        "российский объект, действующий",
        "российских объекта, действующих",
        "российских объектов, действующих",
    )
    ru += f" на {ru_date(date)}"
    shown_ru = ", ".join(f"{who.get(m, m)} — {n}" for m, n in value.items())
    ru += f" ({shown_ru})" if shown_ru else " (ни в одном государстве-члене)"
    if 0 < len(active) <= 3:
        by_id_ru = {f["id"]: f.get("name_ru") or f["name"] for f in found}
        ru += ": " + "; ".join(by_id_ru[i] for i in active)
    if others:
        ru += "; кроме того: " + ", ".join(
            f"{STATES_RU.get(k, k)} — {len(v)}" for k, v in sorted(others.items())
        )
    return Result(value, text, tuple(active), others, ru=ru)


def _first_basis(f: dict) -> str | None:
    """The date of the earliest legal basis (treaty, lease, agreement...) a facility lists."""
    dates = [b["date"] for b in f.get("legal_bases") or [] if isinstance(b.get("date"), str)]
    return min(dates, key=lambda d: (first_day(d), period(d)[1])) if dates else None


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
    """Facilities whose arrangements predate a date, against later ones; and which were there.

    A facility's arrangement is its earliest legal basis (``legal_bases``: the first treaty,
    lease, agreement or other act dated for it); one that lists none is undated, and one known
    only to a month or year that straddles ``date`` is uncertain. Separately, "on the ground"
    counts the facilities whose Russian presence (``opened``) began wholly before ``date``.
    With ``as_of``, only the facilities active on that day are counted.
    """
    cutoff = first_day(date)
    rows = _facilities(data, countries, None, facilities)
    if as_of is not None:
        rows = [f for f in rows if _facility_state(f, first_day(as_of)) == "active"]
    groups: dict[str, list[str]] = {"before": [], "after": [], "uncertain": [], "undated": []}
    for f in rows:
        basis = _first_basis(f)
        if basis is None:
            groups["undated"].append(f["id"])
        elif period(basis)[1] < cutoff:
            groups["before"].append(f["id"])
        elif first_day(basis) >= cutoff:
            groups["after"].append(f["id"])
        else:
            groups["uncertain"].append(f["id"])
    present = sorted(
        f["id"] for f in rows if f.get("opened") is not None and period(f["opened"])[1] < cutoff
    )
    value = {k: len(v) for k, v in groups.items()} | {"on the ground": len(present)}
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
    text += f"; {len(present)} had Russian forces on the ground before it"
    details = {k: tuple(sorted(v)) for k, v in groups.items() if v}
    if present:
        details["on the ground"] = tuple(present)
    of = ru_form(len(rows), "объекта", "объектов", "объектов")
    if countries:
        scope_ru = f"{of} ({ru_list(countries, ru_names(data))})"
    else:
        scope_ru = f"названных {of}" if facilities else f"{of} слоя"
    scope_ru += f", действующих на {ru_date(as_of)}" if as_of else ""
    ru = (
        f"Из {len(rows)} {scope_ru}: документы, датированные ранее "
        f"{ru_date(date, genitive=True)}, — у {value['before']}, более поздние — у {value['after']}"
    )
    if value["undated"] or value["uncertain"]:
        ru += f", без даты — у {value['undated']}, дата не определена — у {value['uncertain']}"
    ru += f"; российские войска находились на месте до этой даты — на {len(present)}"
    before = tuple(sorted(groups["before"]))
    return Result(value, text[0].upper() + text[1:], before, details, ru=ru)


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
    lo, hi = first_day(start), end_bound(end)
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
    ru = ru_count(
        len(rows),
        "объект закрыт или передан",
        "объекта закрыты или переданы",
        "объектов закрыты или переданы",
    )
    ru += f" с {ru_date(start, genitive=True)} по {ru_date(end)}"
    ru += (
        ": " + "; ".join(f"{f.get('name_ru') or f['name']} ({ru_date(f['closed'])})" for f in rows)
        if rows
        else ""
    )
    if unknown:
        more = ru_form(len(unknown), "объекта", "объектов", "объектов")
        ru += f"; ещё у {len(unknown)} {more} дата закрытия не опубликована"
    return Result(len(rows), text, tuple(f["id"] for f in rows), details, ru=ru)
