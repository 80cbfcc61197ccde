"""The map's own JavaScript, kept as ``.js`` files so it reads (and lints) as JavaScript.

Each file is read once, with ``importlib.resources``, and sent inside the map's scripts.
"""

from __future__ import annotations

import functools
from importlib.resources import files


@functools.cache
def script(name: str) -> str:
    """Return the text of ``dashboard/map/js/<name>``."""
    return files(__package__).joinpath(name).read_text(encoding="utf-8")
