"""Claim checks on membership: who belonged to the alliance on a day, who joined or left."""

from __future__ import annotations

from collections.abc import Mapping

from geodata.stories.checks.kit import (
    DATE,
    Param,
    Result,
    count_phrase,
    first_day,
    register,
    ru_count,
    ru_date,
    ru_list,
    ru_names,
    statuses_on,
)

_MEMBERS_RU = ("государство-член", "государства-члена", "государств-членов")


@register("members_on", Param("date", DATE, required=True))
def members_on(data: Mapping, date: str) -> Result:
    """The states that belonged to the alliance on a date, frozen members among them."""
    statuses = statuses_on(data, first_day(date))
    members = sorted(c for c, s in statuses.items() if s == "member")
    frozen = sorted(c for c, s in statuses.items() if s == "frozen")
    rows = tuple(sorted(members + frozen))
    text = f"{count_phrase(len(rows), 'member')} on {date}: {', '.join(members) or 'none'}"
    if frozen:
        text += f"; frozen: {', '.join(frozen)}"
    who = ru_names(data)
    ru = f"{ru_count(len(rows), *_MEMBERS_RU)} на {ru_date(date)}: {ru_list(members, who) or 'нет'}"
    if frozen:
        ru += f"; участие заморожено: {ru_list(frozen, who)}"
    details = {"member": tuple(members), "frozen": tuple(frozen)}
    return Result(len(rows), text, rows, details, ru=ru)


@register(
    "membership_change", Param("start", DATE, required=True), Param("end", DATE, required=True)
)
def membership_change(data: Mapping, start: str, end: str) -> Result:
    """Members on one date against another: who left, who joined, who froze."""
    before, after = (
        statuses_on(data, first_day(start)),
        statuses_on(data, first_day(end)),
    )
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
    who = ru_names(data)
    ru = f"{ru_count(len(was), *_MEMBERS_RU)} на {ru_date(start)}, {len(now)} — на {ru_date(end)}"
    parts = [f"вышли: {ru_list(left, who)}"] if left else []
    parts += [f"вступили: {ru_list(joined, who)}"] if joined else []
    parts += [f"участие заморожено: {ru_list(froze, who)}"] if froze else []
    ru += f" ({'; '.join(parts)})" if parts else " (без изменений)"
    value = {"start": len(was), "end": len(now)}
    return Result(value, text, tuple(sorted(now)), details, ru=ru)
