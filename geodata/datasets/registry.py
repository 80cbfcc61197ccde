"""The source registry: one entry (title, publisher, date, language, archived copy) per cited URL.

Features keep citing bare URLs in their ``sources``; ``geodata/sources/registry/*.yaml`` says
what each URL is, so people see "Publisher — Title (date)" instead of a long percent-encoded
address. The build writes every entry to ``geodata/sources.json`` (a JSON list sorted by URL,
one entry a line) for the app and the exports; ``python -m geodata.validate`` checks that every
URL the built files cite has an entry.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from geodata.datasets.dataset import Build, BuildError, Dataset
from geodata.paths import GEODATA_DIR
from geodata.schema.layers import DATE_OR_NULL, STR, Field, Layer
from geodata.schema.problem import Problem
from geodata.schema.values import LayerError
from geodata.schema.values import check_url as _check_url

REGISTRY_DIRNAME = "registry"
REGISTRY_DIR = GEODATA_DIR / "sources" / REGISTRY_DIRNAME
SOURCES_FILENAME = "sources.json"
FIELDS = ("url", "title", "publisher", "date", "language", "archived")
# The fields of one entry, for the data package; the checks below are the validator's.
ENTRIES = Layer(
    name="sources",
    fields=(
        Field("url", STR),
        Field("title", STR),
        Field("publisher", STR),
        Field("date", DATE_OR_NULL),
        Field("language", STR),
        Field("archived", STR, required=False),  # null when no archived copy is known
    ),
    geometry_types=(),
)
_PARTIAL_DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
# ISO 639-1, or ISO 639-3 for a language that has no two-letter code (Scots: "sco").
_LANGUAGE_RE = re.compile(r"^[a-z]{2,3}$")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class RegistryError(ValueError):
    """Registry files that cannot be used; ``problems`` lists every one."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def _check_partial_date(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, date):
        return f"must be a quoted string such as '{value.isoformat()}', got an unquoted YAML date"
    if not isinstance(value, str) or not _PARTIAL_DATE_RE.match(value):
        return f"must be 'YYYY-MM-DD', 'YYYY-MM', 'YYYY' or null, got {value!r}"
    year, month, day = (value.split("-") + [None, None])[:3]
    try:
        date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return f"is not a real date: {value!r}"
    return None


def _check_text(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return f"must be a non-empty string, got {value!r}"
    return None


def _check_language(value: Any) -> str | None:
    if not isinstance(value, str) or not _LANGUAGE_RE.match(value):
        return (
            "must be a lower-case ISO 639 code such as 'ru' (three letters only where no "
            f"two-letter code exists), got {value!r}"
        )
    return None


_CHECKS = {
    "url": _check_url,
    "title": _check_text,
    "publisher": _check_text,
    "date": _check_partial_date,
    "language": _check_language,
    "archived": lambda v: None if v is None else _check_url(v),
}


def entry_problems(entry: Any, file: str, where: str) -> list[Problem]:
    """Every reason ``entry`` is not a valid registry entry; ``where`` names it in messages."""
    if not isinstance(entry, Mapping):
        return [Problem(file, None, None, f"{where}: must be a mapping, got {entry!r}")]
    problems = [
        Problem(file, None, None, f"{where}: unknown key {k!r}; expected {', '.join(FIELDS)}")
        for k in entry
        if k not in FIELDS
    ]
    for field in FIELDS:
        if field not in entry:
            problems.append(Problem(file, None, None, f"{where}: field {field!r} is missing"))
            continue
        message = _CHECKS[field](entry[field])
        if message:
            problems.append(Problem(file, None, None, f"{where}: field {field!r} {message}"))
    return problems


def _read_yaml(path: Path, rel: str) -> tuple[Any, list[Problem]]:
    import yaml

    try:
        return yaml.safe_load(path.read_text(encoding="utf-8")), []
    except OSError as exc:
        return None, [Problem(rel, None, None, f"cannot be read: {exc.strerror}")]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        return None, [Problem(rel, None, None, f"malformed YAML{where}")]


def registry_problems(directory: Path = REGISTRY_DIR) -> tuple[dict[str, dict], list[Problem]]:
    """Read every ``*.yaml`` in ``directory`` (sorted); return (entries by URL, problems).

    A URL may appear in several files when the entries are identical; differing entries for
    one URL, or the same URL twice in one file, are problems naming the files.
    """
    entries: dict[str, dict] = {}
    origin: dict[str, str] = {}
    problems: list[Problem] = []
    paths = sorted(directory.glob("*.yaml")) if directory.is_dir() else []
    for path in paths:
        rel = f"sources/registry/{path.name}"
        data, found = _read_yaml(path, rel)
        problems += found
        if found:
            continue
        if not isinstance(data, list):
            problems.append(Problem(rel, None, None, "must be a list of entries"))
            continue
        seen_here: set[str] = set()
        for index, raw in enumerate(data):
            url = raw.get("url") if isinstance(raw, Mapping) else None
            where = f"entry #{index} ({url})" if isinstance(url, str) else f"entry #{index}"
            found = entry_problems(raw, rel, where)
            problems += found
            if found:
                continue
            entry = {f: raw[f] for f in FIELDS}
            if url in seen_here:
                problems.append(Problem(rel, None, None, f"{where}: URL listed twice in this file"))
            elif url in entries and entries[url] != entry:
                message = f"{where}: differs from the entry for the same URL in {origin[url]}"
                problems.append(Problem(rel, None, None, message))
            seen_here.add(url)
            if url not in entries:
                entries[url], origin[url] = entry, rel
    return entries, problems


def load_registry(directory: Path = REGISTRY_DIR) -> dict[str, dict]:
    """Entries by URL from every registry file in ``directory``; raise RegistryError if invalid."""
    entries, problems = registry_problems(directory)
    if problems:
        raise RegistryError(problems)
    return entries


def format_date(value: str | None) -> str:
    """A partial ISO date for people: '2022-09-13' → '13 Sep 2022', '2022-09' → 'Sep 2022'."""
    if not value:
        return ""
    parts = value.split("-")
    if len(parts) == 1:
        return parts[0]
    month = _MONTHS[int(parts[1]) - 1]
    if len(parts) == 2:
        return f"{month} {parts[0]}"
    return f"{int(parts[2])} {month} {parts[0]}"


def label(entry: Mapping) -> str:
    """Link text for an entry: "Publisher — Title (13 Sep 2022)", without the date when null."""
    text = f"{entry['publisher']} — {entry['title']}"
    when = format_date(entry.get("date"))
    return f"{text} ({when})" if when else text


def display_url(url: str) -> str:
    """The URL percent-decoded for people to read (Cyrillic paths as Cyrillic)."""
    return unquote(url, errors="replace")


def dumps_sources(entries: Iterable[Mapping]) -> str:
    """``sources.json`` text: a JSON list sorted by URL, one entry a line, final newline."""
    lines = [
        json.dumps({f: e[f] for f in FIELDS}, ensure_ascii=False, separators=(",", ":"))
        for e in sorted(entries, key=lambda e: e["url"])
    ]
    return "[\n" + ",\n".join(lines) + "\n]\n" if lines else "[]\n"


def read_sources(path: Path = GEODATA_DIR / SOURCES_FILENAME) -> dict[str, dict]:
    """Entries by URL from a built ``sources.json``; an absent file gives no entries."""
    if not path.is_file():
        return {}
    return {e["url"]: e for e in json.loads(path.read_text(encoding="utf-8"))}


def _citations(obj: Any, fallback: str) -> Iterator[tuple[str, str]]:
    """(record id, URL) for every ``sources`` list or ``source`` string in a built file,
    evidence passages included."""
    if isinstance(obj, list):
        for index, item in enumerate(obj):
            yield from _citations(item, f"#{index}")
    elif isinstance(obj, Mapping):
        features = obj.get("features")
        if isinstance(features, list):  # a GeoJSON layer: the properties cite
            for index, feature in enumerate(features):
                props = feature.get("properties") if isinstance(feature, Mapping) else None
                yield from _citations(props or {}, f"#{index}")
            return
        rid = obj.get("id", fallback)
        if isinstance(obj.get("source"), str):
            yield str(rid), obj["source"]
        if isinstance(obj.get("sources"), list):
            yield from ((str(rid), u) for u in obj["sources"] if isinstance(u, str))
        for key, value in obj.items():
            if isinstance(value, list) and key != "sources":
                name = key[:-1] if key.endswith("s") else key
                for index, item in enumerate(value):
                    yield from _citations(item, f"{name} #{index}")
            elif isinstance(value, Mapping):  # evidence: {fact: [passages]}
                for fact, passages in value.items():
                    for index, item in enumerate(passages if isinstance(passages, list) else []):
                        yield from _citations(item, f"{rid} {key}.{fact} #{index}")


def uncited_problems(
    entries: Mapping[str, Any], geodata_dir: Path, files: Iterable[str]
) -> list[Problem]:
    """One problem per URL cited by ``files`` of ``geodata_dir`` that has no registry entry.

    ``files`` are the built files whose records cite pages (geodata.catalog.citing_files).
    """
    paths = [geodata_dir / name for name in files if (geodata_dir / name).is_file()]
    problems = []
    for path in paths:
        try:
            obj = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            message = f"cannot be read for its sources: {exc}"
            problems.append(Problem(path.name, None, None, message))
            continue
        for rid, url in _citations(obj, "?"):
            if url not in entries:
                message = f"source {url!r}: not in the source registry (geodata/sources/registry/)"
                problems.append(Problem(path.name, rid, None, message))
    return problems


def build_sources(directory: Path = REGISTRY_DIR) -> str:
    """``sources.json`` text from the registry files, or raise RegistryError."""
    return dumps_sources(load_registry(directory).values())


def registry_ok(files: Iterable[str], directory: Path = REGISTRY_DIR) -> bool:
    """Print the registry's problems and the unregistered citations of the repository's
    ``files``, or a summary; True if there are none."""
    entries, problems = registry_problems(directory)
    problems += uncited_problems(entries, GEODATA_DIR, files)
    if problems:
        print("\n".join(str(p) for p in problems))
        return False
    print(f"source registry: {len(entries)} entries, every cited URL registered")
    return True


def build(run: Build) -> dict[str, str]:
    """``sources.json`` from the registry files in ``sources/registry/``."""
    try:
        return {SOURCES_FILENAME: build_sources(run.sources / REGISTRY_DIRNAME)}
    except RegistryError as exc:
        raise BuildError(exc.problems) from None


def check(path: Path) -> str:
    """Validate a built ``sources.json``: a list of valid entries, one per URL.

    Whether every URL the data cites has an entry is the validator's check across datasets.
    """
    return f"{len(read_entries(path))} entries, valid"


def read_entries(path: Path) -> dict[str, dict]:
    """Entries by URL from a built ``sources.json``; LayerError naming what is wrong."""
    from geodata.schema.validator import read_file

    try:
        listed = json.loads(read_file(path).decode("utf-8"))
    except ValueError as exc:
        raise LayerError([Problem(path.name, None, None, f"is not valid JSON: {exc}")]) from None
    if not isinstance(listed, list):
        raise LayerError([Problem(path.name, None, None, "must be a JSON list of entries")])
    problems = [
        p for i, e in enumerate(listed) for p in entry_problems(e, path.name, f"entry #{i}")
    ]
    if problems:
        raise LayerError(problems)
    return {e["url"]: e for e in listed}


DATASET = Dataset(
    name="sources",
    title="Source registry",
    description=(
        "What each cited web page is: title, publisher, publication date, language and an "
        "archived copy, one entry per URL cited anywhere in the data."
    ),
    files=(SOURCES_FILENAME,),
    build=build,
    check=check,
    sources=(f"{REGISTRY_DIRNAME}/",),
    schema=ENTRIES,
    optional=True,
    cites_pages=False,
)
