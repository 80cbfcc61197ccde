"""The reading layout: the map and a panel of words about it on one screen.

On a wide screen the map and the panel stand side by side, each as tall as the window allows,
the panel scrolling inside itself; on a narrow one Streamlit stacks the two columns, the map
on top at about half the window's height, the panel under it. The record, the table, the
timeline and the downloads follow below on every width. Nothing is ever wider than the screen:
wide content scrolls inside itself.
"""

from __future__ import annotations

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from dashboard.views import keys

WELCOME = (
    "Click a country, a facility or a conflict zone on the map, a search result or a table "
    "row: its details and sources show here. The sidebar sets the date, the layers and the "
    "filters, or opens a story."
)
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
# Streamlit 1.67 stacks columns below this width (measured in chromium).
STACKED_PX = 640
# What sits above the map on a wide screen: the app's header bar and the page title.
ABOVE_MAP = "10.5rem"
_MAP = f".st-key-{keys.READING_MAP}"
_PANEL = f".st-key-{keys.READING_PANEL}"

CSS = f"""<style>
[data-testid="stMainBlockContainer"] {{ padding-top: 3.5rem; padding-bottom: 4rem; }}
[data-testid="stMainBlockContainer"] h1 {{ font-size: 2rem; padding: 0 0 0.25rem; }}
{_MAP} {MAP_FRAME} {{ display: block; }}
/* Long words and wide HTML wrap or scroll inside their own box, never the page. */
{_PANEL}, [data-testid="stMarkdownContainer"], [data-testid="stCaptionContainer"] {{
  overflow-wrap: anywhere; }}
[data-testid="stHtml"] {{ max-width: 100%; overflow-x: auto; }}
@media (min-width: {STACKED_PX}px) {{
  {_MAP} {MAP_FRAME} {{ height: max(22rem, calc(100vh - {ABOVE_MAP})) !important; }}
  {_PANEL} {{ max-height: max(22rem, calc(100vh - {ABOVE_MAP})); overflow-y: auto;
    padding-right: 0.5rem; }}
}}
@media (max-width: {STACKED_PX - 0.02}px) {{
  [data-testid="stMainBlockContainer"] {{ padding-top: 4rem; }}
  {_MAP} {MAP_FRAME} {{ height: max(16rem, 50vh) !important; }}
}}
</style>"""

# An embedded map is the map and its panel alone: no way into a sidebar it does not show.
EMBED_CSS = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stExpandSidebarButton"], [data-testid="stHeader"] { display: none; }
[data-testid="stMainBlockContainer"] { padding-top: 1rem; }
</style>"""


def embedded() -> bool:
    """Whether the page is shown in another site's frame (``?embed=true``)."""
    return bool(st.context.is_embedded)


def boxes() -> tuple[DeltaGenerator, DeltaGenerator]:
    """The map's box and the panel's, in that order on every width (the map first, so a
    change in the panel never moves the map in the page and remounts it)."""
    st.html(CSS + (EMBED_CSS if embedded() else ""))
    with st.container(key=keys.READING):
        left, right = st.columns([3, 2], gap="medium")
    return left.container(key=keys.READING_MAP), right.container(key=keys.READING_PANEL)
