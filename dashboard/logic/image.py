"""The publication image: the map's view as PNG or SVG, drawn on the server with matplotlib.

It is drawn from the same filtered frames the map draws (``logic.asof`` and
``logic.filters``), in Web Mercator like the web map, over the offline basemap's land, lakes,
regions and town names (``geodata/countries``, ``water``, ``admin1``, ``places``); nothing is
fetched. The same inputs give the same bytes: one font (DejaVu Sans, shipped with matplotlib
and covering Cyrillic), text drawn as paths, ``svg.hashsalt`` fixed, and no date or software
name in the files' metadata. Every feature drawn carries its id as the SVG group id
(``<layer>-<id>``). Town and feature names are placed greedily (:func:`place_labels`): a label
that would touch a symbol, the legend, the scale bar or another label is left out.
"""

from __future__ import annotations

import io
import math
import re
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import geopandas as gpd
import matplotlib
import numpy as np
import shapely
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import PathPatch, Rectangle
from matplotlib.path import Path as MplPath
from matplotlib.patheffects import withStroke

from dashboard.logic import style
from dashboard.logic.layers import LAYER_NAMES, Layers

# name: (format, width px, height px)
SIZES: dict[str, tuple[str, int, int]] = {
    "PNG 1600×1000": ("png", 1600, 1000),
    "PNG 1200×1200": ("png", 1200, 1200),
    "SVG 1600×1000": ("svg", 1600, 1000),
}
MIMES = {"png": "image/png", "svg": "image/svg+xml"}
DPI = 100
FONT = "DejaVu Sans"
# The web map's size: a view (centre, zoom) shows at least what the map showed at this size.
MAP_PX = (900, 620)
EARTH_M = 2 * math.pi * 6378137.0
MERCATOR = "EPSG:3857"
ATTRIBUTION = (
    "Borders and lakes: Natural Earth (public domain). Towns: GeoNames, CC BY 4.0. "
    "Data: CSTO map contributors, CC BY 4.0."
)
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
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
_RC = {
    "font.family": FONT,
    "svg.fonttype": "path",
    "svg.hashsalt": "csto-map",
    "path.simplify": False,
}

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in pixels


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


@dataclass(frozen=True)
class Basemap:
    """The offline basemap, in Web Mercator: every country's land, lakes, regions, towns."""

    land: gpd.GeoDataFrame
    water: gpd.GeoDataFrame
    admin1: gpd.GeoDataFrame
    places: gpd.GeoDataFrame


def long_date(on: date) -> str:
    """``10 January 2022``: the same in every locale."""
    return f"{on.day} {MONTHS[on.month - 1]} {on.year}"


def default_title(on: date, chapter_title: str | None = None) -> str:
    """The chapter's title, or "The CSTO on <date>"."""
    return (
        chapter_title.strip()
        if chapter_title and chapter_title.strip()
        else (f"The CSTO on {long_date(on)}")
    )


# What the subtitle names of the filters (views/downloads' filter keys), and how.
_NOTED = (
    ("countries", "countries"),
    ("facility_types", "types"),
    ("facility_statuses", "statuses"),
    ("zones", "zones"),
)


def filters_note(shown: Sequence[str], filters: Mapping[str, Any]) -> str:
    """``Countries, conflict zones · countries KGZ, TJK · ended ones kept``: what the image
    shows and the filters that narrowed it."""
    words = {"countries": "countries", "facilities": "facilities", "conflicts": "conflict zones"}
    parts = [", ".join(words.get(n, n) for n in shown).capitalize() or "No layers"]
    for key, word in _NOTED:
        value = filters.get(key) or ()
        if value:
            parts.append(f"{word} {', '.join(map(str, value))}")
    within = filters.get("within_km_of_active_conflict")
    if within is not None:
        parts.append(f"within {within:g} km of an active conflict")
    if filters.get("include_ended"):
        parts.append("ended ones kept")
    return " · ".join(parts)


def chapter_slug(chapter: Mapping | None) -> str:
    """The chapter's title as a file-name part ("" without a chapter)."""
    title = str((chapter or {}).get("title") or "")
    return re.sub(r"[^A-Za-z0-9]+", "-", title).strip("-").lower()[:60]


def file_name(on: date, size: str, *, chapter_id: str = "") -> str:
    """``csto-map-<chapter>-<date>-1600x1000.png``."""
    kind, width, height = SIZES[size]
    middle = f"{chapter_id}-" if chapter_id else ""
    return f"csto-map-{middle}{on.isoformat()}-{width}x{height}.{kind}"


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


# -- labels ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Label:
    """A name to place beside a point: its text, anchor (pixels) and size (pixels)."""

    text: str
    x: float
    y: float
    width: float
    height: float
    gap: float = 4.0  # from the point: more than a symbol's half width; 0: centred on it


def _overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def place_labels(
    labels: Iterable[Label], obstacles: Sequence[Box], frame: Box
) -> list[tuple[Label, Box]]:
    """Place each label, in the given order, right, left, above or below its point (centred on
    it for a ``gap`` of 0), where it touches no obstacle (symbols, legend, scale bar), no label
    placed before, and stays inside ``frame``; a label with no such place is dropped. Returns
    each placed label and its box, in pixels."""
    placed: list[tuple[Label, Box]] = []
    taken = list(obstacles)
    for label in labels:
        w, h, gap = label.width, label.height, label.gap
        x, y = label.x, label.y
        sides = [
            (x + gap, y - h / 2, x + gap + w, y + h / 2),
            (x - gap - w, y - h / 2, x - gap, y + h / 2),
            (x - w / 2, y + gap, x + w / 2, y + gap + h),
            (x - w / 2, y - gap - h, x + w / 2, y - gap),
        ]
        # No gap: a name standing for its place (a town drawn without a dot), centred on it.
        for box in sides if gap > 0 else [(x - w / 2, y - h / 2, x + w / 2, y + h / 2)]:
            inside = frame[0] <= box[0] and box[2] <= frame[2]
            if not (inside and frame[1] <= box[1] and box[3] <= frame[3]):
                continue
            if any(_overlaps(box, other) for other in taken):
                continue
            placed.append((label, box))
            taken.append(box)
            break
    return placed


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


def _draw_basemap(ax, base: Basemap, zoom: int) -> None:
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


def _draw_areas(ax, frames: Mapping[str, gpd.GeoDataFrame], outlined: set[str]) -> None:
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


def _draw_facilities(ax, sites: gpd.GeoDataFrame | None, outlined: set[str]) -> list:
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


def _legend_handles(frames: Mapping[str, gpd.GeoDataFrame], outlined: bool) -> list:
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
                        label=label,
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
                        label=ftype.capitalize(),
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
                    label="Hollow: closed or transferred",
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
        for ongoing, label in ((True, "Conflict zone, ongoing"), (False, "Conflict zone, ended")):
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
        if any(kind == "line" for kind, _ in kinds):
            handles.append(
                Line2D(
                    [],
                    [],
                    color=style.ZONE_ONGOING,
                    lw=2.5,
                    ls="--",
                    label="Conflict along a pipeline",
                )
            )
    if outlined:
        handles.append(Line2D([], [], color=HIGHLIGHT, lw=3, label="Highlighted"))
    return handles


def _px_box(artist, renderer) -> Box:
    bb = artist.get_window_extent(renderer)
    return (bb.x0, bb.y0, bb.x1, bb.y1)


def _names(
    frames, base: Basemap, picture: Picture, box: Box
) -> list[tuple[str, float, float, bool]]:
    """(text, x, y, is a feature) to label, in order of importance: the outlined features,
    then the towns the web map names at this zoom (capitals, then by population)."""
    named = []
    for layer in ("facilities", "conflicts", "countries"):
        gdf = frames.get(layer)
        if gdf is None:
            continue
        for fid, name, geom in zip(gdf["id"], gdf["name"], gdf.geometry, strict=True):
            if str(fid) in picture.outlined and geom is not None and not geom.is_empty:
                point = geom if geom.geom_type == "Point" else geom.representative_point()
                named.append((str(name), point.x, point.y, True))
    towns = base.places
    if len(towns):
        x, y = towns.geometry.x, towns.geometry.y
        inside = (x > box[0]) & (x < box[2]) & (y > box[1]) & (y < box[3])
        towns = towns[inside & (towns["minzoom"] <= picture.view[2] + 1)]
        for name, geom in zip(towns["name"], towns.geometry, strict=True):
            named.append((str(name), geom.x, geom.y, False))
    return named


def _label_font(feature: bool) -> dict[str, Any]:
    return {"fontsize": 10 if feature else 8.5, "fontweight": "bold" if feature else "normal"}


def _draw_labels(ax, fig, base: Basemap, frames, picture: Picture, box: Box, obstacles) -> None:
    """Measure each name, place them (:func:`place_labels`), draw those placed."""
    renderer = fig.canvas.get_renderer()
    probe = ax.text(0, 0, "")
    labels = []
    for text, x, y, feature in _names(frames, base, picture, box):
        probe.set_text(text)
        probe.update(_label_font(feature))
        extent = probe.get_window_extent(renderer)
        px, py = ax.transData.transform((x, y))
        # A feature's name clears its symbol and ring; a town's name stands on the town.
        gap = RING_PX / 2 + 2 if feature else 0
        labels.append(Label(text, px, py, extent.width, extent.height, gap))
    probe.remove()
    to_data = ax.transData.inverted().transform
    for label, (x0, y0, _, _) in place_labels(labels, obstacles, _px_box(ax, renderer)):
        feature = label.gap > 0
        ax.text(
            *to_data((x0, y0)),
            label.text,
            **_label_font(feature),
            color="#222222" if feature else "#4a4a4a",
            ha="left",
            va="bottom",
            zorder=9,
            path_effects=[withStroke(linewidth=2.5, foreground="#ffffff")],
        )


def sources_line(titles: Sequence[str], limit: int = 3) -> str:
    """``Sources: A; B; C and 12 more, listed in the data downloads.``"""
    if not titles:
        return "Sources: per feature, in the data downloads."
    shown = "; ".join(titles[:limit])
    more = f" and {len(titles) - limit} more" if len(titles) > limit else ""
    return f"Sources: {shown}{more}, listed in the data downloads."


def render(
    visible: Layers, picture: Picture, base: Basemap, *, size: str = "PNG 1600×1000"
) -> bytes:
    """The image of ``visible`` (the map's filtered frames) as ``picture`` says, as PNG or SVG
    bytes (``size`` a key of :data:`SIZES`); the same arguments give the same bytes."""
    kind, width, height = SIZES[size]
    frames = {n: visible.get(n).to_crs(MERCATOR) for n in picture.shown if n in LAYER_NAMES}
    with matplotlib.rc_context(_RC):
        fig = Figure(figsize=(width / DPI, height / DPI), dpi=DPI)
        FigureCanvasAgg(fig)
        ax, box = _map_axes(fig, picture.view, width, height)
        _draw_basemap(ax, base, picture.view[2])
        _draw_areas(ax, frames, set(picture.outlined))
        points = _draw_facilities(ax, frames.get("facilities"), set(picture.outlined))
        renderer = fig.canvas.get_renderer()
        obstacles = _legend(ax, frames, picture, box, renderer)
        obstacles.append(_scale_bar(ax, box, picture.view[0], renderer))
        for x, y, ringed in points:
            px, py = ax.transData.transform((x, y))
            half = (RING_PX if ringed else SYMBOL_PX) / 2
            obstacles.append((px - half, py - half, px + half, py + half))
        _draw_labels(ax, fig, base, frames, picture, box, obstacles)
        _texts(fig, picture, width)
        out = io.BytesIO()
        if kind == "png":
            fig.savefig(out, format="png", metadata={"Software": None})
        else:
            fig.savefig(out, format="svg", metadata={"Date": None, "Creator": None})
        return out.getvalue()


def _map_axes(fig, view: tuple[float, float, int], width: int, height: int) -> tuple[Any, Box]:
    """The map's axes between the title and the credits, framing ``view``, and its box."""
    top, bottom = 1 - 110 / height, 70 / height
    ax = fig.add_axes((0.015, bottom, 0.97, top - bottom))
    box = extent(view, 0.97 * width, (top - bottom) * height)
    ax.set_xlim(box[0], box[2])
    ax.set_ylim(box[1], box[3])
    ax.set_axis_off()
    sea = Rectangle((box[0], box[1]), box[2] - box[0], box[3] - box[1], facecolor=style.SEA)
    sea.set(edgecolor="#888888", linewidth=0.8, zorder=0)
    ax.add_patch(sea)
    return ax, box


def _legend(ax, frames, picture: Picture, box: Box, renderer) -> list[Box]:
    """Draw the legend of what the view shows; return its box (none without a legend)."""
    # Features outside the view are left out of the legend.
    seen = {n: f[f.intersects(shapely.box(*box))] for n, f in frames.items()}
    outlined = any(f["id"].astype(str).isin(picture.outlined).any() for f in seen.values())
    handles = _legend_handles(seen, outlined)
    if not handles:
        return []
    legend = ax.legend(
        handles=handles,
        loc="lower right",
        fontsize=9,
        framealpha=0.92,
        title="Legend",
        title_fontsize=10,
        ncols=1 if len(handles) < 12 else 2,
    )
    legend.set_zorder(10)
    return [_px_box(legend, renderer)]


def _scale_bar(ax, box: Box, lat: float, renderer) -> Box:
    km = scale_km(box, lat)
    length = km * 1000 / math.cos(math.radians(lat))
    x0 = box[0] + (box[2] - box[0]) * 0.03
    y0 = box[1] + (box[3] - box[1]) * 0.04
    bar = Rectangle(
        (x0, y0),
        length,
        (box[3] - box[1]) * 0.006,
        facecolor="#222222",
        edgecolor="#ffffff",
        linewidth=0.8,
        zorder=10,
    )
    ax.add_patch(bar)
    text = ax.text(
        x0,
        y0 + (box[3] - box[1]) * 0.012,
        f"{km:,} km (at {lat:.0f}°)",
        fontsize=9,
        color="#222222",
        zorder=10,
        va="bottom",
    )
    bars = [_px_box(bar, renderer), _px_box(text, renderer)]
    return (
        min(b[0] for b in bars),
        min(b[1] for b in bars) - 4,
        max(b[2] for b in bars) + 4,
        max(b[3] for b in bars) + 4,
    )


def _texts(fig, picture: Picture, width: int) -> None:
    chars = int(width / 7.2)
    fig.text(
        0.015,
        1 - 16 / fig.bbox.height,
        picture.title,
        fontsize=22,
        fontweight="bold",
        va="top",
        color="#111111",
    )
    sub = f"On {long_date(picture.on)}" + (f" · {picture.note}" if picture.note else "")
    fig.text(
        0.015,
        1 - 62 / fig.bbox.height,
        textwrap.shorten(sub, chars),
        fontsize=11,
        va="top",
        color="#333333",
    )
    foot = f"Map date {picture.on.isoformat()}. {ATTRIBUTION} {sources_line(picture.sources)}"
    lines = textwrap.wrap(foot, chars + 30)[:3]
    fig.text(
        0.015,
        8 / fig.bbox.height,
        "\n".join(lines),
        fontsize=8.5,
        va="bottom",
        color="#444444",
        linespacing=1.3,
    )
