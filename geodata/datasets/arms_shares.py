"""Published import shares: a supplier's share of a state's arms imports over a period.

``sources/arms_shares.yaml`` is a list of published figures, each as a report gave it (SIPRI's
yearly fact sheets on international arms transfers, through the press that quoted them): the
``recipient`` and ``supplier`` (ISO3), the period ``first_year``–``last_year``, the ``share``
in per cent (null when the report gave words, not a number) and ``stated``, the figure as the
report put it. The build writes ``arms_shares.json``, sorted by id, one figure a line. These are
published percentages, not values taken from the SIPRI database (see ``geodata/SOURCES.md``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from geodata.datasets.dataset import Build, Dataset
from geodata.datasets.tables import (
    build_table,
    duplicate_problems,
    parse_rows,
    record_ids,
    record_problems,
    same_key_problems,
)
from geodata.schema.layers import (
    DATE,
    EVIDENCE,
    INT,
    ISO3,
    NUMBER_OR_NULL,
    SLUG,
    STR,
    URL_LIST,
    Field,
    Layer,
)
from geodata.schema.problem import Problem
from geodata.schema.validator import read_file
from geodata.schema.values import type_name

SHARES_FILENAME = "arms_shares.json"
SOURCE_FILENAME = "arms_shares.yaml"

SHARES = Layer(
    name="arms_shares",
    fields=(
        Field("id", SLUG),
        Field("recipient", ISO3),
        Field("supplier", ISO3),
        Field("first_year", INT, minimum=1950),
        Field("last_year", INT, minimum=1950),
        Field("share", NUMBER_OR_NULL, minimum=0),
        Field("stated", STR),
        Field("published", DATE),
        Field("notes", STR, allow_empty=True, required=False),
        Field("sources", URL_LIST),
        Field("evidence", EVIDENCE),
    ),
    geometry_types=(),
    evidenced=("share", "stated"),
)


def _figure_problems(row: dict, file: str, where: str) -> list[Problem]:
    problems = []
    if row["first_year"] > row["last_year"]:
        message = f"{row['last_year']} is before first_year {row['first_year']}"
        problems.append(Problem(file, where, "last_year", message))
    if row["share"] is not None and row["share"] > 100:
        problems.append(Problem(file, where, "share", f"is a percentage; got {row['share']}"))
    if row["supplier"] == row["recipient"]:
        problems.append(Problem(file, where, "supplier", "is the recipient itself"))
    return problems


def validate_shares(rows: Any, file: str = SHARES_FILENAME) -> list[Problem]:
    """Check a list of published shares; return every problem, each named by its id.

    Two figures for the same recipient, supplier and period must not disagree silently: the
    table keeps one, and its notes say which other figures were published.
    """
    if not isinstance(rows, list):
        return [Problem(file, None, None, f"must be a list of shares, got {type_name(rows)}")]
    ids = record_ids(rows)
    problems = duplicate_problems(ids, file, "shares")
    valid = []
    for row, rid in zip(rows, ids, strict=True):
        found = record_problems(row, SHARES, file, rid)
        if found:
            problems += found
            continue
        problems += _figure_problems(row, file, rid)
        valid.append((row, rid))
    return problems + same_key_problems(
        valid,
        lambda r: (r["recipient"], r["supplier"], r["first_year"], r["last_year"]),
        file,
        "recipient, supplier and period",
    )


def build(run: Build) -> dict[str, str]:
    """``arms_shares.json`` from arms_shares.yaml; rows that break the schema fail the build."""
    return build_table(run, SOURCE_FILENAME, SHARES_FILENAME, SHARES, validate_shares)


def check(path: Path) -> str:
    """Validate a built shares file."""
    rows = parse_rows(read_file(path), path.name, validate_shares)
    return f"{len(rows)} published import shares, valid"


DATASET = Dataset(
    name="arms_shares",
    title="Published shares of arms imports",
    description=(
        "A supplier's share of a state's imports of major arms over a period, as SIPRI's "
        "published fact sheets gave it and the press reported it: recipient, supplier, "
        "first and last year, the share in per cent (null when given in words), the figure "
        "as stated, the publication date, and the passage that states it."
    ),
    files=(SHARES_FILENAME,),
    build=build,
    check=check,
    sources=(SOURCE_FILENAME,),
    schema=SHARES,
    # Another data folder may lack it: the story checks then say the table is missing.
    optional=True,
)
