"""Validate map layers against their schema: the one validator of the build, the app and the tests.

``python -m geodata.validate`` runs it on the built files (:mod:`geodata.validate`). Problems a
user can cause (bad JSON, wrong CRS, invalid geometry, missing or mistyped fields) come back as
Problem records, never as exceptions.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from geodata.schema.dates import may_precede, precision
from geodata.schema.evidence import LOCATION, evidence_problems, missing_evidence
from geodata.schema.geojson import check_crs, check_geometry
from geodata.schema.layers import LEGAL_BASES, Layer, get_layer, precision_pairs
from geodata.schema.legal import legal_bases_problem
from geodata.schema.problem import Problem
from geodata.schema.values import LayerError, check_date, check_precision, check_value, type_name

if TYPE_CHECKING:
    import geopandas as gpd


def feature_id(feature: Any, index: int, id_field: str) -> str:
    """The name problems give a feature: its id property, its GeoJSON id, or ``#index``."""
    if isinstance(feature, dict):
        props = feature.get("properties")
        if isinstance(props, dict) and isinstance(props.get(id_field), str | int):
            return str(props[id_field])
        if isinstance(feature.get("id"), str | int):
            return str(feature["id"])
    return f"#{index}"


def _validate_feature(feature: Any, fid: str, schema: Layer, file: str) -> list[Problem]:
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        return [Problem(file, fid, None, "must be a GeoJSON Feature object")]
    problems = []
    geom = feature.get("geometry")
    for message in check_geometry(geom):
        problems.append(Problem(file, fid, "geometry", message))
    if not problems and geom.get("type") not in schema.geometry_types:
        expected = ", ".join(schema.geometry_types)
        message = f"type must be one of {expected}; got {geom.get('type')!r}"
        problems.append(Problem(file, fid, "geometry", message))
    props = feature.get("properties")
    if not isinstance(props, dict):
        return [*problems, Problem(file, fid, "properties", "must be an object")]
    for field in schema.fields:
        if field.name not in props and not field.required:
            continue
        if field.name not in props:
            problems.append(Problem(file, fid, field.name, f"is missing ({field.kind})"))
            continue
        message = check_value(props[field.name], field)
        if field.kind == LEGAL_BASES:
            message = legal_bases_problem(props[field.name])
        if message:
            problems.append(Problem(file, fid, field.name, message))
    problems += _date_problems(props, schema, file, fid)
    problems += record_evidence_problems(props, schema, file, fid)
    return problems


def record_evidence_problems(props: dict, schema: Layer, file: str, fid: str) -> list[Problem]:
    """Each passage of a record's evidence well formed, and every evidenced fact backed."""
    facts = (*schema.field_names, LOCATION)
    problems = []
    if "evidence" in props:
        problems += [
            Problem(file, fid, f"evidence.{fact}" if fact else "evidence", message)
            for fact, message in evidence_problems(props["evidence"], facts)
        ]
    for fact in missing_evidence(props, schema.evidenced, schema.evidence_exempt):
        message = "has no evidence: cite the passage that states it under evidence." + fact
        problems.append(Problem(file, fid, fact, message))
    return problems


def _date_problems(props: dict, schema: Layer, file: str, fid: str) -> list[Problem]:
    """Dates in order, and each given precision field matching its date."""
    problems = []
    for earlier, later in schema.date_order:
        a, b = props.get(earlier), props.get(later)
        dates_ok = isinstance(a, str) and isinstance(b, str)
        if dates_ok and not check_date(a) and not check_date(b) and not may_precede(a, b):
            message = f"{b} is before {earlier} {a}"
            problems.append(Problem(file, fid, later, message))
    for date_field, name in precision_pairs(schema):
        value, given = props.get(date_field), props.get(name)
        # A bad date or precision value has its own problem already.
        if name not in props or (value is not None and check_date(value)):
            continue
        if check_precision(given) is None and given != precision(value):
            expected = "null" if value is None else repr(precision(value))
            message = f"is {given!r} but {date_field} {value!r} needs {expected}"
            problems.append(Problem(file, fid, name, message))
    return problems


def validate_layer(obj: Any, layer: str, file: str | None = None) -> list[Problem]:
    """Check a parsed GeoJSON object against layer ``layer``; return every problem found."""
    schema = get_layer(layer)
    file = file or schema.filename
    if not isinstance(obj, dict) or obj.get("type") != "FeatureCollection":
        got = obj.get("type") if isinstance(obj, dict) else type_name(obj)
        return [Problem(file, None, None, f"must be a GeoJSON FeatureCollection, got {got!r}")]
    problems = [Problem(file, None, "crs", m) for m in check_crs(obj)]
    features = obj.get("features")
    if not isinstance(features, list):
        return [*problems, Problem(file, None, "features", "must be a JSON array of Features")]
    ids = [feature_id(f, i, schema.id_field) for i, f in enumerate(features)]
    for fid, count in sorted(Counter(ids).items()):
        if count > 1:
            message = f"duplicate id: {count} features share it"
            problems.append(Problem(file, fid, schema.id_field, message))
    for feature, fid in zip(features, ids, strict=True):
        problems.extend(_validate_feature(feature, fid, schema, file))
    return problems


def parse_layer(data: bytes | str, layer: str, file: str | None = None) -> Any:
    """Parse and validate GeoJSON text; return the object or raise LayerError."""
    file = file or get_layer(layer).filename
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            message = f"is not UTF-8 text (byte {exc.start}): save it as UTF-8 GeoJSON"
            raise LayerError([Problem(file, None, None, message)]) from None
    try:
        obj = json.loads(data)
    except json.JSONDecodeError as exc:
        message = f"malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        raise LayerError([Problem(file, None, None, message)]) from None
    problems = validate_layer(obj, layer, file=file)
    if problems:
        raise LayerError(problems)
    return obj


def to_geodataframe(obj: dict, layer: str) -> gpd.GeoDataFrame:
    """Turn a valid layer object into a GeoDataFrame in EPSG:4326, list properties kept as lists."""
    import geopandas as gpd

    columns = [*get_layer(layer).field_names, "geometry"]
    if not obj["features"]:
        return gpd.GeoDataFrame(columns=columns, geometry="geometry", crs="EPSG:4326")
    gdf = gpd.GeoDataFrame.from_features(obj["features"], crs="EPSG:4326")
    # Fields the build adds but an upload may lack are kept only when present.
    optional = {f.name for f in get_layer(layer).fields if not f.required}
    columns = [c for c in columns if c not in optional or c in gdf.columns]
    extra = [c for c in gdf.columns if c not in columns]
    return gdf[columns + extra]


def load_layer(path: str | Path, layer: str | None = None) -> gpd.GeoDataFrame:
    """Read, validate and return a layer file as a GeoDataFrame; raise LayerError if unusable.

    ``layer`` defaults to the file's name without extension (e.g. "countries").
    """
    path = Path(path)
    layer = layer or path.stem
    return to_geodataframe(parse_layer(read_file(path), layer, file=path.name), layer)


def read_file(path: Path) -> bytes:
    """A data file's bytes, or LayerError saying it cannot be read and where it was looked for."""
    try:
        return path.read_bytes()
    except OSError as exc:
        message = f"cannot be read: {exc.strerror} (looked in {path.parent})"
        raise LayerError([Problem(path.name, None, None, message)]) from None


def check_layer_file(path: Path, layer: str) -> str:
    """Validate one layer file; return its summary line or raise LayerError."""
    obj = parse_layer(read_file(path), layer, file=path.name)
    counts = Counter(f["geometry"]["type"] for f in obj["features"])
    kinds = ", ".join(f"{n} {t}" for t, n in sorted(counts.items()))
    return f"{layer}: {len(obj['features'])} features ({kinds or 'none'}), valid"
