"""The shared link: seed the widgets from the URL once per session, write the view back."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date

import streamlit as st

from dashboard.logic import i18n, story, urlstate
from dashboard.logic.choices import Choices
from dashboard.logic.i18n import _
from dashboard.logic.layers import LAYER_NAMES, Layers
from dashboard.logic.timesteps import DEFAULT_SPEED
from dashboard.map import build
from dashboard.views import keys, state

# The link's language parameter (read by the app before anything is drawn).
LANG_PARAM = urlstate.LANG
# Widget keys of the list parameters.
LIST_KEYS = {
    "facility_types": keys.FACILITY_TYPES,
    "facility_statuses": keys.FACILITY_STATUSES,
    "zones": keys.ZONES,
}


def _layer_of(data: Layers, fid: str) -> str | None:
    # The top layer first, as on the map.
    for layer in reversed(LAYER_NAMES):
        if fid in set(data.get(layer)["id"].astype(str)):
            return layer
    return None


def seed(
    data: Layers, groups: dict[str, list[str]], today: date, resolutions: Sequence[str] = ()
) -> list[str]:
    """On a session's first run, put the link's values into the widget keys; return notes.
    ``resolutions`` are the ids ``?votes=`` may name."""
    ss = st.session_state
    if ss.get(keys.URL_SEEDED):
        return ss.get(keys.URL_NOTES, [])
    # The story and its chapter are read by views/story.
    raw = {k: st.query_params.get_all(k) for k in st.query_params if k not in story.PARAMS}
    valid = urlstate.valid_values(
        data.countries,
        data.facilities,
        data.conflicts,
        basemaps=build.BASEMAPS,
        today=today,
        votes=resolutions,
    )
    parsed, notes = urlstate.parse(raw, valid=valid)
    for group, ids in groups.items():
        ss[keys.countries(group)] = [c for c in parsed.countries if c in ids]
    for field, key in LIST_KEYS.items():
        ss[key] = list(getattr(parsed, field))
    if parsed.date is not None:
        ss[keys.DATE] = parsed.date
    if "past" in raw and not any("'past=" in n for n in notes):
        ss[keys.PAST] = parsed.past
    if parsed.within is not None:
        ss[keys.WITHIN] = parsed.within
    if parsed.basemap:
        ss[keys.BASEMAP] = parsed.basemap
    if parsed.votes:
        ss[keys.VOTES] = parsed.votes
    if parsed.arms:
        ss[keys.SHOW_ARMS] = True
    if parsed.play:
        ss[keys.PLAY] = True
    if parsed.speed:
        ss[keys.SPEED] = parsed.speed
    if parsed.q:
        ss[keys.QUERY] = parsed.q
        if parsed.sel or parsed.lat is not None:
            ss[keys.HIT_SEEN] = "from-link"  # the link's own view and selection win
    if parsed.sel:
        layer = _layer_of(data, parsed.sel)
        if layer:
            state.select(layer, parsed.sel)
    if parsed.lat is not None and parsed.lon is not None:
        state.start(parsed.lat, parsed.lon, parsed.zoom if parsed.zoom is not None else build.ZOOM)
    elif parsed.zoom is not None:
        state.start(*build.CENTER, parsed.zoom)
    ss[keys.URL_SEEDED], ss[keys.URL_NOTES] = True, notes
    return notes


def current(choices: Choices, today: date) -> Choices:
    """What the page shows now, as the link carries it (``choices`` from the sidebar)."""
    view = st.session_state.get(keys.VIEW)
    sel = st.session_state.get(keys.SEL)
    return replace(
        choices,
        date=None if choices.date == today else choices.date,
        sel=sel[1] if sel else None,
        lat=view[0] if view else None,
        lon=view[1] if view else None,
        zoom=view[2] if view else None,
        basemap=None if choices.basemap == build.OFFLINE else choices.basemap,
        q=choices.q.strip(),
        play=bool(st.session_state.get(keys.PLAY)),
        speed=_speed(),
    )


def _speed() -> str | None:
    # The default speed is left out of links.
    speed = st.session_state.get(keys.SPEED, DEFAULT_SPEED)
    return None if speed == DEFAULT_SPEED else speed


def write(current: Choices, *, past: bool) -> None:
    """Make the address bar hold ``current`` (only when it changed, to keep history short)."""
    params = urlstate.serialize(current)
    # Ended features are shown by default, so only hiding them needs saying.
    params.pop("past", None)
    if not past:
        params["past"] = "0"
    if params != st.query_params.to_dict():
        st.query_params.from_dict(params)


def keep_language() -> None:
    """Keep the reader's language in an address another part of the page wrote (a story's)."""
    lang = i18n.current()
    if lang != i18n.DEFAULT and st.query_params.get(LANG_PARAM) != lang:
        st.query_params[LANG_PARAM] = lang


def show_notes(notes: list[str]) -> None:
    """Say which parts of the link were ignored; their text is shown as plain text."""
    if not notes:
        return
    with st.container(border=True, key=keys.URL_NOTES_BOX):
        st.info(_("Parts of this link were not understood and were ignored:"), icon="ℹ️")
        st.text("\n".join(notes))
