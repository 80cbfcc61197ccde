"""What an appeal asked for, the responses it got, and the outcome that follows from them.

An appeal records ``asked``, the kinds of help it asked for (``KINDS``), ``addressed_to``, whom
it asked (``PARTIES``: the alliance, Russia under a bilateral treaty, or both), and
``responses``: each ``{kind, by, on, status, what, evidence}``, a kind of help (``KINDS``) that
the alliance or Russia (``by``) offered, delivered or refused (``status``) on a day (``on``).
``unclear`` is the status of a response whose fate the sources do not tell.

The outcome is not written by hand: :func:`outcome` computes it, and this is the rule (also in
geodata/SOURCES.md, "How an appeal's outcome is decided"):

1. Only responses by a party the appeal asked count; a response by another party (the alliance
   answering a request made to Russia) is recorded but decides nothing.
2. Each kind asked for takes the best status among the counted responses of that kind:
   delivered, then offered, then unclear, then refused; a kind nobody answered has none.
3. **granted**: every kind asked for was delivered.
4. **partly**: some kind asked for was delivered or offered, but not every one delivered.
5. **undecided**: none was delivered or offered, and the sources leave the fate of some kind
   asked for unclear: the evidence cannot decide, so the record does not guess.
6. **declined**: none of the help asked for was delivered, offered or left unclear, and either
   it was refused or something else was given in its place (mediation, a mission, aid of
   another kind): the answer was not what was asked.
7. **no answer**: no counted response at all.

``answered_on``, the first day a party asked made a decision or offer public, is the earliest
``on`` among the counted responses (a date known to the day before one known only to its month,
when the day falls in that month); it is computed too, so it cannot disagree with them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from geodata.schema.dates import first_day, last_day
from geodata.schema.evidence import passage_problem
from geodata.schema.values import check_date, type_name

# Kinds of help, asked for or given. The first six are what members ask; the last four are
# answers the alliance or Russia gave in place of, or beside, what was asked.
KINDS = (
    "consultations",
    "political support",
    "military-technical aid",
    "police or troops",
    "air support",
    "collective defence",
    "mediation",
    "observer mission",
    "humanitarian aid",
    "statement",
)
PARTIES = ("alliance", "russia", "both")
RESPONDERS = ("alliance", "russia")
STATUSES = ("delivered", "offered", "unclear", "refused")
OUTCOMES = ("granted", "partly", "declined", "no answer", "undecided")
RESPONSE_KEYS = ("kind", "by", "on", "status", "what", "evidence")


def counted(addressed_to: str, responses: Iterable[Mapping[str, Any]]) -> list[Mapping]:
    """The responses by a party the appeal asked (rule 1)."""
    asked = RESPONDERS if addressed_to == "both" else (addressed_to,)
    return [r for r in responses if r.get("by") in asked]


def _best(statuses: Iterable[str]) -> str | None:
    found = set(statuses)
    return next((s for s in STATUSES if s in found), None)


def outcome(asked: Iterable[str], addressed_to: str, responses: Iterable[Mapping]) -> str:
    """The outcome of an appeal, by the rule in this module's docstring."""
    mine = counted(addressed_to, responses)
    if not mine:
        return "no answer"
    kinds = list(dict.fromkeys(asked))
    state = {k: _best(r["status"] for r in mine if r["kind"] == k) for k in kinds}
    if kinds and all(s == "delivered" for s in state.values()):
        return "granted"
    if any(s in ("delivered", "offered") for s in state.values()):
        return "partly"
    if any(s == "unclear" for s in state.values()):
        return "undecided"
    return "declined"


def answered_on(addressed_to: str, responses: Iterable[Mapping]) -> str | None:
    """The earliest day among the counted responses, as precisely as it is known."""
    days = [r["on"] for r in counted(addressed_to, responses) if r.get("on")]
    # A day inside a month given only as the month counts as earlier: the month's answer may
    # have come later in it, the day's answer did not.
    return min(days, key=lambda d: (last_day(d), first_day(d))) if days else None


def response_problems(value: Any) -> list[tuple[str, str]]:
    """(field path, why) for everything wrong with an appeal's ``responses`` list."""
    if not isinstance(value, list):
        return [("responses", f"must be a list of responses, got {type_name(value)}")]
    out: list[tuple[str, str]] = []
    for i, item in enumerate(value):
        where = f"responses[{i}]"
        if not isinstance(item, Mapping):
            out.append((where, f"must be a mapping, got {type_name(item)}"))
            continue
        unknown = [str(k) for k in item if k not in RESPONSE_KEYS]
        missing = [k for k in RESPONSE_KEYS if k not in item]
        if unknown or missing:
            out.append((where, f"must have exactly the keys {', '.join(RESPONSE_KEYS)}"))
            continue
        for key, vocab in (("kind", KINDS), ("by", RESPONDERS), ("status", STATUSES)):
            if item[key] not in vocab:
                out.append((f"{where}.{key}", f"must be one of {', '.join(vocab)}"))
        message = check_date(item["on"])
        if message:
            out.append((f"{where}.on", message))
        if not isinstance(item["what"], str) or not item["what"].strip():
            out.append((f"{where}.what", "must say in words what was offered, given or refused"))
        passages = item["evidence"]
        if not isinstance(passages, list) or not passages:
            out.append((f"{where}.evidence", "has no evidence: cite the passage that states it"))
            continue
        out += [(f"{where}.evidence", m) for m in map(passage_problem, passages) if m]
    return out


def asked_problems(value: Any) -> str | None:
    """Why ``asked`` is not a non-empty list of distinct kinds of help; None if it is."""
    if not isinstance(value, list) or not value:
        return f"must be a non-empty list of kinds of help, got {value!r}"
    wrong = [v for v in value if v not in KINDS]
    if wrong:
        return f"{wrong[0]!r} is not a kind of help; expected one of {', '.join(KINDS)}"
    if len(set(value)) != len(value):
        return "names a kind twice"
    return None
