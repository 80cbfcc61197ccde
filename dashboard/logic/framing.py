"""The view that frames a set of layers: a centre and a whole zoom level, no Streamlit."""

from __future__ import annotations

import math
from collections.abc import Iterable

import geopandas as gpd

Bounds = tuple[float, float, float, float]
# The map's width is known only in the browser; the app's wide layout leaves it about this
# wide on a laptop, and a frame a little too small is better than one that cuts features off.
MAP_WIDTH_PX = 900
TILE_PX = 256
MIN_ZOOM, MAX_ZOOM = 2, 11


def bounds_of(frames: Iterable[gpd.GeoDataFrame]) -> Bounds | None:
    """Return (min lon, min lat, max lon, max lat) around every shape, or None for none."""
    boxes = [f.geometry.dropna().total_bounds for f in frames if len(f.geometry.dropna())]
    if not boxes:
        return None
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def _mercator_y(lat: float) -> float:
    lat = max(min(lat, 85.0), -85.0)
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)) / (2 * math.pi)


def frame(bounds: Bounds, width_px: int = MAP_WIDTH_PX, height_px: int = 620) -> tuple:
    """Return (lat, lon, zoom): the centre of ``bounds`` and the closest zoom showing all."""
    min_lon, min_lat, max_lon, max_lat = bounds
    span_x = max(max_lon - min_lon, 1e-6) / 360
    span_y = max(_mercator_y(max_lat) - _mercator_y(min_lat), 1e-6)
    # 10 % margin on each side.
    fit = min(width_px / (span_x * TILE_PX), height_px / (span_y * TILE_PX)) / 1.2
    zoom = int(max(MIN_ZOOM, min(MAX_ZOOM, math.floor(math.log2(fit)))))
    mid_y = (_mercator_y(max_lat) + _mercator_y(min_lat)) / 2
    lat = math.degrees(2 * math.atan(math.exp(mid_y * 2 * math.pi)) - math.pi / 2)
    return round(lat, 4), round((min_lon + max_lon) / 2, 4), zoom
