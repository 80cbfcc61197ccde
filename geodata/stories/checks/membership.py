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
    statuses_on,
)


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
    return Result(len(rows), text, rows, {"member": tuple(members), "frozen": tuple(frozen)})


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
    return Result({"start": len(was), "end": len(now)}, text, tuple(sorted(now)), details)
