"""Stories on the map, plainly: load them, and turn a chapter into what the map should show.

A story (see ``geodata/stories/format.py``) is a list of chapters; each sets a date, a view
(centre and zoom, or a box), the layers, filters named as the link's parameters, the features
to outline, its sources and a claim with the stored result of its check. The app reads
``stories.json`` from its data folder; a folder holding only ``sources/stories/*.yaml`` (or
YAML newer than its ``stories.json``, a story being written) has them built in memory through
``geodata``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from dashboard.logic import i18n
from dashboard.logic.i18n import N_, _
from dashboard.logic.labels import names_in
from dashboard.logic.layers import LAYER_NAMES, Layers
from dashboard.logic.table import lookup
from dashboard.logic.urlstate import MIN_DATE
from geodata.datasets import registry
from geodata.datasets.stories import (
    STORIES_DIRNAME,
    STORIES_FILENAME,
    STORY_SUFFIXES,
    StoryError,
    layer_data,
    source_stories,
    with_results,
)
from geodata.stories.checks.kit import first_day
from geodata.stories.format import duplicate_problems, known_ids, story_problems

# The link's parameters: which story, which chapter (1-based, as readers count).
STORY_PARAM, CHAPTER_PARAM = "story", "chapter"
PARAMS = (STORY_PARAM, CHAPTER_PARAM)

# One colour per verdict (Okabe-Ito, readable by colour-blind readers), named as st.badge names.
VERDICT_COLOURS = {
    "supported": "green",
    "partly": "orange",
    "contradicted": "red",
    "not checkable from the data": "gray",
}

# The verdicts' fixed English vocabulary, as the reader reads it (translated where shown).
VERDICT_WORDS = {
    "supported": N_("Supported"),
    "partly": N_("Partly"),
    "contradicted": N_("Contradicted"),
    "not checkable from the data": N_("Not checkable from the data"),
}

__all__ = ["StoryError"]


def localized(item: Mapping | None, field: str, lang: str | None = None) -> str:
    """``item[field]`` in the reader's language: a story's, chapter's or claim's text from
    its ``ru`` block (``item["ru"][field]``) for Russian, the English where that is absent."""
    item = item or {}
    english = str(item.get(field) or "")
    lang = lang or i18n.current()
    if lang != i18n.DEFAULT:
        block = item.get(lang)
        own = block.get(field) if isinstance(block, Mapping) else None
        if isinstance(own, str) and own.strip():
            return own
    return english


def verdict_label(verdict: str) -> str:
    """A verdict as the badge says it, in the reader's language."""
    word = VERDICT_WORDS.get(verdict)
    return _(word) if word else verdict.capitalize()


def result_summary(claim: Mapping, lang: str | None = None) -> str | None:
    """The check's own summary of its result written in ``lang`` (the result's ``ru`` block),
    or None when the result has none in that language (English: always None, the sentence
    is made from the result's figures instead)."""
    lang = lang or i18n.current()
    result = claim.get("result")
    if lang == i18n.DEFAULT or not isinstance(result, Mapping):
        return None
    block = result.get(lang)
    own = block.get("summary") if isinstance(block, Mapping) else None
    return own.strip() if isinstance(own, str) and own.strip() else None


def _yaml_paths(directory: Path) -> list[Path]:
    folder = directory / "sources" / STORIES_DIRNAME
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob("*") if p.suffix in STORY_SUFFIXES)


def signature(directory: Path) -> tuple:
    """What the stories of ``directory`` depend on (names and modification times), so a cache
    keyed on it sees a story file that was just written or rebuilt."""
    paths = [directory / STORIES_FILENAME, *_yaml_paths(directory)]
    return tuple((p.name, p.stat().st_mtime_ns) for p in paths if p.is_file())


def _from_sources(directory: Path) -> list[dict]:
    found = source_stories(directory / "sources")
    data = layer_data({}, directory)
    known = known_ids(data)
    problems = duplicate_problems(found)
    for rel, story in found:
        problems += story_problems(story, rel, known)
    if problems:
        raise StoryError(problems)
    return sorted((with_results(s, data) for _rel, s in found), key=lambda s: s["id"])


def load_stories(directory: Path) -> list[dict]:
    """The stories of the data folder ``directory``, sorted by id ([] when it has none).

    ``stories.json`` is read as built; story sources newer than it (or without it) are
    checked against the folder's layers and built in memory. Raises StoryError when the
    sources have problems, ValueError when ``stories.json`` cannot be read.
    """
    built = directory / STORIES_FILENAME
    yaml_paths = _yaml_paths(directory)
    newest = max((p.stat().st_mtime_ns for p in yaml_paths), default=None)
    if yaml_paths and (not built.is_file() or newest > built.stat().st_mtime_ns):
        return _from_sources(directory)
    return load_built(directory)


def load_built(directory: Path) -> list[dict]:
    """The stories of ``directory``'s ``stories.json`` as built ([] without one)."""
    built = directory / STORIES_FILENAME
    if not built.is_file():
        return []
    stories = json.loads(built.read_text(encoding="utf-8"))
    if not isinstance(stories, list):
        raise ValueError(f"{STORIES_FILENAME} must hold a JSON list of stories")
    return stories


def load_sources(directory: Path) -> dict[str, dict]:
    """The source registry of the data folder (url → entry); empty when it has none."""
    return registry.read_sources(directory / registry.SOURCES_FILENAME)


def find(stories: Sequence[Mapping], story_id: str | None) -> Mapping | None:
    """The story called ``story_id``, or None."""
    return next((s for s in stories if s["id"] == story_id), None)


def parse_link(
    raw: Mapping[str, str | list[str]], stories: Sequence[Mapping]
) -> tuple[str | None, int, list[str]]:
    """(story id or None, 0-based chapter index, notes) from a link's ``story``/``chapter``.

    An unknown story is ignored; a chapter that is not a number of the story's chapters opens
    the first one. Each such case leaves a note for the reader.
    """

    def last(key: str) -> str:
        value = raw.get(key, "")
        value = value[-1] if isinstance(value, list | tuple) and value else value
        return str(value or "").strip()

    notes: list[str] = []
    story_id, chapter = last(STORY_PARAM), last(CHAPTER_PARAM)
    if not story_id:
        if chapter:
            notes.append(_("ignored 'chapter={value}': no story given").format(value=chapter[:20]))
        return None, 0, notes
    story = find(stories, story_id)
    if story is None:
        notes.append(_("ignored 'story={value}': no story has that id").format(value=story_id[:60]))
        return None, 0, notes
    count = len(story["chapters"])
    if not chapter:
        return story_id, 0, notes
    if chapter.isdigit() and 1 <= int(chapter) <= count:
        return story_id, int(chapter) - 1, notes
    note = _("ignored 'chapter={value}': this story has chapters 1 to {count}")
    notes.append(note.format(value=chapter[:20], count=count))
    return story_id, 0, notes


def link(story_id: str, index: int) -> dict[str, str]:
    """The link's parameters for chapter ``index`` (0-based) of a story."""
    return {STORY_PARAM: story_id, CHAPTER_PARAM: str(index + 1)}


@dataclass(frozen=True)
class Scene:
    """What one chapter sets on the map, as the app's own choices."""

    date: date
    shown: tuple[str, ...]
    countries: tuple[str, ...]
    facility_types: tuple[str, ...]
    facility_statuses: tuple[str, ...]
    zones: tuple[str, ...]
    past: bool
    within: float | None
    view: tuple[float, float, int]  # (lat, lon, zoom)
    features: tuple[str, ...]  # ids to outline
    arms: bool = False  # the chapter lists ``arms`` among its layers: draw the transfers


def scene(chapter: Mapping, today: date, *, width_px: int, height_px: int) -> Scene:
    """The map state chapter ``chapter`` asks for, its view fitted to a map of that size.

    Filters a chapter does not name are cleared: each chapter shows exactly what it says.
    A chapter date counts from the first day of its period, kept within the slider's range.
    """
    filters = chapter.get("filters") or {}
    on = min(max(first_day(str(chapter["date"])), MIN_DATE), today)
    layers = tuple(n for n in LAYER_NAMES if n in (chapter.get("layers") or LAYER_NAMES))
    within = filters.get("within")
    return Scene(
        date=on,
        shown=layers,
        countries=tuple(filters.get("countries", ())),
        facility_types=tuple(filters.get("types", ())),
        facility_statuses=tuple(filters.get("statuses", ())),
        zones=tuple(filters.get("zones", ())),
        past=bool(filters.get("past", False)),
        within=None if within is None else float(within),
        view=view_of(chapter, width_px=width_px, height_px=height_px),
        features=tuple(str(f) for f in chapter.get("features") or ()),
        arms="arms" in (chapter.get("layers") or ()),
    )


_TILE = 256.0
_MAX_LAT = 85.05112878


def _mercator_y(lat: float) -> float:
    lat = max(-_MAX_LAT, min(_MAX_LAT, lat))
    s = math.sin(math.radians(lat))
    return _TILE * (0.5 - math.log((1 + s) / (1 - s)) / (4 * math.pi))


def _mercator_lat(y: float) -> float:
    n = math.pi - 2 * math.pi * y / _TILE
    return math.degrees(math.atan(math.sinh(n)))


def fit(bounds: Sequence[Sequence[float]], *, width_px: int, height_px: int) -> tuple:
    """(lat, lon, zoom): the centre of ``[[south, west], [north, east]]`` and the highest whole
    zoom at which the box fits a map of ``width_px`` × ``height_px`` with a small margin."""
    (south, west), (north, east) = bounds
    dx = (east - west) / 360 * _TILE
    y_north, y_south = _mercator_y(north), _mercator_y(south)
    dy = y_south - y_north
    room = min(
        0.92 * width_px / dx if dx > 0 else math.inf,
        0.92 * height_px / dy if dy > 0 else math.inf,
    )
    zoom = 18 if math.isinf(room) else int(max(1, min(18, math.floor(math.log2(room)))))
    return _mercator_lat((y_north + y_south) / 2), (west + east) / 2, zoom


def view_of(chapter: Mapping, *, width_px: int, height_px: int) -> tuple[float, float, int]:
    """(lat, lon, zoom) of a chapter: its centre and zoom, or its box fitted to the map."""
    if chapter.get("bounds"):
        return fit(chapter["bounds"], width_px=width_px, height_px=height_px)
    lat, lon = chapter["center"]
    return float(lat), float(lon), int(chapter["zoom"])


def outlined(data: Layers, chapter: Mapping) -> list[tuple[str, dict, Any]]:
    """(layer, properties, geometry) of each feature the chapter highlights, in its order;
    ids found in no layer are skipped. An id in several layers is taken from the top one."""
    out = []
    for fid in chapter.get("features") or ():
        for layer in reversed(LAYER_NAMES):
            props = lookup(data, layer, str(fid))
            if props is not None:
                props = dict(props)
                out.append((layer, props, props.pop("geometry", None)))
                break
    return out


def feature_labels(data: Layers) -> dict[str, str]:
    """Each conflict's and facility's name by id, for the sentences of the checks, in the
    reader's language where the data has it."""
    return {
        str(fid): str(name)
        for frame in (data.conflicts, data.facilities)
        for fid, name in zip(frame["id"], names_in(frame, i18n.current()), strict=True)
    }


@dataclass(frozen=True)
class Source:
    """One cited source as a link: its text and its address."""

    text: str
    url: str


def sources(chapter: Mapping, entries: Mapping[str, Mapping]) -> list[Source]:
    """The chapter's sources as "Publisher — Title (date)" links; a URL the registry does not
    know is shown as its readable address."""
    out = []
    for url in chapter.get("sources") or ():
        entry = entries.get(url)
        text = source_label(entry) if entry else registry.display_url(url)
        out.append(Source(text, url))
    return out


def source_label(entry: Mapping) -> str:
    """A registry entry as "Publisher — Title (13 Sep 2022)", its date written in the reader's
    language."""
    if i18n.current() == i18n.DEFAULT or not entry.get("date"):
        return registry.label(entry)
    return f"{entry['publisher']} — {entry['title']} ({_ru_date(str(entry['date']))})"


def date_label(chapter: Mapping) -> str:
    """The chapter's date as people read it, as precise as it was written; a month or a year
    also names the day the map shows, its first ('Sep 2021 (the map shows 2021-09-01)')."""
    written = str(chapter["date"])
    label = registry.format_date(written) if i18n.current() == i18n.DEFAULT else _ru_date(written)
    if len(written) < len("YYYY-MM-DD"):
        label += " " + _("(the map shows {day})").format(day=first_day(written).isoformat())
    return label


def _ru_date(written: str) -> str:
    # As precise as written: a year stays a year, a month a month.
    parts = [int(p) for p in written.split("-")]
    if len(parts) == 1:
        return str(parts[0])
    if len(parts) == 2:
        return i18n.format_month(parts[0], parts[1])
    return i18n.format_day(date(*parts))


def verdict_colour(verdict: str) -> str:
    """The badge colour of a verdict (grey for one this version does not know)."""
    return VERDICT_COLOURS.get(verdict, "gray")


def shorten(text: str, limit: int) -> str:
    """``text`` cut at a word before ``limit`` characters, with an ellipsis, when longer."""
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(" ,;:")
    return cut + " …"


def check_label(claim: Mapping[str, Any]) -> str | None:
    """The check's name and parameters as one short line, e.g. ``members_on(date=2026-11-01)``."""
    check = claim.get("check")
    if not check:
        return None
    params = check.get("params") or {}
    args = ", ".join(
        f"{k}={','.join(map(str, v)) if isinstance(v, list) else v}" for k, v in params.items()
    )
    return f"{check['name']}({args})"
