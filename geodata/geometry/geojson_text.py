"""Deterministic GeoJSON text: fixed coordinate precision, stable key order, one feature a line."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

POINT_DECIMALS = 5
SHAPE_DECIMALS = 4


def round_coords(coords: Any, decimals: int) -> Any:
    """Round every number in nested coordinate lists; return lists (never tuples)."""
    if isinstance(coords, list | tuple):
        if coords and not isinstance(coords[0], list | tuple):
            # a position: round lon/lat, and normalise -0.0 so equal shapes give equal bytes
            return [round(float(v), decimals) + 0.0 for v in coords[:2]]
        return [round_coords(c, decimals) for c in coords]
    raise TypeError(f"not a coordinate array: {coords!r}")


def geometry_dict(geom: Any, decimals: int) -> dict:
    """GeoJSON geometry dict of a shapely geometry, coordinates rounded to ``decimals``."""
    from shapely.geometry import mapping

    raw = mapping(geom)
    return {"type": raw["type"], "coordinates": round_coords(raw["coordinates"], decimals)}


def feature(properties: Mapping[str, Any], geometry: dict) -> dict:
    """A GeoJSON Feature with properties in the given order."""
    return {"type": "Feature", "properties": dict(properties), "geometry": geometry}


def dumps_collection(features: Iterable[dict]) -> str:
    """Serialise features as a FeatureCollection: UTF-8 text, one feature per line, final newline.

    One line per feature keeps the file compact yet makes diffs show which features changed.
    """
    lines = [json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in features]
    body = ",\n".join(lines)
    return '{"type":"FeatureCollection","features":[\n' + body + "\n]}\n"
