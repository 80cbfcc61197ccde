"""Metric work on lon/lat shapes: local azimuthal equidistant projections and distances."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import shapely
from pyproj import CRS, Transformer


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
