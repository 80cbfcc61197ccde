"""A facility's legal bases: the dated treaties, leases and acts behind Russia's presence.

A facility's ``opened`` and ``closed`` are the presence of Russian forces on the ground; the
paper is a separate list, ``legal_bases``, each entry ``{kind, date, title, evidence}``:

- ``kind``: what the act is, one of ``geodata.schema.layers.LEGAL_BASIS_KINDS``;
- ``date``: the day, month or year of that act, as precisely as the sources give it;
- ``title``: what the act is, in our own words, on one line;
- ``evidence``: a non-empty list of passages ``{source, at, says}`` (geodata.schema.evidence).

Entries are in date order (a month or year sorts before the days inside it).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from geodata.schema.dates import check_partial
from geodata.schema.evidence import passage_problem
from geodata.schema.layers import LEGAL_BASIS_KINDS as KINDS
from geodata.schema.values import type_name

KEYS = ("kind", "date", "title", "evidence")


def legal_basis_problem(item: Any) -> str | None:
    """Why one legal-basis entry is not ``{kind, date, title, evidence}``; None if it is."""
    if not isinstance(item, Mapping):
        return f"must be a mapping of {', '.join(KEYS)}, got {type_name(item)}"
    if set(item) != set(KEYS):
        return f"must have exactly the keys {', '.join(KEYS)}; got {', '.join(map(str, item))}"
    if item["kind"] not in KINDS:
        return f"kind must be one of {', '.join(KINDS)}; got {item['kind']!r}"
    if not isinstance(item["date"], str):
        return f"date must be a string, got {type_name(item['date'])} {item['date']!r}"
    message = check_partial(item["date"])
    if message:
        return f"date {message}"
    title = item["title"]
    if not isinstance(title, str) or not title.strip() or "\n" in title:
        return "title must say on one line what the act is"
    passages = item["evidence"]
    if not isinstance(passages, list) or not passages:
        return "evidence must be a non-empty list of passages"
    for passage in passages:
        message = passage_problem(passage)
        if message:
            return f"evidence: {message}"
    return None


def legal_bases_problem(value: Any) -> str | None:
    """Why ``value`` is not a list of legal-basis entries in date order; None if it is."""
    if not isinstance(value, list):
        return f"must be a JSON array of legal bases, got {type_name(value)} {value!r}"
    for index, item in enumerate(value):
        message = legal_basis_problem(item)
        if message:
            return f"entry {index + 1}: {message}"
    dates = [item["date"] for item in value]
    for index, (a, b) in enumerate(zip(dates, dates[1:], strict=False)):
        if b < a:
            return f"entry {index + 2}: {b} comes before entry {index + 1}'s {a}; keep date order"
    return None
