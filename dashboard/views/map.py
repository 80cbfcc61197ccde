"""The map itself: the filtered layers, the selection outline, a user's layer; clicks select.

What this relies on in streamlit-folium (0.27.4) beyond its documented arguments, each pinned
by tests/test_streamlit_folium_contract.py:

- The base map is named ``map_<_id>`` (``get_full_id``), and that name becomes ``map_div`` in
  the groups' scripts. ``map.build.base_map`` fixes ``_id = "csto"``, so every session's
  scripts are the same text and built groups can be shared between sessions.
- Each group in ``feature_group_to_add`` gets ``_id = "feature_group_<place>"`` and each of its
  elements ``_id = "feature_group_<place>_<i>"``: names depend only on places, so the cache
  key below includes the place.
- Each group is rendered twice per run (``group.render()``, then once more after the renaming),
  each element through ``element._template.module.script(element)``. ``map.elements`` answers
  that call with a script remembered per name, so an unchanged group costs no rendering.
- A click is copied into ``st.session_state[keys.MAP]`` by st_folium's on-change callback before
  the next run, under ``last_object_clicked_tooltip``; ``take_click`` reads it there.
- The component frame exposes ``window.Streamlit``, through which the base map's script says
  the map has drawn (``map.build.DRAWN_SIGNAL``, see ``views/progressive``).
- ``center`` and ``zoom`` move the map only when they differ from the last ones given
  (``views/state.map_view``; covered by the browser tests).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping

import folium
import geopandas as gpd
import shapely
import streamlit as st
from streamlit_folium import st_folium

from dashboard.logic import framing, popups
from dashboard.logic.layers import Layers
from dashboard.map import build
from dashboard.views import keys, state

GROUPS_KEPT = 128


def take_click(visible: Layers, shown: tuple[str, ...]) -> None:
    """Select the feature clicked on the map, once per click.

    st_folium's on-change callback has stored the click before this run started, so the
    selection (and its outline) follows the click in this same run.
    """
    tooltip = (st.session_state.get(keys.MAP) or {}).get("last_object_clicked_tooltip")
    if not tooltip or tooltip == st.session_state.get(keys.CLICK_SEEN):
        return
    st.session_state[keys.CLICK_SEEN] = tooltip
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


@st.cache_resource(show_spinner=False, max_entries=GROUPS_KEPT)
def _group(
    key: tuple, _gdf: gpd.GeoDataFrame | None, _names: Mapping
) -> folium.FeatureGroup | None:
    # ``key`` says everything the group shows, and where it sits in the list; the underscored
    # arguments are not hashed.
    what = key[0]
    if what == "basemap":
        return build.basemap_group(key[2])
    return build.layer_group(what, _gdf, _names)


def _layer_groups(
    visible: Layers, shown: tuple[str, ...], basemap: str, names: Mapping[str, str]
) -> list[folium.FeatureGroup]:
    """Return the data layers' groups, each built once per distinct content for all sessions.

    A filter that changes one layer rebuilds only that layer's group; a new visitor, or going
    back to an earlier filter or date, reuses groups whose scripts are already rendered (see
    ``dashboard.elements``). Sharing them is safe: every session's map has the same fixed id,
    and st_folium numbers groups by their place in the list, which is part of the key, so the
    scripts rendered from a group are the same whichever session renders them.
    """
    names_key = tuple(sorted(names.items()))

    def cached(what: str, place: int, gdf: gpd.GeoDataFrame | None):
        content = basemap if gdf is None else _digest(gdf)
        return _group((what, place, content, names_key), gdf, names)

    return build.build_layers(
        visible.countries,
        visible.facilities,
        visible.conflicts,
        basemap=basemap,
        show=shown,
        country_names=names,
        make_group=cached,
    )


def zoom_button(visible: Layers, shown: tuple[str, ...]) -> None:
    """Offer to frame what the filters keep (every shown layer's features)."""
    bounds = framing.bounds_of(visible.get(n) for n in shown)
    st.button(
        "Zoom to selection",
        key=keys.ZOOM_TO_SELECTION,
        on_click=state.move,
        args=framing.frame(bounds) if bounds else (),
        disabled=bounds is None,
        icon=":material/center_focus_strong:",
        help="Frame the countries, facilities and zones the filters keep",
    )


def extra_switched(extra: Mapping[str, folium.FeatureGroup]) -> bool:
    """Whether any extra group belongs in the map's layer control."""
    return any(group.control for group in extra.values())


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
        build.base_map(**state.home()),
        key=keys.MAP,
        height=build.MAP_HEIGHT,
        use_container_width=True,
        feature_group_to_add=groups,
        # Only layers the sidebar does not switch (an upload, test points) get a control.
        layer_control=build.layer_control() if extra_switched(extra) else None,
        returned_objects=["last_object_clicked_tooltip"],
        center=center,
        zoom=zoom,
    )
