"""The data layers as one static file plus, per run, a small state (drawn by js/layers.js).

Every feature of the loaded data goes once into ``dashboard/static/layers/layers-<hash>.json``
with its shape and its look (hover text, short popup, style or symbol) on the statuses of
the day the file is written. A run of the app sends only a state: the ids on the map, in
drawing order, and the full look of each feature that looks different on the map date.
What the browser draws is therefore exactly what ``look`` gives for the frames the filters
keep, the same frames the table and the downloads use.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

import folium
import geopandas as gpd
import pandas as pd
from shapely.geometry import mapping

from dashboard.logic import asof, popups, style
from dashboard.logic.export import plain
from dashboard.logic.layers import LAYER_NAMES, Layers
from dashboard.map import encoding, offline
from dashboard.map.elements import StateScript

Names = Mapping[str, str]
Look = dict[str, Any]
FILES_KEPT = 16
STATE_TITLE = "Layers"


def _props(row: Mapping[str, Any]) -> dict[str, Any]:
    return {k: plain(v) for k, v in row.items() if k != "geometry"}


def facility_icon(props: Mapping[str, Any]) -> dict[str, Any]:
    """Return the Leaflet divIcon options for a facility: SVG glyph by type and status."""
    ftype = str(props.get("facility_type", ""))
    status = str(props.get("status", "active"))
    svg = style.facility_svg(ftype, status)
    type_class = "-".join(ftype.split()) or "unknown"
    return {
        "html": f'<span data-id="{popups.text(props.get("id", ""))}">{svg}</span>',
        "className": f"facility-icon facility-{popups.text(type_class)}",
        "iconSize": [20, 20],
        "iconAnchor": [10, 10],
        "popupAnchor": [0, -8],
        "tooltipAnchor": [0, -8],
    }


def _is_line(geom: Any) -> bool:
    return geom is not None and geom.geom_type in ("LineString", "MultiLineString")


def look(layer: str, props: Mapping[str, Any], geom: Any, names: Names) -> Look:
    """Return how one feature is drawn: ``t`` hover text, ``p`` popup, and ``s`` its path
    style (countries, zones) or ``i`` its symbol (facilities). All HTML is escaped."""
    out: Look = {
        "t": popups.tooltip_html(layer, props),
        "p": popups.popup_html(layer, props, names),
    }
    if layer == "facilities":
        out["i"] = facility_icon(props)
    elif layer == "countries":
        status = props.get("status") or props.get("csto_status") or ""
        vote = props.get("vote")
        vote = None if popups.is_missing(vote) else str(vote)
        out["s"] = {**style.country_style(str(status), vote), "className": "csto-country"}
    else:
        ongoing = props.get("active")
        if ongoing is None:
            ongoing = popups.is_missing(props.get("end"))
        out["s"] = style.zone_style(bool(ongoing), _is_line(geom))
    return out


def _shape(layer: str, geom: Any) -> Any:
    if geom is None or geom.is_empty:
        return None
    if layer == "facilities":
        return [round(geom.y, 6), round(geom.x, 6)]
    return encoding.encode_geometry(mapping(geom))


def looks(layer: str, gdf: gpd.GeoDataFrame, names: Names) -> dict[str, Look]:
    """Return each feature's look in ``gdf`` by id."""
    return {
        str(row["id"]): look(layer, _props(row), row["geometry"], names)
        for row in gdf.to_dict("records")
    }


def file_content(frames: Layers, names: Names) -> dict[str, list]:
    """Return the layers file: per layer, each drawable feature's id, shape and look."""
    out: dict[str, list] = {}
    for layer in LAYER_NAMES:
        rows = []
        for row in frames.get(layer).to_dict("records"):
            shape = _shape(layer, row["geometry"])
            if shape is None:
                continue
            props = _props(row)
            entry = {"id": str(row["id"]), "g": shape, **look(layer, props, row["geometry"], names)}
            if layer == "facilities":
                entry["n"] = popups.display_name(props)
            rows.append(entry)
        out[layer] = rows
    return out


def file_frames(data: Layers, on: date) -> Layers:
    """Return every feature of ``data`` as it stood on ``on`` (ended ones too); features not
    yet there on ``on`` come as loaded. The file's looks are those of this day."""
    dated = asof.layers_on(data, on, include_past=True)
    frames = {}
    for layer in LAYER_NAMES:
        got, whole = dated.get(layer), data.get(layer)
        rest = whole[~whole["id"].astype(str).isin(set(got["id"].astype(str)))]
        frames[layer] = pd.concat([got, rest]) if len(rest) else got
    return data.replace(**frames)


def write_file(content: Mapping[str, list], directory: Path | None = None) -> str:
    """Write ``content`` as ``layers-<hash>.json`` in ``directory``; return the file's name.

    The name changes with the content, so a browser never keeps an outdated copy; the
    newest ``FILES_KEPT`` files stay (other replicas or data folders may still use them).
    ``directory`` is ``offline.LAYERS_DIR`` unless given.
    """
    directory = directory or offline.LAYERS_DIR
    text = json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode()
    name = f"layers-{hashlib.sha1(text).hexdigest()[:16]}.json"
    offline.write_versioned(directory / name, text, pattern="layers-*.json", keep=FILES_KEPT)
    return name


def base_looks(content: Mapping[str, list]) -> dict[str, dict[str, Look]]:
    """Return the file's looks per layer and id, to compare a run's looks with."""
    keys = ("t", "p", "s", "i")
    return {
        layer: {f["id"]: {k: f[k] for k in keys if k in f} for f in rows}
        for layer, rows in content.items()
    }


def state(
    frames: Mapping[str, gpd.GeoDataFrame],
    base: Mapping[str, Mapping[str, Look]],
    names: Names,
) -> dict[str, Any]:
    """Return the state of one run: for each shown layer (the keys of ``frames``), the ids
    the map draws in order, and under ``looks`` the look of those that differ from the file.

    A feature missing from the file (no shape) is left out, as the file leaves it out.
    """
    out: dict[str, Any] = {layer: [] for layer in LAYER_NAMES}
    changed: dict[str, dict[str, Look]] = {}
    for layer, gdf in frames.items():
        known = base.get(layer, {})
        ids = []
        for fid, seen in looks(layer, gdf, names).items():
            if fid not in known:
                continue
            ids.append(fid)
            if seen != known[fid]:
                changed.setdefault(layer, {})[fid] = seen
        out[layer] = ids
    out["looks"] = changed
    out["key"] = hashlib.sha1(json.dumps(out, sort_keys=True).encode()).hexdigest()[:12]
    return out


def state_group(run_state: Mapping[str, Any]) -> folium.FeatureGroup:
    """Return the group that hands ``run_state`` to the map (an empty layer, one call)."""
    group = folium.FeatureGroup(name=STATE_TITLE, control=False)
    group.add_child(StateScript(dict(run_state)))
    return group
