"""A chapter's small charts, drawn under its text (the specs come from ``logic/charts``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import streamlit as st

from dashboard.logic import charts, story
from dashboard.logic.i18n import _


@st.cache_data(show_spinner=False, max_entries=4)
def _figures(directory: str) -> list[dict]:
    return charts.load_figures(Path(directory))


@st.cache_data(show_spinner=False, max_entries=4)
def _registry(directory: str) -> dict[str, dict]:
    return story.load_sources(Path(directory))


def draw(chart_ids: Sequence[str], directory: str, names: Mapping[str, str]) -> None:
    """Each chart the chapter names, with its units and a source line under it."""
    rows = _figures(directory)
    for chart_id in chart_ids:
        if chart_id not in charts.CHARTS:
            continue
        if not charts.drawn(chart_id, rows):
            st.caption(_("No figures for this chart in the data."))
            continue
        st.vega_lite_chart(charts.spec(chart_id, rows, names), width="content")
        publishers = ", ".join(charts.sources_of(chart_id, rows, _registry(directory)))
        origin = _(charts.CHARTS[chart_id].origin)
        line = _("Source: {origin}, as reported by {publishers}.").format(
            origin=origin, publishers=publishers
        )
        part = charts.left_out(chart_id, rows)
        if part:
            line += " " + _("Figures for part of a year are not drawn: {n}.").format(n=part)
        st.caption(line)
