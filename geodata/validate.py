"""Validate layers against the schema; ``python -m geodata.validate [paths...]`` checks files.

The same ``validate_layer`` is used by the build, the app and the tests. Problems a user can cause
(bad JSON, wrong CRS, invalid geometry, missing or mistyped fields) come back as Problem records,
never as exceptions.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from collections import Counter
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from geodata.checks import Problem, check_crs, check_geometry
from geodata.membership import IntervalError, parse_intervals
from geodata.schema import (
    DATE,
    DATE_OR_NULL,
    INT,
    INTERVALS,
    ISO3,
    ISO3_LIST,
    ISO3_PAIR,
    LAYERS,
    NUMBER,
    SLUG,
    STR,
    STR_LIST,
    URL_LIST,
    Field,
    Layer,
    get_layer,
)

if TYPE_CHECKING:
    import geopandas as gpd

GEODATA_DIR = Path(__file__).resolve().parent
_ISO3_RE = re.compile(r"^[A-Z]{3}$")
_SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_YEAR_RE = re.compile(r"^\d{4}$")


class LayerError(ValueError):
    """A layer file that cannot be used; the message lists every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        lines = [str(p) for p in problems]
        super().__init__(f"{len(problems)} problem(s):\n" + "\n".join(lines))


def _type_name(value: Any) -> str:
    return "null" if value is None else type(value).__name__


def _check_date(value: Any) -> str | None:
    if not isinstance(value, str):
        return f"must be an ISO date string (YYYY-MM-DD), got {_type_name(value)} {value!r}"
    if _YEAR_RE.match(value):
        return None
    try:
        date.fromisoformat(value)
    except ValueError:
        return f"must be an ISO date (YYYY-MM-DD), got {value!r}"
    if len(value) != 10:
        return f"must be an ISO date (YYYY-MM-DD), got {value!r}"
    return None


def _check_url(value: Any) -> str | None:
    if not isinstance(value, str):
        return f"must be a URL string, got {_type_name(value)} {value!r}"
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or any(c.isspace() for c in value):
        return f"must be an http(s) URL, got {value!r}"
    return None


def _check_list(value: Any, field: Field, item_check) -> str | None:
    if not isinstance(value, list):
        return f"must be a JSON array ({field.kind}), got {_type_name(value)} {value!r}"
    if not value and not field.allow_empty:
        return "must not be empty"
    for item in value:
        message = item_check(item)
        if message:
            return f"item {message}"
    return None


def _check_str_item(item: Any) -> str | None:
    if not isinstance(item, str) or not item.strip():
        return f"must be a non-empty string, got {item!r}"
    return None


def _check_iso3(value: Any) -> str | None:
    if not isinstance(value, str) or not _ISO3_RE.match(value):
        return f"must be an upper-case ISO 3166-1 alpha-3 code such as 'ARM', got {value!r}"
    return None


def check_value(value: Any, field: Field) -> str | None:
    """Return why ``value`` does not fit ``field``, or None if it does."""
    kind = field.kind
    if kind == STR:
        if not isinstance(value, str):
            return f"must be a string, got {_type_name(value)} {value!r}"
        if not value.strip() and not field.allow_empty:
            return "must not be empty"
        if field.vocab is not None and value not in field.vocab:
            return f"must be one of {', '.join(field.vocab)}; got {value!r}"
        return None
    if kind == INT:
        if not isinstance(value, int) or isinstance(value, bool):
            return f"must be an integer, got {_type_name(value)} {value!r}"
        if field.minimum is not None and value < field.minimum:
            return f"must be at least {field.minimum}, got {value}"
        return None
    if kind == NUMBER:
        if not isinstance(value, int | float) or isinstance(value, bool):
            return f"must be a number, got {_type_name(value)} {value!r}"
        if not math.isfinite(value):
            return f"must be a finite number, got {value!r}"
        if field.minimum is not None and value < field.minimum:
            return f"must be at least {field.minimum:g}, got {value}"
        return None
    if kind == ISO3_PAIR:
        if not isinstance(value, str):
            return f"must be a string, got {_type_name(value)} {value!r}"
        codes = value.split("–")
        if len(codes) != 2 or any(_check_iso3(c) for c in codes) or codes[0] >= codes[1]:
            return f'must be two ISO3 codes in alphabetical order joined by "–", got {value!r}'
        return None
    if kind == DATE:
        return _check_date(value)
    if kind == DATE_OR_NULL:
        return None if value is None else _check_date(value)
    if kind == ISO3:
        return _check_iso3(value)
    if kind == SLUG:
        if not isinstance(value, str) or not _SLUG_RE.match(value):
            return f"must be a slug of lower-case letters, digits and hyphens, got {value!r}"
        return None
    if kind == STR_LIST:
        return _check_list(value, field, _check_str_item)
    if kind == URL_LIST:
        return _check_list(value, field, _check_url)
    if kind == ISO3_LIST:
        return _check_list(value, field, _check_iso3)
    if kind == INTERVALS:
        if not isinstance(value, str):
            return f"must be a string of ISO intervals, got {_type_name(value)} {value!r}"
        try:
            parse_intervals(value)
        except IntervalError as exc:
            return str(exc)
        return None
    raise ValueError(f"schema bug: unknown field kind {kind!r}")


def _feature_id(feature: Any, index: int, id_field: str) -> str:
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
        if field.name not in props:
            problems.append(Problem(file, fid, field.name, f"is missing ({field.kind})"))
            continue
        message = check_value(props[field.name], field)
        if message:
            problems.append(Problem(file, fid, field.name, message))
    for earlier, later in schema.date_order:
        a, b = props.get(earlier), props.get(later)
        dates_ok = isinstance(a, str) and isinstance(b, str)
        if dates_ok and not _check_date(a) and not _check_date(b) and b < a:
            message = f"{b} is before {earlier} {a}"
            problems.append(Problem(file, fid, later, message))
    return problems


def validate_layer(obj: Any, layer: str, file: str | None = None) -> list[Problem]:
    """Check a parsed GeoJSON object against layer ``layer``; return every problem found."""
    schema = get_layer(layer)
    file = file or schema.filename
    if not isinstance(obj, dict) or obj.get("type") != "FeatureCollection":
        got = obj.get("type") if isinstance(obj, dict) else _type_name(obj)
        return [Problem(file, None, None, f"must be a GeoJSON FeatureCollection, got {got!r}")]
    problems = [Problem(file, None, "crs", m) for m in check_crs(obj)]
    features = obj.get("features")
    if not isinstance(features, list):
        return [*problems, Problem(file, None, "features", "must be a JSON array of Features")]
    ids = [_feature_id(f, i, schema.id_field) for i, f in enumerate(features)]
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
    extra = [c for c in gdf.columns if c not in columns]
    return gdf[columns + extra]


def load_layer(path: str | Path, layer: str | None = None) -> gpd.GeoDataFrame:
    """Read, validate and return a layer file as a GeoDataFrame; raise LayerError if unusable.

    ``layer`` defaults to the file's name without extension (e.g. "countries").
    """
    path = Path(path)
    layer = layer or path.stem
    try:
        data = path.read_bytes()
    except OSError as exc:
        problem = Problem(path.name, None, None, f"cannot be read: {exc.strerror}")
        raise LayerError([problem]) from None
    return to_geodataframe(parse_layer(data, layer, file=path.name), layer)


def _summary(obj: dict, layer: str, file: str) -> str:
    counts = Counter(f["geometry"]["type"] for f in obj["features"])
    kinds = ", ".join(f"{n} {t}" for t, n in sorted(counts.items()))
    return f"{file}: {layer}: {len(obj['features'])} features ({kinds or 'none'}), valid"


def _events_file_ok(path: Path) -> bool:
    from geodata.events import parse_events

    try:
        obj = parse_events(path.read_bytes(), file=path.name)
    except OSError as exc:
        print(f"{path.name}: cannot be read: {exc.strerror}")
        return False
    except LayerError as exc:
        print("\n".join(str(p) for p in exc.problems))
        return False
    print(f"{path.name}: {len(obj['events'])} events, valid")
    return True


def main(argv: list[str] | None = None) -> int:
    """Validate layer files; print one line per problem and return 1, or summaries and 0."""
    parser = argparse.ArgumentParser(prog="python -m geodata.validate", description=__doc__)
    parser.add_argument(
        "paths", nargs="*", type=Path, help="layer files (default: all three and events.json)"
    )
    parser.add_argument("--layer", choices=LAYERS, help="layer of every path (default: its name)")
    args = parser.parse_args(argv)
    # geodata.events builds on this module, so it is imported only when needed.
    from geodata.events import EVENTS_FILENAME
    from geodata.story_build import default_story_paths, is_story_path, story_file_ok

    paths = args.paths or [
        *(GEODATA_DIR / f"{name}.geojson" for name in LAYERS),
        GEODATA_DIR / EVENTS_FILENAME,
        *default_story_paths(),
    ]
    failed = False
    for path in paths:
        if is_story_path(path) and not args.layer:
            failed |= not story_file_ok(path)
            continue
        if path.name == EVENTS_FILENAME and not args.layer:
            failed |= not _events_file_ok(path)
            continue
        layer = args.layer or path.stem
        if layer not in LAYERS:
            print(f"{path.name}: cannot tell its layer; name it <layer>.geojson or pass --layer")
            failed = True
            continue
        try:
            obj = parse_layer(path.read_bytes(), layer, file=path.name)
        except OSError as exc:
            print(f"{path.name}: cannot be read: {exc.strerror}")
            failed = True
        except LayerError as exc:
            print("\n".join(str(p) for p in exc.problems))
            failed = True
        else:
            print(_summary(obj, layer, path.name))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
