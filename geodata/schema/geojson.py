"""Generic checks on GeoJSON-like dicts, reusable for built layers and user uploads.

Every check returns a list of human-readable problems and never raises, whatever it is given.
"""

from __future__ import annotations

import math
from typing import Any

GEOMETRY_TYPES = (
    "Point",
    "MultiPoint",
    "LineString",
    "MultiLineString",
    "Polygon",
    "MultiPolygon",
    "GeometryCollection",
)

# Names a "crs" member may carry that still mean WGS84 lon/lat (RFC 7946 dropped the member).
WGS84_NAMES = frozenset(
    {
        "urn:ogc:def:crs:OGC:1.3:CRS84",
        "urn:ogc:def:crs:OGC::CRS84",
        "urn:ogc:def:crs:EPSG::4326",
        "urn:ogc:def:crs:EPSG:6.6:4326",
        "EPSG:4326",
        "CRS84",
        "OGC:CRS84",
    }
)

# Nesting depth of "coordinates" per type: 0 = a position.
_DEPTH = {
    "Point": 0,
    "MultiPoint": 1,
    "LineString": 1,
    "MultiLineString": 2,
    "Polygon": 2,
    "MultiPolygon": 3,
}
_MAX_MESSAGES = 5


def _short(value: Any, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _check_position(pos: Any, where: str) -> list[str]:
    if not isinstance(pos, list | tuple) or len(pos) < 2:
        return [f"{where}: a position must be [lon, lat], got {_short(pos)}"]
    if not all(_is_number(v) for v in pos):
        return [f"{where}: coordinates must be numbers, got {_short(pos)}"]
    if not all(math.isfinite(v) for v in pos):
        return [f"{where}: coordinates must be finite, got {_short(pos)}"]
    lon, lat = pos[0], pos[1]
    problems = []
    if not -180 <= lon <= 180:
        problems.append(
            f"{where}: longitude {lon} is outside [-180, 180] (are lon/lat swapped or projected?)"
        )
    if not -90 <= lat <= 90:
        problems.append(
            f"{where}: latitude {lat} is outside [-90, 90] (are lon/lat swapped or projected?)"
        )
    return problems


def _walk(coords: Any, depth: int, where: str, out: list[str], rings: list[tuple]) -> None:
    """Check nesting and positions; collect (where, ring) for ring-level checks at depth 1."""
    if len(out) >= _MAX_MESSAGES:
        return
    if depth == 0:
        out.extend(_check_position(coords, where))
        return
    if not isinstance(coords, list | tuple):
        out.append(f"{where}: expected a list of {'positions' if depth == 1 else 'lists'}")
        return
    for i, item in enumerate(coords):
        _walk(item, depth - 1, f"{where}[{i}]", out, rings)
        if len(out) >= _MAX_MESSAGES:
            return
    if depth == 1:
        rings.append((where, coords))


def _check_rings(gtype: str, rings: list[tuple], out: list[str]) -> None:
    for where, ring in rings:
        if gtype in ("LineString", "MultiLineString"):
            if len(ring) < 2:
                out.append(f"{where}: a line needs at least 2 positions, got {len(ring)}")
            continue
        if gtype not in ("Polygon", "MultiPolygon"):
            continue
        if len(ring) < 4:
            out.append(f"{where}: a polygon ring needs at least 4 positions, got {len(ring)}")
        elif list(ring[0][:2]) != list(ring[-1][:2]):
            out.append(f"{where}: polygon ring is not closed (first position != last)")


def _check_validity(geom: dict) -> list[str]:
    try:
        import shapely
        from shapely.geometry import shape
        from shapely.validation import explain_validity

        shp = shape(geom)
        if shp.is_empty or shapely.is_valid(shp):
            return []
        return [f"invalid geometry: {explain_validity(shp)}"]
    except Exception as exc:  # noqa: BLE001 - a check must never raise on user input
        return [f"geometry cannot be read: {exc}"]


def check_geometry(geom: Any) -> list[str]:
    """Check a GeoJSON geometry dict; return problems (empty if fine), never raise.

    Checks the type, coordinate nesting, numeric finite lon/lat in range, closed rings of at
    least four positions and, when the structure is sound, OGC validity via shapely.
    """
    if geom is None:
        return ["geometry is missing (null)"]
    if not isinstance(geom, dict):
        return [f"geometry must be an object, got {type(geom).__name__}"]
    gtype = geom.get("type")
    if gtype not in GEOMETRY_TYPES:
        expected = ", ".join(GEOMETRY_TYPES)
        return [f"unknown geometry type {_short(gtype)}; expected one of {expected}"]
    if gtype == "GeometryCollection":
        parts = geom.get("geometries")
        if not isinstance(parts, list):
            return ["GeometryCollection needs a 'geometries' list"]
        out = []
        for i, part in enumerate(parts):
            out.extend(f"geometries[{i}]: {p}" for p in check_geometry(part))
        return out
    if "coordinates" not in geom:
        return [f"{gtype} has no 'coordinates'"]
    out: list[str] = []
    rings: list[tuple] = []
    _walk(geom["coordinates"], _DEPTH[gtype], "coordinates", out, rings)
    if out:
        return out[:_MAX_MESSAGES]
    _check_rings(gtype, rings, out)
    if out:
        return out[:_MAX_MESSAGES]
    return _check_validity(geom)


def check_crs(obj: Any) -> list[str]:
    """Check that a GeoJSON object is in WGS84 lon/lat (RFC 7946); never raise.

    A missing "crs" member is correct; one naming anything but WGS84/CRS84 is a problem.
    """
    if not isinstance(obj, dict) or "crs" not in obj or obj["crs"] is None:
        return []
    crs = obj["crs"]
    name = None
    if isinstance(crs, dict):
        props = crs.get("properties")
        if isinstance(props, dict):
            name = props.get("name")
    if isinstance(name, str) and name.strip() in WGS84_NAMES:
        return []
    return [
        f"coordinate reference system {_short(name if name is not None else crs)} is not "
        "WGS84 lon/lat; RFC 7946 GeoJSON must use WGS84 (reproject to EPSG:4326 and drop 'crs')"
    ]
