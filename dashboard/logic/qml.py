"""QGIS styles of the exported layers: the web map's colours and symbols as QML.

A GeoPackage export stores one QML document per table in its ``layer_styles`` table
(``logic.formats``), which QGIS applies when the layer is opened: countries by their status
on the map date, facilities by type (hollow when closed or handed over, dashed when disputed),
conflict zones ongoing or ended on the map date, all from ``logic.style``.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Mapping
from datetime import date

from dashboard.logic import style

# The web map's SVG shapes by their QGIS simple-marker names (rotated where QGIS has none).
_MARKERS = {
    "circle": ("circle", 0),
    "square": ("square", 0),
    "triangle": ("triangle", 0),
    "triangle-down": ("triangle", 180),
    "diamond": ("diamond", 0),
    "star": ("star", 0),
    "hexagon": ("hexagon", 0),
    "pentagon": ("pentagon", 0),
    "cross": ("cross_fill", 0),
}
QGIS_VERSION = "3.28.0-Firenze"
# What a facility's status does to its symbol, as on the web map (style.FACILITY_STATUS_STYLE).
_HOLLOW = tuple(s for s, look in style.FACILITY_STATUS_STYLE.items() if look == "hollow")
_DASHED = tuple(s for s, look in style.FACILITY_STATUS_STYLE.items() if look == "dashed")


def _rgba(colour: str, opacity: float = 1.0) -> str:
    """``#rrggbb`` as QGIS's ``r,g,b,a`` text."""
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"{red},{green},{blue},{round(opacity * 255)}"


def _options(parent: ET.Element, values: Mapping[str, str], name: str | None = None) -> None:
    box = ET.SubElement(parent, "Option", {"type": "Map", **({"name": name} if name else {})})
    for key, value in values.items():
        ET.SubElement(box, "Option", {"type": "QString", "name": key, "value": str(value)})


def _symbol(parent: ET.Element, name: str, kind: str, cls: str, props: Mapping, dd=None) -> None:
    sym = ET.SubElement(
        parent,
        "symbol",
        {"type": kind, "name": name, "alpha": "1", "clip_to_extent": "1", "force_rhr": "0"},
    )
    layer = ET.SubElement(sym, "layer", {"class": cls, "enabled": "1", "locked": "0", "pass": "0"})
    _options(layer, props)
    if dd:
        defined = ET.SubElement(layer, "data_defined_properties")
        box = ET.SubElement(defined, "Option", {"type": "Map"})
        ET.SubElement(box, "Option", {"type": "QString", "name": "name", "value": ""})
        props_box = ET.SubElement(box, "Option", {"type": "Map", "name": "properties"})
        for key, expression in dd.items():
            prop = ET.SubElement(props_box, "Option", {"type": "Map", "name": key})
            ET.SubElement(prop, "Option", {"type": "bool", "name": "active", "value": "true"})
            ET.SubElement(
                prop, "Option", {"type": "QString", "name": "expression", "value": expression}
            )
            ET.SubElement(prop, "Option", {"type": "int", "name": "type", "value": "3"})
        ET.SubElement(box, "Option", {"type": "QString", "name": "type", "value": "collection"})


def _country_fill(colour: str) -> dict[str, str]:
    look = style.country_style("")
    return {
        "color": _rgba(colour),
        "style": "solid",
        "outline_color": _rgba(str(look["color"])),
        "outline_style": "solid",
        "outline_width": str(look["weight"]),
        "outline_width_unit": "Pixel",
    }


def _facility_marker(ftype: str) -> tuple[dict[str, str], dict[str, str]]:
    sym = style.symbol_for(ftype)
    shape, angle = _MARKERS.get(sym.shape, ("circle", 0))
    colour = _rgba(sym.colour)
    hollow = ", ".join(f"'{s}'" for s in _HOLLOW)
    dashed = ", ".join(f"'{s}'" for s in _DASHED)
    props = {
        "name": shape,
        "angle": str(angle),
        "color": colour,
        "outline_color": colour,
        "outline_style": "solid",
        "outline_width": "2",
        "outline_width_unit": "Pixel",
        "size": "14",
        "size_unit": "Pixel",
    }
    defined = {
        "fillColor": f"CASE WHEN \"status\" IN ({hollow}) THEN '255,255,255,255' "
        f"ELSE '{colour}' END",
        "outlineStyle": f"CASE WHEN \"status\" IN ({dashed}) THEN 'dash' ELSE 'solid' END",
    }
    return props, defined


def _zone(kind: str, ongoing: bool) -> tuple[str, str, dict[str, str]]:
    look = style.zone_style(ongoing, line=kind == "MultiLineString")
    colour = str(look["color"])
    if kind == "MultiLineString":
        dash = str(look["dashArray"]).replace(" ", ";")
        return (
            "line",
            "SimpleLine",
            {
                "line_color": _rgba(colour, float(look["opacity"])),
                "line_width": str(look["weight"]),
                "line_width_unit": "Pixel",
                "line_style": "dash",
                "use_custom_dash": "1",
                "customdash": dash,
                "customdash_unit": "Pixel",
            },
        )
    return (
        "fill",
        "SimpleFill",
        {
            "color": _rgba(str(look["fillColor"]), float(look["fillOpacity"])),
            "style": "solid",
            "outline_color": _rgba(colour),
            "outline_style": "dash",
            "outline_width": str(look["weight"]),
            "outline_width_unit": "Pixel",
        },
    )


def ongoing_rule(on: date) -> str:
    """QGIS filter of the zones drawn as ongoing on ``on``: no end, or an end not before it."""
    return f'"end" IS NULL OR "end" = \'\' OR "end" >= \'{on.isoformat()}\''


def layer_qml(layer: str, kind: str, on: date) -> str | None:
    """The QGIS style (QML) of one table of ``layer``: countries by their status on the map
    date, facilities by type (hollow or dashed by status), zones ongoing or ended on ``on``
    as the web map colours them. None for a layer the map does not style."""
    root = ET.Element("qgis", {"version": QGIS_VERSION, "styleCategories": "Symbology"})
    if layer == "countries":
        renderer = ET.SubElement(
            root, "renderer-v2", {"type": "categorizedSymbol", "attr": "csto_status"}
        )
        cats, syms = ET.SubElement(renderer, "categories"), ET.SubElement(renderer, "symbols")
        for i, (status, label) in enumerate(style.STATUS_LABELS.items()):
            ET.SubElement(
                cats,
                "category",
                {"value": status, "label": label, "symbol": str(i), "render": "true"},
            )
            _symbol(syms, str(i), "fill", "SimpleFill", _country_fill(style.status_colour(status)))
    elif layer == "facilities":
        renderer = ET.SubElement(
            root, "renderer-v2", {"type": "categorizedSymbol", "attr": "facility_type"}
        )
        cats, syms = ET.SubElement(renderer, "categories"), ET.SubElement(renderer, "symbols")
        for i, ftype in enumerate(style.FACILITY_SYMBOLS):
            ET.SubElement(
                cats,
                "category",
                {"value": ftype, "label": ftype.capitalize(), "symbol": str(i), "render": "true"},
            )
            _symbol(syms, str(i), "marker", "SimpleMarker", *_facility_marker(ftype))
    elif layer == "conflicts":
        renderer = ET.SubElement(root, "renderer-v2", {"type": "RuleRenderer"})
        rules = ET.SubElement(renderer, "rules", {"key": "root"})
        syms = ET.SubElement(renderer, "symbols")
        for i, (label, ongoing) in enumerate((("Ongoing", True), ("Ended", False))):
            rule = ongoing_rule(on) if ongoing else "ELSE"
            attrs = {"key": f"rule-{i}", "label": label, "symbol": str(i), "filter": rule}
            ET.SubElement(rules, "rule", attrs)
            sym_kind, cls, props = _zone(kind, ongoing)
            _symbol(syms, str(i), sym_kind, cls, props)
    else:
        return None
    renderer.set("symbollevels", "0")
    renderer.set("forceraster", "0")
    renderer.set("enableorderby", "0")
    body = ET.tostring(root, encoding="unicode")
    return f"<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n{body}\n"
