"""The table under the map: one tab per shown layer; picking a row selects and zooms."""

from __future__ import annotations

from functools import partial

import pandas as pd
import streamlit as st

from dashboard.logic import i18n, search, table
from dashboard.logic.i18n import _, ngettext
from dashboard.logic.layers import LAYER_TITLES, Layers
from dashboard.views import keys, state

_KM = "%.1f"
# Column headers and widths per layer: names get the room, codes and dates only what they need
# (a whole 'YYYY-MM-DD' fits in 88 px), so the widest tab, the facilities' eight columns,
# fits a 1400 px window's main column (~930 px) without scrolling sideways.
# In the frame (for tests and the row's feature) but not drawn: the nearest zone's name is in
# the details of the selected facility, and its room goes to the facility's own name.
_HIDDEN = {"id", "Nearest active zone"}
_DATE = 88
# A Russian date is longer ("январь 2026 г. (известен месяц)"): its columns take room from
# the name's, so the facilities' tab keeps its width.
_DATE_RU = 122
# Above 4rem Streamlit's grid wraps a cell's text: three lines hold the longest names and dates
# as precisely as known ("Oct 2020 (month known)") instead of cutting them.
_ROW_PX = 66


def _headers(layer: str) -> dict[str, object]:
    """The column headers and widths of one layer's tab, in the reader's language."""
    text, number = st.column_config.TextColumn, st.column_config.NumberColumn
    russian = i18n.current() == "ru"
    day = _DATE_RU if russian else _DATE
    name = 290 - 2 * (_DATE_RU - _DATE) if russian else 290
    headers: dict[str, dict[str, object]] = {
        "facilities": {
            "Name": text(_("Name"), width=name),
            "Country": text(_("Country"), width=62),
            "What": text(_("Type"), width=110),
            "Status": text(_("Status"), width=80),
            "From": text(_("Opened"), width=day),
            "Until": text(_("Closed"), width=day),
            "Conflict zone km": number(
                _("km to zone"),
                help=_(
                    "Geodesic distance to the nearest conflict zone active on the map date; "
                    "select the row to read the zone's name"
                ),
                format=_KM,
                width=72,
            ),
            "Border km": number(
                _("km to border"),
                help=_("Geodesic distance to the nearest international land border"),
                format=_KM,
                width=90,
            ),
        },
        "conflicts": {
            "Name": text(_("Name"), width="large"),
            "Country": text(_("Countries"), width="medium"),
            "What": text(_("Kind"), width="medium"),
            "Status": text(_("Status"), width=80),
            "From": text(_("From"), width=day),
            "Until": text(_("Until"), width=day),
        },
        "countries": {
            "Name": text(_("Name"), width=220),
            "Country": text(_("ISO3"), width=60),
            "Status": text(_("Status on the map date"), width=150),
            "What": text(_("Role"), width="large"),
        },
    }
    return headers[layer]


def _picked(layer: str) -> None:
    rows = st.session_state[keys.table(layer)]["selection"]["rows"]
    shown: list[tuple[str, str, tuple]] = st.session_state.get(keys.TABLE_ROWS, {}).get(layer, [])
    if rows and rows[0] < len(shown):
        _, fid, view = shown[rows[0]]
        state.select(layer, fid, view)
    elif not rows:
        state.clear()


def _views(visible: Layers, layer: str, frame: pd.DataFrame) -> list[tuple[str, str, tuple]]:
    gdf = visible.get(layer)
    precision = gdf["precision_m"] if "precision_m" in gdf.columns else [None] * len(gdf)
    where = {
        fid: (geom, metres)
        for fid, geom, metres in zip(gdf["id"].astype(str), gdf.geometry, precision, strict=True)
    }
    views = []
    for fid in frame["id"]:
        (lat, lon), zoom = search.view_of(*where[fid])
        views.append((layer, fid, (lat, lon, zoom)))
    return views


@st.cache_resource(show_spinner=False, max_entries=64)
def _shared_rows(
    page: str, names: tuple[str, ...], _visible: Layers, _distances: pd.DataFrame | None
) -> tuple[dict[str, pd.DataFrame], dict[str, list]]:
    # ``page`` names what the rows are made from (the data, the filters, the date, the
    # language: see app.py), so readers on the same page share them; read, never changed.
    frames = {n: table.layer_table(_visible, n, _distances) for n in names}
    return frames, {n: _views(_visible, n, frames[n]) for n in names}


def render(
    visible: Layers,
    shown: tuple[str, ...],
    distances: pd.DataFrame | None,
    user: tuple[str, pd.DataFrame] | None = None,
    more: tuple[tuple[str, pd.DataFrame], ...] = (),
    page: str | None = None,
) -> None:
    """Draw the linked table of what the map shows, one tab per shown layer, a tab for each
    of ``more`` (title and rows: the arms transfers) and a last tab for ``user``, a user's
    layer (its title and its features' properties). ``page``, when given, names everything
    ``visible`` and ``distances`` are made from: the rows are then made once per page."""
    names = table.tabs(shown)
    total = sum(len(visible.get(n)) for n in names)
    heading = ngettext("The {n} feature on the map", "The {n} features on the map", total)
    st.subheader(heading.format(n=total))
    if not names and user is None and not more:
        st.caption(_("No layer is shown: tick one in the sidebar."))
        return
    if page is None:
        frames = {n: table.layer_table(visible, n, distances) for n in names}
        views = {n: _views(visible, n, frames[n]) for n in names}
    else:
        frames, views = _shared_rows(page, tuple(names), visible, distances)
    st.session_state[keys.TABLE_ROWS] = dict(views)
    labels = [f"{_(LAYER_TITLES[n])} ({len(frames[n])})" for n in names]
    labels += [f"{title} ({len(rows)})" for title, rows in more]
    if user is not None:
        labels.append(f"{user[0]} ({len(user[1])})")
    # The selected feature's tab is open, so a row picked in a later tab stays in view when
    # the details above the table push it down and the tabs are drawn anew.
    sel = st.session_state.get(keys.SEL)
    default = labels[names.index(sel[0])] if sel and sel[0] in names else None
    tabs = st.tabs(labels, default=default)
    for name, tab in zip(names, tabs, strict=False):
        frame = frames[name]
        tab.dataframe(
            frame,
            hide_index=True,
            width="stretch",
            key=keys.table(name),
            on_select=partial(_picked, name),
            selection_mode="single-row",
            placeholder="—",  # no distance: no zone active that day, or no date known
            column_order=[c for c in frame.columns if c not in _HIDDEN],
            column_config=_headers(name),
            row_height=_ROW_PX,
        )
    for (_title, rows), tab in zip(more, tabs[len(names) :], strict=False):
        tab.dataframe(rows, hide_index=True, width="stretch", row_height=_ROW_PX)
    if user is not None:
        # The file's own columns, as read (a grid shows text as text, never as HTML).
        tabs[-1].dataframe(user[1], hide_index=True, width="stretch", row_height=_ROW_PX)
    st.caption(
        _("Select a row to outline the feature on the map, zoom to it and read its details.")
    )
