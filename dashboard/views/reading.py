"""The reading layout: the map and a panel of words about it on one screen.

On a wide screen the map and the panel stand side by side, each as tall as the window allows,
the panel scrolling inside itself; on a narrow one Streamlit stacks the two columns, the map
on top at about half the window's height, the panel under it. The record, the table, the
timeline and the downloads follow below on every width. Nothing is ever wider than the screen:
wide content scrolls inside itself.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from dashboard.logic import i18n, style, table, timeline
from dashboard.logic.choices import Choices
from dashboard.logic.i18n import N_, _, ngettext
from dashboard.logic.layers import Layers
from dashboard.map import build
from dashboard.views import arms as arms_view
from dashboard.views import details, keys, state
from dashboard.views import map as map_view
from dashboard.views import story as story_view
from dashboard.views import upload as upload_view

WELCOME = N_(
    "Click a country, a facility or a conflict zone on the map, a search result or a table "
    "row: its details and sources show here. The sidebar sets the date, the layers and the "
    "filters, or opens a story."
)
# Said once in each language: the data's own words are not translated.
DATA_IN_ENGLISH = N_(
    "Feature names are shown in Russian where the data has them; the evidence quotes, "
    "descriptions and notes are the data's own words and stay in English."
)
EVENTS_SHOWN = 6
# The fixed title of a user's layer (text from a file is not one), translated where shown.
USER_LAYER = N_("Your layer")
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
/* Streamlit's captions (its text at 60 % opacity) are 3.88:1 on white; WCAG AA asks 4.5:1
   for small text: a solid grey of 6.6:1. */
[data-testid="stCaptionContainer"] {{ opacity: 1; color: #5c5b5a; }}
/* In the narrow panel the details' labels wrap, so the values keep most of the width. */
.st-key-{keys.DETAILS} .csto-popup th {{ width: 8.5rem; white-space: normal; }}
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


@dataclass(frozen=True)
class Shown:
    """What the map shows and what is selected, for the panel beside it."""

    choices: Choices
    visible: Layers
    sel: tuple[str, str] | None
    props: dict | None
    uploaded: object | None = None  # a user's layer (upload.UploadResult)


def day_events(load: Callable[[], pd.DataFrame], on: date) -> pd.DataFrame | None:
    """The events of the day an event step or a timeline click moved the map to (None when
    the date came another way); on the run right after the move, select the day's feature."""
    ss = st.session_state
    if ss.get(keys.EVENT_DAY) != on:
        ss.pop(keys.EVENT_DAY, None)
        return None
    found = timeline.on_day(load(), on)
    if ss.pop(keys.EVENT_FRESH, False):
        picked = timeline.feature_of(found)
        if picked is not None:
            state.select(*picked)
    return found


def _happened(found: pd.DataFrame, on: date) -> None:
    with st.container(border=True, key=keys.EVENT_NOTE):
        st.markdown("**" + _("On {day}").format(day=i18n.format_day(on)) + "**")
        if not len(found):
            st.caption(_("No event of the layers on this day."))
            return
        lines = [f"- {text}" for text in found["label"].head(EVENTS_SHOWN)]
        if len(found) > EVENTS_SHOWN:
            more = len(found) - EVENTS_SHOWN
            words = ngettext(
                "and {n} more, in the timeline below", "and {n} more, in the timeline below", more
            )
            lines.append("- " + words.format(n=more))
        st.markdown("\n".join(lines))


def _day(on: date) -> str:
    # English keeps the ISO day the page has always written; Russian writes the day out.
    return on.isoformat() if i18n.current() == i18n.DEFAULT else i18n.format_day(on)


def _legend(uploaded, vote_on: str | None = None, arms_names: Mapping | None = None) -> None:
    if uploaded is not None:
        upload_view.legend(uploaded, _(USER_LAYER))
    if arms_names is not None:
        arms_view.legend(arms_names)
    st.html(style.legend_html(vote_on))


def panel(
    shown: Shown,
    *,
    stories: list[dict],
    directory: str,
    data: Layers,
    groups: Mapping[str, list[str]],
    names: Mapping[str, str],
    registry: Mapping[str, Mapping],
    today: date,
    happened: pd.DataFrame | None,
) -> None:
    """The words beside the map: the story's controls, what happened on an event's day, then
    the selection's details, the chapter, or how to read the map; the counts, the legend and
    *Zoom to selection*."""
    choices, visible, layers = shown.choices, shown.visible, shown.choices.shown
    in_story = story_view.header(stories, groups, today)
    if layers and not any(len(visible.get(n)) for n in layers):
        st.info(_("Nothing matches these filters. Clear a filter in the sidebar to see more."))
    if happened is not None:
        _happened(happened, choices.date)
    if shown.props is not None:
        layer, fid = shown.sel
        on_map = layer in layers and fid in set(visible.get(layer)["id"].astype(str))
        details.render(layer, shown.props, names, on_map=on_map, registry=registry)
    elif in_story:
        story_view.chapter(stories, directory, data, names)
    elif happened is None:
        st.markdown(_(WELCOME))
        if i18n.current() != i18n.DEFAULT:
            st.caption(_(DATA_IN_ENGLISH))
    counts = ", ".join(table.counted(len(visible.get(n)), n) for n in layers)
    st.caption(
        _("On {day}: {counts}. {attribution}; sources per feature.").format(
            day=_day(choices.date),
            counts=counts or _("no layers"),
            attribution=_(build.ATTRIBUTION),
        )
    )
    if shown.props is None and not in_story and happened is None:
        _legend(shown.uploaded, choices.votes, names if choices.arms else None)
    else:
        with st.expander(_("Legend")):
            _legend(shown.uploaded, choices.votes, names if choices.arms else None)
    map_view.zoom_button(visible, layers)
