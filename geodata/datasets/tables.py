"""Turning the curated source tables into records: values made plain, keys checked, dates dated.

What every dataset's build shares: ``entries`` and ``properties`` turn a list of mappings into
features' properties, naming unknown keys; ``with_precisions`` adds each date's computed
precision in the schema's key order; ``layer_text`` writes a validated layer. For the datasets
that are tables of records (arms, import shares, votes): ``record_problems`` checks one record
(keys, values, evidence citing the record's own sources), ``build_table`` builds a list of
records into one-record-a-line JSON, ``parse_rows`` reads it back.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from datetime import date
from typing import Any

from geodata.datasets.dataset import Build, BuildError
from geodata.geometry.geojson_text import dumps_collection
from geodata.schema.dates import precision
from geodata.schema.layers import (
    NUMBER,
    NUMBER_OR_NULL,
    STR,
    STR_OR_NULL,
    YEAR_LIST,
    Field,
    Layer,
    precision_pairs,
)
from geodata.schema.problem import Problem
from geodata.schema.validator import record_evidence_problems, validate_layer
from geodata.schema.values import LayerError, check_value, type_name


def plain(value: Any) -> Any:
    """YAML values as JSON values: dates become ISO strings, containers are copied."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value


def entries(data: Any, rel: str, key: str | None = None) -> tuple[list, list[Problem]]:
    """The list of mappings in ``data`` (or under ``key``), or a problem saying it is not one."""
    if key is not None:
        data = data.get(key) if isinstance(data, dict) else None
    if not isinstance(data, list) or not all(isinstance(e, dict) for e in data):
        what = f"'{key}'" if key else "the file"
        return [], [Problem(rel, None, key, f"{what} must be a list of mappings")]
    return data, []


def properties(entry: Mapping, fields: tuple[str, ...], extra: tuple[str, ...], rel: str):
    """(id, properties in one-line text, problems): keys outside ``fields`` and ``extra`` are
    problems, and ``extra`` keys (a location, a recipe) are left for the caller."""
    fid = str(entry.get("id", entry.get("iso3", "?")))
    problems = [
        Problem(rel, fid, str(k), f"unknown key; expected one of {', '.join(fields + extra)}")
        for k in entry
        if k not in fields and k not in extra
    ]
    props = {f: plain(entry[f]) for f in fields if f in entry}
    # Folded and literal YAML blocks differ only in line breaks; the layers get one-line text.
    props = {k: " ".join(v.split()) if isinstance(v, str) else v for k, v in props.items()}
    return fid, props, problems


def with_precisions(props: dict, schema: Layer) -> dict:
    """Add each date's computed ``<field>_precision`` and put keys in the schema's order.

    Dates that cannot be read get no precision here; validation reports the date itself.
    """
    out = dict(props)
    for date_field, name in precision_pairs(schema):
        if date_field in out:
            try:
                out[name] = precision(out[date_field])
            except ValueError:
                out[name] = None
    known = [f for f in schema.field_names if f in out]
    return {f: out[f] for f in known} | {k: v for k, v in out.items() if k not in known}


def layer_text(features: list[dict], schema: Layer) -> str:
    """A layer's GeoJSON text, features sorted by id; BuildError if the layer is not valid."""
    features = sorted(features, key=lambda f: str(f["properties"].get("id")))
    obj = {"type": "FeatureCollection", "features": features}
    problems = validate_layer(obj, schema.name, schema.filename)
    if problems:
        raise BuildError(problems)
    return dumps_collection(features)


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


def same_key_problems(
    rows: Iterable[tuple[Mapping, str]], key: Callable[[Mapping], tuple], file: str, what: str
) -> list[Problem]:
    """One problem per record (row, id) whose ``key`` an earlier record already gave: two
    published figures for the same thing must not disagree silently (``what`` names the
    key's parts, e.g. "recipient, supplier and period")."""
    seen: dict[tuple, str] = {}
    problems = []
    for row, rid in rows:
        found = key(row)
        if found in seen:
            message = f"gives the same {what} as {seen[found]}"
            problems.append(Problem(file, rid, "id", message))
        seen.setdefault(found, rid)
    return problems


def duplicate_problems(ids: list[str], file: str, what: str) -> list[Problem]:
    """One problem per id that more than one record uses."""
    return [
        Problem(file, rid, "id", f"duplicate id: {count} {what} share it")
        for rid, count in sorted(Counter(ids).items())
        if count > 1
    ]


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
