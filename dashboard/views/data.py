"""The data the page is drawn from, read once per data folder and content and shared.

Every cache is keyed on the folder and the digest of its files' content
(``logic.layers.data_digest``), so a file changed on disk is read again on the next run. The
loaders are plain functions of ``logic``; these wrap them in Streamlit's caches.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard.logic import arms as arms_logic
from dashboard.logic import (
    asof,
    distances,
    i18n,
    known,
    labels,
    layers,
    record,
    search,
    timeline,
    timesteps,
    votes,
)
from dashboard.logic.dated import load_registry
from dashboard.logic.i18n import _
from dashboard.views import problems as problems_view


@st.cache_data(show_spinner=False, max_entries=4)
def load_usable(directory: str, digest: str) -> tuple[layers.Layers, list]:
    return layers.load_usable(Path(directory))


def load(directory: str) -> layers.Layers:
    return load_usable(directory, layers.data_digest(Path(directory)))[0]


@st.cache_data(show_spinner=False, max_entries=4)
def sources(directory: str, digest: str = "") -> dict[str, dict]:
    return load_registry(Path(directory))


@st.cache_data(show_spinner=False, max_entries=4)
def dataset_date(directory: str, digest: str = "") -> str | None:
    return layers.dataset_date(Path(directory))


@st.cache_data(show_spinner=False, max_entries=4)
def appeals(directory: str, digest: str = "") -> list[dict]:
    return record.load_appeals(Path(directory))


@st.cache_data(show_spinner=False, max_entries=4)
def resolutions(directory: str, digest: str = "") -> list[dict]:
    return votes.load_votes(Path(directory))


@st.cache_data(show_spinner=False, max_entries=4)
def deals(directory: str, digest: str = "") -> dict[str, dict]:
    return {d["id"]: d for d in arms_logic.load_arms(Path(directory))}


@st.cache_data(show_spinner=False, max_entries=4)
def index(directory: str, digest: str = "") -> list[search.Entry]:
    data = load(directory)
    return search.build_index(data.countries, data.facilities, data.conflicts)


def events(directory: str, with_alliance: bool = True, digest: str = "") -> pd.DataFrame:
    """The timeline's events, their labels and dates in the reader's language."""
    return _events(directory, with_alliance, digest, i18n.current())


@st.cache_data(show_spinner=False, max_entries=8)
def _events(directory: str, with_alliance: bool, digest: str, lang: str) -> pd.DataFrame:
    # ``lang`` keys the cache (the labels and dates are words); the language is this run's.
    i18n.use(lang)
    data = load(directory)
    alliance = layers.load_events(Path(directory)) if with_alliance else None
    found = timeline.events(
        data.countries, data.facilities, data.conflicts, membership_events=alliance
    )
    return known.event_dates(found, {"conflicts": data.conflicts, "facilities": data.facilities})


@st.cache_data(show_spinner=False, max_entries=4)
def event_days(directory: str, digest: str = "") -> tuple[date, ...]:
    # Where the date steps go; the timeline itself says when the alliance's events are broken.
    try:
        return timesteps.event_days(events(directory, digest=digest))
    except layers.LayerError:
        return timesteps.event_days(events(directory, with_alliance=False, digest=digest))


def timeline_days(directory: str, digest: str) -> pd.DataFrame:
    # The events the date steps go to (the alliance's own, when they can be read).
    try:
        return events(directory, digest=digest)
    except layers.LayerError:
        return events(directory, with_alliance=False, digest=digest)


def timeline_events(directory: str, digest: str) -> pd.DataFrame:
    try:
        return events(directory, digest=digest)
    except layers.LayerError as exc:
        problems_view.render(
            exc.problems,
            _(
                "The timeline shows only the layers' own events: the alliance's events could "
                "not be read. Rebuild them with `python -m geodata.build`."
            ),
        )
        return events(directory, with_alliance=False, digest=digest)


@st.cache_data(show_spinner=False, max_entries=64)
def distances_among(
    directory: str, active: tuple[str, ...], _on: date, digest: str = ""
) -> pd.DataFrame:
    # Keyed on the zones active on the date, not the date: the dates between two changes of
    # the zones share one measure (``_on`` is one of them, left out of the key).
    data = load(directory)
    # The facilities layer ships border distances measured on full-resolution borders.
    return distances.facility_distances(data.facilities, data.conflicts, None, _on)


def distances_on(directory: str, on: date, digest: str = "") -> pd.DataFrame:
    """Each facility's distances on ``on``, the nearest zone named (the id stays for the link)."""
    data = load(directory)
    active = tuple(sorted(asof.conflicts_on(data.conflicts, on)["id"].astype(str)))
    with st.spinner(_("Measuring distances…")):
        dists = distances_among(directory, active, on, digest)
    # People read zones by name, in their own language where the data has it.
    shown = labels.names_in(data.conflicts, i18n.current())
    zone_names = dict(zip(data.conflicts["id"], shown, strict=True))
    return dists.assign(nearest_conflict=dists["nearest_conflict"].map(zone_names.get))
