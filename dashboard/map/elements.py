"""Folium elements that write compact, script-safe Leaflet JS for one feature each.

Data reaches the browser only inside JSON string literals; st_folium renders each element's
``script`` macro once, with stable ids, so unchanged layers produce identical JS.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from typing import Any

from branca.element import Element, MacroElement
from jinja2 import Environment, Template

from dashboard.map import encoding


def js_literal(value: Any) -> str:
    """Return ``value`` as a compact JavaScript literal that is safe inside a <script> element.

    JSON is valid JavaScript; only "</" (closing the script) and "<!--" need breaking up.
    Jinja's ``tojson`` escapes every <, > and & instead, which makes popup HTML half again
    as large.
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("</", "<\\/").replace("<!--", "<\\!--")
    # branca compiles every rendered script as a Jinja template, so data must never carry
    # "{{", "{%" or "{#" into it. They can only occur inside JSON strings, where the \\u
    # escape reads back as the same text in the browser.
    return text.replace("{{", "{\\u007b").replace("{%", "{\\u0025").replace("{#", "{\\u0023")


_ENV = Environment(autoescape=False)
_ENV.filters["js"] = js_literal


@functools.lru_cache(maxsize=64)
def _compiled(source: str) -> Template:
    # Compiling a template costs ~4 ms; every feature of a kind shares one.
    return _ENV.from_string("{% macro script(this, kwargs) %}" + source + "{% endmacro %}")


class _Raw(Element):
    """Script text added to a figure as it is (branca would compile it as a template again)."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def render(self, **kwargs: Any) -> str:
        return self.text


class _Module:
    """Stands in for a compiled template's module: the script is rendered once per name.

    st_folium renders each feature group twice per run and renames the elements on the first
    pass; a layer kept between runs then costs no rendering at all. That behaviour of
    streamlit-folium is written down in dashboard/views/map.py and pinned by tests.
    """

    def __init__(self, template: Template) -> None:
        self._template = template
        self._memo: tuple[tuple[str, str], str] | None = None

    def script(self, this: MacroElement, kwargs: Mapping[str, Any] | None = None) -> str:
        parent = this._parent.get_name() if this._parent is not None else ""
        names = (parent, this.get_name())
        if self._memo is None or self._memo[0] != names:
            self._memo = (names, self._template.module.script(this, kwargs or {}))
        return self._memo[1]


class _Memo:
    def __init__(self, template: Template) -> None:
        self.module = _Module(template)


class _Script(MacroElement):
    """A folium element whose script is a template rendered with ``this``."""

    def __init__(self, template: str, ident: str, **attrs: Any) -> None:
        super().__init__()
        self._template = _Memo(_compiled(template))
        self._name = type(self).__name__
        self._id = ident
        for key, value in attrs.items():
            setattr(self, key, value)

    def render(self, **kwargs: Any) -> None:
        """Add the script to the figure; these elements have no header, html or children."""
        script = self._template.module.script(self, kwargs)
        self.get_root().script.add_child(_Raw(script), name=self.get_name())


# Option objects are literal JS; only the HTML strings come from data (as JSON strings).
_BIND = (
    '.bindTooltip({{ this.tooltip|js }}, {"sticky": true, "direction": "top"})'
    '.bindPopup({{ this.popup|js }}, {"maxWidth": 380, "minWidth": 240})'
)


class GeoFeature(_Script):
    """One GeoJSON feature drawn with a fixed style, with hover text and click details.

    Tooltip and popup are bound to each drawn path (not the group) so a click reports the
    clicked feature's tooltip back to the app. HTML travels as JSON strings, never as JS source.
    """

    def __init__(
        self,
        geojson: dict,
        path_style: Mapping[str, Any],
        tooltip: str,
        popup: str,
        ident: str,
        point_radius: int | None = None,
    ) -> None:
        # Points of foreign layers become circle markers: no image icons to fetch.
        points = ""
        if point_radius:
            path_style = {**path_style, "radius": point_radius}
            points = (
                "pointToLayer: function (f, ll) "
                "{ return L.circleMarker(ll, {{ this.path_style|js }}); }, "
            )
        # Rings travel delta-encoded (dashboard.polyline); the base map defines the decoder.
        geometry = geojson.get("geometry") if geojson.get("type") == "Feature" else geojson
        encoded = encoding.encode_geometry(geometry)
        data = "{{ this.geojson|js }}"
        if encoded is not geometry:
            geojson = {**geojson, "geometry": encoded} if geometry is not geojson else encoded
            data = "window.cstoDecodeGeometry(" + data + ")"
        super().__init__(
            "var {{ this.get_name() }} = L.geoJSON(" + data + ", "
            "{style: {{ this.path_style|js }}, " + points + "onEachFeature: function (f, layer) "
            "{ layer" + _BIND + "; } }).addTo({{ this._parent.get_name() }});",
            ident,
            geojson=geojson,
            path_style=dict(path_style),
            tooltip=tooltip,
            popup=popup,
        )


class StateScript(_Script):
    """Hands one run's layer state to the base map's ``cstoApply`` (js/layers.js)."""

    def __init__(self, state: Mapping[str, Any]) -> None:
        super().__init__("window.cstoApply({{ this.state|js }});", "csto_state", state=state)


class Outline(_Script):
    """Outlines features of the data layers, drawn from the shapes the map already holds
    (``cstoOutline`` in js/layers.js): ``items`` are [layer, id, hover text, popup]."""

    def __init__(self, items: list[list[str]], path_style: Mapping[str, Any], ident: str) -> None:
        super().__init__(
            "window.cstoOutline({{ this._parent.get_name() }}, {{ this.items|js }}, "
            "{{ this.path_style|js }});",
            ident,
            items=items,
            path_style=dict(path_style),
        )


class Tiles(_Script):
    """A tile layer, so the basemap can change without touching the base map."""

    def __init__(self, url: str, attribution: str, max_zoom: int, ident: str) -> None:
        super().__init__(
            "L.tileLayer({{ this.url|js }}, {{ this.options|js }})"
            ".addTo({{ this._parent.get_name() }});",
            ident,
            url=url,
            options={"attribution": attribution, "maxZoom": max_zoom},
        )
