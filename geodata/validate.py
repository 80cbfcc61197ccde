"""Validate layers against the schema; ``python -m geodata.validate [paths...]`` checks files.

The same ``validate_layer`` is used by the build, the app and the tests. Problems a user can cause
(bad JSON, wrong CRS, invalid geometry, missing or mistyped fields) come back as Problem records,
never as exceptions.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from geodata.appeals import APPEALS_FILENAME, conflict_periods, parse_appeals
from geodata.checks import Problem, check_crs, check_geometry
from geodata.dates import may_precede, precision
from geodata.events import EVENTS_FILENAME, parse_events
from geodata.paths import GEODATA_DIR, GEODATA_ENV, default_dir
from geodata.schema import CONFLICTS, LAYERS, Layer, get_layer, precision_pairs

# LayerError and check_value live in geodata.values; importers of this module still find them.
from geodata.values import LayerError, check_date, check_precision, check_value, type_name

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
        if message:
            problems.append(Problem(file, fid, field.name, message))
    problems += _date_problems(props, schema, file, fid)
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
    try:
        data = path.read_bytes()
    except OSError as exc:
        message = f"cannot be read: {exc.strerror} (looked in {path.parent})"
        problem = Problem(path.name, None, None, message)
        raise LayerError([problem]) from None
    return to_geodataframe(parse_layer(data, layer, file=path.name), layer)


def _summary(obj: dict, layer: str, file: str) -> str:
    counts = Counter(f["geometry"]["type"] for f in obj["features"])
    kinds = ", ".join(f"{n} {t}" for t, n in sorted(counts.items()))
    return f"{file}: {layer}: {len(obj['features'])} features ({kinds or 'none'}), valid"


def _unreadable(path: Path, exc: OSError) -> str:
    return f"{path.name}: cannot be read: {exc.strerror} (looked in {path.parent})"


def _conflict_periods(folder: Path) -> dict:
    """Conflict periods from the conflicts layer beside an appeals file; LayerError if unusable."""
    path = folder / CONFLICTS.filename
    try:
        obj = parse_layer(path.read_bytes(), CONFLICTS.name, file=path.name)
    except OSError as exc:
        message = f"needed to check the appeals' conflicts: {_unreadable(path, exc)}"
        raise LayerError([Problem(path.name, None, None, message)]) from None
    return conflict_periods(obj["features"])


def _file_ok(path: Path, layer: str | None) -> bool:
    """Validate one file and print its summary or its problems; True if it is valid."""
    name = "events" if path.name == EVENTS_FILENAME and not layer else layer or path.stem
    name = "appeals" if path.name == APPEALS_FILENAME and not layer else name
    if name not in (*LAYERS, "events", "appeals"):
        print(f"{path.name}: cannot tell its layer; name it <layer>.geojson or pass --layer")
        return False
    try:
        data = path.read_bytes()
        if name == "events":
            summary = f"{len(parse_events(data, file=path.name)['events'])} events, valid"
        elif name == "appeals":
            rows = parse_appeals(data, path.name, _conflict_periods(path.parent))
            summary = f"{len(rows)} appeals, valid"
        else:
            print(_summary(parse_layer(data, name, file=path.name), name, path.name))
            return True
    except OSError as exc:
        print(_unreadable(path, exc))
        return False
    except LayerError as exc:
        print("\n".join(str(p) for p in exc.problems))
        return False
    print(f"{path.name}: {summary}")
    return True


def main(argv: list[str] | None = None) -> int:
    """Validate layer files; print one line per problem and return 1, or summaries and 0."""
    parser = argparse.ArgumentParser(prog="python -m geodata.validate", description=__doc__)
    parser.add_argument(
        "paths",
        nargs="*",
        type=Path,
        help=f"files to check (default: the three layers, events.json and appeals.json in "
        f"${GEODATA_ENV} or the repository's geodata folder)",
    )
    parser.add_argument("--layer", choices=LAYERS, help="layer of every path (default: its name)")
    args = parser.parse_args(argv)
    from geodata.story_build import default_story_paths, is_story_path, story_file_ok

    folder = default_dir()
    names = [*(f"{name}.geojson" for name in LAYERS), EVENTS_FILENAME, APPEALS_FILENAME]
    paths = args.paths or [*(folder / name for name in names), *default_story_paths()]
    failed = False
    for path in paths:
        if is_story_path(path) and not args.layer:
            failed |= not story_file_ok(path)
        else:
            failed |= not _file_ok(path, args.layer)
    if not args.paths:
        from geodata.basemap import validate_files
        from geodata.registry import registry_ok

        failed |= not validate_files(folder, optional=folder != GEODATA_DIR)
        # Every URL the project's own data cites has a named entry; another folder's may not.
        if folder == GEODATA_DIR:
            failed |= not registry_ok()
        print(
            f"checked folder {folder}"
            + (f" (from ${GEODATA_ENV})" if folder != GEODATA_DIR else "")
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
