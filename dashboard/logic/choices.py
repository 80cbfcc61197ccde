"""What the user chose, as one dataclass: the sidebar returns it, the link saves and restores
it, the filters and the downloads read it.

Field names are the app's own; the shared link keeps its short parameter names (``types``,
``statuses``, ``q``...), translated in one table in ``logic/urlstate``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from dashboard.logic.layers import LAYER_NAMES


@dataclass(frozen=True)
class Choices:
    """Everything the user picked. Empty tuples and None mean "the default" (everything)."""

    # Filters: a feature is kept when it matches every non-empty one.
    countries: tuple[str, ...] = ()
    facility_types: tuple[str, ...] = ()
    facility_statuses: tuple[str, ...] = ()
    zones: tuple[str, ...] = ()
    within: float | None = None  # km from an active conflict zone
    # Time: the map date (None in a link: today) and whether ended features stay on the map.
    date: date | None = None
    past: bool = False
    # Playing the date forward, and how fast (a key of logic.timesteps.SPEEDS; None: default).
    play: bool = False
    speed: str | None = None
    # What is drawn and where the map looks.
    shown: tuple[str, ...] = LAYER_NAMES
    basemap: str | None = None
    # Colour countries by one resolution's recorded votes (its id in votes.json; None: status).
    votes: str | None = None
    # Draw the arms transfers (logic/arms; off unless ticked, never in a link).
    arms: bool = False
    q: str = ""  # the search text
    sel: str | None = None  # the selected feature's id
    lat: float | None = None
    lon: float | None = None
    zoom: int | None = None
    # SYNTHETIC test points: how many, and of which event types (never in a link).
    synthetic: int = 0
    synthetic_types: tuple[str, ...] = ()
