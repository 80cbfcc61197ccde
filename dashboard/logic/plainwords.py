"""A story check's stored result as a sentence a reader understands.

The build stores each check's result with a terse summary made for writers ("6 members on
2026-11-01: BLR, KAZ, ..."). Readers get countries by their full names, dates as people write
them and no "from 2020 to 2020"; the check's call itself stays one click away in the panel.
Built from the stored result and the layers' names only: nothing here runs a check again.

A Russian reader gets the result as the check itself wrote it in Russian (the result's
``ru.summary``, see the stories' contract), its codes and dates made readable the same way;
a result without one is told in English.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any

from dashboard.logic import i18n
from dashboard.logic.i18n import N_, _
from geodata.datasets.registry import format_date

NOT_CHECKABLE = "not checkable from the data"
# Marked for the catalog: shown through _() where it is shown.
NO_DATA = N_(
    "The map holds no data that could decide this claim, so nothing was computed; the text "
    "above says what kind of record would."
)
_ISO_DATE = re.compile(r"\b(\d{4}-\d{2}-\d{2}|\d{4}-\d{2})\b")
_ISO3 = re.compile(r"\b[A-Z]{3}\b")
_SAME_YEARS = re.compile(r"\bfrom (\S+) to \1\b")
_TIMES = {0: "never", 1: "once", 2: "twice"}


def listed(items: Sequence[str]) -> str:
    """``a``, ``a and b``, ``a, b and c`` (``a; b and c`` when a name holds a comma)."""
    items = [str(i) for i in items]
    if len(items) < 2:
        return "".join(items)
    sep = "; " if any("," in i for i in items) else ", "
    return sep.join(items[:-1]) + " and " + items[-1]


def day(text: str) -> str:
    """An ISO date (or year-month, or year) as people write it: 7 Oct 2002."""
    return format_date(str(text))


def humanised(text: str, names: Mapping[str, str]) -> str:
    """``text`` with country codes as names, ISO dates as people write them and a period
    that starts and ends the same ("from 2020 to 2020") as one ("in 2020")."""
    text = _SAME_YEARS.sub(r"in \1", text)
    text = _ISO_DATE.sub(lambda m: day(m.group(1)), text)
    return _ISO3.sub(lambda m: names.get(m.group(0), m.group(0)), text)


def russian_day(text: str) -> str:
    """An ISO date, year-month or year as a Russian reader writes it: 7 октября 2002 г."""
    parts = [int(p) for p in str(text).split("-")]
    if len(parts) == 3:
        return i18n.format_day(date(*parts), "ru")
    if len(parts) == 2:
        return i18n.format_month(parts[0], parts[1], "ru")
    return f"{parts[0]}\u202fг."


def russian(result: Mapping[str, Any], names: Mapping[str, str]) -> str | None:
    """The result as its check wrote it in Russian, codes as names and dates written out;
    None when the result has no Russian."""
    summary = str((result.get("ru") or {}).get("summary") or "").strip()
    if not summary:
        return None
    text = _ISO_DATE.sub(lambda m: russian_day(m.group(1)), summary)
    text = _ISO3.sub(lambda m: names.get(m.group(0), m.group(0)), text)
    return text if text.endswith(".") else text + "."


def _countries(codes: Sequence[str], names: Mapping[str, str]) -> str:
    return listed([names.get(c, c) for c in codes])


def _members_on(result, params, names, labels) -> str:
    details = result.get("details") or {}
    members, frozen = details.get("member") or [], details.get("frozen") or []
    text = f"On {day(params['date'])} the alliance had {result['value']} members: "
    text += _countries(members, names)
    if frozen:
        text += f"; {_countries(frozen, names)} had frozen {'its' if len(frozen) == 1 else 'their'}"
        text += " participation"
    return text + "."


def _membership_change(result, params, names, labels) -> str:
    value, details = result.get("value") or {}, result.get("details") or {}
    text = (
        f"The alliance had {value.get('start')} members on {day(params['start'])} and "
        f"{value.get('end')} on {day(params['end'])}"
    )
    changes = []
    for key, verb in (("left", "left"), ("joined", "joined"), ("frozen", "froze its role")):
        if details.get(key):
            changes.append(f"{_countries(details[key], names)} {verb}")
    return text + (": " + "; ".join(changes) if changes else "") + "."


def _deployments_since(result, params, names, labels) -> str:
    count = int(result.get("value") or 0)
    times = _TIMES.get(count, f"{count} times")
    which = str(result.get("summary") or "").partition(": ")[2]
    text = f"Since {day(params['date'])} the alliance deployed troops together {times}"
    return text + (f": {humanised(which, names)}." if which else ".")


_OUTCOMES = {
    "granted": "were granted",
    "partly": "were partly met",
    "declined": "were declined",
    "no answer": "got no answer",
}


def _appeals_by_outcome(result, params, names, labels) -> str:
    value = result.get("value") or {}
    total = sum(value.values())
    parts = [
        f"{value[k]} {verb.replace('were', 'was') if value[k] == 1 else verb}"
        for k, verb in _OUTCOMES.items()
        if value.get(k)
    ]
    return f"Of {total} appeals for help to the alliance, {listed(parts)}."


def _facilities_per_member(result, params, names, labels) -> str:
    value, details = result.get("value") or {}, result.get("details") or {}
    total = sum(value.values()) if isinstance(value, Mapping) else int(value or 0)
    noun = "facility was" if total == 1 else "facilities were"
    text = f"On {day(params['date'])}, {total} Russian {noun} active"
    where = [f"{n} in {names.get(c, c)}" for c, n in value.items()] if len(value) > 1 else []
    if len(value) == 1:
        code = next(iter(value))
        text += f" in {names.get(code, code)}"
    if where:
        text += f": {listed(where)}"
    rows = [labels.get(r, r) for r in result.get("rows") or ()]
    if rows and len(rows) <= 4:
        text += f" ({listed(rows)})"
    others = [f"{len(ids)} {kind}" for kind, ids in details.items() if ids]
    return text + (f"; besides, {listed(others)}." if others else ".")


_RESPONSES = {"none": "no response", "statement": "a statement"}


def _response_kinds(result, params, names, labels) -> str:
    details = result.get("details") or {}
    rows = result.get("rows") or []
    kinds = sorted(((k, ids) for k, ids in details.items() if ids), key=lambda kv: -len(kv[1]))
    if len(rows) <= 2:
        parts = [
            f"to {listed([labels.get(i, i) for i in ids])} was {_RESPONSES.get(k, k)}"
            for k, ids in kinds
        ]
        return "The alliance's response " + "; its response ".join(parts) + "."
    parts = [f"{_RESPONSES.get(k, k)} in {len(ids)}" for k, ids in kinds]
    return f"Of {len(rows)} conflicts, the alliance's response was {listed(parts)}."


def _conflicts_on(result, params, names, labels) -> str:
    rows = result.get("rows") or []
    ended = set((result.get("details") or {}).get("not going on") or ())
    going = [labels.get(r, r) for r in rows if r not in ended]
    if not going:
        return f"On {day(params['date'])} none of the conflicts named was going on."
    share = "both" if len(rows) == len(going) == 2 else f"{len(going)} of {len(rows)}"
    if len(rows) == 1:
        return f"On {day(params['date'])} it was going on: {going[0]}."
    return f"On {day(params['date'])} {share} were going on: {listed(going)}."


_SENTENCES: dict[str, Callable[..., str]] = {
    "members_on": _members_on,
    "membership_change": _membership_change,
    "deployments_since": _deployments_since,
    "appeals_by_outcome": _appeals_by_outcome,
    "facilities_per_member": _facilities_per_member,
    "response_kinds": _response_kinds,
    "conflicts_on": _conflicts_on,
}


def sentence(
    claim: Mapping[str, Any], names: Mapping[str, str], labels: Mapping[str, str]
) -> str | None:
    """What the claim's check found, in words; None for a claim the data cannot decide.

    ``names`` maps country codes to names, ``labels`` feature ids (conflicts, facilities) to
    theirs. A check without a sentence of its own gets its summary made readable.
    """
    result, check = claim.get("result"), claim.get("check")
    if claim.get("verdict") == NOT_CHECKABLE or not result or not check:
        return None
    params = check.get("params") or {}
    make = _SENTENCES.get(check.get("name"))
    text = russian(result, names) if i18n.current() == "ru" else None
    try:
        text = text or (make(result, params, names, labels) if make else None)
    except (KeyError, TypeError, ValueError):
        text = None  # a result shaped as this version does not know: its summary will do
    if text is None:
        summary = str(result.get("summary") or "").strip()
        if not summary:
            return None
        text = humanised(summary, names)
        text += "" if text.endswith(".") else "."
    missing = result.get("missing") or []
    if missing:
        text += _(" (data missing: {files})").format(files=", ".join(map(str, missing)))
    return text
