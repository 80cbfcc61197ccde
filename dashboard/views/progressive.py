"""Map first: a session's first run sends the map, and the sidebar and the parts under the
map follow; later, a change made with the controls redraws the map before the rest.

The sidebar's widgets, the table, the timeline, the downloads and the notes about the data
make the browser fetch and draw their parts of Streamlit's frontend. On a new page they
competed with the map for the same two cores, so on a session's first run they wait: the
map is drawn from the controls' start values (``sidebar.current``), it reports once its
first layers are on screen (``map.build.DRAWN_SIGNAL``), which reruns the app, and every later
run draws the page whole. Should the report never come, a timer reruns the app after
``FALLBACK_S`` seconds.

Later, the controls and the map are one fragment (``app._controls_and_map``): a filter, the
date, a story chapter or a click on the map reruns only that fragment, so the browser redraws
the sidebar and the map alone, and the map asks for the rest of the page once it shows the
change. The map's state then carries a new report number (``report``), the map says it has
drawn it, and that report reruns the whole app, which draws the table, the timeline and the
downloads for the same choices. Until then the parts under the map wait, as in any run.
"""

from __future__ import annotations

from collections.abc import Hashable
from contextlib import contextmanager

import streamlit as st

from dashboard.logic.i18n import _
from dashboard.map.build import DRAWN_SIGNAL
from dashboard.views import keys

FALLBACK_S = 4.0


@contextmanager
def whole_app():
    """Mark the code inside as part of a run of the whole app (not of a fragment alone)."""
    st.session_state[keys.APP_RUN] = True
    try:
        yield
    finally:
        st.session_state[keys.APP_RUN] = False


def fragment_alone() -> bool:
    """Whether this run is a fragment's alone: the page outside it stays as it was drawn."""
    return not st.session_state.get(keys.APP_RUN)


def map_changed() -> None:
    """Keep the number the map reports (st_folium's on-change callback, before the run): the
    map's next value, such as a move, replaces it there."""
    value = st.session_state.get(keys.MAP)
    if isinstance(value, dict) and value.get(DRAWN_SIGNAL):
        st.session_state[keys.REPORTED] = value[DRAWN_SIGNAL]


def follow_report() -> None:
    """Run the whole app now if the map has drawn the state this fragment asked a report of
    and the rest of the page still waits for it. Called first in the controls-and-map
    fragment."""
    ss = st.session_state
    waiting = ss.get(keys.REST_WAITING) and ss.get(keys.REPORTED) == ss.get(keys.REPORT)
    if fragment_alone() and waiting:
        st.rerun()


def wait_for_map() -> None:
    """In a fragment's run whose map must report, make sure the rest of the page comes even
    if the report never does (a timer, as in a session's first run)."""
    if fragment_alone() and st.session_state.get(keys.REST_WAITING):
        _fallback()


def report(inputs: Hashable, first: bool) -> int | None:
    """Return the report number the map's state carries, after deciding whether the map must
    say when it has drawn this run's state.

    It must in a session's first run (map first), and in a fragment's run whose ``inputs`` (what
    the parts under the map are drawn from) differ from those the page shows; the number stays
    the same otherwise, so an unchanged state is not resent."""
    ss = st.session_state
    if first or (fragment_alone() and inputs != ss.get(keys.REST_INPUTS)):
        ss[keys.REPORT] = ss.get(keys.REPORT, 0) + 1
        ss[keys.REST_WAITING] = True
        ss[keys.PAGE_TICKED] = False
    return ss.get(keys.REPORT)


def rest_drawn(inputs: Hashable) -> None:
    """Record that the parts under the map now show ``inputs``."""
    st.session_state[keys.REST_INPUTS] = inputs
    st.session_state[keys.REST_WAITING] = False


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
    st.sidebar.caption(_("Loading the date, search, layer and filter controls…"))


def waiting_note(*, say: bool = True) -> None:
    """Say what is coming (unless ``say`` is False: an embed shows nothing under the map),
    and make sure it comes even if the map never reports."""
    if say:
        st.caption(_("Loading the table, the timeline and the downloads…"))
    _fallback()


@st.fragment(run_every=FALLBACK_S)
def _fallback() -> None:
    # Runs once with the page (or the fragment that waits), then on each tick; the first tick
    # reruns the whole app, whose later runs no longer call this, which stops the timer.
    if st.session_state.get(keys.PAGE_TICKED):
        st.rerun()
    st.session_state[keys.PAGE_TICKED] = True
