"""Streamlit drawing, one module per part of the page, each named after the logic it draws.

``views/table.py`` draws ``logic/table.py``, ``views/search.py`` ``logic/search.py``,
``views/map.py`` the ``map`` package, ``views/upload.py`` the ``upload`` package, and so on;
``state`` holds the session helpers the views share. Only this package and ``app.py`` import
Streamlit.
"""
