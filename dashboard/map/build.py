"""Build the folium map: a constant base map plus the few groups each run hands to st_folium.

The base map never changes while the data stay the same (st_folium would remount it and lose
the user's view); it reads every feature once from the layers file (``map.layerstate``).
What the filters and the date change travels in ``feature_group_to_add``: the layers' state,
an online basemap's tiles, the selection and story outlines, an uploaded layer.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import folium
import geopandas as gpd
from branca.element import MacroElement
from jinja2 import Template
from shapely.geometry import mapping

from dashboard.logic import arms, popups, style
from dashboard.logic.export import plain
from dashboard.logic.i18n import N_, _
from dashboard.map import assets, context
from dashboard.map.elements import GeoFeature, Outline, Tiles
from dashboard.map.offline import LAYERS_URL, use_local_assets

Names = Mapping[str, str]
CENTER = (46.0, 62.0)
ZOOM = 3
MAP_HEIGHT = 620
# What the map returns to the app, with the report number of the state it has drawn
# (see views/progressive).
DRAWN_SIGNAL = "map_drawn"
# Marked for the catalog, translated where shown (the base map is made in the reader's language).
ATTRIBUTION = N_("Borders: Natural Earth (public domain)")

LAYERS_FAILED = N_(
    "The map's layers could not be loaded. Reload the page; the table and the downloads "
    "under the map still hold every feature."
)
# What a badge of facilities standing too close to tell apart says on hover.
SPREAD_TITLE = N_("{n} facilities here: click to zoom in")


@dataclass(frozen=True)
class Basemap:
    """A tile basemap; ``url`` None means no tiles (works offline)."""

    url: str | None
    attribution: str = ""
    max_zoom: int = 18


OFFLINE = "None (offline)"  # a value of links (``basemap=``): shown through basemap_label
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


def basemap_label(name: str) -> str:
    """A basemap's name as the sidebar shows it (the offline one's words translated)."""
    return _("None (offline)") if name == OFFLINE else name


class Decorations(MacroElement):
    """The constant extras of the base map: attribution, the address kept on the view, the
    context, spread symbols and the data layers, each set up by a function of map/assets."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.attributionControl.addAttribution(
            {{ this.attribution|tojson }});
        cstoSyncAddress({{ this._parent.get_name() }}, {{ this.home|tojson }});
        cstoContext({{ this._parent.get_name() }}, {{ this.context_options|tojson }});
        cstoSpread({{ this._parent.get_name() }}, {{ this.spread_title|tojson }});
        // Leaflet's own zoom buttons, named in the reader's language.
        (function (control, titles) {
          if (!control) return;
          [control._zoomInButton, control._zoomOutButton].forEach(function (button, i) {
            if (!button) return;
            button.title = titles[i];
            button.setAttribute("aria-label", titles[i]);
          });
        })({{ this._parent.get_name() }}.zoomControl, {{ this.zoom_titles|tojson }});
        // The page sizes the map's frame to the window, maybe after the map was made.
        new ResizeObserver(function () {
          {{ this._parent.get_name() }}.invalidateSize();
        }).observe({{ this._parent.get_name() }}.getContainer());
        // Once a state asking for a report is on screen, tell the app (it then sends the
        // parts of the page under the map; see views/progressive).
        cstoLayers({{ this._parent.get_name() }}, {{ this.layers_options|tojson }}, function (n) {
          requestAnimationFrame(function () {
            setTimeout(function () {
              var value = {};
              value[{{ this.signal|tojson }}] = n;
              if (window.Streamlit) window.Streamlit.setComponentValue(value);
            }, 0);
          });
        });
        {% endmacro %}
        """
    )

    def __init__(
        self, home: tuple[float, float] = CENTER, zoom: int = ZOOM, layers_file: str = ""
    ) -> None:
        super().__init__()
        self._name = "Decorations"
        self._id = "csto"
        failed = _(LAYERS_FAILED)
        self.layers_options = {"base": LAYERS_URL, "file": layers_file, "failed": failed}
        self.context_options = context.options()
        self.attribution = _(ATTRIBUTION)
        self.spread_title = _(SPREAD_TITLE)
        self.zoom_titles = [_("Zoom in"), _("Zoom out")]
        self.home = [home[0], home[1], zoom]
        self.signal = DRAWN_SIGNAL


def base_map(
    *,
    location: tuple[float, float] = CENTER,
    zoom: int = ZOOM,
    layers_file: str = "",
) -> folium.Map:
    """Return the constant base map: no tiles, sea-coloured background, local Leaflet.

    ``location`` and ``zoom`` start the map elsewhere (e.g. a shared link's view, fixed for
    the session, since any change remounts the map); ``layers_file`` names the data layers'
    file (``layerstate.write_file``), which changes only when the data do.
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
    # The functions the script below calls, and the map's styles (see map/assets.py).
    m.default_js.append(("csto_map", assets.JS_URL))
    m.default_css.append(("csto_map_css", assets.CSS_URL))
    Decorations(location, zoom, layers_file).add_to(m)
    return m


def _ident(*parts: object) -> str:
    # Stable ids keep the generated JS identical between reruns, so nothing is resent for nothing.
    return hashlib.sha1("|".join(map(str, parts)).encode()).hexdigest()[:10]


def map_groups(
    layers: folium.FeatureGroup,
    *,
    basemap: str = OFFLINE,
    extra: Mapping[str, folium.FeatureGroup] | None = None,
) -> list[folium.FeatureGroup]:
    """Return the groups for ``st_folium(feature_group_to_add=...)``: an online basemap's
    tiles, the data layers' state (``layerstate.state_group``), then ``extra`` on top (the
    selection, a story's outlines, an uploaded layer), keyed by their title."""
    tiles = basemap_group(basemap)
    return [g for g in (tiles, layers) if g is not None] + list((extra or {}).values())


def basemap_group(basemap: str) -> folium.FeatureGroup | None:
    """Return the tiles of an online basemap as a group, or None for the offline one."""
    tiles = BASEMAPS.get(basemap, BASEMAPS[OFFLINE])
    if not tiles.url:
        return None
    group = folium.FeatureGroup(name="Basemap", control=False)
    group.add_child(Tiles(tiles.url, tiles.attribution, tiles.max_zoom, _ident("tiles", basemap)))
    return group


def user_layer(gdf: gpd.GeoDataFrame, title: str, colour: str = "#0072B2") -> folium.FeatureGroup:
    """Return a feature group drawing any layer (e.g. an upload) in one colour.

    Every property shows in the click details, escaped and cut short; points are large
    circles with a white ring. Pass the group to ``map_groups(extra={title: group})``.
    """
    path_style = {"color": colour, "weight": 3, "fillColor": colour, "fillOpacity": 0.35}
    # Points stand out from the map's own symbols: large, filled, with a white ring.
    point_style = {"color": "#ffffff", "weight": 2, "fillColor": colour, "fillOpacity": 0.95}
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
        point = geom.geom_type in ("Point", "MultiPoint")
        group.add_child(
            GeoFeature(
                feature,
                point_style if point else path_style,
                popups.generic_tooltip_html(props, index, title),
                popups.generic_details_html(props, index, title),
                _ident("user", title, index),
                point_radius=8 if point else None,
            )
        )
    return group


HIGHLIGHT_STYLE = {"color": "#ffd400", "weight": 5, "opacity": 1.0, "fill": False}


def highlight_layer(
    layer: str, props: Mapping[str, Any], geom: Any, names: Names | None = None
) -> folium.FeatureGroup:
    """Return a group outlining the selected feature in a bright colour, above everything.

    The shape is the one the map read from the layers file (``Outline``); only the id and
    the texts travel."""
    group = folium.FeatureGroup(name="Selected", control=False)
    if geom is None or geom.is_empty:
        return group
    fid = str(props.get("id", ""))
    tooltip = popups.tooltip_html(layer, props)
    item = [layer, fid, tooltip, popups.popup_html(layer, props, names or {})]
    group.add_child(Outline([item], HIGHLIGHT_STYLE, _ident("highlight", layer, fid)))
    return group


def layer_control() -> folium.LayerControl:
    """Return the layer switcher (kept open so the toggles are visible)."""
    return folium.LayerControl(position="topright", collapsed=False)


def arms_layer(
    frame: gpd.GeoDataFrame, deals: Mapping[str, Mapping], names: Names
) -> folium.FeatureGroup:
    """Return the arms transfers drawn on the map: a curved arrow a deal, coloured by its
    supplier, as wide as ``width`` says; hover and click name the deal (click: its evidence).
    ``deals`` are the deals of ``arms.json`` by id (their evidence)."""
    group = folium.FeatureGroup(name=arms.TITLE, control=False)
    for row in frame.to_dict("records"):
        deal = deals.get(str(row["id"]), row)
        feature = {
            "type": "Feature",
            "id": str(row["id"]),
            "properties": {"id": str(row["id"]), "layer": "arms"},
            "geometry": mapping(row["geometry"]),
        }
        line = {
            "color": style.supplier_colour(str(row["supplier"])),
            "weight": row["width"],
            "opacity": 0.85,
            "fill": False,
            "className": "csto-arms",
        }
        group.add_child(
            GeoFeature(
                feature,
                line,
                arms.tooltip_html(deal, names),
                arms.popup_html(deal, names),
                _ident("arms", row["id"], row["width"]),
            )
        )
    return group
