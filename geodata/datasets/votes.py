"""UN General Assembly votes on Ukraine: the Assembly's totals and how each state voted.

``sources/votes.yaml`` is a list of resolutions; the build writes ``votes.json``, the same
records sorted by date, one a line. A resolution has an ``id`` (its number, such as ``ES-11/1``,
or its date when no source states its symbol; the app's ``?votes=`` names it), the ``symbol``
(null when unverified), ``date``, ``title``, the recorded totals ``yes``, ``no``, ``abstain``
and ``absent`` (null when no source gives it), and ``votes``: ``{country, vote, evidence}`` for
each state whose vote a source states, ``vote`` being yes, no, abstain or absent (present but
not voting is not the same as abstaining). A state missing from ``votes`` has no vote in the
data, which is not the same as absent.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from geodata.datasets.dataset import Build, Dataset
from geodata.datasets.tables import (
    KIND_CHECKS,
    build_table,
    cited_problems,
    duplicate_problems,
    parse_rows,
    record_ids,
    record_problems,
)
from geodata.schema.evidence import evidence_problems
from geodata.schema.layers import (
    DATE,
    EVIDENCE,
    INT,
    INT_OR_NULL,
    STR,
    STR_OR_NULL,
    URL_LIST,
    VOTE_CHOICES,
    VOTE_LIST,
    Field,
    Layer,
)
from geodata.schema.problem import Problem
from geodata.schema.validator import read_file
from geodata.schema.values import check_iso3, type_name

VOTES_FILENAME = "votes.json"
SOURCE_FILENAME = "votes.yaml"
UN_MEMBERS = 193  # since South Sudan joined in 2011
VOTE_KEYS = ("country", "vote", "evidence")

VOTES = Layer(
    name="votes",
    fields=(
        Field("id", STR),
        Field("symbol", STR_OR_NULL),
        Field("date", DATE),
        Field("title", STR),
        Field("yes", INT, minimum=0),
        Field("no", INT, minimum=0),
        Field("abstain", INT, minimum=0),
        Field("absent", INT_OR_NULL, minimum=0),
        Field("votes", VOTE_LIST, allow_empty=True),
        Field("notes", STR, allow_empty=True, required=False),
        Field("sources", URL_LIST),
        Field("evidence", EVIDENCE),
    ),
    geometry_types=(),
    evidenced=("date", "title", "yes", "no", "abstain", "absent"),
)


def _vote_problem(item: Any) -> str | None:
    if not isinstance(item, Mapping) or set(item) != set(VOTE_KEYS):
        got = ", ".join(map(str, item)) if isinstance(item, Mapping) else type_name(item)
        return f"each vote has exactly the keys {', '.join(VOTE_KEYS)}; got {got}"
    message = check_iso3(item["country"])
    if message:
        return f"country {message}"
    if item["vote"] not in VOTE_CHOICES:
        return f"vote must be one of {', '.join(VOTE_CHOICES)}; got {item['vote']!r}"
    found = evidence_problems(item["evidence"], ("vote",))
    if found:
        return f"{item['country']}: evidence.{found[0][0] or ''} {found[0][1]}".replace(". ", " ")
    if "vote" not in item["evidence"]:
        return f"{item['country']}: the vote has no evidence: cite the passage that states it"
    return None


def _votes_problem(value: Any, field: Field) -> str | None:
    if not isinstance(value, list):
        return f"must be a list of votes, got {type_name(value)} {value!r}"
    for item in value:
        message = _vote_problem(item)
        if message:
            return message
    countries = [v["country"] for v in value]
    twice = sorted(c for c, n in Counter(countries).items() if n > 1)
    if twice:
        return f"gives more than one vote for {', '.join(twice)}"
    if countries != sorted(countries):
        return "must list the states in alphabetical order of their ISO3 codes"
    return None


KINDS = {**KIND_CHECKS, VOTE_LIST: _votes_problem}


def _total_problems(row: Mapping, file: str, where: str) -> list[Problem]:
    counted = row["yes"] + row["no"] + row["abstain"]
    if row["absent"] is not None and counted + row["absent"] != UN_MEMBERS:
        message = f"yes, no, abstain and absent add to {counted + row['absent']}, not {UN_MEMBERS}"
        return [Problem(file, where, "absent", message)]
    if counted > UN_MEMBERS:
        return [Problem(file, where, "yes", f"the votes add to {counted}, over {UN_MEMBERS}")]
    problems = []
    recorded = Counter(v["vote"] for v in row["votes"])
    for choice in VOTE_CHOICES:
        total = row[choice]
        if total is not None and recorded[choice] > total:
            message = f"{recorded[choice]} states are recorded as {choice}, over the total {total}"
            problems.append(Problem(file, where, "votes", message))
    for vote in row["votes"]:
        vote_row = {"sources": row["sources"], "evidence": vote["evidence"]}
        problems += cited_problems(vote_row, file, f"{where} {vote['country']}")
    return problems


def validate_votes(rows: Any, file: str = VOTES_FILENAME) -> list[Problem]:
    """Check a list of resolutions; return every problem, each resolution named by its id."""
    if not isinstance(rows, list):
        return [Problem(file, None, None, f"must be a list of resolutions, got {type_name(rows)}")]
    ids = record_ids(rows)
    problems = duplicate_problems(ids, file, "resolutions")
    for row, rid in zip(rows, ids, strict=True):
        found = record_problems(row, VOTES, file, rid, KINDS)
        problems += found or _total_problems(row, file, rid)
    return problems


def vote_of(resolution: Mapping, country: str) -> str | None:
    """A state's recorded vote on a resolution, or None when the data has none."""
    return next((v["vote"] for v in resolution["votes"] if v["country"] == country), None)


def build(run: Build) -> dict[str, str]:
    """``votes.json`` from votes.yaml, by date; rows that break the schema fail the build."""
    by_date = lambda r: (r["date"], r["id"])  # noqa: E731
    return build_table(run, SOURCE_FILENAME, VOTES_FILENAME, VOTES, validate_votes, by_date)


def check(path: Path) -> str:
    """Validate a built votes file."""
    rows = parse_rows(read_file(path), path.name, validate_votes)
    votes = sum(len(r["votes"]) for r in rows)
    return f"{len(rows)} resolutions, {votes} recorded votes of states, valid"


DATASET = Dataset(
    name="votes",
    title="UN General Assembly votes on Ukraine",
    description=(
        "Resolutions of the UN General Assembly on Ukraine's territorial integrity and the "
        "war since 2014: symbol, date, title, the recorded totals, and the vote (yes, no, "
        "abstain or absent) of each member and former member of the alliance whose vote a "
        "source states, each with the passage that states it."
    ),
    files=(VOTES_FILENAME,),
    build=build,
    check=check,
    sources=(SOURCE_FILENAME,),
    schema=VOTES,
    # Another data folder may lack it: the story checks then say the table is missing.
    optional=True,
)
