"""Writing built files, and comparing them with the committed ones, byte for byte."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

__all__ = ["differing_layers", "summary", "write_layers"]


def write_layers(texts: Mapping[str, str], out_dir: Path) -> list[str]:
    """Write files whose bytes changed; return the names of the files written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in texts.items():
        path = out_dir / name
        data = text.encode("utf-8")
        if not path.is_file() or path.read_bytes() != data:
            path.write_bytes(data)
            written.append(name)
    return written


def differing_layers(texts: Mapping[str, str], committed_dir: Path) -> list[str]:
    """Names of files whose committed copy is missing or differs from a fresh build."""
    return [
        name
        for name, text in texts.items()
        if not (committed_dir / name).is_file()
        or (committed_dir / name).read_bytes() != text.encode("utf-8")
    ]


def _count(text: str) -> str:
    obj = json.loads(text)
    if isinstance(obj, list):
        return f"{len(obj)} entries"
    if "features" in obj:
        return f"{len(obj['features'])} features"
    if "events" in obj:
        return f"{len(obj['events'])} events"
    return "1 object"


def summary(texts: Mapping[str, str]) -> str:
    """One line per built file: its name, how many records it holds and its size."""
    return "\n".join(
        f"{name}: {_count(text)}, {len(text.encode('utf-8')):,} bytes"
        for name, text in texts.items()
    )
