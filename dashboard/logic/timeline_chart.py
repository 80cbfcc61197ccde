"""The timeline as a clickable chart: one row per group of events, coloured by kind, a rule
at the map date; and what a click on it picked (a day, a feature).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

import altair as alt
import pandas as pd

from dashboard.logic import record_timeline
from dashboard.logic.asof import to_date
from dashboard.logic.i18n import N_, _
from dashboard.logic.timeline import GROUPS, OTHER_GROUP, colour_group

SELECTION = "timeline_pick"  # name of the chart's point selection, as st.altair_chart reports it

# Colours far apart in hue (Tableau 10, with the outcomes' green, olive, red and grey): blue for
# joins and departures (told apart by shape), brown for the alliance's own milestones and
# deployments (and any kind not listed), orange conflicts, purple facilities.
GROUP_COLOURS = {
    "Membership": "#1f77b4",
    OTHER_GROUP: "#8c564b",
    "Conflict": "#ff7f0e",
    "Facility": "#9467bd",
}
# The chart's words, marked for the catalog: the rows, the colour groups, the shapes and the
# kinds stay English in the events' data and are translated only where the chart shows them.
CHART_WORDS = frozenset(
    {
        N_("Alliance"),
        N_("Membership"),
        N_("Conflicts"),
        N_("Facilities"),
        N_("Appeals"),
        N_("Alliance or other"),
        N_("Conflict"),
        N_("Facility"),
        N_("begins"),
        N_("ends"),
        N_("joined"),
        N_("unfrozen"),
        N_("left"),
        N_("frozen"),
        N_("suspended"),
        N_("treaty"),
        N_("charter"),
        N_("deployment"),
        N_("conflict began"),
        N_("conflict ended"),
        N_("facility opened"),
        N_("facility closed"),
    }
)


def chart_word(value: object) -> str:
    """One of the chart's words in the reader's language (any other value as it is)."""
    key = str(value)
    return _(key) if key in CHART_WORDS or key in record_timeline.SHADES else key


# A period's end is drawn as a diamond, its start (or a single event) as a circle.
ENDING_KINDS = frozenset({"left", "frozen", "suspended", "conflict ended", "facility closed"})
PHASE_SHAPES = {"begins": "circle", "ends": "diamond"}


def chart(
    events_df: pd.DataFrame,
    selected: date,
    *,
    start: date | None = None,
    end: date | None = None,
    height: int = 220,
) -> alt.LayerChart:
    """Events on a time axis, one row per group, coloured by kind group, a rule at ``selected``.

    Events before ``start`` are left out (pass the date control's first day so every pick is
    a date the map can show). The axis always spans ``start`` (or the first event) to ``end``
    (default today), whatever the events shown, so it never moves when the filters or a
    click change them. Clicking a point fills the selection ``SELECTION`` with its ``day``
    and ``feature_id``; read it with :func:`date_from_selection`.
    """
    if start is not None:
        events_df = events_df[events_df["date"] >= pd.Timestamp(start)]
    end = end or date.today()
    first = start or (events_df["date"].min().date() if len(events_df) else end)
    events_df = events_df.assign(
        colour=events_df["kind"].map(colour_group),
        phase=["ends" if k in ENDING_KINDS else "begins" for k in events_df["kind"]],
    )
    # nearest: a click anywhere picks the closest event, since the points are small targets
    pick = alt.selection_point(
        name=SELECTION, fields=["day", "feature_id"], on="click", nearest=True
    )
    groups = GROUPS + sorted(set(events_df["group"]) - set(GROUPS))
    # Appeals are coloured by their outcome; a date known only to the month says so.
    shade = record_timeline.shades(events_df)
    events_df = events_df.assign(
        colour=events_df["colour"].where(shade.str[:7] != "appeal ", shade)
    )
    # What the chart shows, in the reader's language (the values above stay English).
    words = {
        c: chart_word(c) for c in {*groups, *GROUP_COLOURS, *record_timeline.SHADES, *PHASE_SHAPES}
    }
    events_df = events_df.assign(
        group=events_df["group"].map(lambda g: words.get(g, g)),
        colour=events_df["colour"].map(lambda c: words.get(c, c)),
        phase=events_df["phase"].map(lambda p: words.get(p, p)),
        kind=events_df["kind"].map(chart_word),
    )
    when = events_df["when"] if "when" in events_df else events_df["day"]
    events_df = events_df.assign(when=when.where(when.notna(), events_df["day"]))
    palette = {**GROUP_COLOURS, **record_timeline.SHADES}
    palette = {words.get(c, c): v for c, v in palette.items()}
    groups = [words.get(g, g) for g in groups]
    colours = [c for c in palette if c in set(events_df["colour"])] or [
        words.get(c, c) for c in GROUP_COLOURS
    ]
    domain = [pd.Timestamp(first).isoformat(), pd.Timestamp(end).isoformat()]
    x = alt.X(
        "date:T",
        title=None,
        scale=alt.Scale(domain=domain, nice=False, zero=False),
        axis=alt.Axis(format="%Y", labelOverlap=True),
    )
    points = (
        alt.Chart(events_df)
        .mark_point(filled=True, size=80)
        .encode(
            x=x,
            y=alt.Y("group:N", title=None, sort=groups, scale=alt.Scale(domain=groups)),
            color=alt.Color(
                "colour:N",
                title=_("Event"),
                scale=alt.Scale(domain=colours, range=[palette[c] for c in colours]),
                legend=alt.Legend(orient="bottom", columns=4),
            ),
            shape=alt.Shape(
                "phase:N",
                title=None,
                scale=alt.Scale(
                    domain=[words.get(p, p) for p in PHASE_SHAPES],
                    range=list(PHASE_SHAPES.values()),
                ),
                legend=alt.Legend(orient="bottom"),
            ),
            opacity=alt.condition(pick, alt.value(0.95), alt.value(0.35)),
            tooltip=[
                alt.Tooltip("when:N", title=_("Date")),
                alt.Tooltip("label:N", title=_("Event")),
                alt.Tooltip("kind:N", title=_("Kind")),
                alt.Tooltip("country:N", title=_("Country")),
            ],
        )
        .add_params(pick)
    )
    marker = pd.DataFrame({"date": [pd.Timestamp(selected)], "day": [selected.isoformat()]})
    rule = (
        alt.Chart(marker)
        .mark_rule(color="#212121", strokeWidth=2, strokeDash=[4, 2])
        .encode(
            x=alt.X("date:T", scale=alt.Scale(domain=domain, nice=False)),
            tooltip=[alt.Tooltip("day:N", title=_("Map date"))],
        )
    )
    return alt.layer(points, rule).properties(height=height, width="container")


def _parse_day(value: Any) -> date | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        # Vega-Lite reports temporal values as milliseconds since the epoch (UTC).
        return datetime.fromtimestamp(value / 1000, tz=UTC).date()
    try:
        return to_date(value)
    except (TypeError, ValueError):
        return None


def _picked(selection_state: Any) -> dict:
    try:
        picks = selection_state["selection"][SELECTION]
    except (KeyError, TypeError, IndexError):
        return {}
    if isinstance(picks, Mapping):  # some versions report {"day": [...]} instead of a list
        picks = [{k: (v[-1] if isinstance(v, list) and v else v) for k, v in picks.items()}]
    return (
        dict(picks[-1])
        if isinstance(picks, list) and picks and isinstance(picks[-1], Mapping)
        else {}
    )


def date_from_selection(selection_state: Any) -> date | None:
    """The date of the clicked event from ``st.altair_chart(..., on_select="rerun")``'s return
    value; None when nothing is selected."""
    picked = _picked(selection_state)
    return _parse_day(picked.get("day", picked.get("date")))


def feature_from_selection(selection_state: Any) -> str | None:
    """The feature id of the clicked event (an ISO3 code, conflict or facility id), or None."""
    fid = _picked(selection_state).get("feature_id")
    return str(fid) if fid else None
