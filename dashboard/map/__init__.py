"""The map: building the folium map and what each run hands to streamlit-folium.

``build`` makes the constant base map and the groups of a run; ``layerstate`` writes every
feature of the data layers into one static file and turns a run's filtered frames into the
small state the map applies (``js/layers.js``); ``elements`` are the folium elements writing
compact, script-safe Leaflet JS; ``encoding`` packs rings as delta-encoded polylines;
``points`` draws many points on one canvas; ``offline`` serves Leaflet and the map's files
from the app itself. No Streamlit here: ``dashboard/views/map.py`` hands the groups to
``st_folium``.
"""
