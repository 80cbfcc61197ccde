"""Turning the curated source tables into records: values made plain, keys checked, dates dated.

What every dataset's build shares: ``entries`` and ``properties`` turn a list of mappings into
features' properties, naming unknown keys; ``with_precisions`` adds each date's computed
precision in the schema's key order; ``layer_text`` writes a validated layer.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from geodata.datasets.dataset import BuildError
from geodata.geometry.geojson_text import dumps_collection
from geodata.schema.dates import precision
from geodata.schema.layers import Layer, precision_pairs
from geodata.schema.problem import Problem
from geodata.schema.validator import validate_layer


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
