"""Streamlit entry point: read the widgets, call the plain modules, render.

Run with ``streamlit run dashboard/app.py`` (or ``make run``) once the project is installed
(``pip install -e .``, which ``make`` does), so ``dashboard`` imports as a package. The sidebar,
table, timeline, details and downloads are drawn by ``dashboard/views``.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard.logic import (
    about,
    asof,
    distances,
    filters,
    i18n,
    layers,
    popups,
    votes,
)
from dashboard.logic import arms as arms_logic
from dashboard.logic.choices import Choices
from dashboard.logic.i18n import _
from dashboard.map import assets, build, highlight, offline
from dashboard.views import arms as arms_view
from dashboard.views import data as data_view
from dashboard.views import (
    details,
    downloads,
    keys,
    progressive,
    reading,
    sidebar,
    state,
)
from dashboard.views import map as map_view
from dashboard.views import problems as problems_view
from dashboard.views import record as record_view
from dashboard.views import search as search_view
from dashboard.views import story as story_view
from dashboard.views import synthetic as synthetic_view
from dashboard.views import table as table_view
from dashboard.views import timeline as timeline_view
from dashboard.views import upload as upload_view
from dashboard.views import urlstate as urlstate_view

USER_LAYER = reading.USER_LAYER


@st.cache_resource(show_spinner=False)
def _vendor_ready() -> bool:
    offline.ensure_vendor()
    offline.ensure_context()
    assets.ensure_assets()
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


def _visible(dated: layers.Layers, choices: Choices, dists: pd.DataFrame | None) -> layers.Layers:
    visible = filters.apply_selection(dated, choices)
    if choices.within is not None:
        near = distances.within_km(visible.facilities, dists, choices.within)
        visible = visible.replace(facilities=near)
    return visible


def _language() -> str:
    """The reader's language for this run: the picker's once it is drawn, before that the
    link's (``?lang=ru``), else English; made the run's language before anything is drawn."""
    ss = st.session_state
    if keys.LANG not in ss:
        ss[keys.LANG] = i18n.use(st.query_params.get(urlstate_view.LANG_PARAM))
    return i18n.use(ss[keys.LANG])


def _language_picker() -> None:
    # At the top of the sidebar, outside the fragment: a change redraws the whole page.
    st.sidebar.radio(
        _("Language"),
        i18n.LANGUAGES,
        format_func=i18n.NAMES.get,
        key=keys.LANG,
        horizontal=True,
    )


def _header() -> None:
    st.title(_("The CSTO on a map"))
    st.caption(
        _(
            "Members of the Collective Security Treaty Organization, Russian military "
            "facilities in member states, and the conflicts around them, on any day since "
            "1992. Click a feature, a table row or a search result for its details and sources."
        )
    )


@dataclass(frozen=True)
class Page:
    """What the controls and the map decided, for the parts of the page under the map."""

    choices: Choices
    visible: layers.Layers
    dists: pd.DataFrame | None  # None: not measured yet
    uploaded: object | None
    whole: bool
    # What the parts under the map are drawn from: when it changes, they are drawn again.
    inputs: tuple
    sel: tuple[str, str] | None
    props: dict | None  # the selected feature's, for its details
    arms: object | None = None  # the arms transfers drawn (a GeoDataFrame), if shown


def _page(digest: str, inputs: tuple) -> str:
    """A name of what the map's layers, the table and the downloads are made from: the
    loaded data and ``inputs`` (the filters, the date, the shown layers, the language...).
    Readers on the same page share what is made from it (views/map, table, downloads)."""
    return f"{digest} {inputs!r}"


def _inputs(choices: Choices) -> tuple:
    # The view and the search text change nothing under the map; the selection, an upload
    # (the details, the user's layer's download) and the reader's language do.
    upload = st.session_state.get(keys.UPLOAD_FILE)
    return (
        replace(choices, lat=None, lon=None, zoom=None, q=""),
        st.session_state.get(keys.SEL),
        getattr(upload, "file_id", None),
        i18n.current(),
    )


@st.fragment
def _controls_and_map(
    directory: str,
    digest: str,
    data: layers.Layers,
    groups: dict[str, list[str]],
    names: dict[str, str],
    stories: list[dict],
    today: date,
) -> Page:
    """The sidebar, the story panel and the map: a change made here reruns only this, and
    the rest of the page (the legend on) follows once the map shows it (views/progressive)."""
    # A fragment's own rerun starts without the whole script's language: set it again.
    _language()
    progressive.follow_report()
    map_box, panel = reading.boxes()
    resolutions = data_view.resolutions(directory, digest)
    notes = urlstate_view.seed(data, groups, today, votes.resolution_ids(resolutions))
    story_view.seed(stories, groups, today)
    sidebar.defaults(today)
    whole = progressive.rest_due()
    if whole or st.session_state[keys.QUERY]:
        # A link with a search: the search picks its feature in this same run.
        story_view.picker(stories, groups, today)
        days = data_view.event_days(directory, digest)
        choices, results = sidebar.render(data, groups, today, days, resolutions)
        search_view.render(data_view.index(directory, digest), choices.q, results, data)
        uploaded = upload_view.render()
    else:
        choices = sidebar.current(groups)
        uploaded = None
        progressive.sidebar_note()

    dated = asof.layers_on(data, choices.date, include_past=choices.past)
    # A name says nothing the map date did not know yet ("(withdrawn)" on a day it was not).
    dated = dated.replace(facilities=popups.named_on(dated.facilities, choices.date))
    # Coloured by a resolution: each country carries its recorded vote (map, details, exports).
    voted = votes.with_votes(dated.countries, votes.find(resolutions, choices.votes))
    dated = dated.replace(countries=voted)
    # Measured here only when the map needs them (the distance filter, the selection's
    # outline); otherwise under the map, after the map has been sent.
    within = choices.within is not None
    dists = data_view.distances_on(directory, choices.date, digest) if within else None
    visible = _visible(dated, choices, dists)
    shown = choices.shown

    map_view.take_click(visible, shown)
    # An event step or a timeline click: what happened that day, its feature selected.
    happened = reading.day_events(lambda: data_view.timeline_days(directory, digest), choices.date)
    sel = st.session_state.get(keys.SEL)
    if dists is None and sel is not None:
        dists = data_view.distances_on(directory, choices.date, digest)
    # A selected feature keeps its details even when the date or a filter hides it.
    # Its status is the map date's, as the map draws it; today's stays beside it.
    sites = popups.named_on(
        data.facilities.assign(
            status=asof.facility_status_on(data.facilities, choices.date),
            status_today=data.facilities["status"],
        ),
        choices.date,
    )
    known = dated.replace(facilities=sites, conflicts=data.conflicts)
    props = details.selected_props(known, sel, dists)
    extra = {}
    drawn_arms = None
    if choices.arms:
        deals = data_view.deals(directory, digest)
        drawn_arms = arms_logic.drawn(list(deals.values()), choices.date, choices.countries)
        extra[arms_logic.TITLE] = build.arms_layer(drawn_arms, deals, names)
    outline = story_view.highlights(stories, data, names)
    if outline is not None:
        extra[highlight.TITLE] = outline
    if props is not None and state.outlined():
        extra["Selected"] = build.highlight_layer(sel[0], props, props.get("geometry"), names)
    if uploaded:
        # A fixed title: text from the file never reaches folium's own templates.
        extra[USER_LAYER] = build.user_layer(uploaded.gdf, _(USER_LAYER))
    test_points = (choices.synthetic, choices.synthetic_types, choices.date)
    if choices.synthetic:
        extra[synthetic_view.TITLE] = synthetic_view.group(*test_points)
    drawn_file = map_view.layers_file(directory, digest, data, names, today, i18n.current())
    inputs = _inputs(choices)
    report = progressive.report(inputs, first=not whole)
    with map_box:
        map_view.render(
            visible,
            shown,
            choices.basemap,
            names,
            extra,
            drawn_file,
            report,
            page=_page(digest, inputs),
        )
    if not whole:
        progressive.already_drawn()
    page = Page(choices, visible, dists, uploaded, whole, inputs, sel, props, drawn_arms)
    with panel:
        urlstate_view.show_notes(notes + story_view.notes())
        progressive.wait_for_map()
        reading.panel(
            reading.Shown(choices, visible, sel, props, uploaded),
            stories=stories,
            directory=directory,
            data=data,
            groups=groups,
            names=names,
            registry=data_view.sources(directory, digest),
            today=today,
            happened=happened,
        )
    if story_view.write_link(stories):
        urlstate_view.keep_language()
    else:
        urlstate_view.write(urlstate_view.current(choices, today), past=choices.past)
    return page


def _under_the_map(
    directory: str,
    digest: str,
    data: layers.Layers,
    names: dict[str, str],
    page: Page,
    stories: list[dict],
    *,
    embedded: bool,
) -> None:
    """On full runs the table, the record, the timeline, the downloads and the notes about
    the data (the legend, the counts and the details are in the panel beside the map)."""
    choices, visible, shown = page.choices, page.visible, page.choices.shown
    synthetic_view.render(choices.synthetic, choices.synthetic_types, choices.date)
    if not page.whole:
        progressive.waiting_note(say=not embedded)
        return
    if embedded:
        # Another site's frame holds the map and its panel alone.
        progressive.rest_drawn(page.inputs)
        return
    dists = (
        page.dists
        if page.dists is not None
        else data_view.distances_on(directory, choices.date, digest)
    )
    user = None
    if page.uploaded is not None:
        gdf = page.uploaded.gdf
        user = (_(USER_LAYER), pd.DataFrame(gdf.drop(columns=gdf.geometry.name)))
    more = () if page.arms is None else (arms_view.rows(page.arms, names),)
    table_view.render(visible, shown, dists, user, more, page=_page(digest, page.inputs))
    appeals = record_view.appeals(lambda: data_view.appeals(directory, digest))
    record_view.render(appeals, data, data_view.sources(directory, digest))
    events = record_view.timeline_events(
        data_view.timeline_events(directory, digest), appeals, data
    )
    picked = filters.apply_selection(data, choices)
    timeline_view.render(events, choices.date, picked, shown)
    downloads.render(
        visible,
        choices,
        shown,
        on=choices.date,
        past=choices.past,
        within=choices.within,
        dataset_date=data_view.dataset_date(directory, digest),
        today=data,
        registry=data_view.sources(directory, digest),
        distances=dists,
        chapter=_chapter(stories),
        arms_frame=None
        if page.arms is None
        else arms_logic.export_frame(page.arms, data_view.deals(directory, digest), names),
        page=(digest, _page(digest, page.inputs)),
    )
    downloads.appeals(appeals, data_view.dataset_date(directory, digest))
    if page.arms is not None:
        arms_view.download(page.arms, data_view.deals(directory, digest))
    if page.uploaded is not None:
        upload_view.download(page.uploaded, _(USER_LAYER))

    with st.expander(_("About this map and its data"), expanded=False):
        st.markdown(
            about.about_markdown(
                data_view.dataset_date(directory, digest),
                len(about.source_urls([data.countries, data.facilities, data.conflicts])),
            )
        )
    progressive.rest_drawn(page.inputs)


def _chapter(stories: list[dict]) -> dict | None:
    # The open story's chapter, for the image's title and highlights.
    opened = story_view.opened(stories)
    return None if opened is None else opened[0]["chapters"][opened[1]]


def main() -> None:
    lang = _language()
    st.set_page_config(page_title=_("CSTO map"), page_icon="🗺️", layout="wide")
    _vendor_ready()
    directory = str(layers.geodata_dir())
    embedded = reading.embedded()
    if not embedded:
        _language_picker()
        _header()
    digest = layers.data_digest(Path(directory))
    data, problems = data_view.load_usable(directory, digest)
    problems_view.reloaded(digest)
    # A broken feature or file is left out and named; the rest of the map is drawn.
    problems_view.render(problems)
    _freeze_loaded_heap()
    today = date.today()
    groups = filters.country_groups(layers.with_status(data.countries))
    names = layers.country_names(data.countries, lang)
    stories = story_view.load(directory)
    # The fragment below fills the sidebar; Streamlit needs the sidebar written to outside it.
    st.sidebar.empty()
    with progressive.whole_app():
        page = _controls_and_map(directory, digest, data, groups, names, stories, today)
    _under_the_map(directory, digest, data, names, page, stories, embedded=embedded)


main()
