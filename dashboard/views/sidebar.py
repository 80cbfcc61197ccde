"""The sidebar: date, search, layers, filters; returns what the user picked, as ``Choices``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date
from typing import Any

import streamlit as st

from dashboard.logic import arms, filters, i18n, labels, layers, style, synthetic, urlstate, votes
from dashboard.logic.choices import Choices
from dashboard.logic.i18n import _
from dashboard.logic.layers import LAYER_NAMES, LAYER_TITLES, Layers
from dashboard.map import build
from dashboard.views import keys, state, timecontrols
from dashboard.views import synthetic as synthetic_view


def defaults(today: date) -> None:
    """Start values of the seeded widgets, set once so no widget also gets a ``value=``."""
    ss = st.session_state
    ss.setdefault(keys.DATE, today)
    ss.setdefault(keys.PAST, True)
    ss.setdefault(keys.WITHIN, None)
    ss.setdefault(keys.QUERY, "")
    ss.setdefault(keys.BASEMAP, build.OFFLINE)
    ss.setdefault(keys.VOTES, votes.STATUS_CHOICE)
    ss.setdefault(keys.SYNTHETIC_POINTS, synthetic_view.default_size())
    # Set here, not as the checkboxes' value: a story chapter sets them too.
    for name in LAYER_NAMES:
        ss.setdefault(keys.show(name), True)
    ss.setdefault(keys.SHOW_ARMS, False)
    timecontrols.defaults()


def filter_keys(groups: Mapping[str, list[str]]) -> list[str]:
    """The keys of what a story chapter sets and *Reset map* sets back: the date, the layers
    and every filter."""
    return [
        keys.DATE,
        keys.PAST,
        keys.WITHIN,
        keys.FACILITY_TYPES,
        keys.FACILITY_STATUSES,
        keys.ZONES,
        *(keys.countries(g) for g in groups),
        *(keys.show(n) for n in LAYER_NAMES),
        keys.SHOW_ARMS,
    ]


def reset(
    groups: Mapping[str, list[str]], today: date, saved: Mapping[str, object] | None = None
) -> None:
    """Set the date, the layers and every filter to ``saved`` (a free map kept before a
    story) or else to their start values; select nothing; move the map to ``saved``'s view or
    the start view."""
    ss, saved = st.session_state, saved or {}
    start = {keys.DATE: today, keys.PAST: True, keys.WITHIN: None, keys.SHOW_ARMS: False}
    for key in filter_keys(groups):
        default = True if key.startswith("show_") else start.get(key, [])
        ss[key] = saved.get(key, default)
    ss[keys.PLAY] = False
    state.clear()
    state.move(*(saved.get(keys.VIEW) or (*build.CENTER, build.ZOOM)))


def _reset_all(groups: Mapping[str, list[str]], today: date) -> None:
    # Out of a story too: its chapter would otherwise still be read beside a reset map.
    st.session_state[keys.STORY] = ""
    st.session_state.pop(keys.STORY_FREE, None)
    st.session_state[keys.VOTES] = votes.STATUS_CHOICE
    reset(groups, today)


def _reset_button(groups: Mapping[str, list[str]], today: date) -> None:
    st.sidebar.button(
        _("Reset map"),
        key=keys.RESET_MAP,
        on_click=_reset_all,
        args=(groups, today),
        icon=":material/restart_alt:",
        help=_("Today's date, every layer, no filter, nothing selected, the start view"),
        width="stretch",
    )


def _time(today: date, event_days: Sequence[date] = ()) -> tuple[date, bool]:
    sb = st.sidebar
    sb.header(_("Date"))
    on = sb.slider(
        _("Map date"),
        min_value=urlstate.MIN_DATE,
        max_value=today,
        format="DD.MM.YYYY" if i18n.current() == "ru" else "YYYY-MM-DD",
        key=keys.DATE,
        help=_("Members coloured by their status on this day; facilities and zones of that day."),
    )
    timecontrols.render(today, event_days)
    past = sb.checkbox(
        _("Also show what had ended by then"),
        key=keys.PAST,
        help=_("Closed facilities (hollow) and ended conflict zones (faded)."),
    )
    return on, past


def _filters(data: Layers, groups: dict[str, list[str]]) -> Choices:
    sb = st.sidebar
    sb.header(_("Filters"))
    names = layers.country_names(data.countries, i18n.current())
    picked: list[str] = []
    for group, ids in groups.items():
        picked += sb.multiselect(
            _(filters.GROUP_LABELS[group]),
            ids,
            format_func=lambda iso: names.get(iso, iso),
            key=keys.countries(group),
            placeholder=_("All"),
            help=_(
                "Countries are grouped by their status today; the map colours them by their "
                "status on the map date."
            ),
        )
    types = [t for t in style.FACILITY_SYMBOLS if t in set(data.facilities["facility_type"])]
    facility_types = sb.multiselect(
        _("Facility type"),
        types,
        format_func=lambda ftype: style.label("facility_type", ftype),
        key=keys.FACILITY_TYPES,
        placeholder=_("All"),
    )
    statuses = sorted(set(data.facilities["status"]))
    facility_statuses = sb.multiselect(
        _("Facility status"),
        statuses,
        format_func=lambda status: style.label("status", status),
        key=keys.FACILITY_STATUSES,
        placeholder=_("All"),
    )
    shown = labels.names_in(data.conflicts, i18n.current())
    zone_names = dict(zip(data.conflicts["id"], shown, strict=True))
    zones = sb.multiselect(
        _("Conflict zone"),
        list(zone_names),
        format_func=lambda cid: zone_names.get(cid, cid),
        key=keys.ZONES,
        placeholder=_("All"),
    )
    within = sb.number_input(
        _("Facilities within … km of an active conflict zone"),
        min_value=0.0,
        max_value=20000.0,
        step=25.0,
        key=keys.WITHIN,
        placeholder=_("Any distance"),
        help=_("Distance to the nearest zone active on the map date. Empty: no limit."),
    )
    return Choices(
        countries=tuple(picked),
        facility_types=tuple(facility_types),
        facility_statuses=tuple(facility_statuses),
        zones=tuple(zones),
        within=within,
    )


def _colour_by(resolutions: Sequence[Mapping]) -> str | None:
    ids = votes.resolution_ids(resolutions)
    if st.session_state.get(keys.VOTES) not in ids:
        st.session_state[keys.VOTES] = votes.STATUS_CHOICE
    picked = st.sidebar.selectbox(
        _("Colour countries by"),
        [votes.STATUS_CHOICE, *ids],
        format_func=lambda rid: votes.choice_label(resolutions, rid),
        key=keys.VOTES,
        help=_(
            "Alliance status on the map date, or how each state voted on a UN General "
            "Assembly resolution on Ukraine (no record: the data holds no vote of that state)."
        ),
    )
    return picked or None


def render(
    data: Layers,
    groups: dict[str, list[str]],
    today: date,
    event_days: Sequence[date] = (),
    resolutions: Sequence[Mapping] = (),
) -> tuple[Choices, Any]:
    """Draw the sidebar (uploader excepted); return the user's choices and the slot under the
    search box, where the search results go. ``event_days`` are where the date steps go;
    ``resolutions`` (votes.json) what countries may be coloured by."""
    on, past = _time(today, event_days)
    sb = st.sidebar
    query = sb.text_input(
        _("Search"),
        key=keys.QUERY,
        placeholder=_("Gyumri, Байконур, Przhevalsk…"),
        help=_(
            "Any name of a facility, country or conflict, current or historical, Latin or Cyrillic."
        ),
    )
    results = sb.container()
    sb.header(_("Layers"))
    shown = tuple(
        name for name in LAYER_NAMES if sb.checkbox(_(LAYER_TITLES[name]), key=keys.show(name))
    )
    show_arms = sb.checkbox(
        _(arms.TITLE),
        key=keys.SHOW_ARMS,
        help=_(
            "Deliveries of weapons, capital to capital, once their year of delivery is over; "
            "narrowed by the country filter. Click an arrow for the deal and its sources."
        ),
    )
    basemap = sb.selectbox(
        _("Basemap"),
        list(build.BASEMAPS),
        format_func=build.basemap_label,
        key=keys.BASEMAP,
        help=_("Online tiles need internet."),
    )
    colour_by = _colour_by(resolutions)
    picked = _filters(data, groups)
    _reset_button(groups, today)
    n, types = _synthetic()
    choices = replace(
        picked,
        date=on,
        past=past,
        shown=shown,
        basemap=basemap,
        votes=colour_by,
        arms=show_arms,
        q=query,
        synthetic=n,
        synthetic_types=types,
    )
    return choices, results


def current(groups: dict[str, list[str]]) -> Choices:
    """Return what the sidebar would return, from session state alone, without drawing it.

    A session's first run sends the map before the sidebar (see ``views/progressive``); its
    widgets then start from these same values (``defaults`` and a shared link's ones)."""
    ss = st.session_state
    picked = [iso for group in groups for iso in ss.get(keys.countries(group), [])]
    shown = tuple(n for n in LAYER_NAMES if ss.get(keys.show(n), True))
    n = ss[keys.SYNTHETIC_POINTS]
    types = tuple(ss.get(keys.SYNTHETIC_TYPES, [])) if n else ()
    return Choices(
        countries=tuple(picked),
        facility_types=tuple(ss.get(keys.FACILITY_TYPES, [])),
        facility_statuses=tuple(ss.get(keys.FACILITY_STATUSES, [])),
        zones=tuple(ss.get(keys.ZONES, [])),
        within=ss[keys.WITHIN],
        date=ss[keys.DATE],
        past=ss[keys.PAST],
        shown=shown,
        basemap=ss[keys.BASEMAP],
        votes=ss.get(keys.VOTES) or None,
        arms=bool(ss.get(keys.SHOW_ARMS)),
        q=ss[keys.QUERY],
        synthetic=n,
        synthetic_types=types,
    )


def _synthetic() -> tuple[int, tuple[str, ...]]:
    sb = st.sidebar
    sb.header(_("Test data"))
    n = sb.selectbox(
        _("SYNTHETIC points (made-up test data)"),
        synthetic_view.sizes(),
        format_func=synthetic_view.size_label,
        key=keys.SYNTHETIC_POINTS,
        help=_(
            "Generated points for trying the map at scale. Not real events; never in the "
            "table or the downloads."
        ),
    )
    if not n:
        return 0, ()
    types = sb.multiselect(
        _("SYNTHETIC event type"),
        synthetic.EVENT_TYPES,
        key=keys.SYNTHETIC_TYPES,
        placeholder=_("All"),
    )
    return n, tuple(types)
