"""The reader's language: English, the language the code is written in, or Russian.

Every string a reader sees is written in English inside ``_()`` (or ``ngettext()`` when it
counts something); the Russian comes from the gettext catalogs in
``dashboard/locale/ru/LC_MESSAGES/*.po``, read with Babel. The catalogs are split by part of
the page (one ``.po`` per group of views) and merged when read; a message may sit in more than
one of them.

One run of the page uses one language: the entry point calls ``use(lang)`` before drawing, and
the plain modules call ``_()`` without knowing which it is. The choice is held in a context
variable, so two readers' runs on two threads never see each other's. A cached function whose
result holds words must take the language as a parameter, or the first reader's language is
served to all.

Strings that have to exist before a language is chosen (module constants, vocabularies) are
marked with ``N_()``, which only marks them for the catalog, and translated where shown with
``_()``. A string with a value inside is written with named fields and ``.format()`` after
``_()``, never as an f-string, so the catalog holds one entry for every value.

Dates and numbers are formatted for the language with Babel's CLDR data.
"""

from __future__ import annotations

import contextvars
import io
from collections.abc import Iterable
from datetime import date
from functools import cache
from pathlib import Path

from babel import Locale
from babel.dates import format_date as _babel_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import Translations

LANGUAGES = ("en", "ru")
DEFAULT = "en"
# How each language names itself in the language picker.
NAMES = {"en": "English", "ru": "Русский"}
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"

_LANG: contextvars.ContextVar[str] = contextvars.ContextVar("reader_language", default=DEFAULT)
# Messages asked for in a language whose catalogs lack them (the tests read and clear it).
MISSING: set[str] = set()


def use(lang: str | None) -> str:
    """Make ``lang`` the language of this run (an unknown one falls back to English)."""
    chosen = lang if lang in LANGUAGES else DEFAULT
    _LANG.set(chosen)
    return chosen


def current() -> str:
    return _LANG.get()


def catalog_files(lang: str) -> list[Path]:
    return sorted((LOCALE_DIR / lang / "LC_MESSAGES").glob("*.po"))


@cache
def translations(lang: str) -> Translations | None:
    """Every catalog of ``lang`` merged into one, or None for the source language."""
    if lang == DEFAULT:
        return None
    merged: Translations | None = None
    for path in catalog_files(lang):
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=lang)
        buffer = io.BytesIO()
        write_mo(buffer, catalog)  # fuzzy entries are left out, as gettext does
        buffer.seek(0)
        part = Translations(buffer)
        if merged is None:
            merged = part
        else:
            merged.merge(part)
    return merged if merged is not None else Translations()


def _(message: str) -> str:
    """``message`` in the reader's language."""
    found = translations(current())
    if found is None or not message:
        return message
    text = found.gettext(message)
    if text == message:
        MISSING.add(message)
    return text


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of a counted message for ``n`` in the reader's language (Russian has three)."""
    found = translations(current())
    if found is None:
        return singular if n == 1 else plural
    text = found.ngettext(singular, plural, n)
    if text in (singular, plural):
        MISSING.add(singular)
    return text


def N_(message: str) -> str:  # noqa: N802 - gettext's name for "mark only"
    """Mark ``message`` for the catalog without translating it (translated where shown)."""
    return message


def translated(messages: Iterable[str]) -> list[str]:
    return [_(m) for m in messages]


# The English of the page is British (7 December 2026), as the data's texts are.
_LOCALES = {"en": "en_GB", "ru": "ru"}


def locale(lang: str | None = None) -> Locale:
    return Locale.parse(_LOCALES.get(lang or current(), "en_GB"))


def format_number(value: float, lang: str | None = None) -> str:
    """A number with the language's digit grouping and decimal mark (1,234.5 / 1 234,5)."""
    return format_decimal(value, locale=locale(lang))


def format_day(day: date, lang: str | None = None) -> str:
    """A day written out: "7 December 2026" / "7 декабря 2026 г."."""
    return _babel_date(day, format="long", locale=locale(lang))


def format_month(year: int, month: int, lang: str | None = None) -> str:
    """A month known without its day: "February 2024" / "февраль 2024 г."."""
    pattern = "LLLL y\u202f'г'." if (lang or current()) == "ru" else "LLLL y"
    return _babel_date(date(year, month, 1), format=pattern, locale=locale(lang))
