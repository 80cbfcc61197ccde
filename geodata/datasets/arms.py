"""Arms transfers: who delivered which weapons to whom, when, and how many, each fact evidenced.

``sources/arms.yaml`` is a list of deals; the build writes ``arms.json``, a JSON list of the
same records sorted by id, one a line. A deal names its ``supplier`` and ``recipient`` (ISO3),
the ``system`` and its ``category``, the year it was ``ordered`` (null when no source states a
single year), the years it was ``delivered`` (empty when no source states one) and the
``number`` of units (null when none is published). Every fact that has a value carries
evidence, ``{source, at, says}`` (:mod:`geodata.schema.evidence`), and every passage cites one
of the deal's ``sources``. ``notes`` says where sources differ and which figure is used.

Deal facts come from citable reports, never from a copy of the SIPRI database (see
``geodata/SOURCES.md``).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from geodata.datasets.dataset import Build, Dataset
from geodata.datasets.tables import (
    build_table,
    duplicate_problems,
    parse_rows,
    record_ids,
    record_problems,
)
from geodata.schema.layers import (
    ARMS_CATEGORIES,
    EVIDENCE,
    INT_OR_NULL,
    ISO3,
    SLUG,
    STR,
    URL_LIST,
    YEAR_LIST,
    Field,
    Layer,
)
from geodata.schema.problem import Problem
from geodata.schema.validator import read_file
from geodata.schema.values import type_name

ARMS_FILENAME = "arms.json"
SOURCE_FILENAME = "arms.yaml"
FIRST_YEAR = 1992  # the map's first year; the table covers deliveries since the Union ended

ARMS = Layer(
    name="arms",
    fields=(
        Field("id", SLUG),
        Field("supplier", ISO3),
        Field("recipient", ISO3),
        Field("system", STR),
        Field("category", STR, vocab=ARMS_CATEGORIES),
        Field("ordered", INT_OR_NULL, minimum=FIRST_YEAR),
        Field("delivered", YEAR_LIST, allow_empty=True, minimum=FIRST_YEAR),
        Field("number", INT_OR_NULL, minimum=1),
        Field("notes", STR, allow_empty=True, required=False),
        Field("sources", URL_LIST),
        Field("evidence", EVIDENCE),
    ),
    geometry_types=(),
    evidenced=("system", "ordered", "delivered", "number"),
)


def _deal_problems(row: Mapping, file: str, where: str) -> list[Problem]:
    problems = []
    if row["supplier"] == row["recipient"]:
        problems.append(Problem(file, where, "recipient", "is the supplier itself"))
    ordered, delivered = row["ordered"], row["delivered"]
    if ordered is not None and delivered and delivered[0] < ordered:
        message = f"{delivered[0]} is before the order ({ordered})"
        problems.append(Problem(file, where, "delivered", message))
    return problems


def validate_arms(rows: Any, file: str = ARMS_FILENAME) -> list[Problem]:
    """Check a list of arms transfers; return every problem, each deal named by its id."""
    if not isinstance(rows, list):
        return [Problem(file, None, None, f"must be a list of deals, got {type_name(rows)}")]
    ids = record_ids(rows)
    problems = duplicate_problems(ids, file, "deals")
    for row, rid in zip(rows, ids, strict=True):
        found = record_problems(row, ARMS, file, rid)
        problems += found or _deal_problems(row, file, rid)
    return problems


def build(run: Build) -> dict[str, str]:
    """``arms.json`` from arms.yaml; rows that break the schema fail the build."""
    return build_table(run, SOURCE_FILENAME, ARMS_FILENAME, ARMS, validate_arms)


def check(path: Path) -> str:
    """Validate a built arms file."""
    rows = parse_rows(read_file(path), path.name, validate_arms)
    dated = sum(1 for r in rows if r["delivered"])
    return f"{len(rows)} arms transfers ({dated} with a delivery year), valid"


DATASET = Dataset(
    name="arms",
    title="Arms transfers",
    description=(
        "Deliveries of weapons to the alliance's members and former members and to "
        "Azerbaijan: supplier, recipient, system and its category, the year ordered, the "
        "years delivered and the number of units where a source states them, each fact "
        "with the passage that states it. Deal facts come from citable reports, not from "
        "the SIPRI database."
    ),
    files=(ARMS_FILENAME,),
    build=build,
    check=check,
    sources=(SOURCE_FILENAME,),
    schema=ARMS,
    # Another data folder may lack it: the story checks then say the table is missing.
    optional=True,
)
