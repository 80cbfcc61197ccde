"""Dates known to the day, the month or the year: ``'YYYY-MM-DD'``, ``'YYYY-MM'`` or ``'YYYY'``.

No day is ever invented: a date known only to the month stays ``'2025-06'``. For "what existed
on day D" such a date stands for a whole period: a start counts from the period's first day, an
end through its last day. The functions here are pure and raise ValueError on bad text.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

DAY, MONTH, YEAR = "day", "month", "year"
PRECISIONS = (DAY, MONTH, YEAR)

_FORMS = {
    DAY: re.compile(r"^(\d{4})-(\d{2})-(\d{2})$"),
    MONTH: re.compile(r"^(\d{4})-(\d{2})$"),
    YEAR: re.compile(r"^(\d{4})$"),
}
EXPECTED = "an ISO date 'YYYY-MM-DD', or 'YYYY-MM' / 'YYYY' when only the month or year is known"


def parse_partial(text: str) -> tuple[date, date, str]:
    """Return (first day, last day, precision) of a day, month or year written in ISO form.

    ``'2025-06'`` gives (2025-06-01, 2025-06-30, "month"); ``'2025-06-03'`` the same day twice.
    Raises ValueError saying which forms are accepted.
    """
    if not isinstance(text, str):
        raise ValueError(f"must be {EXPECTED}; got {type(text).__name__} {text!r}")
    for precision, pattern in _FORMS.items():
        match = pattern.match(text)
        if not match:
            continue
        parts = [int(p) for p in match.groups()]
        try:
            if precision == DAY:
                day = date(*parts)
                return day, day, DAY
            if precision == MONTH:
                year, month = parts
                last = calendar.monthrange(year, month)[1] if 1 <= month <= 12 else 0
                return date(year, month, 1), date(year, month, last), MONTH
            return date(parts[0], 1, 1), date(parts[0], 12, 31), YEAR
        except ValueError:
            raise ValueError(f"is not a real {precision}: {text!r}") from None
    raise ValueError(f"must be {EXPECTED}; got {text!r}")


def precision(text: str | None) -> str | None:
    """The precision ("day", "month" or "year") of a date string; None for None."""
    return None if text is None else parse_partial(text)[2]


def first_day(text: str) -> date:
    """The first day of the period a date string stands for."""
    return parse_partial(text)[0]


def last_day(text: str) -> date:
    """The last day of the period a date string stands for."""
    return parse_partial(text)[1]


def end_bound(text: str) -> date:
    """The exclusive end a date string gives a period, as the layers count ends.

    A day is kept as it is (the layers' ends are exclusive days); a month or year lets the
    period run through its last day, so the bound is the day after it.
    """
    first, last, kind = parse_partial(text)
    return first if kind == DAY else last + timedelta(days=1)


def check_partial(value: object) -> str | None:
    """Why ``value`` is not a day, month or year in ISO form; None if it is one."""
    try:
        parse_partial(value)  # type: ignore[arg-type]
    except ValueError as exc:
        return str(exc)
    return None


def may_precede(earlier: str, later: str) -> bool:
    """True unless ``later`` lies wholly before ``earlier``.

    Periods of different precision overlap when compared by their bounds: an end known to the
    month may fall in the month of a start known to the day ('2022-09-13' then '2022-09').
    """
    return last_day(later) >= first_day(earlier)


def days_between(earlier: str | None, later: str | None) -> int | None:
    """Whole days from ``earlier`` to ``later`` when both are known to the day, else None."""
    if earlier is None or later is None:
        return None
    a, b = parse_partial(earlier), parse_partial(later)
    if a[2] != DAY or b[2] != DAY:
        return None
    return (b[0] - a[0]).days
