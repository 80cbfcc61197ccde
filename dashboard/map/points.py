"""Many points on the map: vectorised filtering and a compact canvas layer.

A folium ``Marker`` or ``CircleMarker`` per point costs ~300 bytes of JavaScript and one DOM or
Leaflet object each; at 100,000 points that is tens of megabytes and seconds of browser work on
every filter change. Here the filtered points travel as one base64 string (4 bytes of position
and 1 byte of type per point) and a single canvas layer draws them, so the map stays responsive.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from datetime import date

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
from branca.element import MacroElement
from folium.template import Template

from dashboard.map.js import script

# Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
PALETTE: tuple[str, ...] = (
    "#D55E00",
    "#0072B2",
    "#009E73",
    "#CC79A7",
    "#E69F00",
    "#56B4E9",
    "#F0E442",
    "#000000",
)

# Where the app serves vendored scripts, relative to the st_folium component iframe.

Bbox = tuple[float, float, float, float]


def filter_points(
    points: gpd.GeoDataFrame,
    *,
    types: Sequence[str] = (),
    start: date | None = None,
    end: date | None = None,
    bbox: Bbox | None = None,
    type_column: str = "event_type",
    date_column: str = "date",
) -> gpd.GeoDataFrame:
    """Return the points whose type is in ``types`` (all if empty), dated ``start``..``end``
    inclusive, and inside ``bbox`` = (min lon, min lat, max lon, max lat)."""
    keep = np.ones(len(points), dtype=bool)
    if types:
        keep &= points[type_column].isin(list(types)).to_numpy()
    if start is not None or end is not None:
        days = points[date_column].to_numpy().astype("datetime64[D]")
        if start is not None:
            keep &= days >= np.datetime64(start, "D")
        if end is not None:
            keep &= days <= np.datetime64(end, "D")
    if bbox is not None:
        min_lon, min_lat, max_lon, max_lat = bbox
        x = points.geometry.x.to_numpy()
        y = points.geometry.y.to_numpy()
        keep &= (x >= min_lon) & (x <= max_lon) & (y >= min_lat) & (y <= max_lat)
    return points[keep]


def encode_points(
    points: gpd.GeoDataFrame,
    *,
    categories: Sequence[str],
    type_column: str = "event_type",
) -> dict:
    """Pack points into a JSON-ready dict: positions as uint16 steps across their bounding box,
    types as uint8 indexes into ``categories``, both base64-encoded."""
    if len(categories) > 255:
        raise ValueError("at most 255 point categories fit in one byte")
    x = points.geometry.x.to_numpy(dtype=float)
    y = points.geometry.y.to_numpy(dtype=float)
    if len(points):
        bounds = [float(x.min()), float(y.min()), float(x.max()), float(y.max())]
    else:
        bounds = [0.0, 0.0, 0.0, 0.0]
    width = max(bounds[2] - bounds[0], 1e-9)
    height = max(bounds[3] - bounds[1], 1e-9)
    steps = np.empty((len(points), 2), dtype="<u2")
    steps[:, 0] = np.rint((x - bounds[0]) / width * 65535)
    steps[:, 1] = np.rint((y - bounds[1]) / height * 65535)
    names = points[type_column].astype(str)
    unknown = sorted(set(names) - {str(c) for c in categories})
    if unknown:
        raise ValueError(f"point types missing from categories: {unknown}")
    codes = pd.Categorical(names, categories=[str(c) for c in categories]).codes
    return {
        "n": int(len(points)),
        "bbox": [round(v, 6) for v in bounds],
        "xy": base64.b64encode(steps.tobytes()).decode("ascii"),
        "t": base64.b64encode(codes.astype("u1").tobytes()).decode("ascii"),
    }


def decode_points(packed: dict) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return (lon, lat, type code) arrays from :func:`encode_points` output; for tests."""
    steps = np.frombuffer(base64.b64decode(packed["xy"]), dtype="<u2").reshape(-1, 2)
    min_lon, min_lat, max_lon, max_lat = packed["bbox"]
    lon = min_lon + steps[:, 0] / 65535 * (max_lon - min_lon)
    lat = min_lat + steps[:, 1] / 65535 * (max_lat - min_lat)
    codes = np.frombuffer(base64.b64decode(packed["t"]), dtype="u1")
    return lon, lat, codes


_CANVAS_JS = script("canvas.js")


class PackedPointCanvas(MacroElement):
    """One canvas layer drawing packed points; no external script needed."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        """
        + _CANVAS_JS
        + """
        var {{ this.get_name() }} = new L.PackedPointCanvas(
            {{ this.packed|tojson }}, {{ this.options|tojson }}
        ).addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, packed: dict, options: dict) -> None:
        super().__init__()
        self._name = "PackedPointCanvas"
        self.packed = packed
        self.options = options


def canvas_point_layer(
    points: gpd.GeoDataFrame,
    *,
    categories: Sequence[str],
    type_column: str = "event_type",
    **style: object,
) -> folium.FeatureGroup:
    """Return a FeatureGroup drawing ``points`` on one canvas, coloured by category.

    Pass it to ``st_folium(feature_group_to_add=...)`` so filter changes keep the user's view.
    ``style`` goes to :func:`packed_canvas_layer`.
    """
    packed = encode_points(points, categories=categories, type_column=type_column)
    return packed_canvas_layer(packed, categories=categories, **style)


def packed_canvas_layer(
    packed: dict,
    *,
    categories: Sequence[str],
    name: str = "Points",
    label: str = "Point",
    colors: Sequence[str] = PALETTE,
    radius: float = 2.5,
) -> folium.FeatureGroup:
    """Return a FeatureGroup drawing already packed points (cache :func:`encode_points`)."""
    if len(categories) > len(colors):
        raise ValueError(f"{len(categories)} categories but only {len(colors)} colours")
    options = {
        "pane": "packedPointsPane",
        "zIndex": 450,
        "radius": radius,
        "opacity": 0.8,
        "colors": list(colors[: len(categories)]),
        "categories": [str(c) for c in categories],
        "label": label,
    }
    group = folium.FeatureGroup(name=name)
    PackedPointCanvas(packed, options).add_to(group)
    return group


def legend_items(categories: Sequence[str], colors: Sequence[str] = PALETTE) -> list[dict]:
    """Return ``[{"label": category, "color": hex}, ...]`` matching the canvas colours."""
    return [{"label": str(c), "color": col} for c, col in zip(categories, colors, strict=False)]
