"""Claim checks on the appeals table: who asked the alliance for help, and what came of it.

The table is ``appeals.json``, a list of appeals with ``id``, ``date``, ``country`` (ISO3),
``conflict``, ``addressed_to`` (alliance, russia or both), ``outcome`` (granted, partly,
declined, no answer, undecided: computed by the build from the responses, see
geodata/datasets/appeal_outcome.py), ``answered_on`` and ``days_to_answer``. A check given
``to`` counts only the appeals that asked that party (alone or with the other): the alliance's
record and Russia's are told apart. When the data has none, every check here says so instead
of failing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from statistics import median

from geodata.stories.checks.kit import (
    APPEAL_OUTCOMES,
    CONFLICT_IDS,
    DATE,
    ISO3,
    ISO3_LIST,
    PARTY,
    Param,
    Result,
    count_phrase,
    first_day,
    missing_table,
    names,
    register,
    ru_count,
    ru_date,
    ru_names,
)

# The computed outcomes, and whom an appeal asked, in Russian.
OUTCOMES_RU = {
    "granted": "удовлетворено",
    "partly": "удовлетворено частично",
    "declined": "отклонено",
    "no answer": "без ответа",
    "undecided": "решение не принято",
}
ADDRESSEES_RU = {"alliance": "к ОДКБ", "russia": "к России", "both": "к ОДКБ и России"}
_APPEALS_RU = ("обращение", "обращения", "обращений")


def _missing() -> Result:
    return missing_table("appeals")


def _asked(appeal: Mapping, to: str | None) -> bool:
    return to is None or appeal.get("addressed_to") in (to, "both")


def _appeals(
    data: Mapping, countries=None, conflicts=None, since=None, to=None
) -> list[dict] | None:
    rows = data.get("appeals")
    if rows is None:
        return None
    picked = [
        a
        for a in rows
        if _asked(a, to)
        and (not countries or a.get("country") in countries)
        and (not conflicts or a.get("conflict") in conflicts)
        and (since is None or first_day(a["date"]) >= first_day(since))
    ]
    return sorted(picked, key=lambda a: (first_day(a["date"]), a["id"]))


def _by_outcome(rows: list[dict]) -> tuple[dict[str, int], dict[str, tuple[str, ...]]]:
    counts = Counter(a.get("outcome") for a in rows)
    value = {o: counts[o] for o in APPEAL_OUTCOMES}
    details = {o: tuple(a["id"] for a in rows if a.get("outcome") == o) for o in APPEAL_OUTCOMES}
    return value, {o: ids for o, ids in details.items() if ids}


@register(
    "appeals_by_outcome",
    Param("countries", ISO3_LIST),
    Param("conflicts", CONFLICT_IDS),
    Param("since", DATE),
    Param("to", PARTY),
)
def appeals_by_outcome(
    data: Mapping,
    countries: list[str] | None = None,
    conflicts: list[str] | None = None,
    since: str | None = None,
    to: str | None = None,
) -> Result:
    """Appeals for help counted by their computed outcome; ``to``: only those to that party."""
    rows = _appeals(data, countries, conflicts, since, to)
    if rows is None:
        return _missing()
    value, details = _by_outcome(rows)
    shown = ", ".join(f"{n} {o}" for o, n in value.items() if n)
    text = count_phrase(len(rows), "appeal") + (f": {shown}" if shown else "")
    shown_ru = ", ".join(f"{OUTCOMES_RU[o]} — {n}" for o, n in value.items() if n)
    ru = ru_count(len(rows), *_APPEALS_RU) + (f": {shown_ru}" if shown_ru else "")
    return Result(value, text, tuple(a["id"] for a in rows), details, ru=ru)


@register("appeals_of_country", Param("country", ISO3, required=True), Param("to", PARTY))
def appeals_of_country(data: Mapping, country: str, to: str | None = None) -> Result:
    """One state's appeals, in order, each with whom it asked and its computed outcome."""
    rows = _appeals(data, [country], to=to)
    if rows is None:
        return _missing()
    who = names(data).get(country, country)
    listed = "; ".join(f"{a['date']} to {a.get('addressed_to')} ({a.get('outcome')})" for a in rows)
    text = f"{who} appealed {count_phrase(len(rows), 'time')}" + (f": {listed}" if rows else "")
    value, details = _by_outcome(rows)
    listed_ru = "; ".join(
        f"{ru_date(a['date'])} {ADDRESSEES_RU.get(a.get('addressed_to'), a.get('addressed_to'))} "
        f"({OUTCOMES_RU.get(a.get('outcome'), a.get('outcome'))})"
        for a in rows
    )
    ru = f"{ru_names(data).get(country, country)}: {ru_count(len(rows), *_APPEALS_RU)}"
    ru += f" — {listed_ru}" if rows else ""
    return Result(value, text, tuple(a["id"] for a in rows), details, ru=ru)


@register(
    "days_to_answer",
    Param("countries", ISO3_LIST),
    Param("conflicts", CONFLICT_IDS),
    Param("to", PARTY),
)
def days_to_answer(
    data: Mapping,
    countries: list[str] | None = None,
    conflicts: list[str] | None = None,
    to: str | None = None,
) -> Result:
    """Days from each appeal to the first answer of whom it asked; the rest counted apart."""
    rows = _appeals(data, countries, conflicts, to=to)
    if rows is None:
        return _missing()
    timed = [a for a in rows if isinstance(a.get("days_to_answer"), int)]
    days = [a["days_to_answer"] for a in timed]
    untimed = tuple(a["id"] for a in rows if a not in timed)
    value = {
        "answered": len(timed),
        "median": median(days) if days else None,
        "max": max(days) if days else None,
        "without": len(untimed),
    }
    listed = ", ".join(f"{a['country']} {a['date']}: {a['days_to_answer']}" for a in timed)
    text = f"{count_phrase(len(timed), 'appeal')} with a dated answer"
    text += f" (days: {listed})" if listed else ""
    if untimed:
        text += f"; {len(untimed)} with no answer or no day to count from"
    who = ru_names(data)
    ru = ru_count(
        len(timed),
        "обращение с датированным ответом",
        "обращения с датированным ответом",
        "обращений с датированным ответом",
    )
    listed_ru = "; ".join(
        f"{who.get(a['country'], a['country'])}, {ru_date(a['date'])}: "
        f"{ru_count(a['days_to_answer'], 'день', 'дня', 'дней')}"
        for a in timed
    )
    ru += f" ({listed_ru})" if listed_ru else ""
    if untimed:
        ru += f"; ещё {len(untimed)} — без ответа или без дня, от которого считать"
    details = {"without": untimed} if untimed else {}
    return Result(value, text, tuple(a["id"] for a in timed), details, ru=ru)
