"""One search box over all layers: any current, historical or alternate name, Latin or Cyrillic.

Names and queries are folded the same way (NFKD without combining marks, casefold, ё → е,
punctuation to spaces), so "Gyumri", "GYUMRI", "Kumayri" and "Кумайри" find what a person means
whichever way they type it.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

Bounds = tuple[float, float, float, float]  # lon_min, lat_min, lon_max, lat_max

# Which columns hold names, per layer; the first one is what a result is called.
NAME_FIELDS: dict[str, tuple[str, ...]] = {
    "facilities": ("name", "name_ru", "alt_names"),
    "countries": ("name", "name_ru", "iso3"),
    "conflicts": ("name", "name_ru"),
}
_LAYER_ORDER = {"facilities": 0, "countries": 1, "conflicts": 2}
# Facility types that are a town beside a facility rather than the facility itself: a search
# for "Байконур" means the cosmodrome, whose name holds the word, more than the city named so.
TOWN_TYPES = frozenset({"support town"})
# How far a town falls behind: its exact name ranks with a facility's whole-word match.
_TOWN_PENALTY = 2
# Names a feature is called by (the others are former or alternate names).
_MAIN_NAMES = frozenset({"name", "name_ru"})
_NON_WORD = re.compile(r"[\W_]+")


def fold(text: str) -> str:
    """Fold text for matching: no accents or case, ё as е, punctuation as single spaces."""
    decomposed = unicodedata.normalize("NFKD", text.replace("ё", "е").replace("Ё", "Е"))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NON_WORD.sub(" ", bare.casefold()).strip()


def as_list(value: Any) -> list[str]:
    """Normalise a list-valued property (list, numpy array, JSON text, None) to a list of str."""
    if value is None:
        return []
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            return [str(v) for v in json.loads(text)]
        return [text] if text else []
    if isinstance(value, (list, tuple, np.ndarray, pd.Series)):
        return [str(v) for v in value if v is not None]
    return [] if pd.isna(value) else [str(value)]


@dataclass(frozen=True)
class Entry:
    layer: str
    id: str
    name: str
    matched: str
    folded: str
    bounds: Bounds
    main: bool = True  # one of the feature's own names, not a former or alternate one
    town: bool = False  # a town beside a facility (TOWN_TYPES)


@dataclass(frozen=True)
class Match:
    """A search hit: which feature, which of its names matched, and where it is."""

    layer: str
    id: str
    name: str
    matched: str
    bounds: Bounds
    rank: int

    @property
    def fit_bounds(self) -> list[list[float]]:
        """Bounds as folium's ``fit_bounds`` wants them: ``[[south, west], [north, east]]``."""
        w, s, e, n = self.bounds
        return [[s, w], [n, e]]

    @property
    def center(self) -> tuple[float, float]:
        """Centre of the bounds as ``(lat, lon)``."""
        w, s, e, n = self.bounds
        return ((s + n) / 2, (w + e) / 2)

    @property
    def zoom(self) -> int:
        """A web-map zoom level that shows the whole bounds (for a point, its precision area)."""
        return zoom_for(self.bounds)


def zoom_for(bounds: Bounds, *, point_zoom: int = 11, max_zoom: int = 12) -> int:
    """Approximate web-map zoom at which ``bounds`` fills a map ~600 px wide."""
    w, s, e, n = bounds
    span = max(e - w, (n - s) * 1.5)
    if span <= 0:
        return point_zoom
    # At zoom z one 256 px tile spans 360 / 2**z degrees; aim for ~2.3 tiles across.
    return int(max(1, min(max_zoom, math.floor(math.log2(360 * 2.3 / span)))))


# A point known only to within r metres is framed with about 3 r on each side, so the whole
# area it may lie in is on screen: a point placed at its town (r 3 km) opens at zoom 11, one
# on a test range known to ~80 km at zoom 7; exact points stop at the maximum zoom.
PRECISION_FRAME = 3.0
_M_PER_DEG = 111_320.0


def _around(lon: float, lat: float, metres: float) -> Bounds:
    dlat = metres / _M_PER_DEG
    dlon = metres / (_M_PER_DEG * max(math.cos(math.radians(lat)), 0.01))
    return (lon - dlon, lat - dlat, lon + dlon, lat + dlat)


def _bounds(geom, precision_m: float | None = None) -> Bounds:
    minx, miny, maxx, maxy = shapely.bounds(geom)
    if precision_m and precision_m > 0 and minx == maxx and miny == maxy:
        return _around(float(minx), float(miny), PRECISION_FRAME * float(precision_m))
    if maxx - minx > 180:
        # Crosses the antimeridian (Russia's Chukotka): measure in 0..360 so the view is the
        # country, not the whole world; Leaflet accepts longitudes above 180.
        xs = shapely.get_coordinates(geom)[:, 0]
        xs = np.where(xs < 0, xs + 360, xs)
        minx, maxx = xs.min(), xs.max()
    return (float(minx), float(miny), float(maxx), float(maxy))


def _entries(layer: str, gdf: gpd.GeoDataFrame) -> Iterable[Entry]:
    fields = [f for f in NAME_FIELDS[layer] if f in gdf.columns]
    precision = gdf["precision_m"] if "precision_m" in gdf.columns else [None] * len(gdf)
    bounds = [_bounds(g, _metres(p)) for g, p in zip(gdf.geometry, precision, strict=True)]
    kinds = gdf["facility_type"] if "facility_type" in gdf.columns else [None] * len(gdf)
    rows = gdf[["id", *fields]].itertuples(index=False)
    for row, box, kind in zip(rows, bounds, kinds, strict=True):
        values = row[1:]
        names = as_list(values[0]) if values else []
        name = names[0] if names else str(row[0])
        town = kind in TOWN_TYPES
        seen: set[str] = set()
        for field, value in zip(fields, values, strict=True):
            for text in as_list(value):
                key = fold(text)
                if key and key not in seen:
                    seen.add(key)
                    main = field in _MAIN_NAMES
                    yield Entry(layer, str(row[0]), name, text, key, box, main, town)


def build_index(
    countries: gpd.GeoDataFrame | None = None,
    facilities: gpd.GeoDataFrame | None = None,
    conflicts: gpd.GeoDataFrame | None = None,
) -> list[Entry]:
    """Build the search index: one entry per distinct folded name of each feature."""
    index: list[Entry] = []
    for layer, gdf in (
        ("countries", countries),
        ("facilities", facilities),
        ("conflicts", conflicts),
    ):
        if gdf is not None and len(gdf):
            index.extend(_entries(layer, gdf))
    return index


def _rank(folded: str, query: str) -> int | None:
    if folded == query:
        return 0
    if folded.startswith(query):
        return 1
    if f" {query}" in f" {folded}":
        return 2  # a word of the name starts with the query
    if query in folded:
        return 3
    return None


def _order(entry: Entry, rank: int) -> tuple:
    # Lower is better: how well the name matched (a town's a little worse), then a feature's
    # own name before a former one, facilities before countries before zones, shorter names.
    town = _TOWN_PENALTY if entry.town else 0
    return (rank + town, entry.town, not entry.main, _LAYER_ORDER[entry.layer], len(entry.matched))


def search(index: list[Entry], query: str, limit: int = 10) -> list[Match]:
    """Find features whose names match ``query``: exact, then prefix, then word prefix, then
    substring; one result per feature (its best-matching name).

    A town beside a facility (``TOWN_TYPES``) ranks after the facilities that match as well or
    one step worse, and a feature's own name before its former or alternate names.
    """
    q = fold(query)
    if not q:
        return []
    best: dict[tuple[str, str], tuple[tuple, Match]] = {}
    for entry in index:
        rank = _rank(entry.folded, q)
        if rank is None:
            continue
        key = (entry.layer, entry.id)
        order = (*_order(entry, rank), entry.id)
        if key not in best or order < best[key][0]:
            match = Match(entry.layer, entry.id, entry.name, entry.matched, entry.bounds, rank)
            best[key] = (order, match)
    ordered = sorted(best.values(), key=lambda pair: pair[0])
    return [match for _, match in ordered[:limit]]


def _metres(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) and number > 0 else None


def view_of(geom, precision_m: Any = None) -> tuple[tuple[float, float], int]:
    """Map centre ``(lat, lon)`` and zoom that show the whole of ``geom`` (for a point, the
    area its ``precision_m`` allows)."""
    w, s, e, n = _bounds(geom, _metres(precision_m))
    return ((s + n) / 2, (w + e) / 2), zoom_for((w, s, e, n))
