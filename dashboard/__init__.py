"""The CSTO map app: ``app.py`` is the Streamlit entry point.

``views`` draws with Streamlit and calls the rest; ``map`` builds the folium map; ``upload``
reads a user's own layer; ``logic`` holds the plain data logic. ``geodata`` (beside this
package) builds and validates the shipped layers. docs/ARCHITECTURE.md shows how they meet.
"""
