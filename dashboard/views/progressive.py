"""Map first: a session's first run sends the map, and the sidebar and the parts under the
map follow.

The sidebar's widgets, the table, the timeline, the downloads and the notes about the data
make the browser fetch and draw their parts of Streamlit's frontend. On a new page they
competed with the map for the same two cores, so on a session's first run they wait: the
map is drawn from the controls' start values (``sidebar.current``), it reports once its
first layers are on screen (``map.build.DRAWN_SIGNAL``), which reruns the app, and every later
run draws the page whole. Should the report never come, a timer reruns the app after
``FALLBACK_S`` seconds.
"""

from __future__ import annotations

import streamlit as st

from dashboard.views import keys

FALLBACK_S = 4.0


def rest_due() -> bool:
    """Return False only in a session's first run: then only the map and its legend go out."""
    due = bool(st.session_state.get(keys.PAGE_SEEN))
    st.session_state[keys.PAGE_SEEN] = True
    return due


def already_drawn() -> None:
    """Run the whole page now if the browser's map has drawn before this session began.

    A browser reconnecting to a new session (e.g. after its replica died) keeps its mounted
    map, which will not report again; its first run carries the map's last value, which
    st_folium has read by now. Called after the map in a session's first run.
    """
    value = st.session_state.get(keys.MAP)
    if isinstance(value, dict) and any(value.values()):
        st.rerun()


def sidebar_note() -> None:
    """Hold the sidebar's place (no jump when its controls arrive) and say they are coming."""
    st.sidebar.caption("Loading the date, search, layer and filter controls…")


def waiting_note() -> None:
    """Say what is coming, and make sure it comes even if the map never reports."""
    st.caption("Loading the table, the timeline and the downloads…")
    _fallback()


@st.fragment(run_every=FALLBACK_S)
def _fallback() -> None:
    # Runs once with the page, then on each tick; the first tick reruns the whole app, whose
    # later runs no longer call this, which stops the timer.
    if st.session_state.get(keys.PAGE_TICKED):
        st.rerun()
    st.session_state[keys.PAGE_TICKED] = True
