"""Changes to the app that the benchmark can try without editing it.

``bench/variant_app.py`` applies the patches named in $CSTO_BENCH_VARIANTS (comma-separated)
and then runs ``dashboard/app.py`` unchanged. Each patch is a proposal for the app, measured
against the app as it is:

- ``encoded-geometry``: send polygon rings as delta-encoded polylines (Google's algorithm at
  1e-4 degrees, the precision the layer files already have) and decode them in the browser.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

PRECISION = 1e4
# Google's polyline algorithm, but with the base64url digits instead of chr(63 + x): its usual
# characters include "{", "}" and "#", and branca parses every rendered script as a Jinja
# template once more, so "{{" or "{#" in the data would break the page.
DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

# Decodes the rings packed by encode_geometry; defined once per page, used by every feature.
DECODE_JS = """
if (!window.cstoDecodeGeometry) {
  window.cstoDecodeGeometry = function (g) {
    var DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    function ring(s) {
      var out = [], i = 0, lat = 0, lon = 0;
      while (i < s.length) {
        var v = [0, 0];
        for (var k = 0; k < 2; k++) {
          var shift = 0, result = 0, b;
          do { b = DIGITS.indexOf(s.charAt(i++)); result |= (b & 31) << shift; shift += 5; }
          while (b >= 32);
          v[k] = (result & 1) ? ~(result >> 1) : (result >> 1);
        }
        lat += v[0]; lon += v[1];
        out.push([lon / PRECISION, lat / PRECISION]);
      }
      return out;
    }
    function walk(c) { return typeof c === "string" ? ring(c) : c.map(walk); }
    if (g.type === "Feature") {
      return {type: "Feature", properties: g.properties, geometry: cstoDecodeGeometry(g.geometry)};
    }
    return g.rings ? {type: g.type, coordinates: walk(g.rings)} : g;
  };
}
""".replace("PRECISION", str(int(PRECISION)))


def _encode_ring(coords: np.ndarray) -> str:
    q = np.rint(np.asarray(coords)[:, ::-1] * PRECISION).astype(np.int64)  # lat, lon
    deltas = np.diff(q, axis=0, prepend=np.zeros((1, 2), dtype=np.int64)).ravel()
    chars: list[str] = []
    for value in deltas.tolist():
        v = ~(value << 1) if value < 0 else value << 1
        while v >= 0x20:
            chars.append(DIGITS[0x20 | (v & 0x1F)])
            v >>= 5
        chars.append(DIGITS[v])
    return "".join(chars)


def encode_geometry(geometry: dict) -> dict:
    """Return a GeoJSON Polygon/MultiPolygon/LineString mapping with every ring as a string."""

    def walk(c: Any) -> Any:
        if len(c) and isinstance(c[0][0], float | int):
            return _encode_ring(np.asarray(c, dtype=float))
        return [walk(part) for part in c]

    return {"type": geometry["type"], "rings": walk(geometry["coordinates"])}


def _encoded_geometry() -> None:
    from dashboard import mapview

    try:  # the per-feature elements moved out of mapview at some point
        from dashboard import elements as script_home
    except ImportError:
        script_home = mapview
    original = script_home._Script.__init__
    lines = ("Polygon", "MultiPolygon", "LineString", "MultiLineString")

    def init(self, template: str, ident: str, **attrs: Any) -> None:
        geojson = attrs.get("geojson")
        if isinstance(geojson, dict) and "{{ this.geojson|js }}" in template:
            if geojson.get("type") == "Feature" and geojson["geometry"]["type"] in lines:
                attrs["geojson"] = {**geojson, "geometry": encode_geometry(geojson["geometry"])}
            elif geojson.get("type") in lines:
                attrs["geojson"] = encode_geometry(geojson)
            template = template.replace(
                "{{ this.geojson|js }}", "window.cstoDecodeGeometry({{ this.geojson|js }})"
            )
        original(self, template, ident, **attrs)

    script_home._Script.__init__ = init

    # The decoder is constant: it goes into the base map once, not into every filter change.
    base_map = mapview.base_map

    def base_with_decoder(*args: Any, **kwargs: Any):
        from branca.element import MacroElement
        from jinja2 import Template

        m = base_map(*args, **kwargs)
        decoder = MacroElement()
        decoder._template = Template(
            "{% macro script(this, kwargs) %}" + DECODE_JS + "{% endmacro %}"
        )
        decoder._name, decoder._id = "Decoder", "csto"
        decoder.add_to(m)
        return m

    mapview.base_map = base_with_decoder


PATCHES: dict[str, Callable[[], None]] = {
    "encoded-geometry": _encoded_geometry,
}


_APPLIED: set[str] = set()


def apply(names: list[str]) -> None:
    """Apply the named patches once per process (Streamlit reruns the script that calls this)."""
    for name in names:
        if name not in PATCHES:
            raise SystemExit(f"unknown variant {name!r}; known: {', '.join(PATCHES)}")
        if name not in _APPLIED:
            PATCHES[name]()
            _APPLIED.add(name)
