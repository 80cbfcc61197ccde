"""Build the three layers from geodata/sources/*.yaml and Natural Earth.

``python -m geodata.build`` writes geodata/{countries,facilities,conflicts}.geojson,
geodata/events.json (the dated events of membership.yaml, for an app without YAML) and
geodata/appeals.json (the requests for help of appeals.yaml);
``--check`` rebuilds into a temporary folder and fails if a committed file differs.
The output is deterministic: features sorted by id, fixed precision, stable key order.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

from geodata.appeals import (
    APPEALS_FILENAME,
    build_appeals,
    conflict_periods,
    dumps_appeals,
    validate_appeals,
)
from geodata.appeals import SOURCE_FILENAME as APPEALS_SOURCE
from geodata.checks import Problem
from geodata.dates import precision
from geodata.events import EVENTS_FILENAME, dumps_events, events_from_membership
from geodata.geojson_out import POINT_DECIMALS, SHAPE_DECIMALS, dumps_collection, feature
from geodata.geojson_out import geometry_dict as to_geojson
from geodata.membership import IntervalError, format_periods, status_on
from geodata.outfiles import differing_layers, summary, write_layers
from geodata.registry import SOURCES_FILENAME, RegistryError, build_sources
from geodata.schema import CONFLICTS, COUNTRIES, FACILITIES, Layer, precision_pairs
from geodata.story_build import STORIES_FILENAME, build_stories
from geodata.validate import GEODATA_DIR, validate_layer

SOURCES_DIR = GEODATA_DIR / "sources"
# Coverage-simplification tolerance in degrees; SOURCES.md records the size and error it gives.
TOLERANCE = 0.05
BORDER_KM_DECIMALS = 2
# Shared land borders: ("ARM–IRN", ...) and their lines, one per side of each border.
Borders = tuple[list[str], list[Any]]


class BuildError(RuntimeError):
    """Source tables that cannot be built; the message lists every problem."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def _plain(value: Any) -> Any:
    """YAML values as JSON values: dates become ISO strings, containers are copied."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def load_yaml(path: Path, rel: str) -> Any:
    """Parse a YAML source table; raise BuildError naming the file and line on bad YAML."""
    import yaml

    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise BuildError([Problem(rel, None, None, f"cannot be read: {exc.strerror}")]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = Problem(rel, None, None, f"malformed YAML{where}: {getattr(exc, 'problem', exc)}")
        raise BuildError([problem]) from None


def _entries(data: Any, rel: str, key: str | None = None) -> tuple[list, list[Problem]]:
    if key is not None:
        data = data.get(key) if isinstance(data, dict) else None
    if not isinstance(data, list) or not all(isinstance(e, dict) for e in data):
        what = f"'{key}'" if key else "the file"
        return [], [Problem(rel, None, key, f"{what} must be a list of mappings")]
    return data, []


def _properties(entry: Mapping, fields: tuple[str, ...], extra: tuple[str, ...], rel: str):
    fid = str(entry.get("id", entry.get("iso3", "?")))
    problems = [
        Problem(rel, fid, str(k), f"unknown key; expected one of {', '.join(fields + extra)}")
        for k in entry
        if k not in fields and k not in extra
    ]
    props = {f: _plain(entry[f]) for f in fields if f in entry}
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


def build_countries(membership: Any, ne, rel: str) -> tuple[list[dict], dict, list[Problem]]:
    """Country features from membership.yaml and Natural Earth; also the published shapes."""
    from geodata.borders import simplify_borders

    states, problems = _entries(membership, rel, "states")
    try:
        on = date.fromisoformat(str(_plain(membership.get("dataset_date"))))
    except (ValueError, AttributeError):
        return [], {}, [*problems, Problem(rel, None, "dataset_date", "must be an ISO date")]
    codes = sorted(str(s.get("iso3")) for s in states)
    shapes = simplify_borders(ne.loc[codes].geometry.to_numpy(), TOLERANCE, codes)
    published = dict(zip(codes, shapes, strict=True))
    features = []
    for state in sorted(states, key=lambda s: str(s.get("iso3"))):
        iso3 = str(state.get("iso3"))
        try:
            periods = format_periods(_plain(state.get("periods")))
            frozen = format_periods(_plain(state.get("frozen")))
        except IntervalError as exc:
            problems.append(Problem(rel, iso3, "periods", str(exc)))
            continue
        props = {
            "id": iso3,
            "iso3": iso3,
            "name": ne.at[iso3, "name"],
            "name_ru": ne.at[iso3, "name_ru"],
            "csto_status": status_on(periods, frozen, on),
            "membership": periods,
            "frozen": frozen,
            "role": state.get("role") or "",
            "sources": _plain(state.get("sources")),
            "notes": " ".join(str(state.get("notes") or "").split()),
        }
        features.append(feature(props, to_geojson(published[iso3], SHAPE_DECIMALS)))
    return features, published, problems


def facility_features(entries: Any, rel: str, borders: Borders) -> tuple[list[dict], list[Problem]]:
    """Point features from one facilities/<ISO3>.yaml table, with their nearest land border.

    ``borders`` is (names, lines) from ``geodata.borders.shared_borders`` on Natural Earth.
    """
    from geodata.geodesy import nearest_km

    entries, problems = _entries(entries, rel)
    features = []
    fields = tuple(f for f in FACILITIES.field_names if f not in FACILITIES.computed)
    for entry in entries:
        fid, props, extra = _properties(entry, fields, ("lat", "lon"), rel)
        problems += extra
        lon, lat = entry.get("lon"), entry.get("lat")
        if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in (lon, lat)):
            problems.append(Problem(rel, fid, "lat/lon", f"must be numbers, got {lat!r}/{lon!r}"))
            continue
        point = [round(float(lon), POINT_DECIMALS) + 0.0, round(float(lat), POINT_DECIMALS) + 0.0]
        km, pair = nearest_km(*point, borders[1], borders[0])
        props["border_km"] = round(km, BORDER_KM_DECIMALS) + 0.0 if pair else km
        props["nearest_border"] = pair
        props = with_precisions(props, FACILITIES)
        features.append(feature(props, {"type": "Point", "coordinates": point}))
    if not problems:
        problems = validate_layer(
            {"type": "FeatureCollection", "features": features}, "facilities", rel
        )
    return features, problems


def conflict_features(entries: Any, rel: str, ne, published, names) -> tuple[list, list]:
    """Zone features from conflicts.yaml, shapes made from each entry's geometry recipe."""
    from geodata.zones import RecipeError, build_zone

    entries, problems = _entries(entries, rel)
    ne_shapes = dict(zip(ne.index, ne.geometry, strict=True))
    features = []
    computed = ("geometry_method", *CONFLICTS.computed)
    fields = tuple(f for f in CONFLICTS.field_names if f not in computed)
    for entry in entries:
        fid, props, extra = _properties(entry, fields, ("geometry",), rel)
        problems += extra
        try:
            shape, method = build_zone(entry.get("geometry"), ne_shapes, published, names)
        except RecipeError as exc:
            problems.append(Problem(rel, fid, "geometry", str(exc)))
            continue
        props["geometry_method"] = method
        props = with_precisions(props, CONFLICTS)
        features.append(feature(props, to_geojson(shape, SHAPE_DECIMALS)))
    if not problems:
        problems = validate_layer(
            {"type": "FeatureCollection", "features": features}, "conflicts", rel
        )
    return features, problems


def natural_earth_borders(ne) -> Borders:
    """Land borders between the layer's states on full-resolution Natural Earth shapes.

    Facilities are measured to these, not to the simplified layer, whose borders move by up to
    several kilometres: more than some facilities' distance to the border.
    """
    from geodata.borders import shared_borders

    return shared_borders(ne.geometry.to_numpy(), [str(c) for c in ne.index])


def facilities_outside(facilities: list[dict], published: Mapping) -> list[str]:
    """Facilities farther from their host country than their stated precision."""
    from geodata.geodesy import distance_m

    out = []
    for f in facilities:
        props, (lon, lat) = f["properties"], f["geometry"]["coordinates"]
        host = published.get(props.get("country"))
        if host is None:
            out.append(f"{props['id']}: host country {props.get('country')!r} is not in the layer")
            continue
        dist = distance_m(lon, lat, host)
        if dist > props.get("precision_m", 0):
            out.append(
                f"{props['id']}: {dist:,.0f} m outside {props['country']}, "
                f"more than its precision_m {props.get('precision_m')}"
            )
    return out


def build_layers(sources: Path = SOURCES_DIR) -> tuple[dict[str, str], list[str]]:
    """Build every layer; return ({file name: GeoJSON text}, warnings) or raise BuildError."""
    from geodata.naturalearth import NaturalEarthError, read_countries

    rel = f"{sources.name}/membership.yaml"
    membership = load_yaml(sources / "membership.yaml", rel)
    states, problems = _entries(membership, rel, "states")
    if problems:
        raise BuildError(problems)
    try:
        ne = read_countries(sorted({str(s.get("iso3")) for s in states}))
    except NaturalEarthError as exc:
        raise BuildError([Problem(rel, None, "iso3", str(exc))]) from None
    countries, published, problems = build_countries(membership, ne, rel)
    names = dict(zip(ne.index, ne["name"], strict=True))
    borders = natural_earth_borders(ne)

    facilities = []
    for path in sorted((sources / "facilities").glob("*.yaml")):
        rel = f"{sources.name}/facilities/{path.name}"
        found, more = facility_features(load_yaml(path, rel), rel, borders)
        facilities += found
        problems += more

    rel = f"{sources.name}/conflicts.yaml"
    conflicts, more = conflict_features(
        load_yaml(sources / "conflicts.yaml", rel), rel, ne, published, names
    )
    problems += more

    texts = {}
    for schema, features in (
        (COUNTRIES, countries),
        (FACILITIES, facilities),
        (CONFLICTS, conflicts),
    ):
        features = sorted(features, key=lambda f: str(f["properties"].get("id")))
        obj = {"type": "FeatureCollection", "features": features}
        problems += validate_layer(obj, schema.name, schema.filename)
        texts[schema.filename] = dumps_collection(features)
    if problems:
        raise BuildError(sorted(set(problems), key=problems.index))
    return texts, facilities_outside(facilities, published)


def build_events(sources: Path = SOURCES_DIR) -> str:
    """Build ``events.json`` text from membership.yaml, or raise BuildError."""
    rel = f"{sources.name}/membership.yaml"
    membership = load_yaml(sources / "membership.yaml", rel)
    events, problems = events_from_membership(membership, rel)
    on = _plain(membership.get("dataset_date")) if isinstance(membership, dict) else None
    try:
        date.fromisoformat(str(on))
    except ValueError:
        problems.append(Problem(rel, None, "dataset_date", "must be an ISO date"))
    if problems:
        raise BuildError(problems)
    return dumps_events(str(on), events)


def build_appeals_file(sources: Path, conflicts_text: str) -> tuple[str, list[str]]:
    """``appeals.json`` text from appeals.yaml (none if the table is absent), and warnings.

    Rows that break the schema fail the build; an appeal whose conflict is missing from the
    built conflicts layer, or lies outside its period, is reported as a warning, and
    ``python -m geodata.validate`` fails on it.
    """
    rel = f"{sources.name}/{APPEALS_SOURCE}"
    path = sources / APPEALS_SOURCE
    rows, problems = build_appeals(load_yaml(path, rel) if path.is_file() else [], rel)
    if problems:
        raise BuildError(problems)
    periods = conflict_periods(json.loads(conflicts_text)["features"])
    return dumps_appeals(rows), [str(p) for p in validate_appeals(rows, rel, periods)]


def main(argv: list[str] | None = None) -> int:
    """Build (or with --check, verify) the layers; return the process exit code."""
    parser = argparse.ArgumentParser(prog="python -m geodata.build", description=__doc__)
    parser.add_argument("--check", action="store_true", help="fail if committed files differ")
    parser.add_argument("--sources", type=Path, default=SOURCES_DIR, help="source tables folder")
    parser.add_argument("--out", type=Path, default=GEODATA_DIR, help="where the layers go")
    parser.add_argument(
        "--stats", action="store_true", help="also report the border simplification error (slow)"
    )
    args = parser.parse_args(argv)
    try:
        texts, warnings = build_layers(args.sources)
        texts[EVENTS_FILENAME] = build_events(args.sources)
        texts[APPEALS_FILENAME], more = build_appeals_file(args.sources, texts[CONFLICTS.filename])
        warnings += more
        from geodata.basemap import build_basemap  # places, lakes, admin-1 lines

        basemap, problems = build_basemap(args.sources)
        if problems:
            raise BuildError(problems)
        texts.update(basemap)
        texts[SOURCES_FILENAME] = build_sources(args.sources / "registry")
        # After appeals.json: the stories' claim results are computed on the fresh files.
        texts[STORIES_FILENAME], problems = build_stories(args.sources, texts, args.out)
        if problems:
            raise BuildError(problems)
    except RegistryError as exc:
        print(f"build failed, the source registry:\n{exc}", file=sys.stderr)
        return 1
    except BuildError as exc:
        print(f"build failed, {len(exc.problems)} problem(s):\n{exc}", file=sys.stderr)
        return 1
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if args.check:
        with tempfile.TemporaryDirectory() as tmp:
            write_layers(texts, Path(tmp))
            rebuilt = {name: (Path(tmp) / name).read_text(encoding="utf-8") for name in texts}
        differing = differing_layers(rebuilt, args.out)
        if differing:
            print(f"out of date (run python -m geodata.build): {', '.join(differing)}")
            return 1
        print(f"up to date: {', '.join(texts)}")
        return 0
    written = write_layers(texts, args.out)
    print(summary(texts))
    print(f"written: {', '.join(written) or 'nothing changed'}")
    if args.stats:
        from geodata.borders import border_stats

        print(border_stats(args.out / COUNTRIES.filename, TOLERANCE))
    return 0


if __name__ == "__main__":
    sys.exit(main())
