"""The map's own script and styles, served as two static files beside Leaflet.

st_folium sends the base map's script again with every run whose groups changed (its
arguments travel as one message); kept in files loaded like Leaflet itself, the functions
the map calls (js/*.js) and its styles cost nothing after the first page, and the browser
caches them. Each name carries a hash of its content, so a changed file is never read stale.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from dashboard.logic import style
from dashboard.map import context, encoding
from dashboard.map.js import script
from dashboard.map.offline import STATIC_URL, VENDOR_DIR, write_versioned

FOLDER = "csto"
FILES_KEPT = 8
# In the order they are defined in: each file defines one function the base map calls.
JS = "\n".join(
    [
        encoding.DECODE_JS,
        script("address.js"),
        context.CONTEXT_JS,
        context.SPREAD_JS,
        script("layers.js"),
    ]
)
# The page sizes the map's frame to the window (views/reading); the map fills its frame,
# whatever height st_folium was given. On a narrow map the attribution wraps to two lines:
# the scale bar stands above it instead of under it.
FRAME_CSS = """
body { margin: 0; overflow: hidden; }
#map_div { height: 100vh !important; }
.leaflet-container .leaflet-control-attribution { font-size: 11px; line-height: 1.35; }
@media (max-width: 640px) { .leaflet-left .leaflet-control-scale { margin-bottom: 34px; } }
"""
CSS = style.MAP_CSS + context.CSS + FRAME_CSS


def _name(text: str, ext: str) -> str:
    return f"map-{hashlib.sha1(text.encode()).hexdigest()[:12]}.{ext}"


JS_NAME = _name(JS, "js")
CSS_NAME = _name(CSS, "css")
JS_URL = f"{STATIC_URL}/{FOLDER}/{JS_NAME}"
CSS_URL = f"{STATIC_URL}/{FOLDER}/{CSS_NAME}"


def ensure_assets(vendor_dir: Path = VENDOR_DIR) -> list[Path]:
    """Write the map's script and styles into ``vendor_dir``/csto where missing or changed;
    older versions beyond the newest ``FILES_KEPT`` go. Returns the files written."""
    folder = vendor_dir / FOLDER
    return [
        folder / name
        for name, text in ((JS_NAME, JS), (CSS_NAME, CSS))
        if write_versioned(
            folder / name, text.encode(), pattern=f"map-*{Path(name).suffix}", keep=FILES_KEPT
        )
    ]
