"""The layers as they stood on a date: country status, facilities present, conflicts active.

Dates in the layers may arrive as ISO strings (from the GeoJSON text) or as pandas timestamps
(geopandas turns ISO date properties into datetime columns when reading), so every date goes
through :func:`to_date` first.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import geopandas as gpd
import pandas as pd

from dashboard.logic.layers import Layers
from geodata.schema.dates import end_bound, first_day
from geodata.schema.intervals import parse_intervals, status_on

__all__ = [
    "conflicts_on",
    "countries_on",
    "facilities_on",
    "facility_status_on",
    "layers_on",
    "parse_intervals",
    "status_on",
    "to_date",
]


def to_date(value: Any, *, end: bool = False) -> date | None:
    """Turn an ISO string (day, ``YYYY-MM`` or ``YYYY``), date or timestamp into a date.

    None if empty. A month or year counts from its first day; with ``end`` (for the exclusive
    ends of periods) it runs through its last day, so the day after is returned.
    Raises ValueError for text that is not a date, so a broken layer fails loudly.
    """
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, datetime):  # pandas.Timestamp is a datetime too
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    if not text:
        return None
    if len(text) in (4, 7):
        return end_bound(text) if end else first_day(text)
    return date.fromisoformat(text[:10])


def _is_day(value: Any) -> bool:
    """Whether a date value is a whole day (not a month or a year)."""
    return not isinstance(value, str) or len(value.strip()) == 10


def _text(value: Any) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def countries_on(countries: gpd.GeoDataFrame, on: date) -> gpd.GeoDataFrame:
    """Return a copy of the countries layer with a ``status`` column for the date ``on``.

    Status is member, frozen, former or non-member, from the ``membership`` and ``frozen``
    interval strings.
    """
    out = countries.copy()
    frozen = out["frozen"] if "frozen" in out else pd.Series("", index=out.index)
    out["status"] = [
        status_on(_text(m), _text(f), on) for m, f in zip(out["membership"], frozen, strict=True)
    ]
    return out


def _present(
    starts: pd.Series, ends: pd.Series, on: date, *, keep_unknown_start: bool, last_day=False
) -> list:
    # A facility's ``closed`` is the first day it was gone; a conflict's ``end`` (last_day) is
    # the last day of the episode, so a clash of 13-14 September is on the map on the 14th.
    keep = []
    for start, end in zip(starts, ends, strict=True):
        s, e = to_date(start), to_date(end, end=True)
        if last_day and e is not None and _is_day(end):
            e += timedelta(days=1)
        started = keep_unknown_start if s is None else s <= on
        keep.append(started and (e is None or on < e))
    return keep


def facilities_on(
    facilities: gpd.GeoDataFrame, on: date, *, include_past: bool = False
) -> gpd.GeoDataFrame:
    """Facilities that existed on ``on``: opened on or before it and not yet closed.

    An unknown opening date keeps the facility (we know it existed, not since when); an empty
    ``closed`` means it is still there. With ``include_past`` the ones closed by then are kept.
    """
    if include_past:
        mask = [s is None or s <= on for s in map(to_date, facilities["opened"])]
    else:
        mask = _present(facilities["opened"], facilities["closed"], on, keep_unknown_start=True)
    return facilities.loc[mask].copy()


def facility_status_on(facilities: gpd.GeoDataFrame, on: date) -> list[str]:
    """Each facility's status as it stood on ``on``: a site closed later was still active."""
    out = []
    for status, closed in zip(facilities["status"], facilities["closed"], strict=True):
        end = to_date(closed, end=True)
        ended = status in ("closed", "transferred")
        out.append("active" if ended and end is not None and on < end else str(status))
    return out


def conflicts_on(
    conflicts: gpd.GeoDataFrame, on: date, *, include_past: bool = False
) -> gpd.GeoDataFrame:
    """Conflicts active on ``on`` (start ≤ on ≤ end, the end being the episode's last day).

    An ``active`` bool column is added.

    With ``include_past`` the ones that had already ended are kept too, ``active`` False, so
    the map can draw them faded. Conflicts that start after ``on`` are never returned.
    """
    active = _present(
        conflicts["start"], conflicts["end"], on, keep_unknown_start=False, last_day=True
    )
    started = [s is not None and s <= on for s in map(to_date, conflicts["start"])]
    mask = started if include_past else active
    out = conflicts.copy()
    out["active"] = active
    return out.loc[mask].copy()


def layers_on(data: Layers, on: date, *, include_past: bool = False) -> Layers:
    """All three layers as they stood on ``on``; facilities carry their status of that day."""
    facilities = facilities_on(data.facilities, on, include_past=include_past)
    facilities["status"] = facility_status_on(facilities, on)
    return Layers(
        countries=countries_on(data.countries, on),
        facilities=facilities,
        conflicts=conflicts_on(data.conflicts, on, include_past=include_past),
    )
