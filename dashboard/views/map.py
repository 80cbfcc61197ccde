"""The map itself: the filtered layers, the selection outline, a user's layer; clicks select.

What this relies on in streamlit-folium (0.27.4) beyond its documented arguments, each pinned
by tests/test_streamlit_folium_contract.py:

- The base map is named ``map_<_id>`` (``get_full_id``), and that name becomes ``map_div`` in
  the groups' scripts. ``map.build.base_map`` fixes ``_id = "csto"``, so every session's
  scripts are the same text and built groups can be shared between sessions.
- Each group in ``feature_group_to_add`` gets ``_id = "feature_group_<place>"`` and each of its
  elements ``_id = "feature_group_<place>_<i>"``: names depend only on places.
- Each group is rendered twice per run (``group.render()``, then once more after the renaming),
  each element through ``element._template.module.script(element)``. ``map.elements`` answers
  that call with a script remembered per name, so an unchanged group costs no rendering.
- The groups are sent as one script on every run and evaluated again whenever it changes,
  after every group of the last run is removed; then a click handler is bound to every layer
  the map holds. The data layers therefore travel as a small state (``map.layerstate``) that
  the base map's script applies to features it read once from a static file, inside
  holder layers that are on the map from its first render (``map/js/layers.js``).
- A click is copied into ``st.session_state[keys.MAP]`` by st_folium's on-change callback before
  the next run, under ``last_object_clicked_tooltip``; ``take_click`` reads it there. The
  ``on_change`` given to st_folium runs after that copy (``progressive.map_changed``).
- The component frame exposes ``window.Streamlit``, through which the base map's script says
  the map has drawn a state that asked for it (``map.build.DRAWN_SIGNAL`` and the state's
  report number, see ``views/progressive``).
- ``center`` and ``zoom`` move the map only when they differ from the last ones given
  (``views/state.map_view``; covered by the browser tests).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

import folium
import streamlit as st
from streamlit_folium import st_folium

from dashboard.logic import framing, popups
from dashboard.logic.i18n import _
from dashboard.logic.layers import LAYER_NAMES, Layers
from dashboard.map import build, layerstate
from dashboard.views import keys, progressive, state


@dataclass(frozen=True)
class LayersFile:
    """The data layers' file: its name under the static folder, and each feature's look."""

    name: str
    looks: Mapping[str, Mapping[str, dict]]


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


@st.cache_resource(show_spinner=False, max_entries=4)
def layers_file(
    directory: str, digest: str, _data: Layers, _names: Mapping, on: date, lang: str
) -> LayersFile:
    """Write the data layers' file for the data in ``directory`` (as ``digest`` says they are)
    with the looks of ``on`` in the language ``lang`` (its hover texts and popups are words);
    once per process, data and language, shared by every session."""
    content = layerstate.file_content(layerstate.file_frames(_data, on), _names)
    return LayersFile(layerstate.write_file(content), layerstate.base_looks(content))


# The map beside the panel is about this big on a laptop (views/reading): frames fit it.
FIT_PX = (540, 600)


def frame_of(frames) -> tuple | None:
    """(lat, lon, zoom) framing every shape of ``frames`` in the map, or None for none."""
    bounds = framing.bounds_of(frames)
    return framing.frame(bounds, *FIT_PX) if bounds else None


def zoom_button(visible: Layers, shown: tuple[str, ...]) -> None:
    """Offer to frame what the filters keep (every shown layer's features)."""
    view = frame_of(visible.get(n) for n in shown)
    st.button(
        _("Zoom to selection"),
        key=keys.ZOOM_TO_SELECTION,
        on_click=state.move,
        args=view or (),
        disabled=view is None,
        icon=":material/center_focus_strong:",
        help=_("Frame the countries, facilities and zones the filters keep"),
    )


def extra_switched(extra: Mapping[str, folium.FeatureGroup]) -> bool:
    """Whether any extra group belongs in the map's layer control."""
    return any(group.control for group in extra.values())


@st.cache_resource(show_spinner=False, max_entries=64)
def _shared_state(page: str, file: str, _frames: Mapping, _looks: Mapping, _names: Mapping) -> dict:
    # ``page`` names what the frames and names are made from (see app.py) and ``file`` the
    # looks: readers on the same page share the state; read, never changed.
    return layerstate.state(_frames, _looks, _names)


def render(
    visible: Layers,
    shown: tuple[str, ...],
    basemap: str,
    names: Mapping[str, str],
    extra: Mapping[str, folium.FeatureGroup],
    file: LayersFile,
    report: int | None = None,
    page: str | None = None,
) -> None:
    """Draw the map; the base map stays the same across runs so the user's view is kept, and
    the data layers travel as a state applied to the features of ``file``. The map says when
    it has drawn a state with a new ``report`` number (``views/progressive``). ``page``, when
    given, names everything ``visible``, ``shown`` and ``names`` are made from: the state is
    then made once per page."""
    frames = {n: visible.get(n) for n in LAYER_NAMES if n in shown}
    if page is None:
        drawn = layerstate.state(frames, file.looks, names)
    else:
        drawn = _shared_state(page, file.name, frames, file.looks, names)
    run_state = {**drawn, "report": report}
    groups = build.map_groups(layerstate.state_group(run_state), basemap=basemap, extra=extra)
    center, zoom = state.map_view()
    st_folium(
        build.base_map(**state.home(), layers_file=file.name),
        key=keys.MAP,
        height=build.MAP_HEIGHT,
        use_container_width=True,
        feature_group_to_add=groups,
        # Only layers the sidebar does not switch (an upload, test points) get a control.
        layer_control=build.layer_control() if extra_switched(extra) else None,
        returned_objects=["last_object_clicked_tooltip"],
        center=center,
        zoom=zoom,
        on_change=progressive.map_changed,
    )
