"""The arms transfers beside and under the map: legend, table rows, download."""

from __future__ import annotations

from collections.abc import Mapping

import geopandas as gpd
import pandas as pd
import streamlit as st

from dashboard.logic import arms, i18n, style
from dashboard.logic.i18n import N_, _
from dashboard.views import keys


def legend(names: Mapping[str, str]) -> None:
    """The arms transfers' legend: a colour a supplier, what the width says."""
    st.html(
        style.arms_legend_html({iso: arms.name_of(iso, names) for iso in style.SUPPLIER_COLOURS})
    )


# The table's column headers, in the reader's language where shown.
HEADERS = {
    "deal": N_("Deal"),
    "category": N_("Category"),
    "ordered": N_("Ordered"),
    "delivered": N_("Delivered"),
    "number": N_("Number delivered"),
    "notes": N_("Notes"),
    "sources": N_("Sources"),
    "id": N_("Id"),
}


def rows(frame: gpd.GeoDataFrame, names: Mapping[str, str]) -> tuple[str, pd.DataFrame]:
    """The table tab's title and rows, headed in the reader's language."""
    table = pd.DataFrame(arms.table(frame, names), columns=list(HEADERS))
    return _(arms.TITLE), table.rename(columns={k: _(v) for k, v in HEADERS.items()})


def download(frame: gpd.GeoDataFrame, deals: Mapping[str, Mapping]) -> None:
    """The drawn deals as GeoJSON, with their evidence."""
    st.download_button(
        _("Download arms transfers (GeoJSON, {count})").format(
            count=i18n.format_number(len(frame))
        ),
        arms.geojson_bytes(frame, deals),
        file_name="csto-arms-transfers.geojson",
        mime="application/geo+json",
        key=keys.DOWNLOAD_ARMS,
        icon=":material/download:",
        on_click="ignore",
    )
