"""Synthetic conflict-event points for load testing the map.

Nothing here is real data. Every feature says so twice (``synthetic: true`` and a name starting
with "SYNTHETIC"), the generator is deterministic for a seed, and the points are never written
into ``geodata/``.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from dashboard.logic.i18n import N_
from dashboard.logic.layers import REPO_GEODATA

NAME_PREFIX = "SYNTHETIC"

EVENT_TYPES: tuple[str, ...] = (
    "armed clash",
    "shelling",
    "protest",
    "riot",
    "border incident",
)

# How the legend names each type, in the reader's language where shown (the points keep the
# English, their data).
EVENT_WORDS: dict[str, str] = {
    "armed clash": N_("armed clash"),
    "shelling": N_("shelling"),
    "protest": N_("protest"),
    "riot": N_("riot"),
    "border incident": N_("border incident"),
}

FIRST_DAY = date(1992, 1, 1)
LAST_DAY = date(2026, 12, 31)

# Rounded Natural Earth 1:10m bounds of the six current member states (Russia cut at 27°E and
# 70°N so most of its points land where people live rather than in the Arctic Ocean).
MEMBER_BOXES: dict[str, tuple[float, float, float, float]] = {
    "ARM": (43.4, 38.9, 46.6, 41.3),
    "BLR": (23.2, 51.2, 32.7, 56.2),
    "KAZ": (46.5, 40.6, 87.3, 55.4),
    "KGZ": (69.2, 39.2, 80.3, 43.3),
    "RUS": (27.0, 41.2, 180.0, 70.0),
    "TJK": (67.3, 36.7, 75.2, 41.0),
}

_FORBIDDEN_DIR = REPO_GEODATA


def generate_events(
    n: int,
    *,
    seed: int = 0,
    boxes: dict[str, tuple[float, float, float, float]] | None = None,
) -> gpd.GeoDataFrame:
    """Return ``n`` synthetic event points, identical for identical ``n`` and ``seed``.

    Columns: ``id``, ``name``, ``event_type``, ``date`` (datetime64), ``country``, ``synthetic``.
    """
    if n < 0:
        raise ValueError(f"n must be >= 0, got {n}")
    boxes = MEMBER_BOXES if boxes is None else boxes
    rng = np.random.default_rng(seed)
    isos = np.array(sorted(boxes))
    bounds = np.array([boxes[iso] for iso in isos], dtype=float)

    which = rng.integers(0, len(isos), size=n)
    lon = rng.uniform(bounds[which, 0], bounds[which, 2])
    lat = rng.uniform(bounds[which, 1], bounds[which, 3])
    kind = rng.integers(0, len(EVENT_TYPES), size=n)
    span = (LAST_DAY - FIRST_DAY).days + 1
    day = np.datetime64(FIRST_DAY.isoformat(), "D") + rng.integers(0, span, size=n)

    number = np.arange(1, n + 1)
    ids = [f"synthetic-{i:06d}" for i in number]
    types = np.array(EVENT_TYPES, dtype=object)[kind]
    names = [f"{NAME_PREFIX} {t} #{i}" for t, i in zip(types, number, strict=True)]
    frame = pd.DataFrame(
        {
            "id": ids,
            "name": names,
            "event_type": pd.Categorical(types, categories=EVENT_TYPES),
            "date": day.astype("datetime64[ns]"),
            "country": isos[which],
            "synthetic": np.ones(n, dtype=bool),
        }
    )
    geometry = gpd.points_from_xy(np.round(lon, 5), np.round(lat, 5), crs="EPSG:4326")
    return gpd.GeoDataFrame(frame, geometry=geometry)


def to_feature_collection(events: gpd.GeoDataFrame) -> dict:
    """Return the events as a GeoJSON FeatureCollection dict, every feature marked synthetic."""
    features = []
    for row, x, y in zip(
        events.itertuples(index=False), events.geometry.x, events.geometry.y, strict=True
    ):
        features.append(
            {
                "type": "Feature",
                "id": row.id,
                "geometry": {"type": "Point", "coordinates": [round(x, 5), round(y, 5)]},
                "properties": {
                    "id": row.id,
                    "name": row.name,
                    "event_type": str(row.event_type),
                    "date": pd.Timestamp(row.date).date().isoformat(),
                    "country": row.country,
                    "synthetic": True,
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


def write_geojson(events: gpd.GeoDataFrame, path: str | Path) -> Path:
    """Write the events as GeoJSON to ``path``; refuses anywhere under ``geodata/``."""
    target = Path(path).resolve()
    if target == _FORBIDDEN_DIR or _FORBIDDEN_DIR in target.parents:
        raise ValueError(f"synthetic points must not be written into {_FORBIDDEN_DIR}: {target}")
    text = json.dumps(to_feature_collection(events), ensure_ascii=False, separators=(",", ":"))
    target.write_text(text, encoding="utf-8")
    return target
