"""The shape every upload reader returns, before cleaning: raw features and refusals."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pyproj
from shapely.geometry.base import BaseGeometry

__all__ = ["INVALID", "NOT_CLOSED", "RawFeature", "RawLayer"]

# Problems from geodata.schema.geojson that a reader tolerates: the first is repaired by the reader
# (shapely closes rings), the second by the cleaning step; anything else refuses the feature.
NOT_CLOSED = "is not closed"
INVALID = "invalid geometry:"


@dataclass
class RawFeature:
    """One feature as read: ``checked`` means geodata.schema.geojson already passed its geometry."""

    index: int
    label: str
    geometry: BaseGeometry
    properties: dict[str, Any]
    feature_id: str | int | float | None = None
    checked: bool = False
    rings_closed: bool = False
    invalid: bool = False


@dataclass
class RawLayer:
    """What a reader found: features, per-feature refusals, the source CRS, and notes."""

    features: list[RawFeature] = field(default_factory=list)
    refused: list[tuple[int, str]] = field(default_factory=list)
    crs: pyproj.CRS | None = None
    notes: list[str] = field(default_factory=list)
