"""The arms transfers beside and under the map: legend, table rows, download."""

from __future__ import annotations

from collections.abc import Mapping

import geopandas as gpd
import pandas as pd
import streamlit as st

from dashboard.logic import arms, style
from dashboard.views import keys


def legend(names: Mapping[str, str]) -> None:
    """The arms transfers' legend: a colour a supplier, what the width says."""
    st.html(
        style.arms_legend_html({iso: arms.name_of(iso, names) for iso in style.SUPPLIER_COLOURS})
    )


def rows(frame: gpd.GeoDataFrame, names: Mapping[str, str]) -> tuple[str, pd.DataFrame]:
    """The table tab's title and rows."""
    return arms.TITLE, pd.DataFrame(arms.table(frame, names))


def download(frame: gpd.GeoDataFrame, deals: Mapping[str, Mapping]) -> None:
    """The drawn deals as GeoJSON, with their evidence."""
    st.download_button(
        f"Download arms transfers (GeoJSON, {len(frame)})",
        arms.geojson_bytes(frame, deals),
        file_name="csto-arms-transfers.geojson",
        mime="application/geo+json",
        key=keys.DOWNLOAD_ARMS,
        icon=":material/download:",
        on_click="ignore",
    )
