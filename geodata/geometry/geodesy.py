"""Metric work on lon/lat shapes: local azimuthal equidistant projections and distances."""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
import shapely
from pyproj import CRS, Transformer

# Longest edge (degrees) left between vertices before measuring: the projected shape then
# follows the ground closely enough.
DENSIFY_DEG = 0.05
KM_PER_DEG = 111.2


@lru_cache(maxsize=64)
def _transformers(lon0: float, lat0: float) -> tuple[Transformer, Transformer]:
    local = CRS.from_proj4(
        f"+proj=aeqd +lat_0={lat0:.6f} +lon_0={lon0:.6f} +datum=WGS84 +units=m +no_defs"
    )
    forward = Transformer.from_crs("EPSG:4326", local, always_xy=True)
    inverse = Transformer.from_crs(local, "EPSG:4326", always_xy=True)
    return forward, inverse


def _apply(transformer: Transformer, geom: shapely.Geometry) -> shapely.Geometry:
    def func(coords: np.ndarray) -> np.ndarray:
        x, y = transformer.transform(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])

    return shapely.transform(geom, func)


def to_local(geom: shapely.Geometry, lon0: float, lat0: float) -> shapely.Geometry:
    """Project lon/lat ``geom`` to metres in an equidistant projection centred on lon0, lat0."""
    return _apply(_transformers(round(lon0, 6), round(lat0, 6))[0], geom)


def from_local(geom: shapely.Geometry, lon0: float, lat0: float) -> shapely.Geometry:
    """Inverse of ``to_local``: metres around lon0, lat0 back to lon/lat."""
    return _apply(_transformers(round(lon0, 6), round(lat0, 6))[1], geom)


def distance_m(lon: float, lat: float, geom: shapely.Geometry) -> float:
    """Distance in metres from a lon/lat point to a lon/lat shape (0 if inside it)."""
    if shapely.contains(geom, shapely.Point(lon, lat)):
        return 0.0
    # Only the nearby part matters; clipping keeps the projection's distortion out of it.
    window = shapely.box(lon - 5, max(lat - 5, -90), lon + 5, min(lat + 5, 90))
    near = shapely.intersection(geom, window)
    if near.is_empty:
        return float("inf")
    return float(shapely.distance(to_local(near, lon, lat), shapely.Point(0, 0)))


def buffer_km(geom: shapely.Geometry, km: float, simplify_m: float = 0.0) -> shapely.Geometry:
    """Buffer a lon/lat shape by ``km`` kilometres, measured in a projection centred on it."""
    centre = shapely.centroid(geom)
    lon0, lat0 = centre.x, centre.y
    local = shapely.buffer(to_local(geom, lon0, lat0), km * 1000)
    if simplify_m:
        local = shapely.simplify(local, simplify_m)
    return from_local(local, lon0, lat0)


def _aeqd(lon: float, lat: float) -> Transformer:
    # A bare pipeline (degrees in, metres out) skips the CRS database lookups of from_crs.
    return Transformer.from_pipeline(
        "+proj=pipeline +step +proj=unitconvert +xy_in=deg +xy_out=rad "
        f"+step +proj=aeqd +lat_0={float(lat)!r} +lon_0={float(lon)!r} +ellps=WGS84"
    )


def distances_km(lon: float, lat: float, geometries) -> np.ndarray:
    """Geodesic distance in km from the point ``(lon, lat)`` to each WGS84 geometry (0 inside).

    In an azimuthal equidistant projection centred on the point, the straight-line distance
    from the centre to any point equals the geodesic distance on the WGS84 ellipsoid.
    """
    geoms = np.asarray(geometries, dtype=object)
    if geoms.size == 0:
        return np.empty(0)
    transformer = _aeqd(lon, lat)
    dense = shapely.segmentize(geoms, DENSIFY_DEG)
    projected = shapely.transform(
        dense, lambda xy: np.column_stack(transformer.transform(xy[:, 0], xy[:, 1]))
    )
    return shapely.distance(projected, shapely.Point(0, 0)) / 1000.0


def _rough_km(lon: float, lat: float, geoms: np.ndarray) -> np.ndarray:
    """Fast planar estimate (equirectangular at the point's latitude), to pick candidates."""
    scale = np.array([math.cos(math.radians(lat)), 1.0]) * KM_PER_DEG
    local = shapely.transform(geoms, lambda xy: (xy - (lon, lat)) * scale)
    return shapely.distance(local, shapely.Point(0, 0))


def nearest_km(lon: float, lat: float, geoms, names: list[str]) -> tuple[float, str | None]:
    """Geodesic km from ``(lon, lat)`` to the nearest of ``geoms``, and its name.

    Gives (NaN, None) when there is nothing to measure to.
    """
    geoms = np.asarray(geoms, dtype=object)
    if not len(names):
        return (np.nan, None)
    # Measure exactly only near the point: the rough estimate is off by well under the margin
    # at these latitudes and distances, and projecting every vertex of every shape is slow.
    rough = _rough_km(lon, lat, geoms)
    if np.isnan(rough).all():
        return (np.nan, None)
    reach = float(np.nanmin(rough)) * 1.5 + 50.0
    near = np.flatnonzero(rough <= reach)
    dlat = reach / 110.0
    dlon = reach / (111.0 * math.cos(math.radians(min(89.0, abs(lat) + dlat))))
    clipped = shapely.clip_by_rect(geoms[near], lon - dlon, lat - dlat, lon + dlon, lat + dlat)
    d = distances_km(lon, lat, clipped)
    if np.isnan(d).all():
        d, near = distances_km(lon, lat, geoms), np.arange(len(geoms))
    k = int(np.nanargmin(d))
    return (float(d[k]), names[int(near[k])])
