"""The record panel: did the alliance come when a member asked? Counts, then every appeal.

Each appeal's row links to the app itself with the appeal's day and its conflict selected, so
following it opens the map as it stood when the help was asked for.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import pandas as pd
import streamlit as st

from dashboard.logic import howweknow, i18n, labels, record, record_timeline, search
from dashboard.logic.i18n import N_, _
from dashboard.logic.layers import LayerError, Layers
from dashboard.logic.popups import safe_url, text
from dashboard.views import keys

TITLE = N_("Appeals for help: did the alliance come?")
COLUMNS = (
    N_("Asked on"),
    N_("Member"),
    N_("Conflict"),
    N_("Outcome"),
    N_("Answered on"),
    N_("Days to an answer"),
    N_("Map"),
)
_CSS = """<style>
.csto-record table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
.csto-record th { text-align: left; vertical-align: bottom; border-bottom: 2px solid #bbb;
  padding: 4px 8px 4px 0; }
.csto-record td { vertical-align: top; padding: 6px 10px 2px 0; }
.csto-record tr.more td { border-bottom: 1px solid #ccc; padding: 2px 0 8px; color: #333;
  font-size: 0.85rem; }
.csto-record .outcome { color: #fff; border-radius: 4px; padding: 1px 6px; white-space: nowrap; }
.csto-record .nowrap { white-space: nowrap; }
</style>"""


def appeals(load: Callable[[], list[dict]]) -> list[dict]:
    """The appeals from ``load``; a broken file is named in a warning and the record is empty."""
    try:
        return load()
    except LayerError as exc:
        st.warning(
            _("The record of appeals could not be read. Rebuild it with `python -m geodata.build`.")
            + f"\n\n```\n{exc}\n```"
        )
        return []


def _badge(outcome: str) -> str:
    colour = record.OUTCOME_COLOURS[outcome]
    label = record.outcome_label(outcome)
    return f'<span class="outcome" style="background:{colour}">{text(label)}</span>'


def _sources(items: Sequence[tuple[str, str]]) -> str:
    links = [
        f'<a href="{text(safe)}" target="_blank" rel="noopener noreferrer">{text(host)}</a>'
        for url, host in items
        if (safe := safe_url(url))
    ]
    return ", ".join(links) or _("none given")


def _row(r: Mapping, registry: Mapping[str, Mapping]) -> str:
    # Two table rows per appeal: the short facts in columns, then what was asked and answered
    # across the whole width, so long sentences are not squeezed into narrow cells.
    show, asked, basis = _("Show on the map"), _("Asked:"), _("Basis:")
    answer, sources = _("Answer:"), _("Sources:")
    main = (
        f'<tr class="main" id="appeal-{text(r["id"])}">'
        f'<td class="nowrap">{text(r["date"])}</td><td>{text(r["member"])}</td>'
        f"<td>{text(r['conflict_name'])}</td><td>{_badge(r['outcome'])}</td>"
        f'<td class="nowrap">{text(r["answered_on"])}</td><td>{text(r["days"])}</td>'
        f'<td class="nowrap"><a class="csto-record-link" href="{text(r["link"])}" '
        f'target="_self">{text(show)}</a><br><small>{text(r["map_date"])}</small></td></tr>'
    )
    more = (
        f'<tr class="more"><td colspan="7"><b>{text(asked)}</b> {text(r["asked_whom"])}: '
        f"{text(r['asked'])}<br>"
        f"<b>{text(basis)}</b> {text(r['basis'])}<br><b>{text(answer)}</b> {text(r['answer'])}"
        f"<br><b>{text(sources)}</b> {_sources(r['sources'])}{_how_we_know(r, registry)}</td></tr>"
    )
    return main + more


def _how_we_know(r: Mapping, registry: Mapping[str, Mapping]) -> str:
    # Each fact of the appeal and each response with its passage, folded under the row.
    more = howweknow.response_passages(r["responses"])
    listed = howweknow.evidence_html(r["evidence"], registry, more, heading=False)
    summary = text(_("How we know"))
    return f"<details><summary>{summary}</summary>{listed}</details>" if listed else ""


def table_html(rows: Sequence[Mapping], registry: Mapping[str, Mapping] | None = None) -> str:
    """The appeals as an HTML table (every value escaped), each appeal with its map link and
    what its sources say, sources named from ``registry``."""
    columns = i18n.translated(COLUMNS)
    head = "<tr>" + "".join(f"<th>{text(c)}</th>" for c in columns) + "</tr>"
    body = "".join(_row(r, registry or {}) for r in rows)
    return f'{_CSS}<div class="csto-record"><table>{head}{body}</table></div>'


def _heading(party: str) -> str:
    return _(record.BY_OUTCOME_TO[party])


def _breakdown(kept: Sequence[Mapping], names: Mapping[str, str]) -> None:
    left, right = st.columns(2)
    # The alliance's record and Russia's apart: the panel asks whether the alliance came.
    left.markdown(
        "\n\n".join(
            f"**{_heading(party)}**\n\n"
            + "\n".join(f"- {record.outcome_label(o)}: {n}" for o, n in counts.items())
            for party, counts in record.by_party(kept).items()
        )
    )
    members = []
    for iso3, row in record.by_member(kept).items():
        parts = record.counted({o: row[o] for o in record.OUTCOMES})
        members.append(f"- {names.get(iso3, iso3)}: {row['total']} ({parts})")
    by_member = _("By member")
    right.markdown(f"**{by_member}**\n\n" + "\n".join(members))


def _names(frame) -> dict[str, str]:
    """Id -> name in the reader's language where the layer has one (countries do)."""
    return dict(zip(frame["id"].astype(str), labels.names_in(frame, i18n.current()), strict=True))


def _views(data: Layers) -> dict[str, tuple[float, float, int]]:
    out = {}
    for cid, geom in zip(data.conflicts["id"].astype(str), data.conflicts.geometry, strict=True):
        if geom is not None and not geom.is_empty:
            (lat, lon), zoom = search.view_of(geom)
            out[cid] = (round(lat, 4), round(lon, 4), zoom)
    return out


def render(
    all_appeals: Sequence[Mapping], data: Layers, registry: Mapping[str, Mapping] | None = None
) -> None:
    """Draw the record: the lead line, the breakdown by outcome and member, the table."""
    names = _names(data.countries)
    conflicts = _names(data.conflicts)
    kept = record.since(all_appeals)
    with st.container(key=keys.RECORD):
        st.subheader(_(TITLE))
        st.markdown(record.lead(kept))
        if not kept:
            return
        _breakdown(kept, names)
        starts = record.conflict_starts(data.conflicts)
        rows = record.rows(kept, starts, names, conflicts, _views(data))
        st.html(table_html(rows, registry))
        st.caption(
            _(
                "Dates are as precise as the sources: a request known only to its month says "
                "so, and its days to an answer are not counted. Its map link opens on the first "
                "day of that month on which its conflict is on the map."
            )
        )


def timeline_events(events: pd.DataFrame, appeals: Sequence[Mapping], data: Layers) -> pd.DataFrame:
    """The timeline's events with a row of appeals added."""
    names, conflicts = _names(data.countries), _names(data.conflicts)
    rows = record_timeline.appeal_events(
        appeals, record.conflict_starts(data.conflicts), names, conflicts
    )
    return record_timeline.with_appeals(events, rows)
