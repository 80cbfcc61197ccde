"""The table under the map: the same features as the map; picking a row selects and zooms."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.logic import search, table
from dashboard.logic.layers import Layers
from dashboard.views import keys, state


def _picked() -> None:
    rows = st.session_state[keys.TABLE]["selection"]["rows"]
    shown: list[tuple[str, str, tuple]] = st.session_state.get(keys.TABLE_ROWS, [])
    if rows and rows[0] < len(shown):
        layer, fid, view = shown[rows[0]]
        state.select(layer, fid, view)
    elif not rows:
        state.clear()


def render(visible: Layers, shown: tuple[str, ...], distances: pd.DataFrame | None) -> None:
    """Draw the linked table of what the map shows."""
    frame = table.feature_table(visible, shown, distances)
    where = {}
    for layer in shown:
        gdf = visible.get(layer)
        precision = gdf["precision_m"] if "precision_m" in gdf.columns else [None] * len(gdf)
        for fid, geom, metres in zip(gdf["id"].astype(str), gdf.geometry, precision, strict=True):
            where[layer, fid] = (geom, metres)
    views = []
    for layer_label, fid in zip(frame["Layer"], frame["id"], strict=True):
        layer = table.layer_of(layer_label)
        (lat, lon), zoom = search.view_of(*where[layer, fid])
        views.append((layer, fid, (lat, lon, zoom)))
    st.session_state[keys.TABLE_ROWS] = views
    st.subheader(f"The {len(frame)} features on the map")
    st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        key=keys.TABLE,
        on_select=_picked,
        selection_mode="single-row",
        placeholder="—",  # no distance: not a facility, or no zone active that day
        column_config={
            "Conflict zone km": st.column_config.NumberColumn(
                "km to active zone",
                help="Geodesic distance to the nearest conflict zone active on the map date",
                format="%.1f",
            ),
            "Border km": st.column_config.NumberColumn(
                "km to border",
                help="Geodesic distance to the nearest international land border",
                format="%.1f",
            ),
            "id": st.column_config.TextColumn("Identifier"),
        },
    )
    st.caption("Select a row to outline the feature on the map, zoom to it and read its details.")
