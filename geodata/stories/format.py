"""Stories told on the map: their schema as code and one validator for sources and built file.

A story (``id``, ``title``, ``summary``, ``chapters``) is written as YAML under
``sources/stories/`` and built into ``stories.json``, a list of stories (see
:mod:`geodata.datasets.stories`). A chapter sets the map (``date``; ``center`` and ``zoom`` or
``bounds``; ``layers``; ``filters`` named as the app's URL parameters), highlights
``features`` and may name small ``charts`` drawn under its text; its ``claim`` carries a
``verdict`` and the named ``check`` that backs it. Every text a reader sees also comes in
Russian, under ``ru`` with the same field names: the story's ``title`` and ``summary``, each
chapter's ``title`` and ``text``, each claim's ``statement`` (and, once built, its result's
``summary``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from geodata.schema.layers import FACILITY_STATUSES, FACILITY_TYPES, LAYERS

# Importing geodata.stories.checks registers every check.
from geodata.stories.checks import CHECKS, param_problems
from geodata.stories.checks.kit import (
    CONFLICT_IDS,
    FACILITY_IDS,
    ISO3,
    ISO3_LIST,
    first_day,
    period,
    props,
)

VERDICTS = ("supported", "partly", "contradicted", "not checkable from the data")
NOT_CHECKABLE = VERDICTS[-1]
STORY_KEYS = ("id", "title", "summary", "ru", "chapters")
CHAPTER_KEYS = (
    "title",
    "text",
    "date",
    "center",
    "zoom",
    "bounds",
    "layers",
    "filters",
    "features",
    "charts",
    "sources",
    "claim",
    "ru",
)
CLAIM_KEYS = ("statement", "ru", "verdict", "check")
BUILT_CLAIM_KEYS = (*CLAIM_KEYS, "result")
CHECK_KEYS = ("name", "params")
# The Russian a story, a chapter and a claim carry under ``ru``, and a built check result.
STORY_RU = ("title", "summary")
CHAPTER_RU = ("title", "text")
CLAIM_RU = ("statement",)
RESULT_RU = ("summary",)
# What a chapter may show: the map's layers, and the arms-transfer arrows only stories draw.
STORY_LAYERS = (*LAYERS, "arms")
# The small charts the story panel can draw under a chapter's text.
CHARTS = ("drug-seizures", "remittances")
# The app's URL parameters a chapter may set (dashboard/urlstate.py); the map date is the
# chapter's own ``date``, the view its ``center``/``zoom`` or ``bounds``.
FILTER_KEYS = ("countries", "types", "statuses", "zones", "past", "within")
MAX_WITHIN_KM = 20000
# The app's date slider starts here; a chapter cannot show the map on an earlier day.
MAP_MIN_DATE = date(1992, 1, 1)
MIN_ZOOM, MAX_ZOOM = 1, 18
_SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True, order=True)
class StoryProblem:
    """One thing wrong with a story: where (file, story, chapter, field) and what."""

    file: str
    story: str | None
    chapter: int | None  # 1-based, as a writer counts them
    field: str | None
    message: str

    def __str__(self) -> str:
        parts = [self.file]
        if self.story is not None:
            parts.append(
                f"story {self.story!r}" + (f" chapter {self.chapter}" if self.chapter else "")
            )
        if self.field is not None:
            parts.append(f"field {self.field!r}")
        parts.append(self.message)
        return ": ".join(parts)


@dataclass(frozen=True)
class Known:
    """The ids a story may name, read from the layers it will be shown on."""

    features: frozenset[str]
    countries: frozenset[str]
    conflicts: frozenset[str]
    facilities: frozenset[str] = frozenset()


def known_ids(data: Mapping[str, Any]) -> Known:
    """Feature ids of the three layers, and the country and conflict ids on their own."""
    ids = {layer: frozenset(str(p.get("id")) for p in props(data, layer)) for layer in LAYERS}
    everything = frozenset().union(*ids.values())
    return Known(everything, ids["countries"], ids["conflicts"], ids["facilities"])


def _text_problem(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return f"must be non-empty text, got {value!r}"
    return None


def _ru_problems(value: Any, fields: tuple[str, ...], where: str = "") -> list[tuple[str, str]]:
    """(field, message) pairs for a ``ru`` block that lacks one of ``fields`` or adds another."""
    name = f"{where}ru"
    if not isinstance(value, Mapping):
        wanted = ", ".join(fields)
        return [(name, f"must be a mapping of the Russian {wanted}, got {value!r}")]
    problems = [
        (name, f"unknown key {k!r}; expected {', '.join(fields)}") for k in value if k not in fields
    ]
    for key in fields:
        message = _text_problem(value.get(key))
        if message:
            problems.append((f"{name}.{key}", f"Russian text {message}"))
    return problems


def _date_problem(value: Any, today: date) -> str | None:
    try:
        first = period(value)[0]
    except ValueError as exc:
        return str(exc)
    if not MAP_MIN_DATE <= first <= today:
        return f"must fall between {MAP_MIN_DATE} and {today}, got {value!r}"
    return None


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _latlon_problem(value: Any) -> str | None:
    ok = isinstance(value, list) and len(value) == 2 and all(map(_number, value))
    if not ok or not (-90 <= value[0] <= 90 and -180 <= value[1] <= 180):
        return f"must be [lat, lon] with lat in -90..90 and lon in -180..180, got {value!r}"
    return None


def _view_problems(chapter: Mapping) -> list[tuple[str, str]]:
    has_center = "center" in chapter or "zoom" in chapter
    if has_center == ("bounds" in chapter):
        return [("center", "give either center and zoom, or bounds")]
    if "bounds" in chapter:
        bounds = chapter["bounds"]
        if not isinstance(bounds, list) or len(bounds) != 2:
            return [("bounds", f"must be [[south, west], [north, east]], got {bounds!r}")]
        for corner in bounds:
            message = _latlon_problem(corner)
            if message:
                return [("bounds", f"corner {message}")]
        (south, west), (north, east) = bounds
        if not (south < north and west < east):
            return [("bounds", f"south-west must lie below and left of north-east, got {bounds!r}")]
        return []
    problems = []
    message = _latlon_problem(chapter.get("center"))
    if message:
        problems.append(("center", message))
    zoom = chapter.get("zoom")
    if not isinstance(zoom, int) or isinstance(zoom, bool) or not MIN_ZOOM <= zoom <= MAX_ZOOM:
        problems.append(("zoom", f"must be an integer {MIN_ZOOM}-{MAX_ZOOM}, got {zoom!r}"))
    return problems


def _list_problem(value: Any, allowed, what: str, *, empty_ok: bool = False) -> str | None:
    if not isinstance(value, list) or (not value and not empty_ok):
        return f"must be a {'' if empty_ok else 'non-empty '}list of {what}, got {value!r}"
    bad = [v for v in value if not isinstance(v, str) or v not in allowed]
    if bad:
        return f"unknown {what}: {', '.join(map(str, bad))}"
    if len(set(value)) != len(value):
        return f"lists a {what[:-1] if what.endswith('s') else what} twice"
    return None


def _filter_problems(filters: Any, known: Known) -> list[str]:
    if not isinstance(filters, Mapping):
        return [f"must be a mapping of URL parameters, got {filters!r}"]
    problems = [
        f"unknown filter {k!r}; expected one of {', '.join(FILTER_KEYS)}"
        for k in filters
        if k not in FILTER_KEYS
    ]
    allowed = {
        "countries": (known.countries, "country ids"),
        "types": (FACILITY_TYPES, "facility types"),
        "statuses": (FACILITY_STATUSES, "facility statuses"),
        "zones": (known.conflicts, "conflict ids"),
    }
    for key, (values, what) in allowed.items():
        if key in filters:
            message = _list_problem(filters[key], values, what)
            if message:
                problems.append(f"{key}: {message}")
    if "past" in filters and not isinstance(filters["past"], bool):
        problems.append(f"past: must be true or false, got {filters['past']!r}")
    if "within" in filters:
        km = filters["within"]
        if not _number(km) or not 0 <= km <= MAX_WITHIN_KM:
            problems.append(f"within: must be a number of km 0-{MAX_WITHIN_KM}, got {km!r}")
    return problems


def _url_problem(value: Any) -> str | None:
    parts = urlsplit(value) if isinstance(value, str) else None
    if parts is None or parts.scheme not in ("http", "https") or not parts.netloc:
        return f"must be an http(s) URL, got {value!r}"
    if any(c.isspace() for c in value):
        return f"must be an http(s) URL without spaces, got {value!r}"
    return None


def _source_problems(sources: Any) -> str | None:
    if not isinstance(sources, list) or not sources:
        return "must be a non-empty list of URLs (every chapter cites its sources)"
    for url in sources:
        message = _url_problem(url)
        if message:
            return f"item {message}"
    return None


def _id_problems(params: Mapping, check_name: str, known: Known) -> list[str]:
    """Ids the check's parameters name that the layers do not hold."""
    problems = []
    for param in CHECKS[check_name].params:
        value = params.get(param.name)
        ids = {
            CONFLICT_IDS: ("conflicts", known.conflicts),
            FACILITY_IDS: ("facilities", known.facilities),
        }
        if param.kind in ids and isinstance(value, list):
            what, allowed = ids[param.kind]
            missing = [v for v in value if v not in allowed]
            if missing:
                problems.append(f"parameter {param.name!r}: unknown {what} {', '.join(missing)}")
        if param.kind in (ISO3, ISO3_LIST) and value is not None:
            codes = value if isinstance(value, list) else [value]
            missing = [c for c in codes if c not in known.countries]
            if missing:
                problems.append(f"parameter {param.name!r}: unknown countries {', '.join(missing)}")
    return problems


def _claim_problems(claim: Any, known: Known, built: bool) -> list[tuple[str, str]]:
    if not isinstance(claim, Mapping):
        return [("claim", f"must be a mapping with {', '.join(CLAIM_KEYS)}, got {claim!r}")]
    keys = BUILT_CLAIM_KEYS if built else CLAIM_KEYS
    problems = [
        ("claim", f"unknown key {k!r}; expected one of {', '.join(keys)}")
        for k in claim
        if k not in keys
    ]
    message = _text_problem(claim.get("statement"))
    if message:
        problems.append(("claim.statement", message))
    problems += _ru_problems(claim.get("ru"), CLAIM_RU, "claim.")
    if built and isinstance(claim.get("result"), Mapping):
        problems += _ru_problems(claim["result"].get("ru"), RESULT_RU, "claim.result.")
    verdict = claim.get("verdict")
    if verdict not in VERDICTS:
        problems.append(("claim.verdict", f"must be one of {', '.join(VERDICTS)}; got {verdict!r}"))
    check = claim.get("check")
    if check is None:
        if verdict != NOT_CHECKABLE:
            problems.append(("claim.check", f"is required unless the verdict is {NOT_CHECKABLE!r}"))
        return problems
    if not isinstance(check, Mapping) or "name" not in check:
        return [
            *problems,
            ("claim.check", f"must be a mapping with name and params, got {check!r}"),
        ]
    problems += [
        ("claim.check", f"unknown key {k!r}; expected name, params")
        for k in check
        if k not in CHECK_KEYS
    ]
    messages = param_problems(check["name"], check.get("params"))
    if not messages:
        messages = _id_problems(check.get("params") or {}, check["name"], known)
    return problems + [("claim.check", m) for m in messages]


def chapter_problems(chapter: Any, known: Known, *, today: date, built: bool = False) -> list:
    """(field, message) pairs for everything wrong with one chapter."""
    if not isinstance(chapter, Mapping):
        return [(None, f"must be a mapping, got {type(chapter).__name__}")]
    problems = [
        (str(k), f"unknown key; expected one of {', '.join(CHAPTER_KEYS)}")
        for k in chapter
        if k not in CHAPTER_KEYS
    ]
    for key in ("title", "text"):
        message = _text_problem(chapter.get(key))
        if message:
            problems.append((key, message))
    message = _date_problem(chapter.get("date"), today)
    if message:
        problems.append(("date", message))
    problems += _view_problems(chapter)
    problems += _ru_problems(chapter.get("ru"), CHAPTER_RU)
    message = _list_problem(chapter.get("layers"), STORY_LAYERS, "layers")
    if message:
        problems.append(("layers", f"{message} (layers: {', '.join(STORY_LAYERS)})"))
    if "charts" in chapter:
        message = _list_problem(chapter["charts"], CHARTS, "chart ids")
        if message:
            problems.append(("charts", f"{message} (charts: {', '.join(CHARTS)})"))
    problems += [("filters", m) for m in _filter_problems(chapter.get("filters", {}), known)]
    message = _list_problem(
        chapter.get("features", []), known.features, "feature ids", empty_ok=True
    )
    if message:
        problems.append(("features", message))
    message = _source_problems(chapter.get("sources"))
    if message:
        problems.append(("sources", message))
    problems += _claim_problems(chapter.get("claim"), known, built)
    return problems


def story_problems(
    story: Any, file: str, known: Known, *, today: date | None = None, built: bool = False
) -> list[StoryProblem]:
    """Every problem of one story; ``built`` allows the ``result`` the build adds to claims."""
    today = today or date.today()
    if not isinstance(story, Mapping):
        return [StoryProblem(file, None, None, None, "a story must be a mapping")]
    sid = str(story.get("id", "?"))
    problems = [
        StoryProblem(
            file, sid, None, str(k), f"unknown key; expected one of {', '.join(STORY_KEYS)}"
        )
        for k in story
        if k not in STORY_KEYS
    ]
    if not isinstance(story.get("id"), str) or not _SLUG_RE.match(story["id"]):
        message = (
            f"must be a slug of lower-case letters, digits and hyphens, got {story.get('id')!r}"
        )
        problems.append(StoryProblem(file, sid, None, "id", message))
    for key in ("title", "summary"):
        message = _text_problem(story.get(key))
        if message:
            problems.append(StoryProblem(file, sid, None, key, message))
    problems += [
        StoryProblem(file, sid, None, field, message)
        for field, message in _ru_problems(story.get("ru"), STORY_RU)
    ]
    chapters = story.get("chapters")
    if not isinstance(chapters, list) or not chapters:
        return [*problems, StoryProblem(file, sid, None, "chapters", "must be a non-empty list")]
    for number, chapter in enumerate(chapters, start=1):
        for field, message in chapter_problems(chapter, known, today=today, built=built):
            problems.append(StoryProblem(file, sid, number, field, message))
    return problems


def duplicate_problems(stories: list[tuple[str, Any]]) -> list[StoryProblem]:
    """Stories, given as (file, story) pairs, whose ids are already taken by an earlier one."""
    seen: dict[str, str] = {}
    problems = []
    for file, story in stories:
        sid = story.get("id") if isinstance(story, Mapping) else None
        if not isinstance(sid, str):
            continue
        if sid in seen:
            message = f"duplicate id: {seen[sid]} already has a story {sid!r}"
            problems.append(StoryProblem(file, sid, None, "id", message))
        seen.setdefault(sid, file)
    return problems


def chapter_day(chapter: Mapping) -> date:
    """The map day a chapter opens on: the first day of its (possibly partial) date."""
    return first_day(chapter["date"])
