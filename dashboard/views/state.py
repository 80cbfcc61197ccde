"""The selected feature and the map view the app set, kept in session state (``views/keys``)."""

from __future__ import annotations

import streamlit as st

from dashboard.views.keys import BY_CLICK, HOME, NAV, SEL, VIEW


def select(
    layer: str, fid: str, view: tuple[float, float, int] | None = None, *, by_click: bool = False
) -> None:
    """Select a feature and, when ``view`` is given, move the map there."""
    st.session_state[SEL] = (layer, fid)
    st.session_state[BY_CLICK] = by_click
    if view is not None:
        move(*view)


def outlined() -> bool:
    """Whether to outline the selection on the map.

    Not after a click on the map: the clicked feature already has its popup open, and
    changing the drawn groups would redraw every layer and close it.
    """
    return SEL in st.session_state and not st.session_state.get(BY_CLICK, False)


def clear() -> None:
    """Select nothing: no outline, no details."""
    st.session_state.pop(SEL, None)


def move(lat: float, lon: float, zoom: int) -> None:
    """Ask the map to show ``(lat, lon)`` at ``zoom`` on the next run."""
    st.session_state[VIEW] = (float(lat), float(lon), int(zoom))
    st.session_state[NAV] = st.session_state.get(NAV, 0) + 1


def start(lat: float, lon: float, zoom: int) -> None:
    """Start the map at this view (a shared link's); it stays the base map's for the session."""
    st.session_state[HOME] = (float(lat), float(lon), int(zoom))
    st.session_state[VIEW] = st.session_state[HOME]


def home() -> dict:
    """Keyword arguments for ``map.build.base_map`` placing the map at its start view."""
    if HOME not in st.session_state:
        return {}
    lat, lon, zoom = st.session_state[HOME]
    return {"location": (lat, lon), "zoom": zoom}


def map_view() -> tuple[list[float] | None, float | None]:
    """Center and zoom to hand to st_folium (None: leave the user's view alone).

    st_folium only moves the map when the center or the zoom differs from what it was last
    given; alternating a negligible zoom offset makes a second visit to the same zoom level
    still move the map (Leaflet snaps the zoom back to a whole number).
    """
    view = st.session_state.get(VIEW)
    # Before any move the base map itself starts at the view: st_folium would re-apply a
    # center given before the map existed on a later render, undoing the user's first pans.
    if view is None or not st.session_state.get(NAV):
        return None, None
    lat, lon, zoom = view
    nudge = 1e-6 if st.session_state.get(NAV, 0) % 2 else 0.0
    return [lat, lon], zoom + nudge
