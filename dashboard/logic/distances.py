"""How far each facility sits from the nearest active conflict zone and international border.

Distances are geodesic kilometres on the WGS84 ellipsoid (``geodata.geometry.geodesy``). The built
facilities layer ships each facility's ``border_km`` and ``nearest_border``, measured on
full-resolution Natural Earth borders; the simplified countries layer is used only for
facilities that do not carry them (uploads, other layers).

International borders are the stretches of each country's outline that touch another country
of the countries layer. Coastlines and borders with states missing from the layer do not
count, so the layer must carry every land neighbour that matters for the facilities.
"""

from __future__ import annotations

from datetime import date

import geopandas as gpd
import numpy as np
import pandas as pd

from dashboard.logic.asof import conflicts_on
from geodata.geometry.borders import shared_borders
from geodata.geometry.geodesy import distances_km, nearest_km

COLUMNS = ["conflict_km", "nearest_conflict", "border_km", "nearest_border"]


def border_lines(countries: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Shared land borders between pairs of countries: columns ``pair`` ("ARM–TUR") and geometry.

    Each border appears once per side (the part of each outline near the other state).
    """
    gdf = countries.reset_index(drop=True)
    pairs, lines = shared_borders(gdf.geometry.to_numpy(), gdf["id"].astype(str).tolist())
    return gpd.GeoDataFrame({"pair": pairs}, geometry=lines, crs="EPSG:4326")


def _per_facility(
    facilities: gpd.GeoDataFrame, geoms, names: list[str], columns: list[str]
) -> pd.DataFrame:
    rows = [nearest_km(p.x, p.y, geoms, names) for p in facilities.geometry]
    out = pd.DataFrame(rows, columns=columns, index=facilities["id"].astype(str).tolist())
    out.index.name = "id"
    return out.astype({columns[0]: float})


def _shipped(facilities: gpd.GeoDataFrame) -> np.ndarray:
    """Which facilities carry a measured ``border_km`` and ``nearest_border`` of their own."""
    if not {"border_km", "nearest_border"} <= set(facilities.columns):
        return np.zeros(len(facilities), dtype=bool)
    km = pd.to_numeric(facilities["border_km"], errors="coerce").to_numpy(dtype=float)
    return np.isfinite(km) & facilities["nearest_border"].notna().to_numpy()


def border_distances(
    facilities: gpd.GeoDataFrame, borders: gpd.GeoDataFrame | None = None
) -> pd.DataFrame:
    """Per facility id: ``border_km`` and ``nearest_border`` (e.g. "ARM–TUR").

    A facility's own ``border_km`` and ``nearest_border`` win; the others are measured to
    ``borders`` (from :func:`border_lines`), or are NaN and None without them.
    """
    ids = facilities["id"].astype(str).tolist()
    out = pd.DataFrame(
        {"border_km": np.nan, "nearest_border": None}, index=pd.Index(ids, name="id")
    ).astype({"border_km": float, "nearest_border": object})
    shipped = _shipped(facilities)
    if shipped.any():
        out.loc[shipped, "border_km"] = facilities["border_km"].to_numpy(dtype=float)[shipped]
        out.loc[shipped, "nearest_border"] = facilities["nearest_border"].to_numpy()[shipped]
    if borders is not None and not shipped.all():
        names = borders["pair"].astype(str).tolist()
        measured = _per_facility(
            facilities.loc[~shipped], borders.geometry.to_numpy(), names, COLUMNS[2:]
        )
        out.loc[~shipped, "border_km"] = measured["border_km"].to_numpy()
        out.loc[~shipped, "nearest_border"] = measured["nearest_border"].to_numpy()
    return out


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
    borders: gpd.GeoDataFrame | None,
    on: date,
) -> pd.DataFrame:
    """Both distances per facility id: columns ``conflict_km``, ``nearest_conflict``,
    ``border_km``, ``nearest_border`` (see :func:`border_distances` for ``borders``)."""
    return conflict_distances(facilities, conflicts, on).join(border_distances(facilities, borders))


def within_km(facilities: gpd.GeoDataFrame, distances: pd.DataFrame, km: float) -> gpd.GeoDataFrame:
    """Facilities no more than ``km`` from an active conflict zone (per ``facility_distances``)."""
    conflict_km = distances["conflict_km"].reindex(facilities["id"].astype(str)).to_numpy()
    return facilities.loc[np.nan_to_num(conflict_km, nan=np.inf) <= km].copy()


def with_distances(facilities: gpd.GeoDataFrame, distances: pd.DataFrame) -> gpd.GeoDataFrame:
    """The facilities with the distance columns joined on ``id``, ready for the table."""
    # The distances replace any shipped columns of the same name rather than clash with them.
    return facilities.drop(columns=list(distances.columns), errors="ignore").join(
        distances, on="id"
    )


__all__ = [
    "border_distances",
    "border_lines",
    "conflict_distances",
    "distances_km",
    "facility_distances",
    "with_distances",
    "within_km",
]
