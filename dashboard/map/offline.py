"""Serve Leaflet from the app itself so the map draws with no internet at all."""

from __future__ import annotations

import filecmp
import shutil
from pathlib import Path

import folium
import xstatic.pkg.leaflet as xs_leaflet

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
VENDOR_DIR = STATIC_DIR / "vendor"

# Streamlit serves <app folder>/static/ at /app/static/. The map runs inside the component's
# iframe, two levels below the app root, so a relative URL keeps working under a base path.
STATIC_URL = "../../app/static/vendor"

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


def use_local_assets(m: folium.Map) -> folium.Map:
    """Point ``m`` at the locally served Leaflet and drop folium's CDN extras.

    jQuery, Bootstrap and awesome-markers are only needed by plugins this map does not use;
    any one failing CDN script would stop streamlit-folium from loading the rest.
    """
    m.default_js = [("leaflet", LEAFLET_JS)]
    m.default_css = [("leaflet_css", LEAFLET_CSS)]
    return m
