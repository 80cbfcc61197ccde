"""The alliance's history as dated events, derived from the layers, and a clickable chart of them.

Events come from the same fields the map uses (membership and frozen intervals, conflict
start/end, facility opened/closed), so the timeline cannot disagree with the map. The cited
events of ``geodata/sources/membership.yaml`` only add wording, sources and the alliance-wide
milestones (treaty, charter) that no layer carries.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime
from typing import Any

import altair as alt
import geopandas as gpd
import pandas as pd

from dashboard.logic import record_timeline
from dashboard.logic.asof import parse_intervals, to_date
from dashboard.logic.i18n import N_, _, current
from dashboard.logic.search import as_list
from dashboard.logic.style import label

SELECTION = "timeline_pick"  # name of the chart's point selection, as st.altair_chart reports it
COLUMNS = ["date", "day", "kind", "group", "label", "feature_id", "layer", "country", "source"]
GROUPS = ["Alliance", "Membership", "Conflicts", "Facilities", "Appeals"]
_ALLIANCE_KINDS = {"treaty", "charter", "deployment"}
# Each kind of event belongs to one colour group; within a group, a start and an end differ by
# shape (ENDING_KINDS). Four groups leave four of the eight colours (MAX_COLOURS) for the
# "Appeals" row, coloured by the appeals' four outcomes (logic/record.OUTCOME_COLOURS).
OTHER_GROUP = "Alliance or other"
KIND_GROUPS = {
    "joined": "Membership",
    "unfrozen": "Membership",
    "left": "Membership",
    "frozen": "Membership",
    "suspended": "Membership",
    "treaty": OTHER_GROUP,
    "charter": OTHER_GROUP,
    "deployment": OTHER_GROUP,
    "conflict began": "Conflict",
    "conflict ended": "Conflict",
    "facility opened": "Facility",
    "facility closed": "Facility",
}
MAX_COLOURS = 8
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


def colour_group(kind: str) -> str:
    """The colour group of an event kind (``OTHER_GROUP`` for a kind not listed)."""
    return KIND_GROUPS.get(kind, OTHER_GROUP)


def follow(events_df: pd.DataFrame, picked: Mapping[str, Iterable[str]] | None) -> pd.DataFrame:
    """The events of the features ``picked`` (layer → ids, e.g. what the filters keep).

    Events of a layer not in ``picked`` are left out; the organisation's own events (treaty,
    charter) always stay. ``None`` keeps every event (the timeline's "show all" switch).
    """
    if picked is None:
        return events_df
    keep = events_df["layer"] == "organisation"
    for layer, ids in picked.items():
        wanted = {str(i) for i in ids}
        keep |= (events_df["layer"] == layer) & events_df["feature_id"].astype(str).isin(wanted)
    return events_df[keep.to_numpy()]


def _row(day: date, kind: str, group: str, label: str, fid: str, layer: str, country: str) -> dict:
    return {
        "date": pd.Timestamp(day),
        "day": day.isoformat(),
        "kind": kind,
        "group": group,
        "label": label,
        "feature_id": fid,
        "layer": layer,
        "country": country,
        "source": "",
    }


def _country_events(countries: gpd.GeoDataFrame) -> Iterable[dict]:
    for c in countries.itertuples(index=False):
        name, iso3 = _name(c), str(c.id)
        for field, begin, end in (
            (
                "membership",
                ("joined", _("{name} joins the treaty")),
                ("left", _("{name} leaves the treaty")),
            ),
            (
                "frozen",
                ("frozen", _("{name} freezes its participation")),
                ("unfrozen", _("{name} resumes taking part")),
            ),
        ):
            text = getattr(c, field, "") or ""
            for start, stop in parse_intervals(text if isinstance(text, str) else ""):
                said = begin[1].format(name=name)
                yield _row(start, begin[0], "Membership", said, iso3, "countries", iso3)
                if stop is not None:
                    said = end[1].format(name=name)
                    yield _row(stop, end[0], "Membership", said, iso3, "countries", iso3)


def _name(row: Any) -> str:
    # A feature's name in the reader's language, where the data has it.
    russian = getattr(row, "name_ru", None)
    if current() == "ru" and isinstance(russian, str) and russian.strip():
        return russian
    return str(row.name)


def _conflict_events(conflicts: gpd.GeoDataFrame) -> Iterable[dict]:
    for c in conflicts.itertuples(index=False):
        countries = ",".join(as_list(getattr(c, "countries", None)))
        response = getattr(c, "csto_response_kind", None)
        note = ""
        if response and response != "none":
            note = _(" (CSTO response: {response})").format(
                response=label("csto_response_kind", response)
            )
        start, end = to_date(c.start), to_date(getattr(c, "end", None))
        if start:
            said = _("Start: {name}").format(name=_name(c)) + note
            yield _row(start, "conflict began", "Conflicts", said, c.id, "conflicts", countries)
        if end:
            said = _("End: {name}").format(name=_name(c))
            yield _row(end, "conflict ended", "Conflicts", said, c.id, "conflicts", countries)


def _facility_events(facilities: gpd.GeoDataFrame) -> Iterable[dict]:
    for f in facilities.itertuples(index=False):
        for field, kind, verb in (
            ("opened", "facility opened", _("Opened: {name}")),
            ("closed", "facility closed", _("Closed: {name}")),
        ):
            day = to_date(getattr(f, field, None))
            if day:
                yield _row(
                    day,
                    kind,
                    "Facilities",
                    verb.format(name=_name(f)),
                    f.id,
                    "facilities",
                    getattr(f, "country", ""),
                )


def _yaml_events(membership_events: Any) -> list[dict]:
    """Flatten membership.yaml (parsed), events.json (parsed) or a list of event mappings into
    dicts with ``iso3`` ("" for the organisation's own events)."""
    if isinstance(membership_events, Mapping) and "states" not in membership_events:
        membership_events = membership_events.get("events")
    if isinstance(membership_events, Mapping):
        flat = [
            {**e, "iso3": s.get("iso3", "")}
            for s in membership_events.get("states", [])
            for e in s.get("events", []) or []
        ]
        flat += [{**e, "iso3": ""} for e in membership_events.get("organisation_events", []) or []]
        return flat
    return [{**e, "iso3": e.get("iso3") or e.get("country") or ""} for e in membership_events or []]


def _enrich(rows: list[dict], membership_events: Any, names: Mapping[str, str]) -> list[dict]:
    by_key = {(r["country"], r["day"], r["kind"]): r for r in rows if r["layer"] == "countries"}
    for e in _yaml_events(membership_events):
        day, iso3, kind = to_date(e.get("date")), e.get("iso3") or "", e.get("kind", "other")
        if day is None:
            continue
        text, source = str(e.get("text", "")).strip(), str(e.get("source", "") or "")
        match = by_key.get((iso3, day.isoformat(), kind))
        if match is not None:
            match["label"] = f"{names.get(iso3, iso3)}: {text}" if text else match["label"]
            match["source"] = source
            continue
        group = "Alliance" if not iso3 or kind in _ALLIANCE_KINDS else "Membership"
        label = f"{names[iso3]}: {text}" if iso3 in names else text
        layer = "countries" if iso3 else "organisation"
        row = _row(day, kind, group, label, iso3, layer, iso3)
        rows.append({**row, "source": source})
    return rows


def events(
    countries: gpd.GeoDataFrame,
    facilities: gpd.GeoDataFrame,
    conflicts: gpd.GeoDataFrame,
    membership_events: Any = None,
) -> pd.DataFrame:
    """All dated events of the layers, sorted by date; one row per event.

    ``membership_events`` is the parsed ``events.json`` or ``membership.yaml``, or a list of
    ``{date, kind, text, source, country}`` (``country`` may be spelt ``iso3``; empty or null
    for the organisation): its texts and sources replace the plain labels of matching
    membership events, and its other events are added.
    """
    rows = [
        *_country_events(countries),
        *_conflict_events(conflicts),
        *_facility_events(facilities),
    ]
    if membership_events is not None:
        names = {str(c.id): _name(c) for c in countries.itertuples(index=False)}
        rows = _enrich(rows, membership_events, names)
    out = pd.DataFrame(rows, columns=COLUMNS)
    out["date"] = pd.to_datetime(out["date"])
    return out.sort_values(["date", "group", "label"], kind="stable").reset_index(drop=True)


def on_day(events_df: pd.DataFrame, on: date) -> pd.DataFrame:
    """The events of day ``on`` (its ``day`` column), in the timeline's order."""
    if events_df is None or "day" not in events_df:
        return pd.DataFrame(columns=COLUMNS)
    return events_df.loc[events_df["day"].astype(str) == on.isoformat()]


_SELECTABLE = ("facilities", "conflicts", "countries")


def feature_of(events_df: pd.DataFrame) -> tuple[str, str] | None:
    """(layer, id) of the feature a day's events are most about: a facility before a
    conflict before a country; None when they name none (the alliance's own events)."""
    for layer in _SELECTABLE:
        rows = events_df.loc[(events_df["layer"] == layer) & (events_df["feature_id"] != "")]
        if len(rows):
            return layer, str(rows["feature_id"].iloc[0])
    return None


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
