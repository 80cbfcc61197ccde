"""Data problems as short lines a person can read beside the map."""

from __future__ import annotations

import re
from collections.abc import Sequence

from dashboard.logic.i18n import _, ngettext
from geodata.schema.problem import Problem

# Shown one per line; the rest are counted, so a file with hundreds of problems stays readable.
SHOWN = 8
_MARKDOWN = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~$])")


def escape(text: str) -> str:
    """Text as literal Markdown: names and values from a file never format the message."""
    return _MARKDOWN.sub(r"\\\1", text)


def markdown(problems: Sequence[Problem], intro: str, limit: int = SHOWN) -> str:
    """``intro`` and the problems as a Markdown list; long lines wrap in the app's boxes."""
    items = [escape(str(p)) for p in problems[:limit]]
    if len(problems) > limit:
        more = len(problems) - limit
        words = ngettext(
            "… and {n} more: run `python -m geodata.validate`",
            "… and {n} more: run `python -m geodata.validate`",
            more,
        )
        items.append(words.format(n=more))
    return intro + "\n\n" + "\n".join(f"- {item}" for item in items)


def left_out(problems: Sequence[Problem]) -> str:
    """What the app did about ``problems``: which features and files it left out."""
    features = {(p.file, p.feature_id) for p in problems if p.feature_id is not None}
    files = sorted({p.file for p in problems if p.feature_id is None})
    parts = []
    if features:
        n = len(features)
        words = ngettext("{n} feature with problems", "{n} features with problems", n)
        parts.append(words.format(n=n))
    if files:
        parts.append(_("the whole of {files}").format(files=", ".join(files)))
    return _(
        "Left out of the map: {what}. The rest of the map is drawn. "
        "Fix the data and rebuild it with `python -m geodata.build`."
    ).format(what=_(" and ").join(parts))
