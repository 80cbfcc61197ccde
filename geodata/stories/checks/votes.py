"""Claim checks on the UN General Assembly votes: how the alliance's members voted on Ukraine.

``votes.json`` lists resolutions with ``id``, ``date`` and ``votes`` (``{country, vote}``, the
vote being yes, no, abstain or absent). A member is a state that belonged on the day of the vote
(a frozen member included), as the countries layer says; a member whose vote no source in the
data states is counted as "no record", never as absent.
"""

from __future__ import annotations

from collections.abc import Mapping

from geodata.stories.checks.kit import (
    ISO3,
    RESOLUTION_IDS,
    Param,
    Result,
    first_day,
    members_of,
    missing_table,
    names,
    register,
    ru_count,
    ru_date,
    ru_names,
)

CHOICES = ("yes", "no", "abstain", "absent")
NO_RECORD = "no record"
# How the members voted, as groups counted ("против — 2") and as one state's vote.
GROUPS_RU = {
    "yes": "за",
    "no": "против",
    "abstain": "воздержались",
    "absent": "не голосовали",
    NO_RECORD: "голос не зафиксирован",
}
VOTES_RU = {
    "yes": "за",
    "no": "против",
    "abstain": "воздержание",
    "absent": "неучастие в голосовании",
    NO_RECORD: "голос не зафиксирован",
}


def _resolutions(data: Mapping, ids: list[str] | None) -> tuple[list[dict], tuple[str, ...]]:
    rows = sorted(data["votes"], key=lambda r: (r["date"], r["id"]))
    if not ids:
        return rows, ()
    known = {r["id"] for r in rows}
    return [r for r in rows if r["id"] in ids], tuple(i for i in ids if i not in known)


@register("member_votes", Param("resolutions", RESOLUTION_IDS))
def member_votes(data: Mapping, resolutions: list[str] | None = None) -> Result:
    """How many members voted yes, no, abstain or were absent on each resolution, naming them."""
    if data.get("votes") is None:
        return missing_table("votes")
    rows, unknown = _resolutions(data, resolutions)
    who = names(data)
    who_ru = ru_names(data)
    value: dict[str, dict[str, int]] = {}
    details: dict[str, tuple[str, ...]] = {}
    parts, parts_ru = [], []
    for row in rows:
        members = members_of(data, first_day(row["date"]))
        cast = {v["country"]: v["vote"] for v in row["votes"]}
        groups = {c: tuple(m for m in members if cast.get(m) == c) for c in CHOICES}
        groups[NO_RECORD] = tuple(m for m in members if m not in cast)
        value[row["id"]] = {c: len(ms) for c, ms in groups.items()}
        details |= {f"{row['id']} {c}": ms for c, ms in groups.items() if ms}
        shown = "; ".join(
            f"{c} {len(ms)} ({', '.join(who.get(m, m) for m in ms)})"
            for c, ms in groups.items()
            if ms
        )
        parts.append(f"{row['id']} ({row['date']}), {len(members)} members: {shown}")
        shown_ru = "; ".join(
            f"{GROUPS_RU[c]} — {len(ms)} ({', '.join(who_ru.get(m, m) for m in ms)})"
            for c, ms in groups.items()
            if ms
        )
        members_ru = ru_count(
            len(members), "государство-член", "государства-члена", "государств-членов"
        )
        parts_ru.append(f"{row['id']} ({ru_date(row['date'])}), {members_ru}: {shown_ru}")
    text = " | ".join(parts) or "no resolutions in the data"
    ru = " | ".join(parts_ru) or "в данных нет резолюций"
    if unknown:
        text += f" | not in the data: {', '.join(unknown)}"
        ru += f" | нет в данных: {', '.join(unknown)}"
    return Result(value, text, tuple(r["id"] for r in rows), details, unknown, ru=ru)


@register("votes_of_country", Param("country", ISO3, required=True))
def votes_of_country(data: Mapping, country: str) -> Result:
    """One state's recorded vote on each resolution, in date order."""
    if data.get("votes") is None:
        return missing_table("votes")
    rows, _ = _resolutions(data, None)
    who = names(data).get(country, country)
    votes = {
        r["id"]: next((v["vote"] for v in r["votes"] if v["country"] == country), NO_RECORD)
        for r in rows
    }
    shown = "; ".join(f"{rid} {vote}" for rid, vote in votes.items())
    details = {
        c: tuple(rid for rid, vote in votes.items() if vote == c)
        for c in (*CHOICES, NO_RECORD)
        if c in votes.values()
    }
    text = f"{who}: {shown or 'no resolutions in the data'}"
    shown_ru = "; ".join(f"{rid} — {VOTES_RU[vote]}" for rid, vote in votes.items())
    ru = f"{ru_names(data).get(country, country)}: {shown_ru or 'в данных нет резолюций'}"
    return Result(votes, text, tuple(votes), details, ru=ru)
