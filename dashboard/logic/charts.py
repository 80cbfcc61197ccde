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
PANEL_WIDTH = 150
PANEL_HEIGHT = 110


@dataclass(frozen=True)
class Chart:
    """One chart a chapter may name: the measure it draws, its title, the y axis label and
    whose figures they are (the source line names the reports that published them)."""

    id: str
    measure: str
    title: str
    axis: str
    origin: str


CHARTS = {
    c.id: c
    for c in (
        Chart(
            "drug-seizures",
            "drug seizures",
            N_("Drug seizures per member, whole years"),
            N_("tonnes seized"),
            N_("the members' drug-control agencies and ministries"),
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


def spec(chart_id: str, rows: Sequence[Mapping], names: Mapping[str, str]) -> dict[str, Any]:
    """The Vega-Lite spec of one chart: a panel per member, a line per way of counting."""
    chart = CHARTS[chart_id]
    member, year, value, counted = _("Member"), _("Year"), _(chart.axis), _("What is counted")
    values = [
        {
            "member": names.get(r["country"], r["country"]),
            "year": r["year"],
            "value": r["value"],
            "counted": r["counted"],
            "stated": r["stated"],
        }
        for r in drawn(chart_id, rows)
    ]
    encoding = {
        "x": {"field": "year", "type": "quantitative", "title": year, "axis": {"format": "d"}},
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
        "columns": 3,
        "spec": {
            "width": PANEL_WIDTH,
            "height": PANEL_HEIGHT,
            "layer": [{"mark": {"type": "line"}}, {"mark": {"type": "point", "filled": True}}],
            "encoding": encoding,
        },
        "config": {"legend": {"orient": "bottom", "labelLimit": 320}},
    }
