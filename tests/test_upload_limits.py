"""The pre-parse guards: byte size, JSON depth without recursion, and archive inspection."""

from __future__ import annotations

import zipfile

import pytest

from dashboard.upload.limits import (
    UploadLimits,
    UploadRefused,
    check_size,
    json_depth,
    read_zip_members,
)
from tests.archives import zipped


@pytest.mark.parametrize(
    ("text", "depth"),
    [
        (b"42", 0),
        (b"[]", 1),
        (b'{"a": [1, {"b": []}]}', 4),
        (b'{"a": "[[[[[[["}', 1),
        (b'{"a": "quote \\" then [[[["}', 1),
        (b'{"a": "backslash \\\\", "b": [[]]}', 3),
        (b"[" * 100_000, 100_000),
    ],
)
def test_json_depth_ignores_brackets_inside_strings(text: bytes, depth: int) -> None:
    assert json_depth(text) == depth


def test_size_is_refused_before_reading() -> None:
    limits = UploadLimits(max_bytes=10)
    check_size(b"x" * 10, limits)
    with pytest.raises(UploadRefused, match="limit is 0.0 MB"):
        check_size(b"x" * 11, limits)
    with pytest.raises(UploadRefused, match="empty"):
        check_size(b"", limits)


@pytest.mark.parametrize(
    "name",
    ["../up.txt", "/etc/passwd", "a/../../b", "C:/windows/x", "..\\..\\x", "\\\\srv\\x", "."],
)
def test_traversal_names_are_refused(name: str) -> None:
    with pytest.raises(UploadRefused, match="outside the archive"):
        read_zip_members(zipped({name: b"x"}), UploadLimits())


def test_highly_compressible_member_is_a_bomb() -> None:
    data = zipped({"a.csv": b"0" * 5_000_000})
    with pytest.raises(UploadRefused, match="zip bomb"):
        read_zip_members(data, UploadLimits())


def test_too_many_entries() -> None:
    data = zipped({f"f{i}.txt": b"x" for i in range(5)})
    with pytest.raises(UploadRefused, match="5 entries; the limit is 4"):
        read_zip_members(data, UploadLimits(max_zip_members=4))


def test_understated_size_in_the_directory_stops_inflation() -> None:
    data = bytearray(zipped({"a.txt": b"y" * 100_000}, zipfile.ZIP_STORED))
    # Forge the central directory's uncompressed size (offset 24 of its entry) down to 10.
    cd = data.rfind(b"PK\x01\x02")
    data[cd + 24 : cd + 28] = (10).to_bytes(4, "little")
    with pytest.raises(UploadRefused):
        read_zip_members(bytes(data), UploadLimits())


def test_clutter_is_skipped_and_members_returned() -> None:
    data = zipped({"dir/": b"", "__MACOSX/._a.shp": b"junk", "a.shp": b"shape"})
    assert read_zip_members(data, UploadLimits()) == {"a.shp": b"shape"}


def test_not_a_zip() -> None:
    with pytest.raises(UploadRefused, match="not a readable ZIP"):
        read_zip_members(b"PK\x03\x04garbage", UploadLimits())
