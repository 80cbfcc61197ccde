"""Outline several features at once (a story chapter's), drawn like the selection outline."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from typing import Any

import folium

from dashboard.logic import popups
from dashboard.map.build import HIGHLIGHT_STYLE
from dashboard.map.elements import Outline

TITLE = "Story highlights"


def outline_group(
    items: Iterable[tuple[str, Mapping[str, Any], Any]], names: Mapping[str, str]
) -> folium.FeatureGroup:
    """A group outlining each ``(layer, props, geometry)`` in the selection's bright style.

    The shapes are those the map read from the layers file: only ids and texts travel."""
    group = folium.FeatureGroup(name=TITLE, control=False)
    drawn = []
    for layer, props, geom in items:
        if geom is None or geom.is_empty:
            continue
        fid = str(props.get("id", ""))
        tooltip = popups.tooltip_html(layer, props)
        drawn.append([layer, fid, tooltip, popups.details_html(layer, props, names)])
    if drawn:
        # A stable name per set of features: its script is rendered once and reused.
        key = "|".join(f"{layer}:{fid}" for layer, fid, _, _ in drawn)
        ident = hashlib.sha1(f"story|{key}".encode()).hexdigest()[:10]
        group.add_child(Outline(drawn, HIGHLIGHT_STYLE, ident))
    return group
