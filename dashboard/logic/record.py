"""The record: member states' appeals for help, how the alliance (or Russia) answered, how fast.

The appeals come from ``appeals.json`` (built from ``geodata/sources/appeals.yaml``) and are
read through geodata's own parser, checked against the conflicts layer beside them. Each
appeal's ``outcome`` is the one the build derived from its responses
(geodata/datasets/appeal_outcome.py); nothing here relabels it. Everything here is computed
from those rows: counts by outcome, for the alliance and for Russia apart (an appeal to both
counts in each), and by member, the days to an answer, and for each appeal the app's own link
to the map on its day with its conflict selected.
"""

from __future__ import annotations

import json
import statistics
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from dashboard.logic import i18n, urlstate
from dashboard.logic.asof import to_date
from dashboard.logic.choices import Choices
from dashboard.logic.i18n import N_, _, ngettext
from dashboard.logic.known import as_known
from dashboard.logic.layers import geodata_dir
from geodata.datasets.appeal_outcome import RESPONDERS
from geodata.datasets.appeals import APPEALS_FILENAME, OUTCOMES, conflict_periods, parse_appeals
from geodata.schema.dates import DAY, first_day, last_day
from geodata.schema.problem import Problem
from geodata.schema.values import LayerError

__all__ = [
    "OUTCOMES",
    "PARTY_LABELS",
    "by_member",
    "counted",
    "outcome_label",
    "party_label",
    "by_outcome",
    "by_party",
    "to_party",
    "conflict_starts",
    "days_text",
    "lead",
    "link",
    "load_appeals",
    "map_day",
    "median_days",
    "readme_with_record",
    "record_markdown",
    "rows",
    "since",
]

SINCE = date(1992, 1, 1)  # the treaty was signed in May 1992; the record counts from that year
# The outcomes and parties in English (the README's words); shown through ``outcome_label``
# and ``party_label``, which give them in the reader's language.
OUTCOME_LABELS = {
    "granted": N_("granted"),
    "partly": N_("partly granted"),
    "declined": N_("declined"),
    "no answer": N_("no answer"),
    "undecided": N_("undecided"),
}
# Whom an appeal asked, for people.
PARTY_LABELS = {
    "alliance": N_("the alliance"),
    "russia": N_("Russia"),
    "both": N_("the alliance and Russia"),
}
# The heading of a party's counts in the panel.
BY_OUTCOME_TO = {
    "alliance": N_("By outcome, appeals to the alliance"),
    "russia": N_("By outcome, appeals to Russia"),
}
# One colour per outcome, for the panel, the timeline's appeals row and its legend.
# Apart from the timeline's other kinds (joined green, left red), so the row reads on its own.
OUTCOME_COLOURS = {
    "granted": "#2ca02c",
    "partly": "#bcbd22",
    "declined": "#d62728",
    "no answer": "#7f7f7f",
    # The timeline keeps to eight colours (logic/timeline.MAX_COLOURS): an appeal the evidence
    # cannot decide shares the grey of one with no answer (no help is known to have come), and
    # its label and legend entry say which it is.
    "undecided": "#7f7f7f",
}
# Conflict id -> the first day of its start, as the conflicts layer dates it.
Starts = Mapping[str, date | None]
# Conflict id -> (lat, lon, zoom) that shows the whole zone.
Views = Mapping[str, tuple[float, float, int]]


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise LayerError(
            [Problem(path.name, None, None, f"cannot be read: {exc.strerror}")]
        ) from None


def _periods(directory: Path) -> dict[str, tuple[str, str | None]]:
    # The file's own text, not the loaded frame: geopandas turns ISO days into timestamps.
    path = directory / "conflicts.geojson"
    try:
        features = json.loads(_read(path)).get("features", [])
    except (json.JSONDecodeError, UnicodeDecodeError, AttributeError):
        return {}
    return conflict_periods(features)


def load_appeals(directory: Path | None = None) -> list[dict]:
    """Read and validate ``appeals.json`` against the conflicts layer beside it.

    A folder without the file has no appeals; an unreadable or invalid file raises LayerError
    naming the appeal and field.
    """
    directory = directory or geodata_dir()
    path = directory / APPEALS_FILENAME
    if not path.exists():
        return []
    return parse_appeals(_read(path), file=path.name, periods=_periods(directory))


def since(appeals: Iterable[Mapping], start: date = SINCE) -> list[Mapping]:
    """The appeals made on or after ``start``, in date order (earliest first)."""
    kept = [a for a in appeals if first_day(a["date"]) >= start]
    return sorted(kept, key=lambda a: (first_day(a["date"]), a["id"]))


def by_outcome(appeals: Iterable[Mapping]) -> dict[str, int]:
    """How many appeals ended in each outcome, every outcome listed (zero included)."""
    counts = dict.fromkeys(OUTCOMES, 0)
    for a in appeals:
        counts[a["outcome"]] += 1
    return counts


def to_party(appeals: Iterable[Mapping], party: str) -> list[Mapping]:
    """The appeals that asked ``party`` ("alliance" or "russia"), alone or with the other."""
    return [a for a in appeals if a["addressed_to"] in (party, "both")]


def by_party(appeals: Iterable[Mapping]) -> dict[str, dict[str, int]]:
    """Counts by outcome for the alliance and for Russia apart: "did the alliance come?" is
    answered by the appeals that asked the alliance; an appeal to both counts in each."""
    kept = list(appeals)
    return {party: by_outcome(to_party(kept, party)) for party in RESPONDERS}


def by_member(appeals: Iterable[Mapping]) -> dict[str, dict[str, int]]:
    """Per member (ISO3): ``total`` and a count per outcome; members with most appeals first."""
    out: dict[str, dict[str, int]] = {}
    for a in appeals:
        row = out.setdefault(a["country"], {"total": 0, **dict.fromkeys(OUTCOMES, 0)})
        row["total"] += 1
        row[a["outcome"]] += 1
    return dict(sorted(out.items(), key=lambda kv: (-kv[1]["total"], kv[0])))


def median_days(appeals: Iterable[Mapping]) -> tuple[float | None, int, int]:
    """(median days to an answer, appeals counted, answered appeals left out).

    Only answers whose two dates are both known to the day count; an appeal answered on a
    date known only to the month or year is left out rather than given a made-up day.
    """
    answered = [a for a in appeals if a["answered_on"] is not None]
    days = [a["days_to_answer"] for a in answered if a["days_to_answer"] is not None]
    median = statistics.median(days) if days else None
    return median, len(days), len(answered) - len(days)


def days_text(appeal: Mapping) -> str:
    """The days to an answer for people, or why there is no number."""
    if appeal["answered_on"] is None:
        return _("no answer")
    days = appeal["days_to_answer"]
    if days is None:
        if appeal["date_precision"] != DAY:
            told = _("not known to the day: asked {when}")
            return told.format(when=as_known(appeal["date"]))
        told = _("not known to the day: answered {when}")
        return told.format(when=as_known(appeal["answered_on"]))
    if days == 0:
        return _("same day")
    return ngettext("{count} day", "{count} days", days).format(count=days)


def outcome_label(outcome: str) -> str:
    """An outcome in the reader's language ("granted", "удовлетворена")."""
    return _(OUTCOME_LABELS[outcome])


def party_label(party: str) -> str:
    """Whom an appeal asked, in the reader's language."""
    return _(PARTY_LABELS[party])


def conflict_starts(conflicts: Any) -> dict[str, date | None]:
    """Conflict id -> first day of its start, from the conflicts frame (text or timestamps)."""
    return {
        str(cid): to_date(start)
        for cid, start in zip(conflicts["id"], conflicts["start"], strict=True)
    }


def map_day(appeal: Mapping, starts: Starts) -> date:
    """The day the map opens on for an appeal.

    An appeal known to the day opens on that day. One known only to the month or year opens on
    the first day of that period on which its conflict had begun (the period's first day if the
    conflict began later): a day to look at the map, not a date claimed for the appeal.
    """
    first, last = first_day(appeal["date"]), last_day(appeal["date"])
    if appeal["date_precision"] == DAY:
        return first
    began = starts.get(appeal["conflict"]) or first
    return began if first < began <= last else first


def link(appeal: Mapping, starts: Starts, views: Views | None = None) -> str:
    """The app's own relative link to the map on the appeal's day, its conflict selected
    (and, given its view in ``views``, the map centred on it)."""
    lat, lon, zoom = (views or {}).get(appeal["conflict"], (None, None, None))
    day = map_day(appeal, starts)
    chosen = Choices(date=day, sel=appeal["conflict"], lat=lat, lon=lon, zoom=zoom)
    return "?" + urlencode(urlstate.serialize(chosen))


def _host(url: str) -> str:
    host = urlsplit(url).netloc.lower()
    return host.removeprefix("www.") or url


def rows(
    appeals: Iterable[Mapping],
    starts: Starts,
    names: Mapping[str, str] | None = None,
    conflicts: Mapping[str, str] | None = None,
    views: Views | None = None,
) -> list[dict[str, Any]]:
    """One dict per appeal for the table: dates as precisely as known, names, the map link.

    ``names`` maps ISO3 codes to country names, ``conflicts`` conflict ids to their names,
    ``views`` conflict ids to the map view of their zone.
    """
    names, conflicts = names or {}, conflicts or {}
    out = []
    for a in since(appeals):
        out.append(
            {
                "id": a["id"],
                "date": as_known(a["date"], a["date_precision"]),
                "country": a["country"],
                "member": names.get(a["country"], a["country"]),
                "conflict": a["conflict"],
                "conflict_name": conflicts.get(a["conflict"], a["conflict"]),
                "asked": a["request"],
                "asked_kinds": list(a["asked"]),
                "addressed_to": a["addressed_to"],
                "asked_whom": party_label(a["addressed_to"]),
                "basis": a["basis"],
                "responses": list(a["responses"]),
                "outcome": a["outcome"],
                "answer": a["answer"],
                "answered_on": as_known(a["answered_on"], a["answered_on_precision"]) or "—",
                "days_to_answer": a["days_to_answer"],
                "days": days_text(a),
                "map_date": map_day(a, starts).isoformat(),
                "link": link(a, starts, views),
                "sources": [(url, _host(url)) for url in a["sources"]],
                "evidence": a.get("evidence") or {},
            }
        )
    return out


def _asked(party: str, n: int) -> str:
    # Whole sentences per party: Russian puts the party asked in another case.
    if party == "alliance":
        return ngettext(
            "the alliance was asked {count} time ({outcomes})",
            "the alliance was asked {count} times ({outcomes})",
            n,
        )
    return ngettext(
        "Russia was asked {count} time ({outcomes})",
        "Russia was asked {count} times ({outcomes})",
        n,
    )


def counted(counts: Mapping[str, int]) -> str:
    """``1 granted, 2 declined``: the outcomes that occur, with their counts."""
    each = _("{count} {outcome}")
    found = [each.format(count=n, outcome=outcome_label(o)) for o, n in counts.items() if n]
    return ", ".join(found) or _("none")


def lead(appeals: Sequence[Mapping]) -> str:
    """Counts in sentences: appeals since 1992, then how the alliance and Russia answered."""
    kept = since(appeals)
    if not kept:
        return _("No appeals for help are recorded.")
    median, count, left_out = median_days(kept)
    wait = ""
    if median is not None:
        days = i18n.format_number(median)
        if left_out:
            wait = _(
                "The median wait for an answer was {days} days ({counted} answers dated to the "
                "day; {left_out} not)."
            ).format(days=days, counted=count, left_out=left_out)
        else:
            wait = _(
                "The median wait for an answer was {days} days ({counted} answers dated to the "
                "day)."
            ).format(days=days, counted=count)
        wait = " " + wait
    told = {}
    for party, counts in by_party(kept).items():
        n = sum(counts.values())
        told[party] = _asked(party, n).format(count=n, outcomes=counted(counts))
    since_then = ngettext(
        "Since {year}, member states appealed for help {count} time: {alliance}; {russia}.",
        "Since {year}, member states appealed for help {count} times: {alliance}; {russia}.",
        len(kept),
    )
    return (
        since_then.format(
            year=SINCE.year, count=len(kept), alliance=told["alliance"], russia=told["russia"]
        )
        + wait
    )


def record_markdown(appeals: Sequence[Mapping], names: Mapping[str, str] | None = None) -> str:
    """The record as Markdown, the README's figures: lead, outcomes, members, days."""
    names = names or {}
    kept = since(appeals)
    parties = by_party(kept)
    lines = [lead(kept), "", "| outcome | appeals to the alliance | appeals to Russia |"]
    lines += ["| --- | ---: | ---: |"]
    lines += [
        f"| {OUTCOME_LABELS[o]} | {parties['alliance'][o]} | {parties['russia'][o]} |"
        for o in OUTCOMES
    ]
    lines += ["", "| member | appeals | " + " | ".join(OUTCOME_LABELS[o] for o in OUTCOMES) + " |"]
    lines += ["| --- | ---: |" + " ---: |" * len(OUTCOMES)]
    for iso3, row in by_member(kept).items():
        cells = " | ".join(str(row[o]) for o in OUTCOMES)
        lines.append(f"| {names.get(iso3, iso3)} | {row['total']} | {cells} |")
    lines += ["", "| asked | member | asked whom | outcome | days to an answer |"]
    lines += ["| --- | --- | --- | --- | --- |"]
    for a in kept:
        when = as_known(a["date"], a["date_precision"])
        member = names.get(a["country"], a["country"])
        whom, outcome = PARTY_LABELS[a["addressed_to"]], OUTCOME_LABELS[a["outcome"]]
        lines.append(f"| {when} | {member} | {whom} | {outcome} | {days_text(a)} |")
    return "\n".join(lines) + "\n"


README_START, README_END = "<!-- record:start -->", "<!-- record:end -->"


def readme_with_record(readme: str, block: str) -> str:
    """The README text with its record (between the two markers) replaced by ``block``."""
    head, found, rest = readme.partition(README_START + "\n")
    if not found or README_END not in rest:
        raise ValueError(f"the README has no {README_START} ... {README_END} section")
    return head + found + block + README_END + rest.partition(README_END)[2]


def _write_readme() -> None:
    """Rewrite the README's figures from the shipped data: ``python -m dashboard.logic.record``."""
    from dashboard.logic.layers import load_layers

    directory = geodata_dir()
    countries = load_layers(directory).countries
    names = dict(zip(countries["id"].astype(str), countries["name"], strict=True))
    path = Path(__file__).resolve().parents[2] / "README.md"
    block = record_markdown(load_appeals(directory), names)
    path.write_text(readme_with_record(path.read_text(encoding="utf-8"), block), encoding="utf-8")


if __name__ == "__main__":
    _write_readme()
