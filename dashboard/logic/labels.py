"""Names on a picture: each in the reader's language where the data has it, placed beside its
point where it touches nothing placed before.

Pure geometry in pixels, for the publication image (``logic.image``): a label that has no
free place right, left, above or below its point is left out rather than drawn over another.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in pixels


@dataclass(frozen=True)
class Label:
    """A name to place beside a point: its text, anchor (pixels) and size (pixels)."""

    text: str
    x: float
    y: float
    width: float
    height: float
    gap: float = 4.0  # from the point: more than a symbol's half width; 0: centred on it


def overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def place_labels(
    labels: Iterable[Label], obstacles: Sequence[Box], frame: Box
) -> list[tuple[Label, Box]]:
    """Place each label, in the given order, right, left, above or below its point (centred on
    it for a ``gap`` of 0), where it touches no obstacle (symbols, legend, scale bar), no label
    placed before, and stays inside ``frame``; a label with no such place is dropped. Returns
    each placed label and its box, in pixels."""
    placed: list[tuple[Label, Box]] = []
    taken = list(obstacles)
    for label in labels:
        w, h, gap = label.width, label.height, label.gap
        x, y = label.x, label.y
        sides = [
            (x + gap, y - h / 2, x + gap + w, y + h / 2),
            (x - gap - w, y - h / 2, x - gap, y + h / 2),
            (x - w / 2, y + gap, x + w / 2, y + gap + h),
            (x - w / 2, y - gap - h, x + w / 2, y - gap),
        ]
        # No gap: a name standing for its place (a town drawn without a dot), centred on it.
        for box in sides if gap > 0 else [(x - w / 2, y - h / 2, x + w / 2, y + h / 2)]:
            inside = frame[0] <= box[0] and box[2] <= frame[2]
            if not (inside and frame[1] <= box[1] and box[3] <= frame[3]):
                continue
            if any(overlaps(box, other) for other in taken):
                continue
            placed.append((label, box))
            taken.append(box)
            break
    return placed


def names_in(frame: Any, lang: str) -> list[str]:
    """Each row's name in ``lang``: its ``name_<lang>`` where the data has one, else ``name``
    (a few towns have only the English)."""
    names = frame["name"].astype(str).tolist()
    column = f"name_{lang}"
    if lang == "en" or column not in frame:
        return names
    return [
        str(own) if isinstance(own, str) and own.strip() else name
        for own, name in zip(frame[column], names, strict=True)
    ]
