"""The timeline under the map: clicking an event moves the map to its date."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from dashboard.logic import i18n, timeline, timeline_chart, urlstate
from dashboard.logic.i18n import _, ngettext
from dashboard.logic.layers import Layers
from dashboard.views import keys


def _picked() -> None:
    day = timeline_chart.date_from_selection(st.session_state.get(keys.TIMELINE))
    if day is not None and urlstate.MIN_DATE <= day <= date.today():
        # A callback runs before the script, so the date slider can still be changed here.
        st.session_state[keys.DATE] = day
        # The panel beside the map says what happened that day, its feature selected.
        st.session_state[keys.EVENT_DAY] = day
        st.session_state[keys.EVENT_FRESH] = True


@st.cache_data(show_spinner=False, max_entries=64)
def _spec(events: pd.DataFrame, on: date, today: date, lang: str) -> dict:
    # Building the Altair chart and turning it into Vega-Lite took ~20 ms a run; the events
    # change only with the filters, the rule with the map date. Checking the spec against
    # Vega-Lite's schema took another ~50 ms: the tests check the chart's spec instead.
    # ``lang`` keys the cache: the chart's titles and legend are words.
    return timeline_chart.chart(events, on, start=urlstate.MIN_DATE, end=today).to_dict(
        validate=False
    )


def render(
    events: pd.DataFrame, on: date, picked: Layers | None = None, shown: tuple[str, ...] = ()
) -> None:
    """Draw the events chart with a rule at the map date.

    With ``picked`` (the layers as the filters narrow them, any date) only the events of the
    shown, picked features are drawn, unless the user switches to every event.
    """
    st.subheader(_("Timeline"))
    every = st.toggle(
        _("Show all events"),
        key=keys.TIMELINE_ALL,
        help=_("Off: only the events of the layers and features the sidebar's filters keep."),
    )
    if picked is not None and not every:
        events = timeline.follow(events, {n: picked.get(n)["id"] for n in shown})
    n = len(events)
    words = ngettext(
        "{n} event. Click one to see the map on that day; the dashed line is the map date.",
        "{n} events. Click one to see the map on that day; the dashed line is the map date.",
        n,
    )
    st.caption(words.format(n=n))
    st.vega_lite_chart(
        _spec(events, on, date.today(), i18n.current()),
        on_select=_picked,
        selection_mode=timeline_chart.SELECTION,
        key=keys.TIMELINE,
        width="stretch",
    )
