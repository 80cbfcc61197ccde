"""The dated events of ``sources/membership.yaml`` as a built file, ``events.json``.

The app cannot read YAML, so the build writes the alliance-wide milestones and every state's
cited events into one JSON object: ``{"dataset_date": ..., "events": [{date, kind, text,
country, source, evidence}, ...]}``, ``country`` being an ISO3 code or null for the
organisation's own events. ``source`` is the page the event's text follows; ``evidence``
maps the fact ``date`` to the passages that state the day, ``{source, at, says}`` as for the
layers (geodata.schema.evidence): an event without them fails. The same checks serve the
build, ``python -m geodata.validate`` and the app's loader.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

from geodata.datasets.dataset import Build, BuildError, Dataset
from geodata.schema.evidence import evidence_problems, missing_evidence
from geodata.schema.intervals import IntervalError, parse_intervals
from geodata.schema.layers import COUNTRIES, DATE, EVIDENCE, ISO3, STR, Field, Layer
from geodata.schema.problem import Problem
from geodata.schema.validator import read_file
from geodata.schema.values import LayerError, check_iso3, check_url

EVENTS_FILENAME = "events.json"
SOURCE = "membership.yaml"
EVENT_KINDS = (
    "joined",
    "left",
    "frozen",
    "unfrozen",
    "suspended",
    "treaty",
    "charter",
    "deployment",
    "other",
)
EVENT_FIELDS = ("date", "kind", "text", "country", "source", "evidence")
# The facts of an event that must carry evidence.
EVENT_FACTS = ("date",)
# The fields of one event, for the data package; the checks below are the validator's.
EVENTS = Layer(
    name="events",
    fields=(
        Field("date", DATE),
        Field("kind", STR, vocab=EVENT_KINDS),
        Field("text", STR),
        Field("country", ISO3, required=False),  # null for the organisation's own events
        Field("source", STR),
        Field("evidence", EVIDENCE),
    ),
    geometry_types=(),
    evidenced=EVENT_FACTS,
)


def _check_day(value: Any) -> str | None:
    if isinstance(value, str) and len(value) == 10:
        try:
            date.fromisoformat(value)
        except ValueError:
            pass
        else:
            return None
    return f"must be an ISO date (YYYY-MM-DD), got {value!r}"


def event_problems(event: Any, file: str, where: str) -> list[Problem]:
    """Every reason ``event`` is not a valid event; ``where`` names it in the messages."""
    if not isinstance(event, Mapping):
        return [Problem(file, where, None, f"must be an object, got {type(event).__name__}")]
    problems = [
        Problem(file, where, str(k), f"unknown key; expected one of {', '.join(EVENT_FIELDS)}")
        for k in event
        if k not in EVENT_FIELDS
    ]
    for field in EVENT_FIELDS:
        if field == "evidence" and field not in event:
            continue  # reported below, naming the fact that lacks it
        if field not in event:
            problems.append(Problem(file, where, field, "is missing"))
            continue
        value = event[field]
        if field == "date":
            message = _check_day(value)
        elif field == "kind":
            ok = value in EVENT_KINDS
            message = None if ok else f"must be one of {', '.join(EVENT_KINDS)}; got {value!r}"
        elif field == "text":
            ok = isinstance(value, str) and value.strip()
            message = None if ok else f"must be a non-empty string, got {value!r}"
        elif field == "country":
            message = None if value is None else check_iso3(value)
        elif field == "evidence":
            problems += [
                Problem(file, where, f"evidence.{fact}" if fact else "evidence", m)
                for fact, m in evidence_problems(value, EVENT_FACTS)
            ]
            message = None
        else:
            message = check_url(value)
        if message:
            problems.append(Problem(file, where, field, message))
    if "evidence" not in event or isinstance(event["evidence"], Mapping):
        for fact in missing_evidence(event, EVENT_FACTS):
            message = "has no evidence: cite the passage that states it under evidence." + fact
            problems.append(Problem(file, where, fact, message))
    return problems


def validate_events(obj: Any, file: str = EVENTS_FILENAME) -> list[Problem]:
    """Check a parsed ``events.json`` object; return every problem, events named by index."""
    if not isinstance(obj, dict):
        return [Problem(file, None, None, "must be a JSON object with dataset_date and events")]
    problems = []
    if _check_day(obj.get("dataset_date")):
        problems.append(Problem(file, None, "dataset_date", _check_day(obj.get("dataset_date"))))
    events = obj.get("events")
    if not isinstance(events, list):
        return [*problems, Problem(file, None, "events", "must be a JSON array of events")]
    for index, event in enumerate(events):
        problems += event_problems(event, file, f"event #{index}")
    return problems


def parse_events(data: bytes | str, file: str = EVENTS_FILENAME) -> dict:
    """Parse and validate ``events.json`` text; return the object or raise LayerError."""
    try:
        obj = json.loads(data)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise LayerError([Problem(file, None, None, f"is not valid JSON: {exc}")]) from None
    problems = validate_events(obj, file)
    if problems:
        raise LayerError(problems)
    return obj


def _sort_key(event: Mapping) -> tuple[str, str, str, str]:
    return (event["date"], event["country"] or "", event["kind"], event["text"])


def dumps_events(dataset_date: str, events: Iterable[Mapping]) -> str:
    """Serialise events sorted by (date, country, kind, text): one event a line, final newline."""
    lines = [
        json.dumps({f: e[f] for f in EVENT_FIELDS}, ensure_ascii=False, separators=(",", ":"))
        for e in sorted(events, key=_sort_key)
    ]
    day = json.dumps(dataset_date, ensure_ascii=False)
    return '{"dataset_date":' + day + ',"events":[\n' + ",\n".join(lines) + "\n]}\n"


def _event(raw: Mapping, country: str | None) -> dict:
    out = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in raw.items()}
    if isinstance(out.get("text"), str):
        # Folded YAML keeps line breaks the file does not need.
        out["text"] = " ".join(out["text"].split())
    return {**out, "country": country}


def events_from_membership(membership: Any, rel: str) -> tuple[list[dict], list[Problem]]:
    """Events of a parsed membership.yaml; problems name the state (or organisation) and index."""
    if not isinstance(membership, Mapping):
        return [], [Problem(rel, None, None, "must be a mapping")]
    groups: list[tuple[str | None, str, Any]] = [
        (None, "organisation_events", membership.get("organisation_events") or [])
    ]
    for state in membership.get("states") or []:
        if isinstance(state, Mapping):
            iso3 = state.get("iso3")
            groups.append((iso3, f"{iso3} event", state.get("events") or []))
    events, problems = [], []
    for country, name, entries in groups:
        if not isinstance(entries, list):
            problems.append(Problem(rel, name, None, "must be a list of events"))
            continue
        for index, raw in enumerate(entries):
            where = f"{name} #{index}"
            if not isinstance(raw, Mapping) or "country" in raw:
                problems.append(Problem(rel, where, None, "must be a mapping without 'country'"))
                continue
            event = _event(raw, country)
            found = event_problems(event, rel, where)
            problems += found
            if not found:
                events.append(event)
    return events, problems


def build_events(membership: Any, rel: str) -> str:
    """``events.json`` text from a parsed membership.yaml, or raise BuildError."""
    events, problems = events_from_membership(membership, rel)
    on = membership.get("dataset_date") if isinstance(membership, Mapping) else None
    on = on.isoformat() if isinstance(on, date) else on
    try:
        date.fromisoformat(str(on))
    except ValueError:
        problems.append(Problem(rel, None, "dataset_date", "must be an ISO date"))
    if problems:
        raise BuildError(problems)
    return dumps_events(str(on), events)


# One fact, one place: a state's joining, leaving and freezing are told twice, as the
# periods of the countries layer and as dated events. An event of these kinds must fall on
# the start (or the exclusive end) of one of the periods named, and each period's start and
# closed end must have such an event. Leaving or suspension also ends a frozen period.
STARTS_WITH = {"joined": ("membership",), "frozen": ("frozen",)}
ENDS_WITH = {
    "left": ("membership", "frozen"),
    "suspended": ("membership", "frozen"),
    "unfrozen": ("frozen",),
}


def agreement_problems(events: Iterable[Mapping], countries: Iterable[Mapping], file: str):
    """Problems where an event and the countries layer's periods tell a date differently.

    ``countries`` are the countries layer's feature properties (``membership`` and ``frozen``
    as intervals text). An accession, exit or freeze event must fall on the first day of a
    period (``joined``, ``frozen``) or on the exclusive end of one (``left``, ``suspended``,
    ``unfrozen``) of the same state; each period's start and closed end needs such an event.
    """
    edges: dict[tuple[str, str, str], set[str]] = {}
    for props in countries:
        try:
            for table in ("membership", "frozen"):
                for a, b in parse_intervals(props[table]):
                    edges.setdefault((props["iso3"], table, "start"), set()).add(a.isoformat())
                    if b is not None:
                        edges.setdefault((props["iso3"], table, "end"), set()).add(b.isoformat())
        except (KeyError, TypeError, IntervalError):
            continue
    states = {iso3 for iso3, _, _ in edges}
    problems, told = [], set()
    for index, event in enumerate(events):
        kind, iso3, day = event.get("kind"), event.get("country"), event.get("date")
        side = "start" if kind in STARTS_WITH else "end" if kind in ENDS_WITH else None
        if side is None or iso3 not in states:
            continue
        tables = (STARTS_WITH if side == "start" else ENDS_WITH)[kind]
        matched = [t for t in tables if day in edges.get((iso3, t, side), set())]
        told |= {(iso3, t, side, day) for t in matched}
        if not matched:
            known = sorted(set().union(*(edges.get((iso3, t, side), set()) for t in tables)))
            message = (
                f"a {kind!r} event of {iso3} on {day} is not the {side} of one of its "
                f"{' or '.join(tables)} periods in countries.geojson "
                f"({side}s: {', '.join(known) or 'none'})"
            )
            problems.append(Problem(file, f"event #{index}", "date", message))
    for (iso3, table, side), days in sorted(edges.items()):
        for day in sorted(days - {d for i, t, s_, d in told if (i, t, s_) == (iso3, table, side)}):
            message = (
                f"{iso3}'s {table} period has its {side} on {day} in countries.geojson, but no "
                "event of that day tells it"
            )
            problems.append(Problem(file, iso3, table, message))
    return problems


def build(run: Build) -> dict[str, str]:
    """``events.json`` from the dated events of membership.yaml.

    An event that disagrees with the countries layer's periods is a warning here, and
    ``python -m geodata.validate`` fails on it.
    """
    text = build_events(run.table(SOURCE), run.rel(SOURCE))
    if COUNTRIES.filename in run.texts:
        countries = json.loads(run.texts[COUNTRIES.filename])["features"]
        found = agreement_problems(
            json.loads(text)["events"], [f["properties"] for f in countries], run.rel(SOURCE)
        )
        run.warnings += [str(p) for p in found]
    return {EVENTS_FILENAME: text}


def check(path: Path) -> str:
    """Validate a built events file, and its dates against the countries layer beside it."""
    events = parse_events(read_file(path), file=path.name)["events"]
    beside = path.parent / COUNTRIES.filename
    if beside.is_file():
        countries = json.loads(read_file(beside))["features"]
        problems = agreement_problems(events, [f["properties"] for f in countries], path.name)
        if problems:
            raise LayerError(problems)
    return f"{len(events)} events, valid, their dates agreeing with the countries' periods"


DATASET = Dataset(
    name="events",
    title="Events of the alliance",
    description=(
        "The dated, cited events of the alliance (treaty, charter, deployments) and of each "
        "state (joined, left, frozen, suspended), for the timeline: one object with the "
        "dataset date and the list of events."
    ),
    files=(EVENTS_FILENAME,),
    build=build,
    check=check,
    sources=(SOURCE,),
    schema=EVENTS,
    table_property="events",
    needs=("countries",),
)
