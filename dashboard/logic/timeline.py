"""The alliance's history as dated events, derived from the layers (the chart: timeline_chart).

Events come from the same fields the map uses (membership and frozen intervals, conflict
start/end, facility opened/closed), so the timeline cannot disagree with the map. The cited
events of ``geodata/sources/membership.yaml`` only add wording, sources and the alliance-wide
milestones (treaty, charter) that no layer carries.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

import geopandas as gpd
import pandas as pd

from dashboard.logic.asof import parse_intervals, to_date
from dashboard.logic.i18n import _, current
from dashboard.logic.search import as_list
from dashboard.logic.style import label

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
