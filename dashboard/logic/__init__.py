"""The plain data logic: loading, dating, filtering, searching, tabling and exporting the layers.

Nothing here imports Streamlit or folium, so every module runs and is tested on its own;
``dashboard/views`` draws what these return, and ``dashboard/map`` turns it into a map.
"""
