"""Small charts a story chapter draws under its text: published figures per member and year.

A chapter names its charts in ``charts`` (``drug-seizures``, ``remittances``); each is drawn
from ``drugs_migration.json`` (geodata/datasets/drugs_migration.py) as small multiples, one
panel per member with years along the bottom, one line per way of counting, so two agencies'
figures for one member are never joined into one line. Only whole-year figures are drawn: a
half-year figure is not a point on a yearly line. The spec is Vega-Lite, as a plain dict.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dashboard.logic.i18n import N_, _

TABLE_FILENAME = "drugs_migration.json"
FULL_YEAR = "year"
# Two panels side by side fit the reading panel beside the map (about 340 px wide).
COLUMNS = 2
PANEL_WIDTH = 100
PANEL_HEIGHT = 90


@dataclass(frozen=True)
class Chart:
    """One chart a chapter may name: the measure it draws, its title, the y axis label and
    whose figures they are (the source line names the reports that published them)."""

    id: str
    measure: str
    title: str
    axis: str
    origin: str
    # Each panel its own y scale: seizures range from kilograms to tens of tonnes by member.
    own_scale: bool = False


CHARTS = {
    c.id: c
    for c in (
        Chart(
            "drug-seizures",
            "drug seizures",
            N_("Drug seizures per member, whole years"),
            N_("tonnes seized"),
            N_("the members' drug-control agencies and ministries"),
            own_scale=True,
        ),
        Chart(
            "remittances",
            "remittances",
            N_("Remittances received, share of GDP"),
            N_("% of GDP"),
            N_("World Bank estimates (CC BY 4.0)"),
        ),
    )
}


def load_figures(directory: Path) -> list[dict]:
    """The rows of the folder's ``drugs_migration.json``; [] when the folder has none."""
    path = directory / TABLE_FILENAME
    if not path.is_file():
        return []
    return json.loads(path.read_text(encoding="utf-8"))


def drawn(chart_id: str, rows: Sequence[Mapping]) -> list[Mapping]:
    """The rows the chart draws: its measure, whole years, in member and year order."""
    measure = CHARTS[chart_id].measure
    kept = [r for r in rows if r["measure"] == measure and r["period"] == FULL_YEAR]
    return sorted(kept, key=lambda r: (r["country"], r["counted"], r["year"]))


def left_out(chart_id: str, rows: Sequence[Mapping]) -> int:
    """How many figures of the chart's measure cover only part of a year (not drawn)."""
    measure = CHARTS[chart_id].measure
    return sum(1 for r in rows if r["measure"] == measure and r["period"] != FULL_YEAR)


def sources_of(chart_id: str, rows: Sequence[Mapping], registry: Mapping[str, Mapping]) -> list:
    """The publishers of the drawn figures' sources, sorted, each once."""
    urls = {u for r in drawn(chart_id, rows) for u in r["sources"]}
    return sorted({str(registry.get(u, {}).get("publisher") or u) for u in urls})


def _segments(rows: Sequence[Mapping]) -> list[int]:
    """A number per row (in ``drawn`` order) that changes wherever a line must break: at a
    new member or count, or a missing year, so no line bridges years the data lack."""
    out, segment, last = [], 0, None
    for r in rows:
        key = (r["country"], r["counted"])
        if last is not None and (key != last[0] or r["year"] != last[1] + 1):
            segment += 1
        out.append(segment)
        last = (key, r["year"])
    return out


def spec(chart_id: str, rows: Sequence[Mapping], names: Mapping[str, str]) -> dict[str, Any]:
    """The Vega-Lite spec of one chart: a panel per member, a colour per way of counting,
    lines joining consecutive years only (a lone year is a dot)."""
    chart = CHARTS[chart_id]
    member, year, value, counted = _("Member"), _("Year"), _(chart.axis), _("What is counted")
    kept = drawn(chart_id, rows)
    values = [
        {
            "member": names.get(r["country"], r["country"]),
            "year": r["year"],
            "value": r["value"],
            "counted": r["counted"],
            "stated": r["stated"],
            "segment": segment,
        }
        for r, segment in zip(kept, _segments(kept), strict=True)
    ]
    years = [v["year"] for v in values]
    domain = [min(years, default=2000) - 1, max(years, default=2000) + 1]
    encoding = {
        "x": {
            "field": "year",
            "type": "quantitative",
            "title": year,
            "scale": {"domain": domain, "nice": False},
            "axis": {"format": "d", "tickCount": 3, "labelOverlap": True},
        },
        "y": {"field": "value", "type": "quantitative", "title": value},
        "color": {"field": "counted", "type": "nominal", "title": counted},
        "tooltip": [
            {"field": "member", "title": member},
            {"field": "year", "title": year},
            {"field": "stated", "title": _("As published")},
            {"field": "counted", "title": counted},
        ],
    }
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "title": _(chart.title),
        "data": {"values": values},
        "facet": {"field": "member", "type": "nominal", "title": None},
        "columns": COLUMNS,
        "spec": {
            "width": PANEL_WIDTH,
            "height": PANEL_HEIGHT,
            "layer": [
                {"mark": {"type": "line"}, "encoding": {"detail": {"field": "segment"}}},
                {"mark": {"type": "point", "filled": True}},
            ],
            "encoding": encoding,
        },
        "resolve": {"scale": {"y": "independent" if chart.own_scale else "shared"}},
        "config": {
            "legend": {"orient": "bottom", "direction": "vertical", "labelLimit": 250},
            "header": {"labelFontSize": 12},
        },
    }
