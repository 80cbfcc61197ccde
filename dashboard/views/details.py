"""The details panel of the selected feature, distances included."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import streamlit as st

from dashboard.logic import howweknow, popups, style
from dashboard.logic.i18n import _
from dashboard.logic.layers import Layers
from dashboard.logic.table import lookup
from dashboard.views import keys, state


def selected_props(
    dated: Layers, sel: tuple[str, str] | None, distances: pd.DataFrame | None
) -> dict | None:
    """Properties of the selected feature as of the map date, with distances for a facility."""
    if not sel:
        return None
    layer, fid = sel
    props = lookup(dated, layer, fid)
    if props is None:
        return None
    props = dict(props)
    if layer == "facilities" and distances is not None and fid in distances.index:
        props.update(distances.loc[fid].to_dict())
    return props


def render(
    layer: str,
    props: Mapping,
    names: Mapping[str, str],
    *,
    on_map: bool,
    registry: Mapping[str, Mapping] | None = None,
) -> None:
    """Draw the details box, sources named from ``registry``; say so when the feature is not
    on the map right now."""
    with st.container(border=True, key=keys.DETAILS):
        if not on_map:
            st.caption(_("Not on the map with the current date, layers and filters."))
        shown = {k: v for k, v in props.items() if k != "geometry"}
        evidence = howweknow.evidence_html(shown.get("evidence"), registry)
        html = popups.details_html(layer, shown, names, registry, how_we_know=evidence)
        st.html(style.PANEL_CSS + html)
        st.button(_("Close"), key=keys.CLEAR_SEL, on_click=state.clear, icon=":material/close:")
