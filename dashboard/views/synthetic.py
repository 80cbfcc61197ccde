"""The SYNTHETIC test layer: N generated event points on one canvas, for trying the map at scale.

The points are made by ``dashboard.synthetic`` and are never real data: they are drawn and
listed in the legend, but stay out of the table and the downloads.
"""

from __future__ import annotations

import html
import os
from datetime import date

import folium
import geopandas as gpd
import streamlit as st

from dashboard.logic import i18n, synthetic
from dashboard.logic.i18n import N_, _
from dashboard.map import points

TITLE = N_("SYNTHETIC events (test data)")
SIZES: tuple[int, ...] = (0, 1_000, 10_000, 100_000)
ENV = "CSTO_SYNTHETIC_POINTS"


def default_size() -> int:
    """Return the start size: $CSTO_SYNTHETIC_POINTS if it is a whole number >= 0, else 0."""
    try:
        return max(int(os.environ.get(ENV, "0")), 0)
    except ValueError:
        return 0


def sizes() -> list[int]:
    """Return the sizes offered, including a start size from the environment outside SIZES."""
    return sorted(set(SIZES) | {default_size()})


def size_label(n: int) -> str:
    """Return how a size reads in the picker."""
    if n == 0:
        return _("None")
    return _("{count} SYNTHETIC points (test data)").format(count=i18n.format_number(n))


@st.cache_data(show_spinner=False, max_entries=4)
def events(n: int) -> gpd.GeoDataFrame:
    """Return ``n`` synthetic points, made once per ``n``."""
    return synthetic.generate_events(n)


@st.cache_data(show_spinner=False, max_entries=32)
def packed(n: int, types: tuple[str, ...], on: date) -> dict:
    """Return the points of ``types`` (all if empty) dated up to ``on``, packed for the canvas."""
    shown = points.filter_points(events(n), types=types, end=on)
    return points.encode_points(shown, categories=synthetic.EVENT_TYPES)


def group(n: int, types: tuple[str, ...], on: date) -> folium.FeatureGroup:
    """Return the map group drawing the synthetic points."""
    return points.packed_canvas_layer(
        packed(n, types, on), categories=synthetic.EVENT_TYPES, name=TITLE, label="SYNTHETIC"
    )


def legend_html(types: tuple[str, ...]) -> str:
    """Return the legend entry: one coloured dot per event type drawn."""
    items = [
        f'<span style="margin-right:14px"><span style="display:inline-block;width:10px;'
        f'height:10px;border-radius:50%;background:{html.escape(i["color"])};margin-right:5px">'
        f"</span>{html.escape(_word(i['label']))}</span>"
        for i in points.legend_items(synthetic.EVENT_TYPES)
        if not types or i["label"] in types
    ]
    title = html.escape(_("SYNTHETIC events (test data, not real):"))
    return f'<div style="font-size:14px"><b>{title}</b> ' + "".join(items) + "</div>"


def _word(event_type: str) -> str:
    word = synthetic.EVENT_WORDS.get(event_type)
    return _(word) if word else event_type


def render(n: int, types: tuple[str, ...], on: date) -> None:
    """Show the legend entry and say plainly that these points are made up."""
    if n <= 0:
        return
    st.html(legend_html(types))
    count = packed(n, types, on)["n"]
    st.caption(
        _(
            "{count} of {total} SYNTHETIC points are drawn: generated test data for trying the "
            "map at scale, not real events. They are not in the table or the downloads."
        ).format(count=i18n.format_number(count), total=i18n.format_number(n))
    )
