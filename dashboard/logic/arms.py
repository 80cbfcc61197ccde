"""Arms transfers on the map: curved arrows from the supplier's capital to the recipient's.

``arms.json`` (geodata/datasets/arms.py) lists deals with the years they were delivered. A
deal is drawn once its first delivery is known to have been made by the map date: a year
counts once it is over (the data gives years, not days, so a delivery in 2020 is not drawn
on 27 September 2020). A deal with no delivery year is never drawn. The curve is a quadratic
Bézier in longitude and latitude, computed here as a line with a head of two short barbs, so
the map needs no new script; its width grows with the number delivered (a default width
where that is not published).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from datetime import date
from html import escape
from pathlib import Path

import geopandas as gpd
from shapely.geometry import MultiLineString

from dashboard.logic.i18n import N_, _
from dashboard.logic.popups import safe_url

ARMS_FILENAME = "arms.json"
TITLE = N_("Arms transfers")
# Capitals as (name, lat, lon), for the suppliers and recipients the data may name: GeoNames'
# coordinates (CC BY 4.0; the same gazetteer as the basemap's places) rounded to 0.01°, by
# GeoNames id in CAPITAL_IDS. An arrow's end needs no finer point.
CAPITALS: dict[str, tuple[str, float, float]] = {
    "ARM": ("Yerevan", 40.18, 44.51),
    "AZE": ("Baku", 40.38, 49.89),
    "BLR": ("Minsk", 53.90, 27.57),
    "GEO": ("Tbilisi", 41.69, 44.83),
    "ISR": ("Jerusalem", 31.77, 35.22),
    "KAZ": ("Astana", 51.18, 71.45),
    "KGZ": ("Bishkek", 42.87, 74.59),
    "RUS": ("Moscow", 55.75, 37.62),
    "TJK": ("Dushanbe", 38.54, 68.78),
    "TKM": ("Ashgabat", 37.95, 58.38),
    "TUR": ("Ankara", 39.92, 32.85),
    "UKR": ("Kyiv", 50.45, 30.52),
    "USA": ("Washington", 38.90, -77.04),
    "UZB": ("Tashkent", 41.26, 69.22),
}
CAPITAL_IDS = {
    "ARM": 616052,
    "AZE": 587084,
    "BLR": 625144,
    "GEO": 611717,
    "ISR": 281184,
    "KAZ": 1526273,
    "KGZ": 1528675,
    "RUS": 524901,
    "TJK": 1221874,
    "TKM": 162183,
    "TUR": 323786,
    "UKR": 703448,
    "USA": 4140963,
    "UZB": 1512569,
}
# Suppliers outside the countries layer, named.
OTHER_NAMES = {"ISR": N_("Israel"), "TUR": N_("Turkey"), "USA": N_("United States")}
DEFAULT_WIDTH = 3.0
MAX_WIDTH = 10.0
CURVE_POINTS = 32
BEND = 0.2  # the control point's distance from the chord's middle, as a share of the chord
HEAD = 0.6  # the barbs' length in degrees
COLUMNS = (
    "id",
    "supplier",
    "recipient",
    "system",
    "category",
    "ordered",
    "delivered",
    "number",
    "notes",
    "sources",
)


def load_arms(directory: Path) -> list[dict]:
    """The deals of ``arms.json`` in ``directory``; none when it is missing or unreadable."""
    try:
        rows = json.loads((Path(directory) / ARMS_FILENAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    if not isinstance(rows, list):
        return []
    return [r for r in rows if isinstance(r, Mapping) and isinstance(r.get("id"), str)]


def delivered_by(deal: Mapping, on: date) -> bool:
    """Whether a delivery of ``deal`` is known to have been made by ``on`` (its year over)."""
    years = [y for y in deal.get("delivered") or () if isinstance(y, int)]
    return bool(years) and min(years) < on.year


def width(number: object) -> float:
    """The line's width for the number delivered (``DEFAULT_WIDTH`` when unknown)."""
    if not isinstance(number, int | float) or isinstance(number, bool) or number <= 0:
        return DEFAULT_WIDTH
    return round(min(MAX_WIDTH, 1.5 + 2.0 * math.log10(1 + number)), 2)


def arc(start: tuple[float, float], end: tuple[float, float]) -> MultiLineString:
    """A curved arrow from ``start`` to ``end`` ((lon, lat) each): a quadratic Bézier bent to
    the left of the way it goes, and a head of two barbs at ``end``."""
    (x0, y0), (x2, y2) = start, end
    dx, dy = x2 - x0, y2 - y0
    x1, y1 = (x0 + x2) / 2 - BEND * dy, (y0 + y2) / 2 + BEND * dx
    points = []
    for i in range(CURVE_POINTS + 1):
        t = i / CURVE_POINTS
        a, b, c = (1 - t) ** 2, 2 * (1 - t) * t, t**2
        points.append((a * x0 + b * x1 + c * x2, a * y0 + b * y1 + c * y2))
    # The head points along the curve's last tangent (from the control point to the end).
    angle = math.atan2(y2 - y1, x2 - x1)
    barbs = [
        [(x2 - HEAD * math.cos(angle + s), y2 - HEAD * math.sin(angle + s)), (x2, y2)]
        for s in (0.45, -0.45)
    ]
    return MultiLineString([points, *barbs])


def _kept(deal: Mapping, countries: Sequence[str]) -> bool:
    return not countries or deal.get("supplier") in countries or deal.get("recipient") in countries


def drawn(deals: Sequence[Mapping], on: date, countries: Sequence[str] = ()) -> gpd.GeoDataFrame:
    """The deals drawn on ``on``, narrowed to those involving one of ``countries`` (if any):
    one row a deal, its arrow as geometry, ``width`` beside it. Deals between states whose
    capital is not known here are left out."""
    rows, shapes = [], []
    for deal in deals:
        supplier, recipient = deal.get("supplier"), deal.get("recipient")
        if supplier not in CAPITALS or recipient not in CAPITALS:
            continue
        if not delivered_by(deal, on) or not _kept(deal, countries):
            continue
        rows.append({**{c: deal.get(c) for c in COLUMNS}, "width": width(deal.get("number"))})
        start, end = CAPITALS[supplier], CAPITALS[recipient]
        shapes.append(arc((start[2], start[1]), (end[2], end[1])))
    columns = [*COLUMNS, "width"]
    frame = gpd.GeoDataFrame(rows, columns=columns, geometry=shapes, crs="EPSG:4326")
    return frame


def name_of(iso3: str, names: Mapping[str, str]) -> str:
    """A country's name: the countries layer's, else ``OTHER_NAMES``', else its code."""
    if names.get(iso3):
        return names[iso3]
    return _(OTHER_NAMES[iso3]) if iso3 in OTHER_NAMES else iso3


def deal_title(deal: Mapping, names: Mapping[str, str]) -> str:
    """ "Belarus → Azerbaijan: Polonez 301 mm guided rocket launchers" (plain text)."""
    supplier = name_of(str(deal.get("supplier")), names)
    recipient = name_of(str(deal.get("recipient")), names)
    return f"{supplier} → {recipient}: {deal.get('system', '')}"


def years_text(deal: Mapping) -> str:
    """The years delivered, as the data gives them ("not published" when none)."""
    years = [str(y) for y in deal.get("delivered") or ()]
    return ", ".join(years) if years else _("not published")


def evidence_items(deal: Mapping) -> list[tuple[str, str, str]]:
    """Every passage of the deal's evidence as (fact, what it says, where), in field order."""
    out = []
    for fact, passages in (deal.get("evidence") or {}).items():
        for p in passages or ():
            if isinstance(p, Mapping):
                out.append((str(fact), str(p.get("says", "")), str(p.get("at", ""))))
    return out


def table(frame: gpd.GeoDataFrame, names: Mapping[str, str]) -> list[dict]:
    """The drawn deals as table rows: names, not codes; years and sources as text."""
    return [
        {
            "deal": deal_title(row, names),
            "category": row["category"],
            "ordered": row["ordered"],
            "delivered": years_text(row),
            "number": row["number"],
            "notes": row["notes"],
            "sources": " ".join(row["sources"] or ()),
            "id": row["id"],
        }
        for row in frame.to_dict("records")
    ]


def tooltip_html(deal: Mapping, names: Mapping[str, str]) -> str:
    """The hover text of a deal's arrow, escaped."""
    delivered = _("delivered {years}").format(years=years_text(deal))
    return f"<b>{escape(deal_title(deal, names))}</b> · {escape(delivered)}"


def popup_html(deal: Mapping, names: Mapping[str, str]) -> str:
    """What a click on a deal's arrow says: the deal, its facts and its evidence, escaped;
    links only to http(s) pages."""
    number, ordered, unknown = deal.get("number"), deal.get("ordered"), _("not published")
    facts = [
        (_("Category"), deal.get("category")),
        (_("Ordered"), ordered if ordered is not None else unknown),
        (_("Delivered"), years_text(deal)),
        (_("Number delivered"), number if number is not None else unknown),
    ]
    rows = "".join(f"<tr><th>{escape(k)}</th><td>{escape(str(v))}</td></tr>" for k, v in facts)
    items = []
    source, how = escape(_("source")), escape(_("How we know"))
    for fact, says, at in evidence_items(deal):
        url = safe_url(at)
        where = (
            f' (<a href="{escape(url)}" target="_blank" rel="noopener">{source}</a>)' if url else ""
        )
        items.append(f"<li><b>{escape(fact)}</b>: {escape(says)}{where}</li>")
    notes = deal.get("notes")
    note = f"<p>{escape(str(notes))}</p>" if notes else ""
    return (
        f'<div class="csto-popup csto-arms-popup"><h4>{escape(deal_title(deal, names))}</h4>'
        f"<table>{rows}</table>{note}<div><b>{how}</b></div><ul>{''.join(items)}</ul></div>"
    )


def geojson_bytes(frame: gpd.GeoDataFrame, deals: Mapping[str, Mapping]) -> bytes:
    """The drawn deals as a GeoJSON file, each with its evidence (``deals`` by id)."""
    features = [
        {
            "type": "Feature",
            "id": str(row["id"]),
            "properties": {
                **{c: row[c] for c in COLUMNS},
                "width": row["width"],
                "evidence": (deals.get(str(row["id"])) or {}).get("evidence"),
            },
            "geometry": row["geometry"].__geo_interface__,
        }
        for row in frame.to_dict("records")
    ]
    data = {"type": "FeatureCollection", "name": "arms_transfers", "features": features}
    return json.dumps(data, ensure_ascii=False, default=str).encode("utf-8")


EXPORT_LAYER = "arms"
EXPORT_TITLE = "Arms transfers"


def export_frame(
    frame: gpd.GeoDataFrame, deals: Mapping[str, Mapping], names: Mapping[str, str]
) -> gpd.GeoDataFrame:
    """The drawn deals for the GeoPackage, CSV and KML exports: one line each from the
    supplier's capital to the recipient's (the map's curve, without the arrow's head), with
    the countries' and capitals' names, the deal's fields and its evidence."""
    rows, lines = [], []
    for row in frame.to_dict("records"):
        supplier, recipient = str(row["supplier"]), str(row["recipient"])
        rows.append(
            {
                "id": row["id"],
                "name": deal_title(row, names),
                "supplier": supplier,
                "supplier_name": name_of(supplier, names),
                "supplier_capital": CAPITALS[supplier][0],
                "recipient": recipient,
                "recipient_name": name_of(recipient, names),
                "recipient_capital": CAPITALS[recipient][0],
                **{c: row[c] for c in COLUMNS if c not in ("id", "supplier", "recipient")},
                "evidence": (deals.get(str(row["id"])) or {}).get("evidence"),
            }
        )
        lines.append(row["geometry"].geoms[0])
    columns = [
        "id",
        "name",
        "supplier",
        "supplier_name",
        "supplier_capital",
        "recipient",
        "recipient_name",
        "recipient_capital",
        *(c for c in COLUMNS if c not in ("id", "supplier", "recipient")),
        "evidence",
    ]
    return gpd.GeoDataFrame(rows, columns=columns, geometry=lines, crs="EPSG:4326")
