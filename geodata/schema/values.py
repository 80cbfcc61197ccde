"""Checks of single values shared by the layer validator, the events file and the appeals table.

Each check returns why a value does not fit, or None; none of them raises on odd input.
"""

from __future__ import annotations

import math
import re
from typing import Any
from urllib.parse import urlsplit

from geodata.schema.dates import EXPECTED as EXPECTED_DATE
from geodata.schema.dates import PRECISIONS, check_partial
from geodata.schema.intervals import IntervalError, parse_intervals
from geodata.schema.layers import (
    DATE,
    DATE_OR_NULL,
    EVIDENCE,
    INT,
    INT_OR_NULL,
    INTERVALS,
    ISO3,
    ISO3_LIST,
    ISO3_PAIR,
    LEGAL_BASES,
    NUMBER,
    PRECISION,
    RESPONSES,
    SLUG,
    STR,
    STR_LIST,
    URL_LIST,
    Field,
)
from geodata.schema.problem import Problem

_ISO3_RE = re.compile(r"^[A-Z]{3}$")
_SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class LayerError(ValueError):
    """A layer file that cannot be used; the message lists every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        lines = [str(p) for p in problems]
        super().__init__(f"{len(problems)} problem(s):\n" + "\n".join(lines))


def type_name(value: Any) -> str:
    """The JSON name of a value's type, for messages ("null" for None)."""
    return "null" if value is None else type(value).__name__


def check_date(value: Any) -> str | None:
    """Why ``value`` is not a day, month or year in ISO form; None if it is one."""
    if not isinstance(value, str):
        return f"must be {EXPECTED_DATE}; got {type_name(value)} {value!r}"
    return check_partial(value)


def check_precision(value: Any) -> str | None:
    """Why ``value`` is not a date precision ("day", "month", "year" or null)."""
    if value is None or value in PRECISIONS:
        return None
    return f"must be one of {', '.join(PRECISIONS)} or null; got {value!r}"


def check_url(value: Any) -> str | None:
    """Why ``value`` is not an http(s) URL without spaces; None if it is one."""
    if not isinstance(value, str):
        return f"must be a URL string, got {type_name(value)} {value!r}"
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or any(c.isspace() for c in value):
        return f"must be an http(s) URL, got {value!r}"
    return None


def _check_list(value: Any, field: Field, item_check) -> str | None:
    if not isinstance(value, list):
        return f"must be a JSON array ({field.kind}), got {type_name(value)} {value!r}"
    if not value and not field.allow_empty:
        return "must not be empty"
    for item in value:
        message = item_check(item)
        if message:
            return f"item {message}"
    return None


def _check_str_item(item: Any) -> str | None:
    if not isinstance(item, str) or not item.strip():
        return f"must be a non-empty string, got {item!r}"
    return None


def check_iso3(value: Any) -> str | None:
    """Why ``value`` is not an upper-case ISO 3166-1 alpha-3 code; None if it is one."""
    if not isinstance(value, str) or not _ISO3_RE.match(value):
        return f"must be an upper-case ISO 3166-1 alpha-3 code such as 'ARM', got {value!r}"
    return None


def check_value(value: Any, field: Field) -> str | None:
    """Return why ``value`` does not fit ``field``, or None if it does."""
    kind = field.kind
    if kind == STR:
        if not isinstance(value, str):
            return f"must be a string, got {type_name(value)} {value!r}"
        if not value.strip() and not field.allow_empty:
            return "must not be empty"
        if field.vocab is not None and value not in field.vocab:
            return f"must be one of {', '.join(field.vocab)}; got {value!r}"
        return None
    if kind == INT_OR_NULL and value is None:
        return None
    if kind in (INT, INT_OR_NULL):
        if not isinstance(value, int) or isinstance(value, bool):
            return f"must be an integer, got {type_name(value)} {value!r}"
        if field.minimum is not None and value < field.minimum:
            return f"must be at least {field.minimum}, got {value}"
        return None
    if kind == NUMBER:
        if not isinstance(value, int | float) or isinstance(value, bool):
            return f"must be a number, got {type_name(value)} {value!r}"
        if not math.isfinite(value):
            return f"must be a finite number, got {value!r}"
        if field.minimum is not None and value < field.minimum:
            return f"must be at least {field.minimum:g}, got {value}"
        return None
    if kind == ISO3_PAIR:
        if not isinstance(value, str):
            return f"must be a string, got {type_name(value)} {value!r}"
        codes = value.split("–")
        if len(codes) != 2 or any(check_iso3(c) for c in codes) or codes[0] >= codes[1]:
            return f'must be two ISO3 codes in alphabetical order joined by "–", got {value!r}'
        return None
    if kind == DATE:
        return check_date(value)
    if kind == DATE_OR_NULL:
        return None if value is None else check_date(value)
    if kind == PRECISION:
        return check_precision(value)
    if kind == ISO3:
        return check_iso3(value)
    if kind == SLUG:
        if not isinstance(value, str) or not _SLUG_RE.match(value):
            return f"must be a slug of lower-case letters, digits and hyphens, got {value!r}"
        return None
    if kind == STR_LIST:
        return _check_list(value, field, _check_str_item)
    if kind == URL_LIST:
        return _check_list(value, field, check_url)
    if kind == ISO3_LIST:
        return _check_list(value, field, check_iso3)
    if kind == INTERVALS:
        if not isinstance(value, str):
            return f"must be a string of ISO intervals, got {type_name(value)} {value!r}"
        try:
            parse_intervals(value)
        except IntervalError as exc:
            return str(exc)
        return None
    if kind == RESPONSES:
        return None  # checked with the appeal, by geodata.datasets.appeal_outcome
    if kind in (EVIDENCE, LEGAL_BASES):
        return None  # checked with the record by the validator (evidence, legal)
    raise ValueError(f"schema bug: unknown field kind {kind!r}")
