"""Streamlit entry point: read the widgets, call the plain modules, render.

Run with ``streamlit run dashboard/app.py`` (or ``make run``) once the project is installed
(``pip install -e .``, which ``make`` does), so ``dashboard`` imports as a package. The sidebar,
table, timeline, details and downloads are drawn by ``dashboard/views``.
"""

from __future__ import annotations

import gc
from datetime import date
from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard.logic import (
    about,
    asof,
    dated,
    distances,
    filters,
    layers,
    search,
    style,
    timeline,
    timesteps,
)
from dashboard.logic.choices import Choices
from dashboard.logic.layers import LAYER_TITLES
from dashboard.map import build, offline
from dashboard.views import (
    details,
    downloads,
    keys,
    progressive,
    sidebar,
    state,
)
from dashboard.views import map as map_view
from dashboard.views import search as search_view
from dashboard.views import synthetic as synthetic_view
from dashboard.views import table as table_view
from dashboard.views import timeline as timeline_view
from dashboard.views import upload as upload_view
from dashboard.views import urlstate as urlstate_view

st.set_page_config(page_title="CSTO map", page_icon="🗺️", layout="wide")

USER_LAYER = "Your layer"


@st.cache_resource(show_spinner=False)
def _vendor_ready() -> bool:
    offline.ensure_vendor()
    return True


@st.cache_resource(show_spinner=False)
def _freeze_loaded_heap() -> bool:
    """Leave what the process holds after its first load out of later full collections.

    The imports and the loaded layers are a few hundred thousand long-lived objects; a full
    collection walking them all took ~75 ms, and it falls in some reruns, between the script
    and the sending of its messages. Frozen, a full collection walks only what came later.
    """
    gc.collect()
    gc.freeze()
    return True


@st.cache_data(show_spinner=False)
def _load(directory: str) -> layers.Layers:
    return layers.load_layers(Path(directory))


@st.cache_data(show_spinner=False)
def _sources(directory: str) -> dict[str, dict]:
    return dated.load_registry(Path(directory))


@st.cache_data(show_spinner=False)
def _dataset_date(directory: str) -> str | None:
    return layers.dataset_date(Path(directory))


@st.cache_data(show_spinner=False)
def _index(directory: str) -> list[search.Entry]:
    data = _load(directory)
    return search.build_index(data.countries, data.facilities, data.conflicts)


@st.cache_data(show_spinner=False)
def _events(directory: str, with_alliance: bool = True) -> pd.DataFrame:
    data = _load(directory)
    alliance = layers.load_events(Path(directory)) if with_alliance else None
    return timeline.events(
        data.countries, data.facilities, data.conflicts, membership_events=alliance
    )


@st.cache_data(show_spinner=False)
def _event_days(directory: str) -> tuple[date, ...]:
    # Where the date steps go; the timeline itself says when the alliance's events are broken.
    try:
        return timesteps.event_days(_events(directory))
    except layers.LayerError:
        return timesteps.event_days(_events(directory, with_alliance=False))


def _timeline_events(directory: str) -> pd.DataFrame:
    try:
        return _events(directory)
    except layers.LayerError as exc:
        st.warning(
            "The timeline shows only the layers' own events: the alliance's events could not "
            f"be read. Rebuild them with `python -m geodata.build`.\n\n```\n{exc}\n```"
        )
        return _events(directory, with_alliance=False)


@st.cache_data(show_spinner="Measuring distances…", max_entries=64)
def _distances(directory: str, on: date) -> pd.DataFrame:
    data = _load(directory)
    # The facilities layer ships border distances measured on full-resolution borders.
    return distances.facility_distances(data.facilities, data.conflicts, None, on)


def _visible(dated: layers.Layers, choices: Choices, dists: pd.DataFrame) -> layers.Layers:
    visible = filters.apply_selection(dated, choices)
    if choices.within is not None:
        near = distances.within_km(visible.facilities, dists, choices.within)
        visible = visible.replace(facilities=near)
    return visible


def _header() -> None:
    st.title("The CSTO on a map")
    st.caption(
        "Members of the Collective Security Treaty Organization, Russian military facilities "
        "in member states, and the conflicts around them, on any day since 1992. Click a "
        "feature, a table row or a search result for its details and sources."
    )


def main() -> None:
    _vendor_ready()
    directory = str(layers.geodata_dir())
    _header()
    try:
        data = _load(directory)
    except layers.LayerError as exc:
        st.error(
            "The map data could not be loaded. Rebuild it with `python -m geodata.build` "
            f"and check it with `python -m geodata.validate`.\n\n```\n{exc}\n```"
        )
        st.stop()
    _freeze_loaded_heap()
    today = date.today()
    groups = filters.country_groups(layers.with_status(data.countries))
    names = dict(zip(data.countries["iso3"], data.countries["name"], strict=True))

    notes = urlstate_view.seed(data, groups, today)
    sidebar.defaults(today)
    whole = progressive.rest_due()
    if whole or st.session_state[keys.QUERY]:
        # A link with a search: the search picks its feature in this same run.
        choices, results = sidebar.render(data, groups, today, _event_days(directory))
        search_view.render(_index(directory), choices.q, results)
        uploaded = upload_view.render()
    else:
        choices = sidebar.current(groups)
        uploaded = None
        progressive.sidebar_note()
    urlstate_view.show_notes(notes)

    dated = asof.layers_on(data, choices.date, include_past=choices.past)
    dists = _distances(directory, choices.date)
    zone_names = dict(zip(data.conflicts["id"], data.conflicts["name"], strict=True))
    # People read zones by name; the id stays for the link and the filter.
    dists = dists.assign(nearest_conflict=dists["nearest_conflict"].map(zone_names.get))
    visible = _visible(dated, choices, dists)
    shown = choices.shown

    map_view.take_click(visible, shown)
    # A selected feature keeps its details even when the date or a filter hides it.
    known = dated.replace(facilities=data.facilities, conflicts=data.conflicts)
    sel = st.session_state.get(keys.SEL)
    props = details.selected_props(known, sel, dists)
    extra = {}
    if props is not None and state.outlined():
        extra["Selected"] = build.highlight_layer(sel[0], props, props.get("geometry"), names)
    if uploaded:
        # A fixed title: text from the file never reaches folium's own templates.
        extra[USER_LAYER] = build.user_layer(uploaded.gdf, USER_LAYER)
    test_points = (choices.synthetic, choices.synthetic_types, choices.date)
    if choices.synthetic:
        extra[synthetic_view.TITLE] = synthetic_view.group(*test_points)
    map_view.render(visible, shown, choices.basemap, names, extra)
    if shown and not any(len(visible.get(n)) for n in shown):
        st.info("Nothing matches these filters. Clear a filter in the sidebar to see more.")
    st.html(style.legend_html())
    synthetic_view.render(*test_points)
    counts = ", ".join(f"{len(visible.get(n))} {LAYER_TITLES[n].lower()}" for n in shown)
    st.caption(
        f"On {choices.date.isoformat()}: {counts or 'no layers'}. "
        f"{build.ATTRIBUTION}; sources per feature."
    )

    if props is not None:
        on_map = sel[0] in shown and sel[1] in set(visible.get(sel[0])["id"].astype(str))
        details.render(sel[0], props, names, on_map=on_map, registry=_sources(directory))

    if whole:
        table_view.render(visible, shown, dists)
        timeline_view.render(_timeline_events(directory), choices.date)
        downloads.render(
            visible,
            choices,
            shown,
            on=choices.date,
            past=choices.past,
            within=choices.within,
            dataset_date=_dataset_date(directory),
            today=data,
            registry=_sources(directory),
        )
        if uploaded is not None:
            upload_view.download(uploaded, USER_LAYER)

        with st.expander("About this map and its data", expanded=False):
            st.markdown(
                about.about_markdown(
                    _dataset_date(directory),
                    len(about.source_urls([data.countries, data.facilities, data.conflicts])),
                )
            )
    else:
        progressive.waiting_note()

    urlstate_view.write(urlstate_view.current(choices, today), past=choices.past)


main()
