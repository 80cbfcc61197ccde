"""The publication image's names: which features and towns to name, in the picture's
language, measured and placed so that no name covers another or a symbol
(:func:`dashboard.logic.labels.place_labels`), then drawn.
"""

from __future__ import annotations

from typing import Any

from matplotlib.patheffects import withStroke

from dashboard.logic.imagedraw import RING_PX, Basemap, Picture
from dashboard.logic.labels import Box, Label, names_in, place_labels


def px_box(artist, renderer) -> Box:
    bb = artist.get_window_extent(renderer)
    return (bb.x0, bb.y0, bb.x1, bb.y1)


def _names(
    frames, base: Basemap, picture: Picture, box: Box
) -> list[tuple[str, float, float, bool]]:
    """(text, x, y, is a feature) to label, in order of importance: the outlined features,
    then the towns the web map names at this zoom (capitals, then by population), each name
    in the picture's language where the data has it."""
    named = []
    for layer in ("facilities", "conflicts", "countries"):
        gdf = frames.get(layer)
        if gdf is None:
            continue
        names = names_in(gdf, picture.lang)
        for fid, name, geom in zip(gdf["id"], names, gdf.geometry, strict=True):
            if str(fid) in picture.outlined and geom is not None and not geom.is_empty:
                point = geom if geom.geom_type == "Point" else geom.representative_point()
                named.append((str(name), point.x, point.y, True))
    towns = base.places
    if len(towns):
        x, y = towns.geometry.x, towns.geometry.y
        inside = (x > box[0]) & (x < box[2]) & (y > box[1]) & (y < box[3])
        towns = towns[inside & (towns["minzoom"] <= picture.view[2] + 1)]
        for name, geom in zip(names_in(towns, picture.lang), towns.geometry, strict=True):
            named.append((str(name), geom.x, geom.y, False))
    return named


def _label_font(feature: bool) -> dict[str, Any]:
    return {"fontsize": 10 if feature else 8.5, "fontweight": "bold" if feature else "normal"}


def draw_labels(ax, fig, base: Basemap, frames, picture: Picture, box: Box, obstacles) -> None:
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
    for label, (x0, y0, _x1, _y1) in place_labels(labels, obstacles, px_box(ax, renderer)):
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
