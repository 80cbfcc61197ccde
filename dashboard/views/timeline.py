"""The timeline under the map: clicking an event moves the map to its date."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from dashboard.logic import timeline, urlstate
from dashboard.views import keys


def _picked() -> None:
    day = timeline.date_from_selection(st.session_state.get(keys.TIMELINE))
    if day is not None and urlstate.MIN_DATE <= day <= date.today():
        # A callback runs before the script, so the date slider can still be changed here.
        st.session_state[keys.DATE] = day


@st.cache_data(show_spinner=False, max_entries=64)
def _spec(events: pd.DataFrame, on: date) -> dict:
    # Building the Altair chart and turning it into Vega-Lite took ~20 ms a run, and a filter
    # change does not change it: the events are all events, the rule is the map date.
    return timeline.chart(events, on, start=urlstate.MIN_DATE).to_dict()


def render(events: pd.DataFrame, on: date) -> None:
    """Draw the events chart with a rule at the map date."""
    st.subheader("Timeline")
    st.caption("Click an event to see the map on that day; the dashed line is the map date.")
    st.vega_lite_chart(
        _spec(events, on),
        on_select=_picked,
        selection_mode=timeline.SELECTION,
        key=keys.TIMELINE,
        width="stretch",
    )
