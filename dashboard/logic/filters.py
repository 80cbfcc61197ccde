"""Filters: keyword functions that take a layer and return a new, narrowed GeoDataFrame.

An empty selection means "no filter" for that facet, so the first view shows everything.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

import geopandas as gpd
import numpy as np

from dashboard.logic.choices import Choices
from dashboard.logic.i18n import N_
from dashboard.logic.layers import Layers

COUNTRY_GROUPS: dict[str, tuple[str, ...]] = {
    "members": ("member", "frozen"),
    "former": ("former",),
    "neighbours": ("non-member",),
}
# Marked for the catalog, translated where shown.
GROUP_LABELS = {
    "members": N_("Member states"),
    "former": N_("Former members"),
    "neighbours": N_("Neighbours"),
}


def _as_list(value: object) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, Iterable):
        return [str(v) for v in value]
    return []


def country_groups(countries: gpd.GeoDataFrame) -> dict[str, list[str]]:
    """Split country ids into members (incl. frozen), former members and neighbours.

    Uses the ``status`` column when present (status on a chosen date), else ``csto_status``.
    Ids in each group are ordered by country name.
    """
    column = "status" if "status" in countries.columns else "csto_status"
    ordered = countries.sort_values("name", kind="stable")
    return {
        group: ordered.loc[ordered[column].isin(statuses), "iso3"].tolist()
        for group, statuses in COUNTRY_GROUPS.items()
    }


def filter_countries(gdf: gpd.GeoDataFrame, *, countries: Collection[str] = ()) -> gpd.GeoDataFrame:
    """Keep the countries whose ``iso3`` is in ``countries``."""
    if not countries:
        return gdf.copy()
    return gdf.loc[gdf["iso3"].isin(list(countries))].copy()


def filter_facilities(
    gdf: gpd.GeoDataFrame,
    *,
    countries: Collection[str] = (),
    types: Collection[str] = (),
    statuses: Collection[str] = (),
) -> gpd.GeoDataFrame:
    """Keep the facilities hosted by ``countries``, of ``types`` and with ``statuses``."""
    mask = gdf.index == gdf.index
    if countries:
        mask &= gdf["country"].isin(list(countries)).to_numpy()
    if types:
        mask &= gdf["facility_type"].isin(list(types)).to_numpy()
    if statuses:
        mask &= gdf["status"].isin(list(statuses)).to_numpy()
    return gdf.loc[mask].copy()


def filter_conflicts(
    gdf: gpd.GeoDataFrame,
    *,
    countries: Collection[str] = (),
    zones: Collection[str] = (),
) -> gpd.GeoDataFrame:
    """Keep the conflicts involving any of ``countries`` and whose ``id`` is in ``zones``."""
    mask = gdf.index == gdf.index
    if countries:
        wanted = set(countries)
        mask &= np.fromiter(
            (bool(wanted.intersection(_as_list(v))) for v in gdf["countries"]),
            dtype=bool,
            count=len(gdf),
        )
    if zones:
        mask &= gdf["id"].isin(list(zones)).to_numpy()
    return gdf.loc[mask].copy()


def apply_selection(layers: Layers, selection: Choices) -> Layers:
    """Return the layers narrowed by every filter in ``selection`` that applies to them."""
    return Layers(
        countries=filter_countries(layers.countries, countries=selection.countries),
        facilities=filter_facilities(
            layers.facilities,
            countries=selection.countries,
            types=selection.facility_types,
            statuses=selection.facility_statuses,
        ),
        conflicts=filter_conflicts(
            layers.conflicts, countries=selection.countries, zones=selection.zones
        ),
    )
