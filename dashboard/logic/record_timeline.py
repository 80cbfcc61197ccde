"""The timeline's row of appeals for help: one event per appeal, coloured by its outcome.

The rows carry the timeline's own columns (``logic/timeline.COLUMNS``) plus ``category``
("appeal"), ``outcome`` (as the build derived it), ``addressed_to`` (whom the appeal asked)
and ``when`` (the date as precisely as known), so the chart can give them a row and colours of
their own without knowing anything else about the record.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

from dashboard.logic.i18n import N_, _
from dashboard.logic.known import as_known
from dashboard.logic.record import (
    OUTCOME_COLOURS,
    OUTCOME_LABELS,
    Starts,
    map_day,
    outcome_label,
    since,
)

KIND = "appeal"
# The row's name and the legend's keys ("appeal granted", ...) stay English: they are the
# chart's keys; the chart shows them in the reader's language (the catalog has them).
GROUP = N_("Appeals")
# The legend's entry of each outcome, and its colour.
SHADES = {f"appeal {OUTCOME_LABELS[o]}": colour for o, colour in OUTCOME_COLOURS.items()}
# An appeal's line, whole for each party asked (Russian puts the party in another case).
_ASKS = {
    "alliance": N_("{member} asks the alliance for help ({conflict}): {outcome}"),
    "russia": N_("{member} asks Russia for help ({conflict}): {outcome}"),
    "both": N_("{member} asks the alliance and Russia for help ({conflict}): {outcome}"),
}


def appeal_events(
    appeals: Iterable[Mapping],
    starts: Starts,
    names: Mapping[str, str] | None = None,
    conflicts: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """One timeline event per appeal, placed on the day its map link opens on.

    Its ``feature_id`` is the appeal's conflict (``layer`` "conflicts"), so a click selects
    what the appeal was about; ``when`` says the appeal's date as precisely as it is known.
    """
    names, conflicts = names or {}, conflicts or {}
    rows = []
    for a in since(appeals):
        day = map_day(a, starts)
        member = names.get(a["country"], a["country"])
        about = conflicts.get(a["conflict"], a["conflict"])
        asks = _ASKS[a["addressed_to"]]
        rows.append(
            {
                "date": pd.Timestamp(day),
                "day": day.isoformat(),
                "kind": KIND,
                "category": KIND,
                "group": GROUP,
                "label": _(asks).format(
                    member=member, conflict=about, outcome=outcome_label(a["outcome"])
                ),
                "feature_id": a["conflict"],
                "layer": "conflicts",
                "country": a["country"],
                "source": a["sources"][0] if a["sources"] else "",
                "outcome": a["outcome"],
                "addressed_to": a["addressed_to"],
                "when": as_known(a["date"], a["date_precision"]),
            }
        )
    return pd.DataFrame(rows)


def with_appeals(events: pd.DataFrame, appeal_rows: pd.DataFrame) -> pd.DataFrame:
    """The timeline's events with the appeals' added, sorted by date as the timeline sorts."""
    if appeal_rows.empty:
        return events
    out = pd.concat([events, appeal_rows], ignore_index=True)
    return out.sort_values(["date", "group", "label"], kind="stable").reset_index(drop=True)


def shades(events: pd.DataFrame) -> pd.Series:
    """The colour key of each event: its ``kind``, or "appeal <outcome>" for an appeal."""
    kinds = events["kind"].astype(str)
    if "outcome" not in events:
        return kinds
    outcome = events["outcome"].map(
        lambda o: OUTCOME_LABELS.get(o, "") if isinstance(o, str) else ""
    )
    return kinds.where(kinds != KIND, "appeal " + outcome)
