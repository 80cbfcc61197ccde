"""Dates written as precisely as they are known, and no more: no day is ever made up.

A date known to the day reads ``1999-08-31``; one known only to the month ``Aug 2020 (month
known)``, to the year ``2025 (year known)``. In Russian the day and the month are written out
the Russian way ("31 августа 1999 г.", "август 2020 г. (известен месяц)"). The layers
carry a ``<field>_precision`` beside each date; when a date arrives as a timestamp (geopandas
parses ISO days), that precision is what keeps a month from showing as its first day.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

import pandas as pd

from dashboard.logic import i18n
from dashboard.logic.i18n import _
from geodata.schema.dates import DAY, MONTH, YEAR, parse_partial

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# The date fields of the layers and appeals that have a ``<field>_precision`` beside them.
DATE_FIELDS = ("opened", "closed", "start", "end", "date", "answered_on")


def _missing(value: Any) -> bool:
    return value is None or (not isinstance(value, str | list | tuple) and bool(pd.isna(value)))


def _parts(value: Any, precision: str | None) -> tuple[date, str] | None:
    """The first day of the value's period and its precision, or None for no date."""
    if _missing(value):
        return None
    if isinstance(value, datetime):
        return value.date(), precision or DAY
    if isinstance(value, date):
        return value, precision or DAY
    text = str(value).strip()
    if not text:
        return None
    first, _, found = parse_partial(text[:10] if len(text) > 10 else text)
    # A stated precision coarser than the text (a month stored as its first day) wins.
    order = {DAY: 0, MONTH: 1, YEAR: 2}
    chosen = precision if precision in order and order[precision] > order[found] else found
    return first, chosen


def as_known(value: Any, precision: str | None = None) -> str:
    """``value`` (ISO text, date or timestamp) as precisely as known; "" for no date.

    ``precision`` is the feature's ``<field>_precision`` ("day", "month", "year"); without it
    the text's own form says how precise it is.
    """
    parts = _parts(value, precision)
    if parts is None:
        return ""
    day, kind = parts
    english = i18n.current() == "en"
    if kind == YEAR:
        return _("{year} (year known)").format(year=day.year)
    if kind == MONTH:
        if english:
            month = f"{_MONTHS[day.month - 1]} {day.year}"
        else:
            month = i18n.format_month(day.year, day.month)
        return _("{month} (month known)").format(month=month)
    return day.isoformat() if english else i18n.format_day(day)


def field_as_known(props: Any, field: str) -> str:
    """A feature's date field as precisely as known, read with its ``<field>_precision``."""
    get = props.get
    return as_known(get(field), get(f"{field}_precision"))


# Timeline kinds that stand for one date field of a layer.
_EVENT_FIELDS = {
    ("conflicts", "conflict began"): "start",
    ("conflicts", "conflict ended"): "end",
    ("facilities", "facility opened"): "opened",
    ("facilities", "facility closed"): "closed",
}


def event_dates(events: pd.DataFrame, frames: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """The timeline's events with a ``when`` column: each date as precisely as known.

    The chart places an event known only to the month on that month's first day; ``when``
    keeps the tooltip from claiming that day. ``frames`` are the layers by name.
    """
    known: dict[tuple[str, str, str], str] = {}
    for (layer, kind), field in _EVENT_FIELDS.items():
        frame = frames.get(layer)
        if frame is None or field not in frame:
            continue
        columns = [c for c in ("id", field, f"{field}_precision") if c in frame]
        for props in frame[columns].to_dict("records"):
            known[layer, str(props["id"]), kind] = field_as_known(props, field)
    out = events.copy()
    out["when"] = [
        known.get((layer, str(fid), kind)) or day
        for layer, fid, kind, day in zip(
            out["layer"], out["feature_id"], out["kind"], out["day"], strict=True
        )
    ]
    return out
