"""What the claim checks share: their result, their parameters, the registry and date rules.

A check is a pure function over the loaded layers, ``data`` being a mapping with the layers'
FeatureCollections under ``"countries"``, ``"facilities"`` and ``"conflicts"``, and the lists of
the tables under ``"appeals"``, ``"arms"``, ``"arms_shares"``, ``"drugs_migration"`` and
``"votes"`` (each None when the data has no such table). Dates in the layers may be known
to the day, month or year: a start counts from the first day of its period, an end
through its last day, except that a day-precise end is exclusive, as the map counts it.
"""

from __future__ import annotations

import calendar
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal

from geodata.schema.intervals import status_on
from geodata.schema.layers import CONFLICT_KINDS, CSTO_RESPONSE_KINDS, FACILITY_TYPES

APPEALS_FILENAME = "appeals.json"
APPEAL_OUTCOMES = ("granted", "partly", "declined", "no answer", "undecided")
# Whom an appeal asked: a check given one counts the appeals to it, and those to both.
APPEAL_PARTIES = ("alliance", "russia")
# The tables the checks read besides the layers, by key of ``data``: each may be missing.
TABLE_FILES = {
    "appeals": APPEALS_FILENAME,
    "arms": "arms.json",
    "arms_shares": "arms_shares.json",
    "drugs_migration": "drugs_migration.json",
    "votes": "votes.json",
}
MEMBER_STATUSES = ("member", "frozen")

# Parameter kinds; the story validator also checks that ids of these kinds exist.
DATE = "date"
PARTY = "alliance or russia"
ISO3 = "ISO3 code"
ISO3_LIST = "list of ISO3 codes"
CONFLICT_IDS = "list of conflict ids"
FACILITY_IDS = "list of facility ids"
KIND_LIST = "list of conflict kinds"
RESPONSE_LIST = "list of response kinds"
TYPE_LIST = "list of facility types"
RESOLUTION_IDS = "list of resolution ids"  # ids in votes.json, such as "ES-11/1"
VOCABS = {KIND_LIST: CONFLICT_KINDS, RESPONSE_LIST: CSTO_RESPONSE_KINDS, TYPE_LIST: FACILITY_TYPES}

_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_ISO3_RE = re.compile(r"^[A-Z]{3}$")
_SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Result:
    """What a check found: a value, a one-line summary, and the ids of the rows it counted."""

    value: Any
    summary: str
    rows: tuple[str, ...] = ()
    details: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    missing: tuple[str, ...] = ()  # data the check needed and did not find
    ru: str = ""  # the summary in Russian

    def as_dict(self) -> dict:
        """The result as plain JSON values, for stories.json."""
        return {
            "value": self.value,
            "summary": self.summary,
            "ru": {"summary": self.ru},
            "rows": list(self.rows),
            "details": {k: list(v) for k, v in sorted(self.details.items())},
            "missing": list(self.missing),
        }


@dataclass(frozen=True)
class Param:
    """One parameter a check accepts."""

    name: str
    kind: str
    required: bool = False


@dataclass(frozen=True)
class Check:
    """A registered check: its name, function, parameters and a one-line description."""

    name: str
    func: Callable[..., Result]
    params: tuple[Param, ...]
    doc: str


CHECKS: dict[str, Check] = {}


def register(name: str, *params: Param) -> Callable:
    """Register the decorated function as the check ``name`` taking ``params``."""

    def decorate(func: Callable[..., Result]) -> Callable[..., Result]:
        doc = (func.__doc__ or "").strip().splitlines()[0]
        CHECKS[name] = Check(name, func, params, doc)
        return func

    return decorate


def period(text: str) -> tuple[date, date, str]:
    """Return (first day, last day, precision) of ``'YYYY-MM-DD'``, ``'YYYY-MM'`` or ``'YYYY'``."""
    match = _DATE_RE.match(text) if isinstance(text, str) else None
    if not match:
        raise ValueError(f"must be a date 'YYYY-MM-DD', 'YYYY-MM' or 'YYYY', got {text!r}")
    year, month, day = (int(g) if g else None for g in match.groups())
    try:
        if day is not None:
            one = date(year, month, day)
            return one, one, "day"
        if month is not None:
            return (
                date(year, month, 1),
                date(year, month, calendar.monthrange(year, month)[1]),
                "month",
            )
        return date(year, 1, 1), date(year, 12, 31), "year"
    except (ValueError, calendar.IllegalMonthError):
        raise ValueError(f"is not a real date: {text!r}") from None


def first_day(text: str) -> date:
    """First day of the period a date string stands for."""
    return period(text)[0]


def end_bound(text: str) -> date:
    """Exclusive end of a period ending on ``text``: a day as given, a month or year after it."""
    first, last, precision = period(text)
    return first if precision == "day" else last + timedelta(days=1)


def present(
    start: str | None, end: str | None, on: date, *, unknown_start: bool, last_day: bool = False
) -> bool:
    """Whether something that ran from ``start`` to ``end`` (None = open) existed on ``on``.

    ``end`` is exclusive (a facility's first day gone), or with ``last_day`` the last day of
    the period (a conflict's end), as the map counts them.
    """
    started = unknown_start if start is None else first_day(start) <= on
    if end is None:
        return started
    bound = end_bound(end) + timedelta(days=1) if last_day and len(end) == 10 else end_bound(end)
    return started and on < bound


def month_label(text: str) -> str:
    """'2022-01-06' or '2022-01' as 'January 2022'; '2022' as itself."""
    first, _, precision = period(text)
    return (
        str(first.year)
        if precision == "year"
        else f"{calendar.month_name[first.month]} {first.year}"
    )


def props(data: Mapping, layer: str) -> list[dict]:
    """The property dicts of a layer's features, in the layer's order."""
    collection = data.get(layer) or {}
    return [f.get("properties") or {} for f in collection.get("features", [])]


def names(data: Mapping) -> dict[str, str]:
    """Country names by ISO3 code from the countries layer."""
    return {p["id"]: p.get("name", p["id"]) for p in props(data, "countries")}


def statuses_on(data: Mapping, on: date) -> dict[str, str]:
    """Every state's CSTO status on ``on`` (member, frozen, former, non-member)."""
    return {
        p["id"]: status_on(p.get("membership") or "", p.get("frozen") or "", on)
        for p in props(data, "countries")
    }


def members_of(data: Mapping, on: date) -> list[str]:
    """ISO3 codes of the states that belonged on ``on``, frozen members included."""
    return sorted(c for c, s in statuses_on(data, on).items() if s in MEMBER_STATUSES)


def count_phrase(n: int, one: str, many: str | None = None) -> str:
    """'1 conflict', '3 conflicts'."""
    return f"{n} {one if n == 1 else (many or one + 's')}"


# The summaries in Russian: numbers agree with their nouns by the CLDR plural rules, dates are
# written out as in the app ("7 декабря 2026 г.", "февраль 2024 г."), states named in Russian.
_RU = Locale.parse("ru")
_NNBSP = "\u202f"  # CLDR's space before "г."


def ru_form(n: float, one: str, few: str, many: str) -> str:
    """The form of a Russian noun that goes with ``n``: 1 объект, 2 объекта, 5 объектов.

    A fraction takes the genitive singular, which ``few`` is (2,5 объекта).
    """
    form = _RU.plural_form(n)
    return one if form == "one" else many if form == "many" else few


def ru_count(n: float, one: str, few: str, many: str) -> str:
    """``n`` and the noun that agrees with it: '1 объект', '2 объекта', '5 объектов'."""
    return f"{ru_number(n)} {ru_form(n, one, few, many)}"


def ru_number(n: float) -> str:
    """A number as Russian writes it: 2,8; 1 000."""
    return format_decimal(n, locale=_RU)


def ru_date(text: str, *, genitive: bool = False) -> str:
    """A date of any precision in Russian: '7 декабря 2026 г.', 'февраль 2024 г.', '2020 г.'.

    ``genitive`` puts a month in the genitive, as after "с" or "до" ("до февраля 2024 г.");
    a day is written in the genitive either way, as Russian dates are.
    """
    first, _, precision = period(text)
    if precision == "day":
        return format_date(first, format="long", locale=_RU)
    if precision == "month":
        pattern = "MMMM" if genitive else "LLLL"
        return format_date(first, format=f"{pattern} y{_NNBSP}'г'.", locale=_RU)
    return f"{first.year}{_NNBSP}г."


def ru_names(data: Mapping) -> dict[str, str]:
    """Country names in Russian by ISO3 code (``name_ru``), the English name where none."""
    return {p["id"]: p.get("name_ru") or p.get("name", p["id"]) for p in props(data, "countries")}


def ru_list(codes, who: Mapping[str, str]) -> str:
    """ISO3 codes as a comma-separated list of Russian names."""
    return ", ".join(who.get(c, c) for c in codes)


def param_problems(name: Any, params: Any) -> list[str]:
    """Why ``name`` with ``params`` is not a valid check call; an empty list if it is."""
    if name not in CHECKS:
        return [f"unknown check {name!r}; expected one of {', '.join(sorted(CHECKS))}"]
    if params is None:
        params = {}
    if not isinstance(params, Mapping):
        return [f"params must be a mapping, got {type(params).__name__}"]
    check = CHECKS[name]
    known = {p.name: p for p in check.params}
    problems = [
        f"check {name!r} takes no parameter {k!r}; it takes {', '.join(known) or 'none'}"
        for k in params
        if k not in known
    ]
    for p in check.params:
        if p.name not in params:
            if p.required:
                problems.append(f"check {name!r} needs parameter {p.name!r} ({p.kind})")
            continue
        message = _value_problem(params[p.name], p.kind)
        if message:
            problems.append(f"parameter {p.name!r}: {message}")
    return problems


def _value_problem(value: Any, kind: str) -> str | None:
    if kind == DATE:
        try:
            period(value)
        except ValueError as exc:
            return str(exc)
        return None
    if kind == PARTY:
        ok = value in APPEAL_PARTIES
        return None if ok else f"must be one of {', '.join(APPEAL_PARTIES)}, got {value!r}"
    if kind == ISO3:
        ok = isinstance(value, str) and _ISO3_RE.match(value)
        return None if ok else f"must be an ISO3 code such as 'ARM', got {value!r}"
    if not isinstance(value, list) or not value:
        return f"must be a non-empty list ({kind}), got {value!r}"
    if kind == ISO3_LIST:
        bad = [v for v in value if not (isinstance(v, str) and _ISO3_RE.match(v))]
        return f"not ISO3 codes: {bad!r}" if bad else None
    if kind == RESOLUTION_IDS:
        bad = [v for v in value if not (isinstance(v, str) and v.strip())]
        return f"not resolution ids: {bad!r}" if bad else None
    if kind in (CONFLICT_IDS, FACILITY_IDS):
        bad = [v for v in value if not (isinstance(v, str) and _SLUG_RE.match(v))]
        return f"not {kind[8:]}: {bad!r}" if bad else None
    bad = [v for v in value if v not in VOCABS[kind]]
    return f"must be among {', '.join(VOCABS[kind])}; got {bad!r}" if bad else None


def load_data(folder: Path) -> dict[str, Any]:
    """Read the built layers, and the tables that are there, from ``folder`` as plain JSON."""
    data: dict[str, Any] = {}
    for layer in ("countries", "facilities", "conflicts"):
        data[layer] = json.loads((folder / f"{layer}.geojson").read_text(encoding="utf-8"))
    # The tables are optional: checks on a missing one say so instead of failing.
    for key, name in TABLE_FILES.items():
        path = folder / name
        data[key] = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None
    return data


def missing_table(key: str) -> Result:
    """The result of a check whose table is not in the data."""
    return Result(
        None,
        f"no {key} table ({TABLE_FILES[key]}) in the data",
        (),
        {},
        (key,),
        f"в данных нет таблицы {key} ({TABLE_FILES[key]})",
    )
