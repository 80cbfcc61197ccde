"""Limits on uploaded files, and the checks that enforce them before anything is parsed whole."""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from io import BytesIO
from pathlib import PurePosixPath

import numpy as np
from babel.numbers import format_decimal

from dashboard.logic.i18n import _, format_number, locale

__all__ = [
    "UploadLimits",
    "UploadRefused",
    "check_size",
    "json_depth",
    "read_zip_members",
]


@dataclass(frozen=True)
class UploadLimits:
    """Ceilings for one upload; the defaults suit a shared server with a few GB of memory."""

    max_bytes: int = 20_000_000
    max_features: int = 50_000
    max_properties: int = 100
    max_columns: int = 1_000
    max_value_chars: int = 10_000
    max_name_chars: int = 200
    max_depth: int = 20
    max_unpacked_bytes: int = 100_000_000
    max_zip_members: int = 200
    max_compression_ratio: int = 200
    max_layers: int = 50

    @property
    def max_document_depth(self) -> int:
        """JSON nesting allowed for a whole file: property depth plus GeoJSON's own structure."""
        # FeatureCollection > features > Feature > geometry > MultiPolygon coordinates needs 8;
        # properties sit 4 deep, so a value at the property limit needs max_depth + 4.
        return self.max_depth + 10


class UploadRefused(ValueError):
    """The whole file is refused; the message says what was wrong and what to do."""


def check_size(data: bytes, limits: UploadLimits) -> None:
    """Refuse empty input and input over ``limits.max_bytes`` before anything reads it."""
    if not data:
        raise UploadRefused(_("the file is empty"))
    if len(data) > limits.max_bytes:
        raise UploadRefused(
            _(
                "the file is {size}; the limit is {limit}. Split it or simplify its geometry."
            ).format(size=_mb(len(data)), limit=_mb(limits.max_bytes))
        )


def _mb(n: int) -> str:
    size = format_decimal(n / 1_000_000, format="#,##0.0", locale=locale())
    return _("{size} MB").format(size=size)


# A JSON string with its escapes; possessive so a long or unterminated string costs linear time.
_JSON_STRING = re.compile(rb'"(?:[^"\\]++|\\.)*+"', re.DOTALL)


def json_depth(data: bytes) -> int:
    """Return the deepest bracket nesting of JSON text, without parsing or recursing."""
    stripped = _JSON_STRING.sub(b'""', data)
    arr = np.frombuffer(stripped, dtype=np.uint8)
    opens = (arr == ord("[")) | (arr == ord("{"))
    closes = (arr == ord("]")) | (arr == ord("}"))
    idx = np.flatnonzero(opens | closes)
    if idx.size == 0:
        return 0
    steps = np.where(opens[idx], 1, -1).astype(np.int32)
    return int(steps.cumsum().max())


def _unsafe_name(name: str) -> bool:
    if not name or "\x00" in name or name.startswith(("/", "\\")):
        return True
    parts = PurePosixPath(name.replace("\\", "/")).parts
    # "." alone names the archive's root, not a file.
    return not parts or ".." in parts or ":" in parts[0]


def _skipped(name: str) -> bool:
    """Folders and the resource-fork clutter that macOS adds to every archive."""
    base = PurePosixPath(name).name
    return name.endswith("/") or name.startswith("__MACOSX/") or base.startswith("._")


def read_zip_members(data: bytes, limits: UploadLimits) -> dict[str, bytes]:
    """Return the archive's files by name, refusing bombs, traversal and encryption first.

    Sizes and ratios in the central directory are checked before any member is inflated; the
    inflation itself is also capped, because a forged directory can understate sizes.
    """
    try:
        archive = zipfile.ZipFile(BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise UploadRefused(_("not a readable ZIP archive ({error})").format(error=exc)) from exc
    if len(infos) > limits.max_zip_members:
        raise UploadRefused(
            _("the archive holds {count} entries; the limit is {limit}").format(
                count=len(infos), limit=limits.max_zip_members
            )
        )
    declared = 0
    for info in infos:
        if _unsafe_name(info.filename):
            raise UploadRefused(
                _("archive entry {name} points outside the archive; refused").format(
                    name=repr(info.filename[:100])
                )
            )
        if info.flag_bits & 0x1:
            raise UploadRefused(
                _("archive entry {name} is encrypted; upload it unlocked").format(
                    name=repr(info.filename)
                )
            )
        declared += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > 1_000_000 and ratio > limits.max_compression_ratio:
            raise UploadRefused(
                _(
                    "archive entry {name} inflates {ratio}-fold ({size}); "
                    "that looks like a zip bomb"
                ).format(
                    name=repr(info.filename),
                    ratio=format_number(round(ratio)),
                    size=_mb(info.file_size),
                )
            )
    if declared > limits.max_unpacked_bytes:
        raise UploadRefused(
            _("the archive unpacks to {size}; the limit is {limit}").format(
                size=_mb(declared), limit=_mb(limits.max_unpacked_bytes)
            )
        )
    members: dict[str, bytes] = {}
    budget = limits.max_unpacked_bytes
    for info in infos:
        if _skipped(info.filename):
            continue
        members[info.filename] = _read_capped(archive, info, budget)
        budget -= len(members[info.filename])
    return members


def _read_capped(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int) -> bytes:
    chunks: list[bytes] = []
    total = 0
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(1 << 20):
                total += len(chunk)
                if total > budget or total > info.file_size:
                    raise UploadRefused(
                        _(
                            "archive entry {name} inflates past its declared size or the unpack "
                            "limit; that looks like a zip bomb"
                        ).format(name=repr(info.filename))
                    )
                chunks.append(chunk)
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as exc:
        raise UploadRefused(
            _("archive entry {name} cannot be read ({error})").format(
                name=repr(info.filename), error=exc
            )
        ) from exc
    return b"".join(chunks)
