"""Where the data lives: the repository's geodata folder, or the one $CSTO_GEODATA_DIR names."""

from __future__ import annotations

import os
from pathlib import Path

GEODATA_DIR = Path(__file__).resolve().parent
# Same variable the app reads its layers from.
GEODATA_ENV = "CSTO_GEODATA_DIR"


def default_dir() -> Path:
    """The folder checked by default: $CSTO_GEODATA_DIR when set, else the repository's."""
    folder = os.environ.get(GEODATA_ENV, "").strip()
    return Path(folder).expanduser() if folder else GEODATA_DIR
