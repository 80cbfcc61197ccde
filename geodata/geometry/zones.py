"""Conflict-zone geometry recipes from conflicts.yaml turned into shapes and method text.

Recipes (see the ``method`` key): ``outline``, ``border_buffer``, ``towns_buffer``, ``country``
and ``line``. Distances are in kilometres and buffered in a projection centred on the shape.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import shapely

from geodata.geometry.borders import GRID
from geodata.geometry.geodesy import buffer_km

# Keys each method accepts besides "method" and "basis"; anything else is likely a typo.
KEYS = {
    "outline": ("coords", "clip_to"),
    "border_buffer": ("between", "km", "clip_to", "within"),
    "towns_buffer": ("towns", "km", "clip_to"),
    "country": ("iso3",),
    "line": ("coords",),
}
METHODS = tuple(KEYS)
# Buffers get modest simplification (metres) so zones stay light but keep their shape.
ZONE_SIMPLIFY_M = 250.0


class RecipeError(ValueError):
    """A geometry recipe that cannot be turned into a shape; the message says why."""


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _coords(recipe: Mapping, minimum: int) -> list[tuple[float, float]]:
    coords = recipe.get("coords")
    ok = isinstance(coords, list) and len(coords) >= minimum
    if ok:
        ok = all(
            isinstance(c, list | tuple)
            and len(c) == 2
            and all(isinstance(v, int | float) and not isinstance(v, bool) for v in c)
            and -180 <= c[0] <= 180
            and -90 <= c[1] <= 90
            for c in coords
        )
    if not ok:
        raise RecipeError(f"'coords' must be a list of at least {minimum} [lon, lat] pairs")
    return [(float(c[0]), float(c[1])) for c in coords]


def _km(recipe: Mapping) -> float:
    km = recipe.get("km")
    if not isinstance(km, int | float) or isinstance(km, bool) or not 0 < km <= 500:
        raise RecipeError(f"'km' must be a number of kilometres in (0, 500], got {km!r}")
    return float(km)


def _codes(recipe: Mapping, key: str, countries: Mapping[str, Any], required: bool) -> list[str]:
    codes = recipe.get(key)
    if codes is None and not required:
        return []
    if not isinstance(codes, list) or not codes:
        raise RecipeError(f"'{key}' must be a list of ISO3 codes")
    unknown = [c for c in codes if c not in countries]
    if unknown:
        raise RecipeError(f"'{key}' names {unknown}, which are not in the countries layer")
    return list(codes)


def _polygons(geom: shapely.Geometry) -> shapely.Geometry:
    parts = [p for p in shapely.get_parts(geom) if p.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else shapely.Polygon()


def _clip(geom: shapely.Geometry, codes: list[str], published: Mapping) -> shapely.Geometry:
    if not codes:
        return geom
    return _polygons(shapely.intersection(geom, shapely.union_all([published[c] for c in codes])))


def _finish(geom: shapely.Geometry, polygonal: bool) -> shapely.Geometry:
    geom = shapely.set_precision(geom, GRID)
    if polygonal:
        geom = shapely.orient_polygons(_polygons(shapely.make_valid(geom)), exterior_cw=False)
    if geom.is_empty:
        raise RecipeError("the recipe gives an empty shape (check coordinates and clip_to)")
    return geom


def _border_line(recipe: Mapping, ne: Mapping, names: Mapping) -> tuple[Any, str]:
    pair = _codes(recipe, "between", ne, required=True)
    if len(pair) != 2:
        raise RecipeError("'between' must name exactly two countries")
    a, b = pair
    line = shapely.intersection(shapely.boundary(ne[a]), shapely.boundary(ne[b]))
    line = shapely.line_merge(shapely.union_all(shapely.get_parts(line)))
    text = f"around the {names[a]}–{names[b]} border"
    within = recipe.get("within")
    if within is not None:
        if not isinstance(within, list) or not all(
            isinstance(w, list) and len(w) == 4 and w[0] < w[2] and w[1] < w[3] for w in within
        ):
            raise RecipeError("'within' must be a list of [lon_min, lat_min, lon_max, lat_max]")
        line = shapely.intersection(line, shapely.union_all([shapely.box(*w) for w in within]))
        boxes = "; ".join(f"lon {w[0]:g}–{w[2]:g}, lat {w[1]:g}–{w[3]:g}" for w in within)
        text += f" (only the part within {boxes})"
    if line.is_empty or shapely.length(line) == 0:
        raise RecipeError(f"{a} and {b} share no border in Natural Earth (inside 'within')")
    return line, text


def _towns(recipe: Mapping) -> list[Mapping]:
    towns = recipe.get("towns")
    if not isinstance(towns, list) or not towns:
        raise RecipeError("'towns' must be a list of {name, lat, lon, source}")
    for town in towns:
        ok = isinstance(town, Mapping) and isinstance(town.get("name"), str)
        ok = ok and all(
            isinstance(town.get(k), int | float) and not isinstance(town.get(k), bool)
            for k in ("lat", "lon")
        )
        if not ok or not (-90 <= town["lat"] <= 90 and -180 <= town["lon"] <= 180):
            raise RecipeError(f"town {town!r} needs a name and lat/lon in range")
    return towns


def build_zone(
    recipe: Any, ne: Mapping[str, Any], published: Mapping[str, Any], names: Mapping[str, str]
) -> tuple[shapely.Geometry, str]:
    """Turn one recipe into (shape in lon/lat, geometry_method text); raise RecipeError.

    ``ne`` holds unsimplified borders (for shared-border lines), ``published`` the simplified
    borders the zones are clipped to, ``names`` English country names; all keyed by ISO3.
    """
    if not isinstance(recipe, Mapping):
        raise RecipeError("'geometry' must be a mapping with a 'method'")
    method = recipe.get("method")
    if method not in METHODS:
        raise RecipeError(f"'method' must be one of {', '.join(METHODS)}; got {method!r}")
    unknown = sorted(str(k) for k in recipe if k not in (*KEYS[method], "method", "basis"))
    if unknown:
        expected = ", ".join(("method", "basis", *KEYS[method]))
        raise RecipeError(f"unknown key(s) {', '.join(unknown)} for {method}; expected {expected}")
    basis = recipe.get("basis")
    if not isinstance(basis, str) or not basis.strip():
        raise RecipeError("'basis' must say where the shape comes from")
    clip = [] if method in ("country", "line") else _codes(recipe, "clip_to", published, False)
    clip_text = f", clipped to {_join([names[c] for c in clip])}" if clip else ""

    if method == "outline":
        ring = _coords(recipe, 3)
        geom = _clip(_polygons(shapely.make_valid(shapely.Polygon(ring))), clip, published)
        text = f"approximate outline drawn through {len(ring)} vertices{clip_text}"
    elif method == "border_buffer":
        km = _km(recipe)
        line, where = _border_line(recipe, ne, names)
        geom = _clip(buffer_km(line, km, ZONE_SIMPLIFY_M), clip, published)
        text = f"buffer of {km:g} km {where}{clip_text}"
    elif method == "towns_buffer":
        km = _km(recipe)
        towns = _towns(recipe)
        circles = [buffer_km(shapely.Point(t["lon"], t["lat"]), km, ZONE_SIMPLIFY_M) for t in towns]
        geom = _clip(shapely.union_all(circles), clip, published)
        text = f"buffer of {km:g} km around {_join([t['name'] for t in towns])}{clip_text}"
    elif method == "country":
        codes = _codes(recipe, "iso3", published, required=True)
        geom = shapely.union_all([published[c] for c in codes])
        text = f"whole territory of {_join([names[c] for c in codes])} (Natural Earth borders)"
    else:
        points = _coords(recipe, 2)
        geom = shapely.LineString(points)
        text = f"line through {len(points)} vertices"
    geom = _finish(geom, polygonal=method != "line")
    basis = " ".join(basis.split())
    return geom, f"{text}. {basis[0].upper()}{basis[1:]}"
