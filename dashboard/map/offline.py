"""Serve Leaflet from the app itself so the map draws with no internet at all."""

from __future__ import annotations

import filecmp
import json
import shutil
from pathlib import Path

import folium
import xstatic.pkg.leaflet as xs_leaflet

import geodata

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
VENDOR_DIR = STATIC_DIR / "vendor"
# The offline basemap's towns, lakes, regions and every country's outline, fetched by the
# map's own script (js/context.js) so they never travel in the map's messages.
CONTEXT_DIR = STATIC_DIR / "context"
CONTEXT_FILES = ("places.geojson", "water.geojson", "admin1.geojson")
# Every country of the shipped layer, drawn muted under the filtered ones: id and shape only.
OUTLINES = "outlines.geojson"

# Streamlit serves <app folder>/static/ at /app/static/. The map runs inside the component's
# iframe, two levels below the app root, so a relative URL keeps working under a base path.
STATIC_URL = "../../app/static/vendor"
CONTEXT_URL = "../../app/static/context/"

PACKAGES: dict[str, Path] = {
    "leaflet": Path(xs_leaflet.BASE_DIR),
}

LEAFLET_JS = f"{STATIC_URL}/leaflet/leaflet.js"
LEAFLET_CSS = f"{STATIC_URL}/leaflet/leaflet.css"


def _needs_copy(src: Path, dst: Path) -> bool:
    return not dst.is_file() or not filecmp.cmp(src, dst, shallow=False)


def ensure_vendor(vendor_dir: Path = VENDOR_DIR) -> list[Path]:
    """Copy the packaged Leaflet files into ``vendor_dir`` where missing or different.

    Returns the files written (empty when everything was already in place).
    """
    written: list[Path] = []
    for name, base in PACKAGES.items():
        for src in sorted(base.rglob("*")):
            if not src.is_file() or src.suffix == ".map":
                continue
            dst = vendor_dir / name / src.relative_to(base)
            if _needs_copy(src, dst):
                dst.parent.mkdir(parents=True, exist_ok=True)
                # Write beside and rename so a browser never reads a half-written file.
                tmp = dst.with_name(dst.name + ".tmp")
                shutil.copyfile(src, tmp)
                tmp.replace(dst)
                written.append(dst)
    return written


def _write_if_changed(dst: Path, data: bytes) -> bool:
    if dst.is_file() and dst.read_bytes() == data:
        return False
    dst.parent.mkdir(parents=True, exist_ok=True)
    tmp = dst.with_name(dst.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(dst)
    return True


def outlines(countries: dict) -> dict:
    """Return a countries FeatureCollection cut down to each feature's id and geometry."""
    features = [
        {"type": "Feature", "properties": {"id": f["properties"]["id"]}, "geometry": f["geometry"]}
        for f in countries["features"]
    ]
    return {"type": "FeatureCollection", "features": features}


def ensure_context(
    context_dir: Path = CONTEXT_DIR, source: Path = Path(geodata.__file__).parent
) -> list[Path]:
    """Copy the basemap context files from ``source`` into ``context_dir`` where changed.

    Returns the files written. The countries' outlines come from the shipped layer.
    """
    written = []
    for name in CONTEXT_FILES:
        if _write_if_changed(context_dir / name, (source / name).read_bytes()):
            written.append(context_dir / name)
    shapes = json.loads((source / "countries.geojson").read_text(encoding="utf-8"))
    data = json.dumps(outlines(shapes), separators=(",", ":")).encode()
    if _write_if_changed(context_dir / OUTLINES, data):
        written.append(context_dir / OUTLINES)
    return written


def use_local_assets(m: folium.Map) -> folium.Map:
    """Point ``m`` at the locally served Leaflet and drop folium's CDN extras.

    jQuery, Bootstrap and awesome-markers are only needed by plugins this map does not use;
    any one failing CDN script would stop streamlit-folium from loading the rest.
    """
    m.default_js = [("leaflet", LEAFLET_JS)]
    m.default_css = [("leaflet_css", LEAFLET_CSS)]
    return m
