"""Serve Leaflet from the app itself so the map draws with no internet at all."""

from __future__ import annotations

import filecmp
import json
import shutil
from pathlib import Path

import folium
import xstatic.pkg.leaflet as xs_leaflet
from shapely.geometry import shape
from shapely.ops import polylabel

import geodata
from dashboard.map.encoding import encode_geometry

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
VENDOR_DIR = STATIC_DIR / "vendor"
# The offline basemap's towns, lakes, regions and every country's outline, fetched by the
# map's own script (js/context.js) so they never travel in the map's messages.
CONTEXT_DIR = STATIC_DIR / "context"
# The data layers' features, one file per content (map/layerstate.py, js/layers.js).
LAYERS_DIR = STATIC_DIR / "layers"
# Written cut down to what the map draws, shapes delta-encoded (map/encoding.py): about a
# third of the source files' bytes. Every country of the shipped layer goes in "outlines",
# drawn muted under the filtered ones.
SHAPE_FILES = {
    "water": "water.geojson",
    "admin1": "admin1.geojson",
    "outlines": "countries.geojson",
}
PLACES = "places.json"
# Country names, placed by the map where they fit (js/context.js).
COUNTRY_LABELS = "labels.json"
# The names' files again in Russian (name_ru where the data has one, else the name), fetched
# by Russian readers only: places.ru.json, labels.ru.json.
NAMED_FILES = (PLACES, COUNTRY_LABELS)
NAME_LANGUAGES = ("ru",)


def named_file(name: str, lang: str) -> str:
    """The file of ``name`` (places.json, labels.json) whose names are in ``lang``."""
    return name if lang not in NAME_LANGUAGES else name.replace(".json", f".{lang}.json")


CONTEXT_FILES = (
    *NAMED_FILES,
    *(named_file(n, lang) for lang in NAME_LANGUAGES for n in NAMED_FILES),
    *(f"{name}.json" for name in SHAPE_FILES),
)

# Streamlit serves <app folder>/static/ at /app/static/. The map runs inside the component's
# iframe, two levels below the app root, so a relative URL keeps working under a base path.
STATIC_URL = "../../app/static/vendor"
CONTEXT_URL = "../../app/static/context/"
LAYERS_URL = "../../app/static/layers/"

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


def write_if_changed(dst: Path, data: bytes) -> bool:
    if dst.is_file() and dst.read_bytes() == data:
        return False
    dst.parent.mkdir(parents=True, exist_ok=True)
    tmp = dst.with_name(dst.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(dst)
    return True


def write_versioned(dst: Path, data: bytes, *, pattern: str, keep: int) -> bool:
    """Write ``dst`` (a name carrying a hash of ``data``) where missing or changed, mark it
    the newest, and delete the older files matching ``pattern`` beside it beyond the newest
    ``keep`` (other replicas or data folders may still use those). Returns whether written."""
    written = write_if_changed(dst, data)
    dst.touch()
    old = sorted(dst.parent.glob(pattern), key=lambda p: p.stat().st_mtime, reverse=True)
    for stale in old[keep:]:
        stale.unlink(missing_ok=True)
    return written


def slim_shapes(collection: dict) -> dict:
    """Return a FeatureCollection keeping each feature's id and its encoded geometry."""
    features = [
        {
            "type": "Feature",
            "properties": {"id": f["properties"].get("id")},
            "geometry": encode_geometry(f["geometry"]),
        }
        for f in collection["features"]
    ]
    return {"type": "FeatureCollection", "features": features}


def _name(props: dict, lang: str) -> str:
    return props.get(f"name_{lang}") or props["name"]


def slim_places(collection: dict, lang: str = "en") -> list[list]:
    """Return the places, in file order, as [lon, lat, name, minzoom, capital 0/1] rows, named
    in ``lang`` where the data has the name."""
    return [
        [
            round(f["geometry"]["coordinates"][0], 4),
            round(f["geometry"]["coordinates"][1], 4),
            _name(f["properties"], lang),
            f["properties"]["minzoom"],
            int(bool(f["properties"]["capital"])),
        ]
        for f in collection["features"]
    ]


def country_labels(collection: dict, lang: str = "en") -> list[list]:
    """Each country as [lon, lat, name, west, south, east, north]: a point well inside its
    largest part (the pole of inaccessibility) and that part's box, which tells the map at
    which zoom the name (in ``lang`` where the data has it) fits."""
    rows = []
    for f in collection["features"]:
        geom = shape(f["geometry"])
        part = max(getattr(geom, "geoms", [geom]), key=lambda g: g.area)
        point = polylabel(part, tolerance=0.05)
        box = [round(v, 3) for v in part.bounds]
        rows.append([round(point.x, 3), round(point.y, 3), _name(f["properties"], lang), *box])
    return rows


def ensure_context(
    context_dir: Path = CONTEXT_DIR, source: Path = Path(geodata.__file__).parent
) -> list[Path]:
    """Write the basemap context files from ``source`` into ``context_dir`` where changed.

    Returns the files written.
    """

    def read(name: str) -> dict:
        return json.loads((source / name).read_text(encoding="utf-8"))

    places, countries = read("places.geojson"), read(SHAPE_FILES["outlines"])
    out = {}
    for lang in ("en", *NAME_LANGUAGES):
        out[named_file(PLACES, lang)] = slim_places(places, lang)
        out[named_file(COUNTRY_LABELS, lang)] = country_labels(countries, lang)
    for name, src in SHAPE_FILES.items():
        out[f"{name}.json"] = slim_shapes(read(src))
    written = []
    for name, data in out.items():
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
        if write_if_changed(context_dir / name, text):
            written.append(context_dir / name)
    return written


def use_local_assets(m: folium.Map) -> folium.Map:
    """Point ``m`` at the locally served Leaflet and drop folium's CDN extras.

    jQuery, Bootstrap and awesome-markers are only needed by plugins this map does not use;
    any one failing CDN script would stop streamlit-folium from loading the rest.
    """
    m.default_js = [("leaflet", LEAFLET_JS)]
    m.default_css = [("leaflet_css", LEAFLET_CSS)]
    return m
