"""Membership periods as ISO 8601 interval strings, and a state's CSTO status on a date.

An interval is ``start/end`` with ISO dates; several are joined by ``;``; an open end is ``..``.
The start date is inclusive and the end date exclusive: a state whose period is
``1992-05-15/1999-04-20`` is a member on 1999-04-19 and no longer one on 1999-04-20, the day its
membership ended. The same rule applies to periods of frozen participation.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

OPEN_END = ".."
STATUSES = ("member", "frozen", "former", "non-member")

Interval = tuple[date, date | None]


class IntervalError(ValueError):
    """An interval string or period that cannot be understood."""


def _parse_date(text: str, where: str) -> date:
    try:
        return date.fromisoformat(text)
    except (TypeError, ValueError):
        raise IntervalError(f"{where}: {text!r} is not an ISO date (YYYY-MM-DD)") from None


def parse_intervals(text: str) -> list[Interval]:
    """Parse ``"1992-05-15/1999-04-20;2006-06-23/.."`` into sorted ``(start, end|None)`` pairs.

    The empty string means no periods. Raises IntervalError naming the faulty interval.
    """
    if not isinstance(text, str):
        raise IntervalError(f"intervals must be a string, got {type(text).__name__}")
    if not text.strip():
        return []
    intervals: list[Interval] = []
    for part in text.split(";"):
        where = f"interval {part!r}"
        pieces = part.strip().split("/")
        if len(pieces) != 2:
            raise IntervalError(f"{where}: expected 'start/end' (use '..' for an open end)")
        start = _parse_date(pieces[0].strip(), where)
        end_text = pieces[1].strip()
        end = None if end_text == OPEN_END else _parse_date(end_text, where)
        if end is not None and end <= start:
            raise IntervalError(f"{where}: end {end} is not after start {start}")
        intervals.append((start, end))
    intervals.sort()
    for (_, prev_end), (next_start, _) in zip(intervals, intervals[1:], strict=False):
        if prev_end is None or prev_end > next_start:
            raise IntervalError(f"intervals {text!r} overlap")
    return intervals


def _contains(interval: Interval, on: date) -> bool:
    start, end = interval
    return start <= on and (end is None or on < end)


def status_on(membership: str, frozen: str, on: date) -> str:
    """Return "member", "frozen", "former" or "non-member" for a state on the date ``on``.

    "frozen" means a member whose participation is frozen on that date; "former" a state that
    was a member before ``on`` but is not on it.
    """
    periods = parse_intervals(membership)
    if any(_contains(p, on) for p in periods):
        if any(_contains(p, on) for p in parse_intervals(frozen)):
            return "frozen"
        return "member"
    if any(start <= on for start, _ in periods):
        return "former"
    return "non-member"


def _date_text(value: Any, where: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return _parse_date(value, where).isoformat()
    raise IntervalError(f"{where}: expected an ISO date string or null, got {value!r}")


def format_periods(periods: Iterable[Mapping[str, Any]] | None) -> str:
    """Format YAML periods ``[{start, end}]`` (end null = open) as an interval string.

    Raises IntervalError if a period lacks a start, has an end before its start, or overlaps.
    """
    parts = []
    for i, period in enumerate(periods or []):
        where = f"period {i + 1}"
        if not isinstance(period, Mapping):
            raise IntervalError(f"{where}: expected a mapping with start and end, got {period!r}")
        start = _date_text(period.get("start"), where)
        if start is None:
            raise IntervalError(f"{where}: start is required")
        end = _date_text(period.get("end"), where)
        parts.append(f"{start}/{end if end is not None else OPEN_END}")
    text = ";".join(sorted(parts))
    parse_intervals(text)
    return text
