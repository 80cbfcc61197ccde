"""The view as URL query parameters, so a link opens the same map for someone else.

Parameters (all optional): ``countries``, ``types``, ``statuses``, ``zones`` (comma-separated
lists, or the key repeated), ``date`` (YYYY-MM-DD), ``past`` (1 shows ended conflicts faded),
``within`` (km from an active conflict zone), ``sel`` (feature id), ``lat``, ``lon``, ``zoom``,
``basemap``, ``q`` (search text), ``play`` (1 plays the date forward), ``speed`` (how far each
step of play goes: ``month``, ``quarter``, ``year``), ``votes`` (colour countries by the
recorded votes on this UN General Assembly resolution: its id in votes.json, e.g.
``ES-11/1``, or the date of one without a symbol), ``arms`` (1 draws the arms transfers),
``lang`` (the reader's language: ``ru``
for Russian; English, the default, is left out; the app reads it before anything is drawn, so
it is checked here but is no part of ``Choices``, and every link made in a run carries that
run's language). Anything unknown or malformed is dropped
with a note for the user; parsing never raises.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from datetime import date

import pandas as pd

from dashboard.logic import i18n
from dashboard.logic.choices import Choices
from dashboard.logic.i18n import _
from dashboard.logic.timesteps import SPEEDS

# URL parameter -> field of Choices. The names in shared links never change.
PARAMS = {
    "countries": "countries",
    "types": "facility_types",
    "statuses": "facility_statuses",
    "zones": "zones",
    "date": "date",
    "past": "past",
    "within": "within",
    "sel": "sel",
    "lat": "lat",
    "lon": "lon",
    "zoom": "zoom",
    "basemap": "basemap",
    "q": "q",
    "play": "play",
    "speed": "speed",
    "votes": "votes",
    "arms": "arms",
}
LANG = "lang"
LIST_PARAMS = ("countries", "types", "statuses", "zones")
MIN_DATE = date(1992, 1, 1)
MAX_ZOOM = 18


KNOWN = {*PARAMS, LANG}


def _values(raw: str | list[str]) -> list[str]:
    items = raw if isinstance(raw, list | tuple) else [raw]
    return [v.strip() for item in items for v in str(item).split(",") if v.strip()]


def _last(raw: str | list[str]) -> str:
    if isinstance(raw, list | tuple):
        return str(raw[-1]) if raw else ""
    return str(raw)


def _shown(key: str, raw: str | list[str]) -> str:
    text = ",".join(map(str, raw)) if isinstance(raw, list | tuple) else str(raw)
    text = text if len(text) <= 60 else text[:57] + "..."
    return f"'{key}={text}'"


def _number(text: str, lo: float, hi: float) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) and lo <= value <= hi else None


def parse(
    query_params: Mapping[str, str | list[str]], *, valid: Mapping[str, Collection] | None = None
) -> tuple[Choices, list[str]]:
    """Read the link's Choices from query parameters; return them with notes on what was
    ignored and why.

    ``valid`` may give the allowed values per list parameter (``countries``, ``types``,
    ``statuses``, ``zones``), feature ids as ``ids``, basemap names as ``basemaps`` and
    resolution ids as ``votes``; a key it
    does not name accepts any value. ``valid["today"]`` (a date) caps the date, default today.
    """
    valid = valid or {}
    today = valid.get("today") or date.today()
    notes: list[str] = []
    out: dict = {}

    def ignore(key: str, raw, why: str) -> None:
        notes.append(_("ignored {param}: {why}").format(param=_shown(key, raw), why=why))

    for key, raw in query_params.items():
        if key not in KNOWN:
            ignore(key, raw, _("unknown parameter"))
        elif key in LIST_PARAMS:
            values = _values(raw)
            allowed = valid.get(key)
            bad = [v for v in values if allowed is not None and v not in allowed]
            good = tuple(dict.fromkeys(v for v in values if v not in bad))
            if bad:
                kept = _("; kept {values}").format(values=", ".join(good)) if good else ""
                why = _("unknown {param} {values}").format(param=key, values=", ".join(bad))
                ignore(key, raw, why + kept)
            if good:
                out[PARAMS[key]] = good
        else:
            text = _last(raw).strip()
            value, why = _scalar(key, text, valid, today)
            if why:
                ignore(key, raw, why)
            elif value is not None and key in PARAMS:
                out[PARAMS[key]] = value

    if ("lat" in out) != ("lon" in out):
        lone = "lat" if "lat" in out else "lon"
        ignore(lone, query_params[lone], _("a map centre needs both lat and lon"))
        out.pop(lone)
    return Choices(**out), notes


def _scalar(key: str, text: str, valid: Mapping, today: date) -> tuple[object, str | None]:
    """Parse one single-valued parameter: (value, None) or (None, why it was ignored)."""
    if key == "date":
        try:
            value = date.fromisoformat(text)
        except ValueError:
            value = None
        if value is None or not MIN_DATE <= value <= today or len(text) != 10:
            why = _("not a valid date (YYYY-MM-DD) between {first} and {last}")
            return None, why.format(first=MIN_DATE, last=today)
        return value, None
    if key == "past":
        if text in ("1", "true", "yes", "0", "false", "no"):
            return text in ("1", "true", "yes"), None
        return None, _("use past=1 to show ended conflicts, past=0 to hide them")
    if key in ("lat", "lon", "within", "zoom"):
        lo, hi = {
            "lat": (-90, 90),
            "lon": (-180, 180),
            "within": (0, 20000),
            "zoom": (0, MAX_ZOOM),
        }[key]
        value = _number(text, lo, hi)
        if value is None:
            return None, _("not a number between {low} and {high}").format(low=lo, high=hi)
        return (round(value) if key == "zoom" else value), None
    if key == "q":
        return text, None
    if key == "play":
        if text in ("1", "0"):
            return text == "1", None
        return None, _("use play=1 to play the date forward")
    if key == "arms":
        if text in ("1", "0"):
            return text == "1", None
        return None, _("use arms=1 to draw the arms transfers")
    if key == "lang":
        if text in i18n.LANGUAGES:
            return text, None
        why = _("no language called {name}; use one of {names}")
        return None, why.format(name=repr(text), names=", ".join(i18n.LANGUAGES))
    if key == "speed":
        if text in SPEEDS:
            return text, None
        return None, _("not a speed; use one of {names}").format(names=", ".join(SPEEDS))
    # sel, basemap and votes: checked against the known ids, basemaps and resolutions
    allowed = valid.get({"sel": "ids", "votes": "votes"}.get(key, "basemaps"))
    if not text:
        return None, None
    if allowed is not None and text not in allowed:
        why = {
            "sel": _("no feature called {name}"),
            "votes": _("no resolution called {name}"),
        }.get(key, _("no basemap called {name}"))
        return None, why.format(name=repr(text))
    return text, None


def valid_values(
    countries: pd.DataFrame,
    facilities: pd.DataFrame,
    conflicts: pd.DataFrame,
    *,
    basemaps: Collection[str] | None = None,
    today: date | None = None,
    votes: Collection[str] | None = None,
) -> dict[str, Collection]:
    """The ``valid`` mapping for :func:`parse`, taken from the loaded layers."""
    valid: dict[str, Collection] = {
        "countries": set(countries["id"].astype(str)),
        "types": set(facilities["facility_type"].astype(str)),
        "statuses": set(facilities["status"].astype(str)),
        "zones": set(conflicts["id"].astype(str)),
        "ids": set().union(*(set(f["id"].astype(str)) for f in (countries, facilities, conflicts))),
        "today": today or date.today(),
    }
    if basemaps is not None:
        valid["basemaps"] = set(basemaps)
    if votes is not None:
        valid["votes"] = set(votes)
    return valid


def _number_text(value: float) -> str:
    return f"{value:.5f}".rstrip("0").rstrip(".")


def serialize(state: Choices) -> dict[str, str]:
    """The link's part of ``state`` as query parameters; defaults are left out so links stay
    short, and what a link does not carry (layers shown, SYNTHETIC points) is not written;
    the arms transfers, drawn only when ticked, are carried as ``arms=1``. The reader's
    language goes with it, unless it is English."""
    out: dict[str, str] = {}
    for key in LIST_PARAMS:
        values = getattr(state, PARAMS[key])
        if values:
            out[key] = ",".join(values)
    if state.date is not None:
        out["date"] = state.date.isoformat()
    if state.past:
        out["past"] = "1"
    if state.within is not None:
        out["within"] = _number_text(state.within)
    if state.sel:
        out["sel"] = state.sel
    if state.lat is not None and state.lon is not None:
        out["lat"], out["lon"] = _number_text(state.lat), _number_text(state.lon)
    if state.zoom is not None:
        out["zoom"] = str(state.zoom)
    if state.basemap:
        out["basemap"] = state.basemap
    if state.votes:
        out["votes"] = state.votes
    if state.q:
        out["q"] = state.q
    if state.play:
        out["play"] = "1"
    if state.speed:
        out["speed"] = state.speed
    if state.arms:
        out["arms"] = "1"
    if i18n.current() != i18n.DEFAULT:
        out[LANG] = i18n.current()
    return out
