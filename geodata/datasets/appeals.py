"""Appeals for help: requests by member states to the alliance, or to Russia under a treaty.

``sources/appeals.yaml`` is a list of requests, each saying whom it asked, the kinds of help
asked for and every response; the build writes ``appeals.json``, a JSON list of the same
objects with computed ``date_precision``, ``outcome``, ``answered_on``,
``answered_on_precision`` and ``days_to_answer``: the outcome and the first answer follow from
the responses by one rule (geodata.datasets.appeal_outcome). Each appeal names a conflict of
the conflicts layer, and its date must fall inside that conflict's period, at most
``LEAD_DAYS`` before its start or at most ``TRAIL_DAYS`` after its end.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from geodata.datasets.appeal_outcome import (
    OUTCOMES,
    PARTIES,
    answered_on,
    asked_problems,
    outcome,
    response_problems,
)
from geodata.datasets.dataset import Build, BuildError, Dataset
from geodata.schema.dates import days_between, first_day, last_day, may_precede, precision
from geodata.schema.layers import (
    CONFLICTS,
    DATE,
    DATE_OR_NULL,
    EVIDENCE,
    INT_OR_NULL,
    ISO3,
    RESPONSES,
    SLUG,
    STR,
    STR_LIST,
    URL_LIST,
    Field,
    Layer,
    precision_field,
)
from geodata.schema.problem import Problem
from geodata.schema.validator import parse_layer, read_file, record_evidence_problems
from geodata.schema.values import LayerError, check_date, check_value, type_name

APPEALS_FILENAME = "appeals.json"
SOURCE_FILENAME = "appeals.yaml"
# A request may come shortly before the fighting the conflicts layer dates, as a threat builds,
# or shortly after it, to keep a ceasefire.
LEAD_DAYS = 30
TRAIL_DAYS = 45

APPEALS = Layer(
    name="appeals",
    fields=(
        Field("id", SLUG),
        Field("date", DATE),
        precision_field("date"),
        Field("country", ISO3),
        Field("conflict", SLUG),
        Field("addressed_to", STR, vocab=PARTIES),
        Field("asked", STR_LIST),
        Field("request", STR),
        Field("basis", STR),
        Field("responses", RESPONSES, allow_empty=True),
        Field("outcome", STR, vocab=OUTCOMES),
        Field("answer", STR),
        Field("answered_on", DATE_OR_NULL),
        precision_field("answered_on"),
        Field("days_to_answer", INT_OR_NULL, minimum=0),
        Field("sources", URL_LIST),
        Field("evidence", EVIDENCE, required=False),
    ),
    geometry_types=(),
    date_order=(("date", "answered_on"),),
    computed=(
        "date_precision",
        "outcome",
        "answered_on",
        "answered_on_precision",
        "days_to_answer",
    ),
    evidenced=("date", "addressed_to", "asked"),
)
# Conflict id -> (start, end or None), as the conflicts layer gives them.
Periods = Mapping[str, tuple[str, str | None]]


def computed_fields(row: Mapping[str, Any]) -> dict[str, Any]:
    """The computed fields of one appeal whose other fields are valid: the outcome and the
    first answer follow from ``asked``, ``addressed_to`` and ``responses``
    (geodata.datasets.appeal_outcome)."""
    asked, whom, responses = row.get("date"), row["addressed_to"], row["responses"]
    answered = answered_on(whom, responses)
    return {
        "date_precision": precision(asked),
        "outcome": outcome(row["asked"], whom, responses),
        "answered_on": answered,
        "answered_on_precision": precision(answered),
        "days_to_answer": days_between(asked, answered),
    }


def _row_problems(row: Any, where: str, file: str, built: bool) -> list[Problem]:
    if not isinstance(row, Mapping):
        return [Problem(file, where, None, f"must be a mapping, got {type_name(row)}")]
    fields = [f for f in APPEALS.fields if built or f.name not in APPEALS.computed]
    names = [f.name for f in fields]
    problems = []
    for key in row:
        if key in APPEALS.computed and not built:
            problems.append(Problem(file, where, str(key), "is computed by the build; remove it"))
        elif key not in APPEALS.field_names:
            problems.append(
                Problem(file, where, str(key), f"unknown key; expected one of {', '.join(names)}")
            )
    for field in fields:
        if field.name not in row and not field.required:
            continue
        if field.name not in row:
            problems.append(Problem(file, where, field.name, f"is missing ({field.kind})"))
            continue
        message = check_value(row[field.name], field)
        if field.name == "asked" and not message:
            message = asked_problems(row["asked"])
        if message:
            problems.append(Problem(file, where, field.name, message))
    if "responses" in row:
        problems += [Problem(file, where, f, m) for f, m in response_problems(row["responses"])]
    problems += record_evidence_problems(dict(row), APPEALS, file, where)
    if problems:
        return problems
    asked = row["date"]
    for i, response in enumerate(row["responses"]):
        if not may_precede(asked, response["on"]):
            message = f"{response['on']} is before the appeal's date {asked}"
            problems.append(Problem(file, where, f"responses[{i}].on", message))
    if built:
        for name, value in computed_fields(row).items():
            if row[name] != value:
                problems.append(Problem(file, where, name, f"is {row[name]!r}, expected {value!r}"))
    return problems


def conflict_problems(
    row: Mapping[str, Any], where: str, file: str, periods: Periods
) -> list[Problem]:
    """Whether an appeal's conflict exists and the appeal's date fits that conflict's period.

    The appeal may come at most LEAD_DAYS before the conflict's first day and at most
    TRAIL_DAYS after the last day of its end (an open end never closes).
    """
    cid = row.get("conflict")
    if cid not in periods:
        return [Problem(file, where, "conflict", f"{cid!r} is not an id in the conflicts layer")]
    start, end = periods[cid]
    asked = row["date"]
    earliest = first_day(start) - timedelta(days=LEAD_DAYS)
    if last_day(asked) < earliest:
        message = f"{asked} is more than {LEAD_DAYS} days before {cid} starts ({start})"
        return [Problem(file, where, "date", message)]
    if end is not None and first_day(asked) > last_day(end) + timedelta(days=TRAIL_DAYS):
        message = f"{asked} is more than {TRAIL_DAYS} days after {cid} ended ({end})"
        return [Problem(file, where, "date", message)]
    return []


def validate_appeals(
    rows: Any, file: str = APPEALS_FILENAME, periods: Periods | None = None, *, built: bool = True
) -> list[Problem]:
    """Check a list of appeals; return every problem, each appeal named by its id.

    ``built`` says whether the rows are the built file (computed fields required and checked)
    or the source table (computed fields forbidden). ``periods`` enables the conflict check.
    """
    if not isinstance(rows, list):
        return [Problem(file, None, None, f"must be a list of appeals, got {type_name(rows)}")]
    ids = [
        str(r["id"]) if isinstance(r, Mapping) and isinstance(r.get("id"), str) else f"#{i}"
        for i, r in enumerate(rows)
    ]
    problems = [
        Problem(file, fid, "id", f"duplicate id: {count} appeals share it")
        for fid, count in sorted(Counter(ids).items())
        if count > 1
    ]
    for row, fid in zip(rows, ids, strict=True):
        found = _row_problems(row, fid, file, built)
        problems += found
        if not found and periods is not None:
            problems += conflict_problems(row, fid, file, periods)
    return problems


def conflict_periods(features: Iterable[Mapping[str, Any]]) -> dict[str, tuple[str, str | None]]:
    """Conflict id -> (start, end) from conflict features or source-table entries."""
    out = {}
    for item in features:
        props = item.get("properties", item) if isinstance(item, Mapping) else {}
        cid, start, end = props.get("id"), props.get("start"), props.get("end")
        if isinstance(cid, str) and not check_date(start) and (end is None or not check_date(end)):
            out[cid] = (start, end)
    return out


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        # Folded YAML keeps line breaks the file does not need.
        return " ".join(value.split())
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def build_appeals(entries: Any, rel: str) -> tuple[list[dict], list[Problem]]:
    """Appeals from the parsed source table, computed fields added, in schema key order."""
    if isinstance(entries, list):
        entries = [
            {k: _plain(v) for k, v in e.items()} if isinstance(e, Mapping) else e for e in entries
        ]
    problems = validate_appeals(entries, rel, built=False)
    if problems:
        return [], problems
    rows = [dict(e) | computed_fields(e) for e in entries]
    rows = [{f: row[f] for f in APPEALS.field_names if f in row} for row in rows]
    return sorted(rows, key=lambda r: (first_day(r["date"]), r["id"])), []


def dumps_appeals(rows: Iterable[Mapping[str, Any]]) -> str:
    """Serialise built appeals as a JSON list, one appeal a line, final newline."""
    lines = [json.dumps(dict(r), ensure_ascii=False, separators=(",", ":")) for r in rows]
    body = ",\n".join(lines)
    return "[\n" + body + ("\n" if lines else "") + "]\n"


def parse_appeals(
    data: bytes | str, file: str = APPEALS_FILENAME, periods: Periods | None = None
) -> list:
    """Parse and validate ``appeals.json`` text; return the list or raise LayerError."""
    try:
        rows = json.loads(data)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise LayerError([Problem(file, None, None, f"is not valid JSON: {exc}")]) from None
    problems = validate_appeals(rows, file, periods)
    if problems:
        raise LayerError(problems)
    return rows


def conflict_periods_beside(folder: Path) -> dict:
    """Conflict periods from the conflicts layer in ``folder``; LayerError if unusable."""
    path = folder / CONFLICTS.filename
    try:
        data = read_file(path)
    except LayerError as exc:
        message = f"needed to check the appeals' conflicts: {path.name}: {exc.problems[0].message}"
        raise LayerError([Problem(path.name, None, None, message)]) from None
    return conflict_periods(parse_layer(data, CONFLICTS.name, file=path.name)["features"])


def build(run: Build) -> dict[str, str]:
    """``appeals.json`` from appeals.yaml (an empty list if the table is absent).

    Rows that break the schema fail the build; an appeal whose conflict is missing from the
    built conflicts layer, or lies outside its period, is a warning, and
    ``python -m geodata.validate`` fails on it.
    """
    rel = run.rel(SOURCE_FILENAME)
    table = run.table(SOURCE_FILENAME) if (run.sources / SOURCE_FILENAME).is_file() else []
    rows, problems = build_appeals(table, rel)
    if problems:
        raise BuildError(problems)
    periods = conflict_periods(json.loads(run.texts[CONFLICTS.filename])["features"])
    run.warnings += [str(p) for p in validate_appeals(rows, rel, periods)]
    return {APPEALS_FILENAME: dumps_appeals(rows)}


def check(path: Path) -> str:
    """Validate a built appeals file against the conflicts layer beside it."""
    data = read_file(path)
    rows = parse_appeals(data, path.name, conflict_periods_beside(path.parent))
    return f"{len(rows)} appeals, valid"


DATASET = Dataset(
    name="appeals",
    title="Appeals for help",
    description=(
        "Member states' requests for help to the alliance, or to Russia under a treaty: "
        "when, whom they asked, the kinds of help asked for, on what basis, each response "
        "(what, by whom, when, offered, delivered or refused) with its evidence, the outcome "
        "computed from them, when the first answer came, and the conflict each belongs to."
    ),
    files=(APPEALS_FILENAME,),
    build=build,
    check=check,
    sources=(SOURCE_FILENAME,),
    needs=("conflicts",),
    schema=APPEALS,
)
