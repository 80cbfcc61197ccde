"""GeoJSON export of exactly what the map shows: filtered features, all their properties."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

import geopandas as gpd
from shapely.geometry import mapping

from dashboard.logic.choices import Choices

MIME = "application/geo+json"
# Columns the app computes for display (status on a date, whether a zone is active); they are
# not part of the published layer, so they are not exported.
DERIVED_COLUMNS: dict[str, tuple[str, ...]] = {
    "countries": ("status",),
    "facilities": (),
    "conflicts": ("active",),
}
MAX_NAME_PARTS = 6


def plain(value: Any) -> Any:
    """Turn numpy/pandas values into JSON-ready Python values (NaN becomes null)."""
    if value is None:
        return None
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if hasattr(value, "tolist") and not isinstance(value, str):
        return plain(value.tolist())
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):
        return plain(value.item())
    return value


def feature_collection(gdf: gpd.GeoDataFrame, layer: str) -> dict[str, Any]:
    """Return ``gdf`` as an RFC 7946 FeatureCollection dict, geometry at full precision."""
    drop = {gdf.geometry.name, *DERIVED_COLUMNS.get(layer, ())}
    columns = [c for c in gdf.columns if c not in drop]
    features = []
    for row, geom in zip(
        gdf[columns].itertuples(index=False, name=None), gdf.geometry, strict=True
    ):
        props = {c: plain(v) for c, v in zip(columns, row, strict=True)}
        feature: dict[str, Any] = {"type": "Feature"}
        if "id" in props:
            feature["id"] = props["id"]
        feature["properties"] = props
        feature["geometry"] = None if geom is None else mapping(geom)
        features.append(feature)
    return {"type": "FeatureCollection", "features": features}


def combined_collection(frames: Mapping[str, gpd.GeoDataFrame]) -> dict[str, Any]:
    """Return several layers as one FeatureCollection; each feature says its ``layer``."""
    features = []
    for layer, gdf in frames.items():
        for feature in feature_collection(gdf, layer)["features"]:
            feature["properties"] = {"layer": layer, **feature["properties"]}
            features.append(feature)
    return {"type": "FeatureCollection", "features": features}


def to_bytes(collection: Mapping[str, Any], metadata: Mapping[str, Any] | None = None) -> bytes:
    """Serialise a FeatureCollection as UTF-8 JSON; ``metadata`` goes in a foreign member."""
    out = dict(collection)
    if metadata:
        out["csto_map"] = plain(dict(metadata))
    # No indentation: it puts every coordinate on its own line, doubling size and time.
    return json.dumps(out, ensure_ascii=False).encode("utf-8")


def slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-")


def export_name(layer: str, selection: Choices) -> str:
    """Return a file name that says what is inside, e.g. ``csto-facilities-ARM-radar.geojson``;
    with a map date, the date ends the name: ``csto-facilities-ARM-radar-1995-06-01.geojson``."""
    parts: list[str] = list(selection.countries)
    if layer in ("facilities", "all"):
        parts += list(selection.facility_types) + list(selection.facility_statuses)
    if layer in ("conflicts", "all"):
        parts += list(selection.zones)
    slugs = [s for s in (slug(p) for p in parts) if s]
    if not slugs:
        label = "all"
    elif len(slugs) > MAX_NAME_PARTS:
        label = "-".join(slugs[:MAX_NAME_PARTS]) + f"-and-{len(slugs) - MAX_NAME_PARTS}-more"
    else:
        label = "-".join(slugs)
    name = "layers" if layer == "all" else layer
    when = f"-{selection.date.isoformat()}" if selection.date is not None else ""
    return f"csto-{name}-{label}{when}.geojson"
