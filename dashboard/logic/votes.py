"""Colour countries by a UN General Assembly vote on Ukraine (``votes.json``).

"Colour countries by" is alliance status (the default) or one resolution's recorded votes.
A resolution is named by its ``id`` (its number, such as ``ES-11/1``, or its date when no
source states its symbol), which is also the link's ``?votes=``. A state the resolution does
not record reads ``no record``: that is not the same as absent.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path

import geopandas as gpd

from dashboard.logic.i18n import N_, _
from geodata.schema.layers import VOTE_CHOICES

VOTES_FILENAME = "votes.json"
NO_RECORD = "no record"
# What a country can read, in the legend's order.
VOTE_VALUES = (*VOTE_CHOICES, NO_RECORD)
STATUS_CHOICE = ""  # "Colour countries by" alliance status
STATUS_LABEL = N_("Alliance status")
# Columns added to the countries when a resolution is chosen.
VOTE_COLUMN = "vote"
ON_COLUMN = "vote_on"


def load_votes(directory: Path) -> list[dict]:
    """The resolutions of ``votes.json`` in ``directory`` (by date); none when it is missing
    or unreadable (the file is optional: another data folder may lack it)."""
    path = Path(directory) / VOTES_FILENAME
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    if not isinstance(rows, list):
        return []
    return [r for r in rows if isinstance(r, Mapping) and isinstance(r.get("id"), str)]


def resolution_ids(resolutions: Sequence[Mapping]) -> list[str]:
    """The ids a link and the sidebar may name, in date order."""
    return [str(r["id"]) for r in resolutions]


def find(resolutions: Sequence[Mapping], rid: str | None) -> Mapping | None:
    """The resolution called ``rid``, or None (alliance status)."""
    if not rid:
        return None
    return next((r for r in resolutions if str(r["id"]) == rid), None)


def choice_label(resolutions: Sequence[Mapping], rid: str) -> str:
    """How the sidebar names a choice: "Alliance status" or "Vote on ES-11/1 (2022-03-02)"."""
    found = find(resolutions, rid)
    if found is None:
        return _(STATUS_LABEL)
    return _("Vote on {id} ({date})").format(id=found["id"], date=found.get("date", ""))


def vote_of(resolution: Mapping, iso3: str) -> str:
    """A state's recorded vote (yes, no, abstain, absent), or ``no record``."""
    for item in resolution.get("votes") or ():
        if isinstance(item, Mapping) and item.get("country") == iso3:
            vote = item.get("vote")
            return vote if vote in VOTE_CHOICES else NO_RECORD
    return NO_RECORD


def with_votes(countries: gpd.GeoDataFrame, resolution: Mapping | None) -> gpd.GeoDataFrame:
    """The countries with a ``vote`` column (and ``vote_on``, the resolution's id) when a
    resolution is chosen; unchanged otherwise."""
    if resolution is None:
        return countries
    return countries.assign(
        **{
            VOTE_COLUMN: [vote_of(resolution, str(iso)) for iso in countries["iso3"]],
            ON_COLUMN: str(resolution["id"]),
        }
    )
