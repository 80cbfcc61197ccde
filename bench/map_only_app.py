"""The map-only floor: a page holding nothing but the smallest streamlit-folium map.

What any page that shows a map through st_folium needs before its first shape is on screen:
Streamlit's page, then the component's iframe, its own bundle, then Leaflet. Run by
``bench/run.py`` from a scratch folder that holds ``static/vendor``.
"""

import folium
from streamlit_folium import st_folium

VENDOR = "../../app/static/vendor/leaflet"

m = folium.Map(location=[46, 62], zoom_start=3, tiles=None)
m.default_js = [("leaflet", f"{VENDOR}/leaflet.js")]
m.default_css = [("leaflet_css", f"{VENDOR}/leaflet.css")]
group = folium.FeatureGroup(name="One circle")
folium.CircleMarker((51.2, 71.4), radius=8).add_to(group)
st_folium(m, feature_group_to_add=group, returned_objects=[], key="map", height=560)
