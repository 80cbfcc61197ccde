"""The Russian catalogs are complete: every string the app marks for translation has one.

The messages are extracted from the app's code with Babel, as ``pybabel extract`` does; a
message without a Russian entry, a Russian entry that drops or invents a ``{field}``, or a
marked f-string (whose text gettext can never look up) fails here, naming the file and line.
"""

from __future__ import annotations

import re
import string
from datetime import date
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from dashboard.logic import i18n

ROOT = Path(__file__).resolve().parent.parent
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}


def _extracted() -> list[tuple[str, int, tuple[str, ...]]]:
    found = []
    for filename, lineno, message, _comments, _context in extract_from_dir(
        str(ROOT / "dashboard"),
        method_map=[("static/**", "ignore"), ("**.py", "python")],
        keywords=KEYWORDS,
    ):
        ids = message if isinstance(message, tuple) else (message,)
        found.append((filename, lineno, tuple(m for m in ids if m)))
    return found


def _catalog(lang: str) -> dict[str, tuple[str, ...]]:
    entries: dict[str, tuple[str, ...]] = {}
    for path in i18n.catalog_files(lang):
        with path.open("rb") as handle:
            for message in read_po(handle, locale=lang):
                if not message.id or message.fuzzy:
                    continue
                key = message.id[0] if isinstance(message.id, tuple) else message.id
                strings = message.string if isinstance(message.string, tuple) else (message.string,)
                if all(strings):
                    entries[key] = strings
    return entries


def _fields(text: str) -> set[str]:
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name is not None}


def test_the_app_marks_its_strings_for_translation():
    # The page's frame alone (sidebar, map, legend, details, table, timeline, about) marks
    # 325 messages; a marking lost in a refactor shows here.
    assert len(_extracted()) >= 320


def test_every_marked_string_has_a_russian_translation():
    catalog = _catalog("ru")
    missing = [
        f"{file}:{line}: {ids[0]!r}" for file, line, ids in _extracted() if ids[0] not in catalog
    ]
    assert not missing, "no Russian for:\n" + "\n".join(sorted(set(missing)))


def test_translations_keep_the_fields_their_english_fills_in():
    catalog = _catalog("ru")
    wrong = []
    for _file, _line, ids in _extracted():
        for form in catalog.get(ids[0], ()):
            if _fields(form) - _fields(ids[-1]) or _fields(ids[0]) - _fields(form) - {""}:
                wrong.append(f"{ids[0]!r} -> {form!r}")
    assert not wrong, "fields differ:\n" + "\n".join(sorted(set(wrong)))


def test_no_f_string_is_marked_for_translation():
    marked = re.compile(r"\b(?:_|N_|ngettext)\(\s*f[\"']")
    hits = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in (ROOT / "dashboard").rglob("*.py")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if marked.search(line)
    ]
    assert not hits, "f-strings inside _(): " + ", ".join(hits)


def test_the_language_of_one_run_does_not_leak_into_the_next():
    i18n.use("ru")
    assert i18n._("Language") == "Язык"
    i18n.use("en")
    assert i18n._("Language") == "Language"
    assert i18n.use("xx") == "en"


@pytest.mark.parametrize(
    ("lang", "day", "month", "number"),
    [
        ("en", "7 December 2026", "February 2024", "1,234,567.5"),
        ("ru", "7 декабря 2026\u202fг.", "февраль 2024\u202fг.", "1\xa0234\xa0567,5"),
    ],
)
def test_dates_and_numbers_are_written_the_languages_way(lang, day, month, number):
    assert i18n.format_day(date(2026, 12, 7), lang) == day
    assert i18n.format_month(2024, 2, lang) == month
    assert i18n.format_number(1234567.5, lang) == number


def test_russian_counts_take_three_forms():
    path = next(iter(i18n.catalog_files("ru")))
    with path.open("rb") as handle:
        catalog = read_po(handle, locale="ru")
    assert catalog.num_plurals == 3
