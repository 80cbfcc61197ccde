"""The map itself: the filtered layers, the selection outline, a user's layer; clicks select."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping

import folium
import geopandas as gpd
import shapely
import streamlit as st
from streamlit_folium import st_folium

from dashboard import mapview, popups
from dashboard.layers import Layers
from dashboard.views import state

KEY = "map"
CLICK_SEEN = "_click_seen"
GROUPS = "_map_groups"
MEMO_SIZE = 8


def take_click(visible: Layers, shown: tuple[str, ...]) -> None:
    """Select the feature clicked on the map, once per click.

    st_folium's on-change callback has stored the click before this run started, so the
    selection (and its outline) follows the click in this same run.
    """
    tooltip = (st.session_state.get(KEY) or {}).get("last_object_clicked_tooltip")
    if not tooltip or tooltip == st.session_state.get(CLICK_SEEN):
        return
    st.session_state[CLICK_SEEN] = tooltip
    found = popups.find_by_tooltip({n: visible.get(n) for n in shown}, tooltip)
    if found:
        layer, props = found
        state.select(layer, str(props["id"]), by_click=True)


def _digest(gdf: gpd.GeoDataFrame) -> str:
    """Return a fingerprint of a frame's attributes and shapes: what its drawn group shows."""
    h = hashlib.sha1()
    h.update(gdf.drop(columns=gdf.geometry.name).to_json(default_handler=str).encode())
    h.update(b"".join(g or b"" for g in shapely.to_wkb(gdf.geometry.values)))
    return h.hexdigest()


def _layer_groups(
    visible: Layers, shown: tuple[str, ...], basemap: str, names: Mapping[str, str]
) -> list[folium.FeatureGroup]:
    """Return the data layers' groups, built once per distinct content in this session.

    Going back to an earlier filter or date reuses its groups, and their scripts are already
    rendered (see ``dashboard.elements``).
    """
    key = (
        basemap,
        shown,
        tuple(_digest(visible.get(n)) for n in shown),
        tuple(sorted(names.items())),
    )
    memo: dict = st.session_state.setdefault(GROUPS, {})
    if key not in memo:
        while len(memo) >= MEMO_SIZE:
            memo.pop(next(iter(memo)))
        memo[key] = mapview.build_layers(
            visible.countries,
            visible.facilities,
            visible.conflicts,
            basemap=basemap,
            show=shown,
            country_names=names,
        )
    return memo[key]


def render(
    visible: Layers,
    shown: tuple[str, ...],
    basemap: str,
    names: Mapping[str, str],
    extra: Mapping[str, folium.FeatureGroup],
) -> None:
    """Draw the map; the base map stays the same across runs so the user's view is kept."""
    groups = _layer_groups(visible, shown, basemap, names) + list(extra.values())
    center, zoom = state.map_view()
    st_folium(
        mapview.base_map(**state.home()),
        key=KEY,
        height=mapview.MAP_HEIGHT,
        use_container_width=True,
        feature_group_to_add=groups,
        layer_control=mapview.layer_control(),
        returned_objects=["last_object_clicked_tooltip"],
        center=center,
        zoom=zoom,
    )
