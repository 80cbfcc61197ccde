"""Arms transfers: who delivered which weapons to whom, when, and how many, each fact evidenced.

``sources/arms.yaml`` is a list of deals; the build writes ``arms.json``, a JSON list of the
same records sorted by id, one a line. A deal names its ``supplier`` and ``recipient`` (ISO3),
the ``system`` and its ``category``, the year it was ``ordered`` (null when no source states a
single year), the years it was ``delivered`` (empty when no source states one) and the
``number`` of units (null when none is published). Every fact that has a value carries
evidence, ``{source, at, says}`` (:mod:`geodata.schema.evidence`), and every passage cites one
of the deal's ``sources``. ``notes`` says where sources differ and which figure is used.

Deal facts come from citable reports, never from a copy of the SIPRI database (see
``geodata/SOURCES.md``). What else the table datasets share lives here too: the row checks
for the kinds only they use, the build of a list of records and its one-row-a-line text.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from geodata.datasets.dataset import Build, BuildError, Dataset
from geodata.datasets.tables import plain
from geodata.schema.layers import (
    ARMS_CATEGORIES,
    EVIDENCE,
    INT_OR_NULL,
    ISO3,
    NUMBER,
    NUMBER_OR_NULL,
    SLUG,
    STR,
    STR_OR_NULL,
    URL_LIST,
    YEAR_LIST,
    Field,
    Layer,
)
from geodata.schema.problem import Problem
from geodata.schema.validator import read_file, record_evidence_problems
from geodata.schema.values import LayerError, check_value, type_name

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

# A check for a kind geodata.schema.values does not know: (value, field) -> why not, or None.
KindCheck = Callable[[Any, Field], "str | None"]


def _years_problem(value: Any, field: Field) -> str | None:
    if not isinstance(value, list):
        return f"must be a list of years, got {type_name(value)} {value!r}"
    if not value and not field.allow_empty:
        return "must not be empty"
    for year in value:
        if not isinstance(year, int) or isinstance(year, bool):
            return f"item must be a year such as 2018, got {year!r}"
        if field.minimum is not None and year < field.minimum:
            return f"item must be {field.minimum:g} or later, got {year}"
        if year > date.today().year:
            return f"item {year} is in the future"
    if value != sorted(set(value)):
        return f"must list distinct years in ascending order, got {value!r}"
    return None


def _or_null(kind: str) -> KindCheck:
    def check(value: Any, field: Field) -> str | None:
        return None if value is None else check_value(value, replace(field, kind=kind))

    return check


KIND_CHECKS: dict[str, KindCheck] = {
    YEAR_LIST: _years_problem,
    STR_OR_NULL: _or_null(STR),
    NUMBER_OR_NULL: _or_null(NUMBER),
}


def field_problem(value: Any, field: Field, kinds: Mapping[str, KindCheck] = KIND_CHECKS):
    """Why ``value`` does not fit ``field``, the table kinds included; None if it fits."""
    if field.kind in kinds:
        return kinds[field.kind](value, field)
    return check_value(value, field)


def _page(url: str) -> str:
    return url.split("#", 1)[0]


def cited_problems(row: Mapping, file: str, where: str) -> list[Problem]:
    """Every evidence passage must cite one of the record's own ``sources``."""
    sources = {_page(u) for u in row.get("sources") or [] if isinstance(u, str)}
    evidence = row.get("evidence")
    if not isinstance(evidence, Mapping):
        return []
    problems = []
    for fact, passages in evidence.items():
        for passage in passages if isinstance(passages, list) else []:
            source = passage.get("source") if isinstance(passage, Mapping) else None
            if isinstance(source, str) and _page(source) not in sources:
                message = f"cites {source!r}, which is not among the record's sources"
                problems.append(Problem(file, where, f"evidence.{fact}", message))
    return problems


def record_problems(
    row: Any,
    schema: Layer,
    file: str,
    where: str,
    kinds: Mapping[str, KindCheck] = KIND_CHECKS,
) -> list[Problem]:
    """Everything wrong with one record of a table: keys, values, evidence and its sources."""
    if not isinstance(row, Mapping):
        return [Problem(file, where, None, f"must be a mapping, got {type_name(row)}")]
    names = schema.field_names
    problems = [
        Problem(file, where, str(key), f"unknown key; expected one of {', '.join(names)}")
        for key in row
        if key not in names
    ]
    for field in schema.fields:
        if field.name not in row:
            if field.required:
                problems.append(Problem(file, where, field.name, f"is missing ({field.kind})"))
            continue
        message = field_problem(row[field.name], field, kinds)
        if message:
            problems.append(Problem(file, where, field.name, message))
    problems += record_evidence_problems(dict(row), schema, file, where)
    return problems + cited_problems(row, file, where)


def record_ids(rows: list, id_field: str = "id") -> list[str]:
    """How problems name each record: its id, or ``#index``."""
    return [
        str(r[id_field]) if isinstance(r, Mapping) and isinstance(r.get(id_field), str) else f"#{i}"
        for i, r in enumerate(rows)
    ]


def duplicate_problems(ids: list[str], file: str, what: str) -> list[Problem]:
    """One problem per id that more than one record uses."""
    return [
        Problem(file, rid, "id", f"duplicate id: {count} {what} share it")
        for rid, count in sorted(Counter(ids).items())
        if count > 1
    ]


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


def one_line(value: Any) -> Any:
    """YAML values as JSON values, folded text on one line."""
    value = plain(value)
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, list):
        return [one_line(v) for v in value]
    if isinstance(value, dict):
        return {k: one_line(v) for k, v in value.items()}
    return value


def build_rows(
    entries: Any,
    schema: Layer,
    validate: Callable[[Any, str], list[Problem]],
    rel: str,
    key: Callable[[dict], Any] | None = None,
) -> tuple[list[dict], list[Problem]]:
    """Records from a parsed source table, keys in schema order, sorted by ``key`` (default:
    the id); or the problems that stop it."""
    if isinstance(entries, list):
        entries = [one_line(e) if isinstance(e, Mapping) else e for e in entries]
    problems = validate(entries, rel)
    if problems:
        return [], problems
    rows = [{f: e[f] for f in schema.field_names if f in e} for e in entries]
    return sorted(rows, key=key or (lambda r: r[schema.id_field])), []


def dumps_rows(rows: Iterable[Mapping[str, Any]]) -> str:
    """Serialise records as a JSON list, one record a line, final newline."""
    lines = [json.dumps(dict(r), ensure_ascii=False, separators=(",", ":")) for r in rows]
    return "[\n" + ",\n".join(lines) + ("\n" if lines else "") + "]\n"


def parse_rows(data: bytes | str, file: str, validate: Callable[[Any, str], list[Problem]]) -> list:
    """Parse and validate a built table's JSON text; return the list or raise LayerError."""
    try:
        rows = json.loads(data)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise LayerError([Problem(file, None, None, f"is not valid JSON: {exc}")]) from None
    problems = validate(rows, file)
    if problems:
        raise LayerError(problems)
    return rows


def build_table(
    run: Build,
    source: str,
    out: str,
    schema: Layer,
    validate: Callable,
    key: Callable[[dict], Any] | None = None,
) -> dict[str, str]:
    """``{out: text}`` from the source table ``source`` (an empty list if it is absent)."""
    table = run.table(source) if (run.sources / source).is_file() else []
    rows, problems = build_rows(table, schema, validate, run.rel(source), key)
    if problems:
        raise BuildError(problems)
    return {out: dumps_rows(rows)}


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
