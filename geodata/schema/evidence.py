"""Evidence for each fact: which source states it, where in it, and what it says in our words.

A record's ``evidence`` maps the name of a fact (a field, or ``location`` for a point's
coordinates) to a list of passages, each ``{source, at, says}``:

- ``source``: the cited page's URL, as the source registry names it;
- ``at``: where in it the fact is stated: the same page with a text fragment
  (``#:~:text=first%20words,last%20words``, which browsers scroll to and highlight), or a
  page, section or table named in words ("p. 12", "section History");
- ``says``: what the passage states, in our own words, on one line.

Where sources disagree, each gets its passage, and the record's text says which is used.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from geodata.schema.values import check_url, type_name

KEYS = ("source", "at", "says")
LOCATION = "location"
MAX_SAYS = 300


def _page(url: str) -> str:
    return url.split("#", 1)[0]


def passage_problem(item: Any) -> str | None:
    """Why one passage is not ``{source, at, says}`` as described above; None if it is."""
    if not isinstance(item, Mapping):
        return f"each passage must be a mapping of {', '.join(KEYS)}, got {type_name(item)}"
    if set(item) != set(KEYS):
        return f"a passage has exactly the keys {', '.join(KEYS)}; got {', '.join(map(str, item))}"
    source, at, says = item["source"], item["at"], item["says"]
    message = check_url(source)
    if message:
        return f"source {message}"
    if not isinstance(at, str) or not at.strip():
        return "at must say where in the source the fact is stated"
    if at.startswith(("http://", "https://")) and _page(at) != _page(source):
        return f"at {at!r} is not a place in the source {source!r}"
    if not isinstance(says, str) or not says.strip() or "\n" in says:
        return "says must be one line, in our own words, of what the passage states"
    if len(says) > MAX_SAYS:
        return f"says is {len(says)} characters; keep it to one line of at most {MAX_SAYS}"
    return None


def evidence_problems(value: Any, facts: tuple[str, ...]) -> list[tuple[str | None, str]]:
    """(fact, why) for everything wrong with an ``evidence`` value; ``facts`` may be named."""
    if not isinstance(value, Mapping):
        return [(None, f"evidence must map facts to passages, got {type_name(value)}")]
    out: list[tuple[str | None, str]] = []
    for fact, passages in value.items():
        if fact not in facts:
            out.append(
                (str(fact), f"evidence for an unknown fact; expected one of {', '.join(facts)}")
            )
            continue
        if not isinstance(passages, list) or not passages:
            out.append((str(fact), "evidence must be a non-empty list of passages"))
            continue
        out += [(str(fact), m) for m in map(passage_problem, passages) if m]
    return out


def _has_value(value: Any) -> bool:
    return value is not None and value != "" and value != []


def missing_evidence(
    props: Mapping[str, Any],
    evidenced: tuple[str, ...],
    exempt: tuple[tuple[str, Any], ...] = (),
) -> list[str]:
    """The facts in ``evidenced`` that have a value in ``props`` but no evidence.

    ``exempt`` lists (fact, value) pairs that need none: a value that says nothing was found
    (a conflict to which the alliance made no response) has no passage to point to.
    """
    given = props.get("evidence") if isinstance(props.get("evidence"), Mapping) else {}
    return [
        fact
        for fact in evidenced
        if fact not in given
        and (fact == LOCATION or _has_value(props.get(fact)))
        and (fact, props.get(fact)) not in exempt
    ]
