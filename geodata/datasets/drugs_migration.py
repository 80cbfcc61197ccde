"""Published drug seizures and remittances per member and year, for the chapter on both.

``sources/drugs_migration.yaml`` lists figures as a report gave them: the ``country`` (ISO3),
the ``year`` and the ``period`` of it the figure covers (the whole year, or its first half,
nine or ten months), the ``measure`` (drug seizures, in tonnes; or remittances, in per cent of
GDP), the ``value``, ``counted`` (which drugs and which agencies, or whose estimate), and
``stated``, the figure as the report put it. The build writes ``drugs_migration.json``, sorted
by id, one figure a line. Agencies count differently, so two rows of one member and year may
hold different figures: their ``counted`` must then differ.
"""

from __future__ import annotations

from datetime import date
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
    EVIDENCE,
    INT,
    ISO3,
    NUMBER,
    SLUG,
    STR,
    URL_LIST,
    Field,
    Layer,
)
from geodata.schema.problem import Problem
from geodata.schema.validator import read_file
from geodata.schema.values import type_name

TABLE_FILENAME = "drugs_migration.json"
SOURCE_FILENAME = "drugs_migration.yaml"
SEIZURES = "drug seizures"
REMITTANCES = "remittances"
# Each measure has one unit, so a chart of one measure never mixes units.
UNITS = {SEIZURES: "tonnes", REMITTANCES: "% of GDP"}
MEASURES = tuple(UNITS)
FULL_YEAR = "year"
PERIODS = (FULL_YEAR, "first half", "first nine months", "first ten months")

FIGURES = Layer(
    name="drugs_migration",
    fields=(
        Field("id", SLUG),
        Field("country", ISO3),
        Field("measure", STR, vocab=MEASURES),
        Field("year", INT, minimum=1991),
        Field("period", STR, vocab=PERIODS),
        Field("value", NUMBER, minimum=0),
        Field("unit", STR, vocab=tuple(UNITS.values())),
        Field("counted", STR),
        Field("stated", STR),
        Field("notes", STR, allow_empty=True, required=False),
        Field("sources", URL_LIST),
        Field("evidence", EVIDENCE),
    ),
    geometry_types=(),
    evidenced=("value",),
)


def _figure_problems(row: dict, file: str, where: str, this_year: int) -> list[Problem]:
    problems = []
    unit = UNITS[row["measure"]]
    if row["unit"] != unit:
        message = f"{row['measure']} are given in {unit}; got {row['unit']!r}"
        problems.append(Problem(file, where, "unit", message))
    if row["measure"] == REMITTANCES and row["value"] > 100:
        problems.append(Problem(file, where, "value", f"is a percentage; got {row['value']}"))
    if row["measure"] == REMITTANCES and row["period"] != FULL_YEAR:
        message = "a share of GDP is given for whole years only"
        problems.append(Problem(file, where, "period", message))
    if row["year"] > this_year:
        problems.append(Problem(file, where, "year", f"{row['year']} is in the future"))
    return problems


def validate_figures(
    rows: Any, file: str = TABLE_FILENAME, today: date | None = None
) -> list[Problem]:
    """Check a list of published figures; return every problem, each named by its id.

    Two figures for the same member, measure, year, period and count must not disagree
    silently: the table keeps one, and its notes say which other figure was published.
    """
    if not isinstance(rows, list):
        return [Problem(file, None, None, f"must be a list of figures, got {type_name(rows)}")]
    this_year = (today or date.today()).year
    ids = record_ids(rows)
    problems = duplicate_problems(ids, file, "figures")
    valid = []
    for row, rid in zip(rows, ids, strict=True):
        found = record_problems(row, FIGURES, file, rid)
        if found:
            problems += found
            continue
        problems += _figure_problems(row, file, rid, this_year)
        valid.append((row, rid))
    return problems + same_key_problems(
        valid,
        lambda r: (r["country"], r["measure"], r["year"], r["period"], r["counted"]),
        file,
        "member, measure, year, period and count",
    )


def build(run: Build) -> dict[str, str]:
    """``drugs_migration.json`` from drugs_migration.yaml; bad rows fail the build."""
    return build_table(run, SOURCE_FILENAME, TABLE_FILENAME, FIGURES, validate_figures)


def check(path: Path) -> str:
    """Validate a built table of figures."""
    rows = parse_rows(read_file(path), path.name, validate_figures)
    return f"{len(rows)} published figures on drug seizures and remittances, valid"


DATASET = Dataset(
    name="drugs_migration",
    title="Published drug seizures and remittances",
    description=(
        "Drug seizures per member and year as the members' agencies announced them (tonnes; "
        "which drugs and agencies are counted; the whole year or part of it), and remittances "
        "as a share of GDP as the World Bank estimated them, each as the press reported it, "
        "with the figure as stated and the passage that states it. The series are sparse "
        "and not on one definition."
    ),
    files=(TABLE_FILENAME,),
    build=build,
    check=check,
    sources=(SOURCE_FILENAME,),
    schema=FIGURES,
    # Another data folder may lack it: the story check then says the table is missing.
    optional=True,
)
