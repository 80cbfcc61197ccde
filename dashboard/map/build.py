"""Build the folium map: a constant base map plus feature groups for whatever is filtered in.

The base map never changes (st_folium would remount it and lose the user's view); everything
that filters change travels in the feature groups handed to ``st_folium``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Any

import folium
import geopandas as gpd
from branca.element import MacroElement
from jinja2 import Template
from shapely.geometry import mapping

from dashboard.logic import popups, style
from dashboard.logic.export import plain
from dashboard.logic.layers import LAYER_NAMES, LAYER_TITLES
from dashboard.map import context, encoding
from dashboard.map.elements import GeoFeature, SymbolMarker, Tiles
from dashboard.map.js import script
from dashboard.map.offline import use_local_assets

Names = Mapping[str, str]
CENTER = (46.0, 62.0)
ZOOM = 3
MAP_HEIGHT = 620
# What the map returns to the app once its first layers are drawn (see views/progressive).
DRAWN_SIGNAL = "map_drawn"
ATTRIBUTION = "Borders: Natural Earth (public domain)"
# The layers' names and titles, in drawing order, come from the one table of them.
DRAW_ORDER = LAYER_NAMES

# Keeps the page's address on the map's view (see js/address.js).
ADDRESS_JS = script("address.js")


@dataclass(frozen=True)
class Basemap:
    """A tile basemap; ``url`` None means no tiles (works offline)."""

    url: str | None
    attribution: str = ""
    max_zoom: int = 18


OFFLINE = "None (offline)"
BASEMAPS: dict[str, Basemap] = {
    OFFLINE: Basemap(None),
    "OpenStreetMap": Basemap(
        "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
        19,
    ),
    "CARTO light": Basemap(
        "https://{s}.basemaps.cartocdn.com/light_all/{z}/{x}/{y}{r}.png",
        '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> '
        'contributors &copy; <a href="https://carto.com/attributions">CARTO</a>',
        20,
    ),
}


class Decorations(MacroElement):
    """The constant extras of the base map: styles for symbols and popups, attribution."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}<style>{{ this.css }}</style>{% endmacro %}
        {% macro script(this, kwargs) %}
        {{ this.decoder }}
        {{ this._parent.get_name() }}.attributionControl.addAttribution(
            {{ this.attribution|tojson }});
        {{ this.address }}
        cstoSyncAddress({{ this._parent.get_name() }}, {{ this.home|tojson }});
        {{ this.context }}
        cstoContext({{ this._parent.get_name() }}, {{ this.context_options|tojson }});
        {{ this.spread }}
        cstoSpread({{ this._parent.get_name() }});
        // Once the first layers are on screen, tell the app (it then sends the parts of the
        // page under the map). st_folium adds the layers in the same task as this script.
        setTimeout(function () {
          requestAnimationFrame(function () {
            setTimeout(function () {
              if (window.Streamlit) window.Streamlit.setComponentValue({{ this.signal|tojson }});
            }, 0);
          });
        }, 0);
        {% endmacro %}
        """
    )

    def __init__(self, home: tuple[float, float] = CENTER, zoom: int = ZOOM) -> None:
        super().__init__()
        self._name = "Decorations"
        self._id = "csto"
        self.css = style.MAP_CSS + context.CSS
        self.context = context.CONTEXT_JS
        self.spread = context.SPREAD_JS
        self.context_options = context.options()
        self.attribution = ATTRIBUTION
        self.decoder = encoding.DECODE_JS
        self.address = ADDRESS_JS
        self.home = [home[0], home[1], zoom]
        self.signal = {DRAWN_SIGNAL: True}


def base_map(
    *,
    location: tuple[float, float] = CENTER,
    zoom: int = ZOOM,
) -> folium.Map:
    """Return the constant base map: no tiles, sea-coloured background, local Leaflet.

    ``location`` and ``zoom`` start the map elsewhere (e.g. a shared link's view, fixed for
    the session, since any change remounts the map).
    """
    m = folium.Map(
        location=list(location),
        zoom_start=zoom,
        tiles=None,
        min_zoom=2,
        control_scale=True,
        world_copy_jump=True,
    )
    m._id = "csto"
    use_local_assets(m)
    Decorations(location, zoom).add_to(m)
    return m


def _ident(*parts: object) -> str:
    # Stable ids keep the generated JS identical between reruns, so nothing is resent for nothing.
    return hashlib.sha1("|".join(map(str, parts)).encode()).hexdigest()[:10]


def _props(row: Mapping[str, Any]) -> dict[str, Any]:
    return {k: plain(v) for k, v in row.items() if k != "geometry"}


def _feature(layer: str, props: Mapping[str, Any], geom: Any) -> dict[str, Any]:
    # Only the id travels with the shape; the browser can then find a feature by id.
    fid = props.get("id")
    return {
        "type": "Feature",
        "id": fid,
        "properties": {"id": fid, "layer": layer},
        "geometry": None if geom is None else mapping(geom),
    }


def _country_children(gdf: gpd.GeoDataFrame, names: Names) -> list[MacroElement]:
    out = []
    for row in gdf.to_dict("records"):
        props = _props(row)
        status = props.get("status") or props.get("csto_status") or ""
        ident = _ident("country", props.get("id"))
        out.append(
            GeoFeature(
                _feature("countries", props, row["geometry"]),
                {**style.country_style(status), "className": "csto-country"},
                popups.tooltip_html("countries", props),
                popups.popup_html("countries", props, names),
                ident,
            )
        )
    return out


def _conflict_children(gdf: gpd.GeoDataFrame, names: Names) -> list[MacroElement]:
    out = []
    for row in gdf.to_dict("records"):
        props = _props(row)
        ongoing = props.get("active")
        if ongoing is None:
            ongoing = popups.is_missing(props.get("end"))
        geom = row["geometry"]
        line = geom is not None and geom.geom_type in ("LineString", "MultiLineString")
        ident = _ident("conflict", props.get("id"))
        out.append(
            GeoFeature(
                _feature("conflicts", props, geom),
                style.zone_style(bool(ongoing), line),
                popups.tooltip_html("conflicts", props),
                popups.popup_html("conflicts", props, names),
                ident,
            )
        )
    return out


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


def _facility_children(gdf: gpd.GeoDataFrame, names: Names) -> list[MacroElement]:
    out = []
    for row in gdf.to_dict("records"):
        props = _props(row)
        point = row["geometry"]
        ident = _ident("facility", props.get("id"))
        out.append(
            SymbolMarker(
                point.y,
                point.x,
                facility_icon(props),
                str(props.get("id", "")),
                str(props.get("name", "")),
                popups.tooltip_html("facilities", props),
                popups.popup_html("facilities", props, names),
                ident,
            )
        )
    return out


_CHILDREN = {
    "countries": _country_children,
    "conflicts": _conflict_children,
    "facilities": _facility_children,
}


# Makes one group: ``(what, place, frame)`` with ``what`` a layer name or "basemap" (frame None)
# and ``place`` its index in the list; returns None for no group (the offline basemap).
GroupMaker = Callable[[str, int, gpd.GeoDataFrame | None], folium.FeatureGroup | None]


def build_layers(
    countries: gpd.GeoDataFrame,
    facilities: gpd.GeoDataFrame,
    conflicts: gpd.GeoDataFrame,
    *,
    basemap: str = OFFLINE,
    show: Collection[str] = DRAW_ORDER,
    extra: Mapping[str, folium.FeatureGroup] | None = None,
    country_names: Names | None = None,
    make_group: GroupMaker | None = None,
) -> list[folium.FeatureGroup]:
    """Return the feature groups for ``st_folium(feature_group_to_add=...)``.

    The frames are drawn as given (already filtered; countries coloured by their ``status``
    column, falling back to ``csto_status``). ``show`` names the layers to draw; ``extra``
    adds more groups on top (e.g. an uploaded layer), keyed by their title;
    ``country_names`` (ISO3 to name, all countries, not just the filtered ones) names host and
    involved countries in the details. ``make_group`` replaces how each group is made (e.g.
    by a cache); by default ``basemap_group`` and ``layer_group``.
    """
    names = country_names or {}

    def direct(what: str, place: int, gdf: gpd.GeoDataFrame | None):
        return basemap_group(basemap) if what == "basemap" else layer_group(what, gdf, names)

    make = make_group or direct
    groups: list[folium.FeatureGroup] = []
    tiles = make("basemap", 0, None)
    if tiles is not None:
        groups.append(tiles)
    frames = {"countries": countries, "conflicts": conflicts, "facilities": facilities}
    for layer in DRAW_ORDER:
        if layer in show:
            groups.append(make(layer, len(groups), frames[layer]))
    groups.extend((extra or {}).values())
    return groups


def basemap_group(basemap: str) -> folium.FeatureGroup | None:
    """Return the tiles of an online basemap as a group, or None for the offline one."""
    tiles = BASEMAPS.get(basemap, BASEMAPS[OFFLINE])
    if not tiles.url:
        return None
    group = folium.FeatureGroup(name="Basemap", control=False)
    group.add_child(Tiles(tiles.url, tiles.attribution, tiles.max_zoom, _ident("tiles", basemap)))
    return group


def layer_group(layer: str, gdf: gpd.GeoDataFrame, country_names: Names) -> folium.FeatureGroup:
    """Return one data layer (``countries``, ``conflicts`` or ``facilities``) as a group.

    The sidebar alone switches the data layers (the table, downloads and link follow it), so
    the group stays out of the map's layer control.
    """
    group = folium.FeatureGroup(name=LAYER_TITLES[layer], control=False)
    for child in _CHILDREN[layer](gdf, country_names):
        group.add_child(child)
    return group


def user_layer(gdf: gpd.GeoDataFrame, title: str, colour: str = "#0072B2") -> folium.FeatureGroup:
    """Return a feature group drawing any layer (e.g. an upload) in one colour.

    Every property shows in the click details, escaped and cut short; points are small
    circles. Pass the group to ``build_layers(extra={title: group})``.
    """
    path_style = {"color": colour, "weight": 2, "fillColor": colour, "fillOpacity": 0.35}
    group = folium.FeatureGroup(name=title)
    for index, row in enumerate(gdf.to_dict("records")):
        geom = row.get(gdf.geometry.name)
        if geom is None or geom.is_empty:
            continue
        props = {k: plain(v) for k, v in row.items() if k != gdf.geometry.name}
        feature = {
            "type": "Feature",
            "id": index,
            "properties": {"id": index, "layer": title},
            "geometry": mapping(geom),
        }
        group.add_child(
            GeoFeature(
                feature,
                path_style,
                popups.generic_tooltip_html(props, index, title),
                popups.generic_details_html(props, index, title),
                _ident("user", title, index),
                point_radius=5 if geom.geom_type in ("Point", "MultiPoint") else None,
            )
        )
    return group


HIGHLIGHT_STYLE = {"color": "#ffd400", "weight": 5, "opacity": 1.0, "fill": False}


def highlight_layer(
    layer: str, props: Mapping[str, Any], geom: Any, names: Names | None = None
) -> folium.FeatureGroup:
    """Return a group outlining the selected feature in a bright colour, above everything."""
    group = folium.FeatureGroup(name="Selected", control=False)
    if geom is None or geom.is_empty:
        return group
    fid = str(props.get("id", ""))
    # No "layer" property: the selection outline is not one of the data layers.
    feature = {"type": "Feature", "id": fid, "properties": {"id": fid}, "geometry": mapping(geom)}
    group.add_child(
        GeoFeature(
            feature,
            HIGHLIGHT_STYLE,
            popups.tooltip_html(layer, props),
            popups.popup_html(layer, props, names or {}),
            _ident("highlight", layer, fid),
            point_radius=16 if geom.geom_type == "Point" else None,
        )
    )
    return group


def layer_control() -> folium.LayerControl:
    """Return the layer switcher (kept open so the toggles are visible)."""
    return folium.LayerControl(position="topright", collapsed=False)
