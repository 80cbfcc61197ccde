"""Drawing the publication image's map: the offline basemap, areas, facility symbols, legend
(the names: logic/imagelabels.py).

What the image shows is a :class:`Picture`; :func:`load_basemap` reads the offline basemap
once per data folder; the ``draw_*`` helpers put each part on matplotlib axes in Web Mercator,
every feature in an SVG group named ``<layer>-<id>``, with the web map's look
(``logic.style``, ``map/js/context.js``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
from matplotlib.lines import Line2D
from matplotlib.patches import PathPatch, Rectangle
from matplotlib.path import Path as MplPath

from dashboard.logic import style
from dashboard.logic.i18n import N_, _
from dashboard.logic.labels import Box
from dashboard.logic.layers import LAYER_NAMES

# The web map's size: a view (centre, zoom) shows at least what the map showed at this size.
MAP_PX = (900, 620)
EARTH_M = 2 * math.pi * 6378137.0
MERCATOR = "EPSG:3857"
# The offline basemap's look (map/js/context.js).
MUTED_FILL, MUTED_EDGE = "#d9d9d9", "#b5b5b5"
WATER_EDGE, ADMIN_EDGE = "#8fb8d6", "#8c7d6b"
ADMIN_MIN_ZOOM = 5
HIGHLIGHT = "#ffd400"
SYMBOL_PX = 18  # a facility symbol's box, halo included
RING_PX = 34  # the highlight ring around an outlined facility
_MARKERS = {
    "circle": "o",
    "square": "s",
    "triangle": "^",
    "triangle-down": "v",
    "diamond": "D",
    "star": "*",
    "hexagon": "h",
    "pentagon": "p",
    "cross": "P",
}

# The legend's name of each facility type (the data's values are lower case English).
FACILITY_WORDS = {
    "army base": N_("Army base"),
    "air base": N_("Air base"),
    "space launch site": N_("Space launch site"),
    "missile test range": N_("Missile test range"),
    "radar": N_("Radar"),
    "naval test facility": N_("Naval test facility"),
    "space surveillance": N_("Space surveillance"),
    "communications": N_("Communications"),
    "border guards": N_("Border guards"),
    "research facility": N_("Research facility"),
    "nuclear weapons storage": N_("Nuclear weapons storage"),
    "missile deployment": N_("Missile deployment"),
    "support town": N_("Support town"),
}


@dataclass(frozen=True)
class Picture:
    """What the image shows: its title, the map date, the layers, the view and what is
    outlined (the selection, a story chapter's features), and the credits."""

    title: str
    on: date
    shown: tuple[str, ...] = LAYER_NAMES
    view: tuple[float, float, int] = (46.0, 62.0, 3)  # lat, lon, zoom
    outlined: tuple[str, ...] = ()
    note: str = ""
    sources: tuple[str, ...] = ()
    lang: str = "en"  # the language of its words (and of the cache key it is part of)


@dataclass(frozen=True)
class Basemap:
    """The offline basemap, in Web Mercator: every country's land, lakes, regions, towns."""

    land: gpd.GeoDataFrame
    water: gpd.GeoDataFrame
    admin1: gpd.GeoDataFrame
    places: gpd.GeoDataFrame


def _read(path: Path) -> gpd.GeoDataFrame:
    if not path.is_file():
        return gpd.GeoDataFrame(geometry=[], crs=MERCATOR)
    return gpd.read_file(path).to_crs(MERCATOR)


@lru_cache(maxsize=4)
def load_basemap(directory: Path) -> Basemap:
    """Read the offline basemap's files from the geodata folder (missing ones stay empty)."""
    places = _read(directory / "places.geojson")
    if len(places):
        order = np.lexsort((-places["population"].to_numpy(), ~places["capital"].to_numpy()))
        places = places.iloc[order].reset_index(drop=True)
    return Basemap(
        land=_read(directory / "countries.geojson"),
        water=_read(directory / "water.geojson"),
        admin1=_read(directory / "admin1.geojson"),
        places=places,
    )


# -- geometry ---------------------------------------------------------------------------------


def _path(geom: Any) -> MplPath | None:
    """A matplotlib path of a (multi)polygon or (multi)line; holes stay holes."""
    if geom is None or geom.is_empty:
        return None
    verts: list[np.ndarray] = []
    codes: list[int] = []
    for part in getattr(geom, "geoms", [geom]):
        if part.geom_type == "Polygon":
            for ring in (part.exterior, *part.interiors):
                xy = np.asarray(ring.coords)[:, :2]
                verts.append(xy)
                codes += [MplPath.MOVETO] + [MplPath.LINETO] * (len(xy) - 2)
                codes.append(MplPath.CLOSEPOLY)
        else:
            xy = np.asarray(part.coords)[:, :2]
            verts.append(xy)
            codes += [MplPath.MOVETO] + [MplPath.LINETO] * (len(xy) - 1)
    return MplPath(np.concatenate(verts), codes) if verts else None


def extent(view: tuple[float, float, int], width_px: float, height_px: float) -> Box:
    """The Web Mercator box (metres) of a map of this size showing at least what the web map
    (``MAP_PX``) showed at ``view``."""
    lat, lon, zoom = view
    per_px = EARTH_M / (256 * 2**zoom) * max(MAP_PX[0] / width_px, MAP_PX[1] / height_px)
    x = math.radians(lon) * 6378137.0
    y = math.log(math.tan(math.pi / 4 + math.radians(max(min(lat, 85.0), -85.0)) / 2)) * 6378137.0
    half_w, half_h = width_px * per_px / 2, height_px * per_px / 2
    return (x - half_w, y - half_h, x + half_w, y + half_h)


def scale_km(box: Box, lat: float) -> int:
    """A round length, in km, about a fifth of the map's width at latitude ``lat``."""
    ground_km = (box[2] - box[0]) * math.cos(math.radians(lat)) / 1000
    steps = [n * 10**e for e in range(0, 5) for n in (1, 2, 5)]
    return max((s for s in steps if s <= ground_km / 5), default=1)


# -- drawing --------------------------------------------------------------------------------


def _patch(ax, geom, *, gid: str | None = None, **kw) -> None:
    path = _path(geom)
    if path is None:
        return
    patch = PathPatch(path, **kw)
    if gid:
        patch.set_gid(gid)
    ax.add_patch(patch)


def _facility_look(ftype: str, status: str) -> dict[str, Any]:
    sym = style.symbol_for(ftype)
    look = style.FACILITY_STATUS_STYLE.get(status, "filled")
    return {
        "marker": _MARKERS.get(sym.shape, "o"),
        "facecolors": "#ffffff" if look == "hollow" else sym.colour,
        "edgecolors": sym.colour,
        "linestyles": "--" if look == "dashed" else "-",
    }


def draw_basemap(ax, base: Basemap, zoom: int) -> None:
    for geom in base.land.geometry:
        _patch(ax, geom, facecolor=MUTED_FILL, edgecolor=MUTED_EDGE, linewidth=0.5, zorder=1)
    for geom in base.water.geometry:
        _patch(ax, geom, facecolor=style.SEA, edgecolor=WATER_EDGE, linewidth=0.5, zorder=3)
    if zoom >= ADMIN_MIN_ZOOM:
        for geom in base.admin1.geometry:
            _patch(
                ax, geom, fill=False, edgecolor=ADMIN_EDGE, linewidth=0.6, ls=(0, (4, 3)), zorder=3
            )


def _zone_look(ongoing: bool, line: bool) -> dict[str, Any]:
    """A zone's matplotlib style from the web map's (``style.zone_style``)."""
    look = style.zone_style(ongoing, line)
    if line:
        return {
            "fill": False,
            "edgecolor": look["color"],
            "linewidth": 2.5,
            "ls": (0, (6, 4)),
            "alpha": look["opacity"],
        }
    return {
        "facecolor": (look["fillColor"], look["fillOpacity"]),
        "edgecolor": look["color"],
        "linewidth": 1.0,
        "ls": (0, (4, 3)),
    }


def draw_areas(ax, frames: Mapping[str, gpd.GeoDataFrame], outlined: set[str]) -> None:
    """Draw the countries by status and the zones ongoing or ended, outlined ones ringed."""
    countries = frames.get("countries")
    if countries is not None:
        status = countries["status"] if "status" in countries else countries["csto_status"]
        for fid, value, geom in zip(countries["id"], status, countries.geometry, strict=True):
            look = style.country_style(str(value))
            _patch(
                ax,
                geom,
                gid=f"countries-{fid}",
                facecolor=look["fillColor"],
                edgecolor=look["color"],
                linewidth=0.6,
                zorder=2,
            )
    zones = frames.get("conflicts")
    if zones is not None:
        active = zones["active"] if "active" in zones else [True] * len(zones)
        for fid, ongoing, geom in zip(zones["id"], active, zones.geometry, strict=True):
            line = geom is not None and "Line" in geom.geom_type
            _patch(ax, geom, gid=f"conflicts-{fid}", zorder=4, **_zone_look(bool(ongoing), line))
    for gdf in (countries, zones):
        if gdf is None:
            continue
        for fid, geom in zip(gdf["id"], gdf.geometry, strict=True):
            if str(fid) in outlined:
                _patch(ax, geom, fill=False, edgecolor=HIGHLIGHT, linewidth=3, zorder=5)


def draw_facilities(ax, sites: gpd.GeoDataFrame | None, outlined: set[str]) -> list:
    """Draw each facility's symbol (ringed when outlined); return (x, y, ringed) of each."""
    points: list[tuple[float, float, bool]] = []
    if sites is None:
        return points
    for fid, ftype, status, geom in zip(
        sites["id"], sites["facility_type"], sites["status"], sites.geometry, strict=True
    ):
        if geom is None or geom.is_empty:
            continue
        ringed = str(fid) in outlined
        if ringed:
            ax.scatter(
                [geom.x],
                [geom.y],
                s=420,
                facecolors="none",
                edgecolors=HIGHLIGHT,
                linewidths=3,
                zorder=6,
            )
        look = _facility_look(str(ftype), str(status))
        dot = ax.scatter([geom.x], [geom.y], s=90, linewidths=1.6, zorder=7, **look)
        dot.set_gid(f"facilities-{fid}")
        points.append((geom.x, geom.y, ringed))
    return points


def legend_handles(frames: Mapping[str, gpd.GeoDataFrame], outlined: bool) -> list:
    handles = []
    countries = frames.get("countries")
    if countries is not None and len(countries):
        present = set(countries["status"].astype(str))
        for status, label in style.STATUS_LABELS.items():
            if status in present:
                handles.append(
                    Rectangle(
                        (0, 0),
                        1,
                        1,
                        facecolor=style.status_colour(status),
                        edgecolor="#6b6b6b",
                        linewidth=0.6,
                        label=_(label),
                    )
                )
    sites = frames.get("facilities")
    if sites is not None and len(sites):
        present = set(sites["facility_type"].astype(str))
        for ftype, sym in style.FACILITY_SYMBOLS.items():
            if ftype in present:
                handles.append(
                    Line2D(
                        [],
                        [],
                        ls="none",
                        marker=_MARKERS.get(sym.shape, "o"),
                        markersize=9,
                        color=sym.colour,
                        label=_(FACILITY_WORDS.get(ftype) or ftype.capitalize()),
                    )
                )
        looks = {style.FACILITY_STATUS_STYLE.get(str(s), "filled") for s in sites["status"]}
        if "hollow" in looks:
            handles.append(
                Line2D(
                    [],
                    [],
                    ls="none",
                    marker="o",
                    markersize=9,
                    color="#555555",
                    markerfacecolor="#ffffff",
                    label=_("Hollow: closed or transferred"),
                )
            )
    zones = frames.get("conflicts")
    if zones is not None and len(zones):
        active = zones["active"] if "active" in zones else [True] * len(zones)
        kinds = {
            ("line" if "Line" in g.geom_type else "area", bool(a))
            for g, a in zip(zones.geometry, active, strict=True)
            if g is not None
        }
        for ongoing, label in (
            (True, _("Conflict zone, ongoing")),
            (False, _("Conflict zone, ended")),
        ):
            if ("area", ongoing) in kinds:
                look = style.zone_style(ongoing)
                handles.append(
                    Rectangle(
                        (0, 0),
                        1,
                        1,
                        facecolor=(look["fillColor"], look["fillOpacity"]),
                        edgecolor=look["color"],
                        ls="--",
                        label=label,
                    )
                )
        if any(kind == "line" for kind, _area in kinds):
            handles.append(
                Line2D(
                    [],
                    [],
                    color=style.ZONE_ONGOING,
                    lw=2.5,
                    ls="--",
                    label=_("Conflict along a pipeline"),
                )
            )
    if outlined:
        handles.append(Line2D([], [], color=HIGHLIGHT, lw=3, label=_("Highlighted")))
    return handles
