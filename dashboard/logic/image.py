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
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

import matplotlib
import shapely
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.patches import Rectangle

from dashboard.logic import i18n, style
from dashboard.logic.i18n import N_, _
from dashboard.logic.imagedraw import (
    MERCATOR,
    RING_PX,
    SYMBOL_PX,
    Basemap,
    Picture,
    draw_areas,
    draw_basemap,
    draw_facilities,
    extent,
    legend_handles,
    scale_km,
)
from dashboard.logic.imagelabels import draw_labels, px_box
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
ATTRIBUTION = N_(
    "Borders and lakes: Natural Earth (public domain). Towns: GeoNames, CC BY 4.0. "
    "Data: CSTO map contributors, CC BY 4.0."
)
_RC = {
    "font.family": FONT,
    "svg.fonttype": "path",
    "svg.hashsalt": "csto-map",
    "path.simplify": False,
}

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in pixels


def long_date(on: date) -> str:
    """``10 January 2022`` (``10 января 2022 г.``), in the reader's language."""
    return i18n.format_day(on)


def default_title(on: date, chapter_title: str | None = None) -> str:
    """The chapter's title (given in the reader's language), or "The CSTO on <date>"."""
    if chapter_title and chapter_title.strip():
        return chapter_title.strip()
    return _("The CSTO on {date}").format(date=long_date(on))


# What the subtitle names of the filters (views/downloads' filter keys), and how.
_NOTED = (
    ("countries", N_("countries {values}")),
    ("facility_types", N_("types {values}")),
    ("facility_statuses", N_("statuses {values}")),
    ("zones", N_("zones {values}")),
)
_LAYER_WORDS = {
    "countries": N_("countries"),
    "facilities": N_("facilities"),
    "conflicts": N_("conflict zones"),
}


def filters_note(
    shown: Sequence[str], filters: Mapping[str, Any], names: Mapping[str, str] | None = None
) -> str:
    """``Countries, conflict zones · countries KGZ, TJK · ended ones kept``: what the image
    shows and the filters that narrowed it; a country or zone in ``names`` (id → name in the
    reader's language) is written by its name."""
    names = names or {}
    words = ", ".join(_(_LAYER_WORDS[n]) if n in _LAYER_WORDS else n for n in shown)
    parts = [words[:1].upper() + words[1:] or _("No layers")]
    for key, word in _NOTED:
        value = filters.get(key) or ()
        if value:
            parts.append(_(word).format(values=", ".join(names.get(str(v), str(v)) for v in value)))
    within = filters.get("within_km_of_active_conflict")
    if within is not None:
        km = i18n.format_number(within)
        parts.append(_("within {km} km of an active conflict").format(km=km))
    if filters.get("include_ended"):
        parts.append(_("ended ones kept"))
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


def sources_line(titles: Sequence[str], limit: int = 3) -> str:
    """``Sources: A; B; C and 12 more, listed in the data downloads.``"""
    if not titles:
        return _("Sources: per feature, in the data downloads.")
    shown = "; ".join(titles[:limit])
    if len(titles) > limit:
        line = _("Sources: {shown} and {n} more, listed in the data downloads.")
        return line.format(shown=shown, n=len(titles) - limit)
    return _("Sources: {shown}, listed in the data downloads.").format(shown=shown)


def render(
    visible: Layers, picture: Picture, base: Basemap, *, size: str = "PNG 1600×1000"
) -> bytes:
    """The image of ``visible`` (the map's filtered frames) as ``picture`` says, as PNG or SVG
    bytes (``size`` a key of :data:`SIZES`), its words in ``picture.lang``; the same arguments
    give the same bytes."""
    before = i18n.current()
    i18n.use(picture.lang)
    try:
        return _render(visible, picture, base, size)
    finally:
        i18n.use(before)


def _render(visible: Layers, picture: Picture, base: Basemap, size: str) -> bytes:
    kind, width, height = SIZES[size]
    frames = {n: visible.get(n).to_crs(MERCATOR) for n in picture.shown if n in LAYER_NAMES}
    with matplotlib.rc_context(_RC):
        fig = Figure(figsize=(width / DPI, height / DPI), dpi=DPI)
        FigureCanvasAgg(fig)
        ax, box = _map_axes(fig, picture.view, width, height)
        draw_basemap(ax, base, picture.view[2])
        draw_areas(ax, frames, set(picture.outlined))
        points = draw_facilities(ax, frames.get("facilities"), set(picture.outlined))
        renderer = fig.canvas.get_renderer()
        obstacles = _legend(ax, frames, picture, box, renderer)
        obstacles.append(_scale_bar(ax, box, picture.view[0], renderer))
        for x, y, ringed in points:
            px, py = ax.transData.transform((x, y))
            half = (RING_PX if ringed else SYMBOL_PX) / 2
            obstacles.append((px - half, py - half, px + half, py + half))
        draw_labels(ax, fig, base, frames, picture, box, obstacles)
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
    handles = legend_handles(seen, outlined)
    if not handles:
        return []
    legend = ax.legend(
        handles=handles,
        loc="lower right",
        fontsize=9,
        framealpha=0.92,
        title=_("Legend"),
        title_fontsize=10,
        ncols=1 if len(handles) < 12 else 2,
    )
    legend.set_zorder(10)
    return [px_box(legend, renderer)]


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
        _("{km} km (at {lat}°)").format(km=i18n.format_number(km), lat=f"{lat:.0f}"),
        fontsize=9,
        color="#222222",
        zorder=10,
        va="bottom",
    )
    bars = [px_box(bar, renderer), px_box(text, renderer)]
    return (
        min(b[0] for b in bars),
        min(b[1] for b in bars) - 4,
        max(b[2] for b in bars) + 4,
        max(b[3] for b in bars) + 4,
    )


def fitted_lines(text: str, room_px: float, size: float, renderer, most: int) -> list[str]:
    """``text`` broken between words into at most ``most`` lines, each measured to fit
    ``room_px`` at font size ``size`` (Cyrillic runs wider than Latin: counting characters
    is not enough); what does not fit in them ends in "…"."""
    font = FontProperties(family=FONT, size=size)

    def fits(line: str) -> bool:
        return renderer.get_text_width_height_descent(line, font, ismath=False)[0] <= room_px

    lines: list[str] = []
    for word in text.split(" "):
        if lines and fits(f"{lines[-1]} {word}"):
            lines[-1] = f"{lines[-1]} {word}"
        elif len(lines) < most:
            lines.append(word)
        else:
            while lines[-1] and not fits(lines[-1] + " …"):
                lines[-1] = lines[-1].rsplit(" ", 1)[0] if " " in lines[-1] else ""
            lines[-1] = (lines[-1] + " …").strip()
            break
    return lines


def _texts(fig, picture: Picture, width: int) -> None:
    renderer = fig.canvas.get_renderer()
    room = 0.97 * width
    fig.text(
        0.015,
        1 - 16 / fig.bbox.height,
        picture.title,
        fontsize=22,
        fontweight="bold",
        va="top",
        color="#111111",
    )
    sub = _("On {date}").format(date=long_date(picture.on))
    sub += f" · {picture.note}" if picture.note else ""
    fig.text(
        0.015,
        1 - 62 / fig.bbox.height,
        "\n".join(fitted_lines(sub, room, 11, renderer, 1)),
        fontsize=11,
        va="top",
        color="#333333",
    )
    foot = _("Map date {date}.").format(date=picture.on.isoformat())
    foot += f" {_(ATTRIBUTION)} {sources_line(picture.sources)}"
    fig.text(
        0.015,
        8 / fig.bbox.height,
        "\n".join(fitted_lines(foot, room, 8.5, renderer, 3)),
        fontsize=8.5,
        va="bottom",
        color="#444444",
        linespacing=1.3,
    )
