"""How far each facility sits from the nearest active conflict zone and international border.

Distances are measured in an azimuthal equidistant projection centred on each facility: in it
the straight-line distance from the centre to any point equals the geodesic distance on the
WGS84 ellipsoid, so the nearest point of a shape is found in kilometres, not degrees. Shapes are
densified first so that long straight edges follow the ground closely enough.

International borders are the stretches of each country's outline that touch another country
of the countries layer. Coastlines and borders with states missing from the layer do not
count, so the layer must carry every land neighbour that matters for the facilities.
"""

from __future__ import annotations

import math
from datetime import date
from itertools import combinations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import Transformer

from dashboard.asof import conflicts_on

# Tolerance (degrees) for two outlines to count as one shared border: borders are rounded to
# 4 decimals (~11 m), so outlines of neighbours can sit a few metres apart.
SHARED_TOLERANCE_DEG = 0.001
# Longest edge (degrees) left between vertices before measuring.
DENSIFY_DEG = 0.05

KM_PER_DEG = 111.2
COLUMNS = ["conflict_km", "nearest_conflict", "border_km", "nearest_border"]


def _aeqd(lon: float, lat: float) -> Transformer:
    # A bare pipeline (degrees in, metres out) skips the CRS database lookups of from_crs.
    return Transformer.from_pipeline(
        "+proj=pipeline +step +proj=unitconvert +xy_in=deg +xy_out=rad "
        f"+step +proj=aeqd +lat_0={float(lat)!r} +lon_0={float(lon)!r} +ellps=WGS84"
    )


def distances_km(lon: float, lat: float, geometries) -> np.ndarray:
    """Geodesic distance in km from the point ``(lon, lat)`` to each WGS84 geometry (0 inside)."""
    geoms = np.asarray(geometries, dtype=object)
    if geoms.size == 0:
        return np.empty(0)
    transformer = _aeqd(lon, lat)
    dense = shapely.segmentize(geoms, DENSIFY_DEG)
    projected = shapely.transform(
        dense, lambda xy: np.column_stack(transformer.transform(xy[:, 0], xy[:, 1]))
    )
    return shapely.distance(projected, shapely.Point(0, 0)) / 1000.0


def border_lines(countries: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Shared land borders between pairs of countries: columns ``pair`` ("ARM–TUR") and geometry.

    Each border appears once per side (the part of each outline near the other state).
    """
    gdf = countries.reset_index(drop=True)
    geoms = gdf.geometry.to_numpy()
    ids = gdf["id"].astype(str).tolist()
    bounds = shapely.bounds(geoms)
    pairs, lines = [], []
    for i, j in combinations(range(len(gdf)), 2):
        tol = SHARED_TOLERANCE_DEG
        lo = np.maximum(bounds[i, :2], bounds[j, :2]) - tol
        hi = np.minimum(bounds[i, 2:], bounds[j, 2:]) + tol
        if (lo > hi).any():
            continue
        # Work only where the two outlines' boxes overlap: buffering a whole large country is slow.
        for x, y in ((geoms[i], geoms[j]), (geoms[j], geoms[i])):
            outline = shapely.clip_by_rect(x.boundary, *lo, *hi)
            part = shapely.intersection(outline, shapely.clip_by_rect(y, *lo, *hi).buffer(tol))
            # Outlines that only touch at a point leave no border line to measure to.
            parts = [p for p in shapely.get_parts(part) if "Line" in p.geom_type and not p.is_empty]
            if parts:
                pairs.append("–".join(sorted((ids[i], ids[j]))))
                lines.append(shapely.line_merge(shapely.multilinestrings(parts)))
    return gpd.GeoDataFrame({"pair": pairs}, geometry=lines, crs="EPSG:4326")


def _rough_km(lon: float, lat: float, geoms: np.ndarray) -> np.ndarray:
    """Fast planar estimate (equirectangular at the point's latitude), to pick candidates."""
    scale = np.array([math.cos(math.radians(lat)), 1.0]) * KM_PER_DEG
    local = shapely.transform(geoms, lambda xy: (xy - (lon, lat)) * scale)
    return shapely.distance(local, shapely.Point(0, 0))


def _nearest(lon: float, lat: float, geoms, names: list[str]) -> tuple[float, str | None]:
    geoms = np.asarray(geoms, dtype=object)
    if not len(names):
        return (np.nan, None)
    # Measure exactly only near the point: the rough estimate is off by well under the margin
    # at these latitudes and distances, and projecting every border vertex for every facility
    # is what made this slow.
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


def _per_facility(
    facilities: gpd.GeoDataFrame, geoms, names: list[str], columns: list[str]
) -> pd.DataFrame:
    rows = [_nearest(p.x, p.y, geoms, names) for p in facilities.geometry]
    out = pd.DataFrame(rows, columns=columns, index=facilities["id"].astype(str).tolist())
    out.index.name = "id"
    return out.astype({columns[0]: float})


def border_distances(facilities: gpd.GeoDataFrame, borders: gpd.GeoDataFrame) -> pd.DataFrame:
    """Per facility id: ``border_km`` and ``nearest_border`` (e.g. "ARM–TUR").

    Does not depend on the date: cache it. ``borders`` comes from :func:`border_lines`.
    """
    names = borders["pair"].astype(str).tolist()
    return _per_facility(facilities, borders.geometry.to_numpy(), names, COLUMNS[2:])


def conflict_distances(
    facilities: gpd.GeoDataFrame, conflicts: gpd.GeoDataFrame, on: date
) -> pd.DataFrame:
    """Per facility id: ``conflict_km`` to the nearest zone active on ``on`` (NaN if none is)
    and ``nearest_conflict`` (its id)."""
    active = conflicts_on(conflicts, on)
    names = active["id"].astype(str).tolist()
    return _per_facility(facilities, active.geometry.to_numpy(), names, COLUMNS[:2])


def facility_distances(
    facilities: gpd.GeoDataFrame,
    conflicts: gpd.GeoDataFrame,
    borders: gpd.GeoDataFrame,
    on: date,
) -> pd.DataFrame:
    """Both distances per facility id: columns ``conflict_km``, ``nearest_conflict``,
    ``border_km``, ``nearest_border``."""
    return conflict_distances(facilities, conflicts, on).join(border_distances(facilities, borders))


def within_km(facilities: gpd.GeoDataFrame, distances: pd.DataFrame, km: float) -> gpd.GeoDataFrame:
    """Facilities no more than ``km`` from an active conflict zone (per ``facility_distances``)."""
    conflict_km = distances["conflict_km"].reindex(facilities["id"].astype(str)).to_numpy()
    return facilities.loc[np.nan_to_num(conflict_km, nan=np.inf) <= km].copy()


def with_distances(facilities: gpd.GeoDataFrame, distances: pd.DataFrame) -> gpd.GeoDataFrame:
    """The facilities with the distance columns joined on ``id``, ready for the table."""
    return facilities.join(distances, on="id")


__all__ = [
    "border_distances",
    "border_lines",
    "conflict_distances",
    "distances_km",
    "facility_distances",
    "with_distances",
    "within_km",
]
