"""The map: building the folium map and its feature groups for streamlit-folium.

``build`` makes the constant base map and one feature group per layer; ``elements`` are the
folium elements writing one feature's compact Leaflet JS each; ``encoding`` packs rings as
delta-encoded polylines; ``points`` draws many points on one canvas; ``offline`` serves Leaflet
from the app itself. No Streamlit here: ``dashboard/views/map.py`` hands the groups to
``st_folium``.
"""
