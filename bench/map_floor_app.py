"""The map floor: the smallest map streamlit-folium can show, changed by the same two filters.

One small feature group (a circle per picked choice) over an empty Leaflet map, Leaflet served
locally, sent with ``feature_group_to_add`` so a filter change updates it in place. What this
takes to load and to update is what streamlit-folium itself costs, whatever the app draws.
Run by ``bench/run.py`` from a scratch folder that holds ``static/vendor``.
"""

import folium
import streamlit as st
from streamlit_folium import st_folium

VENDOR = "../../app/static/vendor/leaflet"
PLACES = {"Armenia": (40.1, 44.5), "Belarus": (53.9, 27.6), "Kazakhstan": (51.2, 71.4)}
TYPES = {"air base": (42.9, 74.5), "radar": (46.6, 74.5), "space launch site": (45.9, 63.3)}

# The same widget keys and option labels as dashboard/app.py.
countries = st.sidebar.multiselect(
    "Members", list(PLACES), key="countries_members", placeholder="All"
)
types = st.sidebar.multiselect(
    "Facility type", list(TYPES), key="facility_types", placeholder="All"
)

m = folium.Map(location=[46, 62], zoom_start=3, tiles=None)
m.default_js = [("leaflet", f"{VENDOR}/leaflet.js")]
m.default_css = [("leaflet_css", f"{VENDOR}/leaflet.css")]
group = folium.FeatureGroup(name="Picked")
for name in countries or list(PLACES):
    folium.CircleMarker(PLACES[name], radius=8).add_to(group)
for name in types or list(TYPES):
    folium.CircleMarker(TYPES[name], radius=4).add_to(group)
st_folium(m, feature_group_to_add=group, returned_objects=[], key="map", height=560)
