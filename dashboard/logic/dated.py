"""What an export carries: each feature as it stood on the map date, and its sources by name.

People style a downloaded layer by ``csto_status`` (countries) and ``status`` (facilities), so
those fields hold the status on the map date — the very values ``logic.asof`` computed for
drawing the map, never computed a second time here. Today's status stays beside them in
``csto_status_today`` / ``status_today``. ``source_titles`` gives each URL of ``sources`` its
registry name ("Publisher — Title (date)"), in the same order; a URL the registry does not know
is named by its decoded address.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

import geopandas as gpd

from geodata.datasets.registry import SOURCES_FILENAME, display_url, label, read_sources

# The one name every format gives the date the map showed (GeoJSON metadata, CSV column,
# KML description, GeoPackage metadata table).
DATE_FIELD = "map_date"


def load_registry(directory: Path) -> dict[str, dict]:
    """The source registry built beside the layers (``sources.json``), entries by URL; a folder
    without one gives none, and every source is then named by its address."""
    return read_sources(directory / SOURCES_FILENAME)


def _urls(value: object) -> list[str]:
    if value is None or isinstance(value, str):
        return [value] if value else []
    if isinstance(value, Iterable):
        return [str(v) for v in value if v is not None and str(v)]
    return []


def source_title(url: str, registry: Mapping[str, Mapping]) -> str:
    """The name of one cited URL: its registry label, else the address decoded for reading."""
    entry = registry.get(url)
    return label(entry) if entry else display_url(url)


def source_titles(sources: object, registry: Mapping[str, Mapping]) -> list[str]:
    """Names of a feature's ``sources``, one per URL, in the same order."""
    return [source_title(u, registry) for u in _urls(sources)]


def published(
    layer: str,
    shown: gpd.GeoDataFrame,
    today: gpd.GeoDataFrame,
    registry: Mapping[str, Mapping],
) -> gpd.GeoDataFrame:
    """Return the features of ``shown`` (a layer from ``asof.layers_on``) as they are exported.

    ``today`` is the same layer as loaded (today's values), read only for the ``*_today``
    fields. Columns the map derives only for drawing (``status`` of a country, ``active`` of a
    zone) are not part of the export.
    """
    out = shown.copy()
    if layer == "countries" and "status" in out:
        out["csto_status_today"] = out["csto_status"]
        out["csto_status"] = out.pop("status")
    elif layer == "facilities" and "status" in out:
        by_id = dict(zip(today["id"].astype(str), today["status"], strict=True))
        out["status_today"] = [by_id.get(str(i)) for i in out["id"]]
    out = out.drop(columns=[c for c in ("active",) if c in out])
    if "sources" in out:
        out["source_titles"] = [source_titles(s, registry) for s in out["sources"]]
    return _after(out, "sources", "source_titles")


def _after(gdf: gpd.GeoDataFrame, anchor: str, moved: str) -> gpd.GeoDataFrame:
    # Names read best right beside the URLs they name.
    if anchor not in gdf or moved not in gdf:
        return gdf
    cols = [c for c in gdf.columns if c != moved]
    cols.insert(cols.index(anchor) + 1, moved)
    return gdf[cols]
