"""The map's features as one readable table: a row per drawn feature, no geometry."""

from __future__ import annotations

from collections.abc import Collection, Mapping

import geopandas as gpd
import pandas as pd

from dashboard.logic import asof
from dashboard.logic.i18n import _, ngettext
from dashboard.logic.known import field_as_known
from dashboard.logic.layers import LAYER_LABELS, LAYER_TITLES, Layers
from dashboard.logic.popups import display_name
from dashboard.logic.search import as_list
from dashboard.logic.style import label

# Short columns first, so the distances are visible without scrolling sideways.
COLUMNS = [
    "Layer",
    "Name",
    "Country",
    "Status",
    "From",
    "Until",
    "Conflict zone km",
    "Nearest active zone",
    "Border km",
    "Nearest border",
    "What",
    "id",
]
# One tab per layer under the map, facilities first: they are what most people look up.
TAB_ORDER = ("facilities", "conflicts", "countries")
# The columns each layer's tab shows (``id`` stays in the frame to find the row's feature).
LAYER_COLUMNS: dict[str, list[str]] = {
    "facilities": [
        "Name",
        "Country",
        "What",
        "Status",
        "From",
        "Until",
        "Conflict zone km",
        "Nearest active zone",
        "Border km",
        "id",
    ],
    "conflicts": ["Name", "Country", "What", "Status", "From", "Until", "id"],
    "countries": ["Name", "Country", "Status", "What", "id"],
}
# Irregular plurals of the words the app counts things in; the rest add an "s".
_PLURALS = {"country": "countries"}


def plural(word: str, n: int) -> str:
    """``word`` for ``n`` things: "1 country", "2 countries"."""
    if n == 1:
        return word
    return _PLURALS.get(word, word + "s")


def counted(n: int, layer: str) -> str:
    """``n`` features of ``layer`` in words: "1 country", "3 conflict zones" (in Russian with
    the form the number asks for)."""
    forms = {
        "countries": ngettext("{n} country", "{n} countries", n),
        "conflicts": ngettext("{n} conflict zone", "{n} conflict zones", n),
        "facilities": ngettext("{n} facility", "{n} facilities", n),
    }
    if layer in forms:
        return forms[layer].format(n=n)
    word = _(LAYER_LABELS[layer]).lower()
    many = _(LAYER_TITLES[layer]).lower()
    return f"{n} {word if n == 1 else many}"


def _country_rows(gdf: gpd.GeoDataFrame) -> list[dict]:
    return [
        {
            "Layer": LAYER_LABELS["countries"],
            "Name": display_name(r),
            "Country": r["iso3"],
            "What": r.get("role", ""),
            "Status": label("status", r.get("status", r.get("csto_status", ""))),
            "id": str(r["id"]),
        }
        for r in gdf.drop(columns=gdf.geometry.name).to_dict("records")
    ]


def _conflict_rows(gdf: gpd.GeoDataFrame) -> list[dict]:
    return [
        {
            "Layer": LAYER_LABELS["conflicts"],
            "Name": display_name(r),
            "Country": ", ".join(as_list(r.get("countries"))),
            "What": label("kind", r.get("kind", "")),
            "Status": _("active")
            if r.get("active", asof.to_date(r.get("end")) is None)
            else _("ended"),
            "From": field_as_known(r, "start"),
            "Until": field_as_known(r, "end"),
            "id": str(r["id"]),
        }
        for r in gdf.drop(columns=gdf.geometry.name).to_dict("records")
    ]


def _facility_rows(gdf: gpd.GeoDataFrame, distances: pd.DataFrame | None) -> list[dict]:
    rows = []
    for r in gdf.drop(columns=gdf.geometry.name).to_dict("records"):
        fid = str(r["id"])
        d = distances.loc[fid] if distances is not None and fid in distances.index else {}
        rows.append(
            {
                "Layer": LAYER_LABELS["facilities"],
                "Name": display_name(r),
                "Country": r.get("country", ""),
                "What": label("facility_type", r.get("facility_type", "")),
                "Status": label("status", r.get("status", "")),
                "From": field_as_known(r, "opened"),
                "Until": field_as_known(r, "closed"),
                "Conflict zone km": d.get("conflict_km"),
                "Nearest active zone": d.get("nearest_conflict"),
                "Border km": d.get("border_km"),
                "Nearest border": d.get("nearest_border"),
                "id": fid,
            }
        )
    return rows


def feature_table(
    visible: Layers, shown: Collection[str], distances: pd.DataFrame | None = None
) -> pd.DataFrame:
    """One row per feature of the shown layers, in drawing order; ``id`` and ``Layer`` say which.

    ``distances`` is :func:`dashboard.distances.facility_distances`' frame, indexed by id.
    """
    rows: list[dict] = []
    if "countries" in shown:
        rows += _country_rows(visible.countries)
    if "conflicts" in shown:
        rows += _conflict_rows(visible.conflicts)
    if "facilities" in shown:
        rows += _facility_rows(visible.facilities, distances)
    out = pd.DataFrame(rows, columns=COLUMNS)
    for col in ("Conflict zone km", "Border km"):
        out[col] = pd.to_numeric(out[col], errors="coerce").round(1)
    for col in COLUMNS:
        if col not in ("Conflict zone km", "Border km"):
            out[col] = out[col].astype(object).where(out[col].notna(), "")
    return out


def tabs(shown: Collection[str]) -> list[str]:
    """The shown layers in the order of the table's tabs."""
    return [name for name in TAB_ORDER if name in shown]


def layer_table(visible: Layers, layer: str, distances: pd.DataFrame | None = None) -> pd.DataFrame:
    """The rows of one layer with the columns its tab shows."""
    return feature_table(visible, (layer,), distances)[LAYER_COLUMNS[layer]]


def layer_of(label: str) -> str:
    """The layer name of a table row's ``Layer`` label."""
    return {v: k for k, v in LAYER_LABELS.items()}[label]


def lookup(data: Layers, layer: str, fid: str) -> Mapping | None:
    """Properties of feature ``fid`` in ``layer`` (geometry included), or None."""
    gdf = data.get(layer)
    hit = gdf.loc[gdf["id"].astype(str) == fid]
    return None if hit.empty else hit.iloc[0].to_dict()
