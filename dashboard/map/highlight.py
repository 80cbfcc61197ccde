"""Outline several features at once (a story chapter's), drawn like the selection outline."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from typing import Any

import folium
from shapely.geometry import mapping

from dashboard.logic import popups
from dashboard.map.build import HIGHLIGHT_STYLE
from dashboard.map.elements import GeoFeature

TITLE = "Story highlights"


def outline_group(
    items: Iterable[tuple[str, Mapping[str, Any], Any]], names: Mapping[str, str]
) -> folium.FeatureGroup:
    """A group outlining each ``(layer, props, geometry)`` in the selection's bright style."""
    group = folium.FeatureGroup(name=TITLE, control=False)
    for layer, props, geom in items:
        if geom is None or geom.is_empty:
            continue
        fid = str(props.get("id", ""))
        feature = {
            "type": "Feature",
            "id": fid,
            "properties": {"id": fid},
            "geometry": mapping(geom),
        }
        # A stable name per feature: its script is rendered once and reused (map.elements).
        ident = hashlib.sha1(f"story|{layer}|{fid}".encode()).hexdigest()[:10]
        point = geom.geom_type in ("Point", "MultiPoint")
        group.add_child(
            GeoFeature(
                feature,
                HIGHLIGHT_STYLE,
                popups.tooltip_html(layer, props),
                popups.details_html(layer, props, names),
                ident,
                point_radius=16 if point else None,
            )
        )
    return group
