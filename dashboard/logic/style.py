"""Colours, facility symbols and the map legend: one place that decides how things look."""

from __future__ import annotations

import base64
from collections.abc import Mapping
from dataclasses import dataclass
from html import escape

from dashboard.logic.i18n import N_, _, translated

SEA = "#cfe3f0"

# Country fill by CSTO status; members warm, others neutral, so facilities and zones stand out.
STATUS_COLOURS: dict[str, str] = {
    "member": "#e08a5f",
    "frozen": "#f2c48f",
    "former": "#a7c8b3",
    "non-member": "#efece4",
}
# Marked for the catalog; data values stay English, their labels are translated where shown.
STATUS_LABELS: dict[str, str] = {
    "member": N_("Member state"),
    "frozen": N_("Member, participation frozen"),
    "former": N_("Former member"),
    "non-member": N_("Never a member (neighbour)"),
}
UNKNOWN_COLOUR = "#dddddd"

# Country fill by a recorded UN vote (logic/votes): none of the status colours, so a map
# coloured by a vote is never read as one coloured by status; light enough that the facility
# symbols (each with a white halo) stay readable on them, and none a facility's colour.
VOTE_COLOURS: dict[str, str] = {
    "yes": "#6baed6",
    "no": "#e34a33",
    "abstain": "#fdd95c",
    "absent": "#9e9e9e",
    "no record": "#f7f7f7",
}
VOTE_LABELS: dict[str, str] = {
    "yes": N_("Yes"),
    "no": N_("No"),
    "abstain": N_("Abstain"),
    "absent": N_("Absent (did not vote)"),
    "no record": N_("No record in the data"),
}


@dataclass(frozen=True)
class Symbol:
    """How one facility type is drawn: an SVG shape and a colour."""

    shape: str
    colour: str


FACILITY_SYMBOLS: dict[str, Symbol] = {
    "army base": Symbol("square", "#8c1c13"),
    "air base": Symbol("triangle", "#1f5fa8"),
    "space launch site": Symbol("star", "#6a3d9a"),
    "missile test range": Symbol("diamond", "#d95f02"),
    "radar": Symbol("circle", "#1b7837"),
    "naval test facility": Symbol("triangle-down", "#08306b"),
    "space surveillance": Symbol("hexagon", "#01665e"),
    "communications": Symbol("cross", "#4d4d4d"),
    "border guards": Symbol("pentagon", "#7f3b08"),
    "research facility": Symbol("circle", "#c51b7d"),
    "nuclear weapons storage": Symbol("hexagon", "#e6ab02"),
    "missile deployment": Symbol("diamond", "#b2182b"),
    "support town": Symbol("square", "#737373"),
}
DEFAULT_SYMBOL = Symbol("circle", "#333333")
# The vocabularies' data values, marked for the catalog: the values stay English in data,
# filters and links, and are translated only where a reader reads them (``label``).
FACILITY_TYPES = (
    N_("army base"),
    N_("air base"),
    N_("space launch site"),
    N_("missile test range"),
    N_("radar"),
    N_("naval test facility"),
    N_("space surveillance"),
    N_("communications"),
    N_("border guards"),
    N_("research facility"),
    N_("nuclear weapons storage"),
    N_("missile deployment"),
    N_("support town"),
)
FACILITY_STATUSES = (N_("active"), N_("closed"), N_("transferred"), N_("disputed"))
COUNTRY_STATUSES = (N_("member"), N_("frozen"), N_("former"), N_("non-member"))
CONFLICT_KINDS = (
    N_("war"),
    N_("border clash"),
    N_("interstate clash"),
    N_("unrest"),
    N_("insurgency and border security"),
    N_("peacekeeping"),
    N_("economic coercion"),
)
RESPONSE_KINDS = (
    N_("none"),
    N_("statement"),
    N_("consultations"),
    N_("observer mission offered"),
    N_("military-technical aid"),
    N_("deployment"),
)
CONFIDENCES = (N_("high"), N_("medium"), N_("low"))
VOTES = (N_("yes"), N_("no"), N_("abstain"), N_("absent"), N_("no record"))
# Property -> the values of its vocabulary.
VOCABULARIES: dict[str, tuple[str, ...]] = {
    "facility_type": FACILITY_TYPES,
    "status": FACILITY_STATUSES + COUNTRY_STATUSES,
    "status_today": FACILITY_STATUSES,
    "csto_status": COUNTRY_STATUSES,
    "kind": CONFLICT_KINDS,
    "csto_response_kind": RESPONSE_KINDS,
    "confidence": CONFIDENCES,
    "vote": VOTES,
}


def label(field: str, value: object) -> str:
    """The reader's words for one vocabulary ``value`` of ``field`` (other values as they are)."""
    key = str(value)
    return _(key) if key in VOCABULARIES.get(field, ()) else key


def facility_type_label(facility_type: str) -> str:
    """A facility type as the legend and the filters name it ("Air base" / "Авиабаза")."""
    words = label("facility_type", facility_type)
    return words[:1].upper() + words[1:]


# Facility status changes the fill, so the legend needs only shape+colour per type.
FACILITY_STATUS_STYLE: dict[str, str] = {
    "active": "filled",
    "closed": "hollow",
    "transferred": "hollow",
    "disputed": "dashed",
}

ZONE_ONGOING = "#5b1a8b"
ZONE_ENDED = "#a58bbf"

_SHAPES: dict[str, str] = {
    "circle": '<circle cx="10" cy="10" r="6.5"/>',
    "square": '<rect x="4" y="4" width="12" height="12"/>',
    "triangle": '<polygon points="10,2.5 17.5,16.5 2.5,16.5"/>',
    "triangle-down": '<polygon points="2.5,3.5 17.5,3.5 10,17.5"/>',
    "diamond": '<polygon points="10,2 18,10 10,18 2,10"/>',
    "star": '<polygon points="10,1.5 12.4,7.2 18.5,7.6 13.8,11.6 15.3,17.6 10,14.3 '
    '4.7,17.6 6.2,11.6 1.5,7.6 7.6,7.2"/>',
    "hexagon": '<polygon points="10,2 17,6 17,14 10,18 3,14 3,6"/>',
    "pentagon": '<polygon points="10,2 18,8 15,17.5 5,17.5 2,8"/>',
    "cross": '<polygon points="7,2.5 13,2.5 13,7 17.5,7 17.5,13 13,13 13,17.5 7,17.5 7,13 '
    '2.5,13 2.5,7 7,7"/>',
}


def symbol_for(facility_type: str) -> Symbol:
    """Return the symbol of a facility type (a neutral dot for unknown types)."""
    return FACILITY_SYMBOLS.get(facility_type, DEFAULT_SYMBOL)


# Arms transfers (logic/arms): one colour a supplier, none a facility's or a vote's.
SUPPLIER_COLOURS: dict[str, str] = {
    "RUS": "#7a0177",
    "BLR": "#00a087",
    "TUR": "#e7298a",
    "ISR": "#3c5488",
    "USA": "#2f2f2f",
}
OTHER_SUPPLIER = "#8491b4"


def supplier_colour(iso3: str) -> str:
    """Return the colour of arms transfers from this supplier."""
    return SUPPLIER_COLOURS.get(iso3, OTHER_SUPPLIER)


def arms_legend_html(names: Mapping[str, str]) -> str:
    """The legend of the arms transfers: a line per supplier (named by ``names``, escaped)."""
    rows = "".join(
        f'<div><span style="display:inline-block;width:18px;margin-right:6px;'
        f'border-top:4px solid {colour};vertical-align:middle"></span>'
        f"{escape(names.get(iso, iso))}</div>"
        for iso, colour in SUPPLIER_COLOURS.items()
    )
    title = _("Arms transfers, by supplier")
    return (
        f'<style>{LEGEND_CSS}</style><div class="csto-legend"><div class="csto-legend-arms">'
        f'<div class="csto-legend-title">{escape(title)}</div>{rows}'
        '<div class="csto-legend-note">'
        + escape(
            _(
                "Arrow from capital to capital; wider: more units delivered (number not "
                "published: a middle width). Drawn once a year of delivery is over."
            )
        )
        + "</div></div></div>"
    )


def vote_colour(vote: str) -> str:
    """Return the fill colour of a country with the given recorded vote."""
    return VOTE_COLOURS.get(vote, VOTE_COLOURS["no record"])


def status_colour(status: str) -> str:
    """Return the fill colour of a country with the given CSTO status."""
    return STATUS_COLOURS.get(status, UNKNOWN_COLOUR)


def facility_svg(facility_type: str, status: str = "active", size: int = 20) -> str:
    """Return an inline SVG glyph for a facility of this type and status."""
    sym = symbol_for(facility_type)
    look = FACILITY_STATUS_STYLE.get(status, "filled")
    fill = sym.colour if look != "hollow" else "#ffffff"
    dash = ' stroke-dasharray="3 2"' if look == "dashed" else ""
    # A white halo first keeps the glyph readable on any land colour.
    shape = _SHAPES.get(sym.shape, _SHAPES["circle"])
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" '
        f'viewBox="0 0 20 20" aria-hidden="true">'
        f'<g fill="none" stroke="#ffffff" stroke-width="4" stroke-linejoin="round">{shape}</g>'
        f'<g fill="{fill}" stroke="{sym.colour}" stroke-width="2" '
        f'stroke-linejoin="round"{dash}>{shape}</g></svg>'
    )


def glyph_data_uri(facility_type: str, status: str = "active", size: int = 14) -> str:
    """Return the glyph as a data: URI image (HTML sanitisers drop inline SVG, not images)."""
    svg = facility_svg(facility_type, status, size).encode()
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


def zone_style(ongoing: bool, line: bool = False) -> dict[str, object]:
    """Return the Leaflet path style of a conflict zone (or a pipeline drawn as a line)."""
    colour = ZONE_ONGOING if ongoing else ZONE_ENDED
    if line:
        return {"color": colour, "weight": 4, "dashArray": "8 5", "opacity": 0.9}
    return {
        "color": colour,
        "weight": 1.5,
        "dashArray": "5 4",
        "fillColor": colour,
        "fillOpacity": 0.35 if ongoing else 0.2,
    }


def country_style(status: str, vote: str | None = None) -> dict[str, object]:
    """Return the Leaflet path style of a country polygon: filled by its recorded ``vote``
    when the map is coloured by a resolution, else by its status."""
    return {
        "color": "#6b6b6b",
        "weight": 0.8,
        "fillColor": status_colour(status) if vote is None else vote_colour(vote),
        "fillOpacity": 1.0,
    }


def _swatch(fill: str, border: str = "#6b6b6b", opacity: float = 1.0, dash: bool = False) -> str:
    style = "dashed" if dash else "solid"
    return (
        f'<span style="display:inline-block;width:14px;height:11px;margin-right:6px;'
        f"vertical-align:middle;background:{fill};opacity:{opacity};"
        f'border:1.5px {style} {border}"></span>'
    )


LEGEND_CSS = """
.csto-legend { display: flex; flex-wrap: wrap; gap: 6px 28px; color: #222;
  font: 13px/1.5 system-ui, sans-serif; }
.csto-legend-title { font-weight: 600; }
.csto-legend-note { color: #555; font-size: 12px; }
.csto-legend-grid { display: grid; grid-template-columns: auto auto; column-gap: 14px; }
.csto-legend-glyph { width: 14px; height: 14px; margin-right: 6px; vertical-align: middle; }
"""


def legend_html(vote_on: str | None = None) -> str:
    """Return the legend (with its own styles) as HTML; built from constants only, and
    ``vote_on`` (the resolution countries are coloured by, if any), escaped."""
    if vote_on:
        title = escape(_("Countries: vote on {resolution}").format(resolution=vote_on))
        entries = [(VOTE_COLOURS[v], _(words), v) for v, words in VOTE_LABELS.items()]
    else:
        title = escape(_("Countries"))
        shown = translated(STATUS_LABELS.values())
        entries = [
            (STATUS_COLOURS[s], words, s) for s, words in zip(STATUS_LABELS, shown, strict=True)
        ]
    countries = [f'<div class="csto-legend-countries"><div class="csto-legend-title">{title}</div>']
    for colour, words, value in entries:
        countries.append(
            f'<div data-value="{escape(value)}" data-colour="{colour}">'
            f"{_swatch(colour)}{escape(words)}</div>"
        )
    countries.append("</div>")
    words = {
        "facilities": _("Facilities"),
        "zones": _("Conflict zones"),
        "ongoing": _("Ongoing"),
        "ended": _("Ended"),
        "pipeline": _("Pipeline"),
    }
    words = {key: escape(value) for key, value in words.items()}
    facilities = [f'<div><div class="csto-legend-title">{words["facilities"]}</div>']
    facilities.append('<div class="csto-legend-grid">')
    for ftype in FACILITY_SYMBOLS:
        facilities.append(
            f'<div><img class="csto-legend-glyph" alt="" src="{glyph_data_uri(ftype)}">'
            f"{escape(facility_type_label(ftype))}</div>"
        )
    note = _("Filled: active · hollow: closed or transferred · dashed outline: disputed")
    facilities.append(f'</div><div class="csto-legend-note">{escape(note)}</div></div>')
    zones = [
        f'<div><div class="csto-legend-title">{words["zones"]}</div>',
        f"<div>{_swatch(ZONE_ONGOING, ZONE_ONGOING, 0.6, True)}{words['ongoing']}</div>",
        f"<div>{_swatch(ZONE_ENDED, ZONE_ENDED, 0.5, True)}{words['ended']}</div>",
        '<div><span style="display:inline-block;width:16px;margin-right:4px;'
        f'border-top:3px dashed {ZONE_ONGOING};vertical-align:middle"></span>'
        f"{words['pipeline']}</div>",
        "</div>",
    ]
    body = "".join(countries + facilities + zones)
    return f'<style>{LEGEND_CSS}</style><div class="csto-legend">{body}</div>'


MAP_CSS = (
    ".leaflet-container { background: "
    + SEA
    + "; }"
    + """
.facility-icon { background: none; border: none; }
.facility-icon svg { display: block; }
.leaflet-control-layers { font: 13px/1.4 system-ui, sans-serif; }
.csto-popup { font: 12px/1.35 system-ui, sans-serif; max-height: 340px; overflow-y: auto; }
.csto-popup h4 { margin: 0 0 4px; font-size: 14px; }
.csto-popup table { border-collapse: collapse; }
.csto-popup th { text-align: left; vertical-align: top; padding: 1px 8px 1px 0; color: #555;
  font-weight: 600; white-space: nowrap; }
.csto-popup td { padding: 1px 0; }
.csto-popup ul { margin: 0; padding-left: 16px; }
"""
)

# The details panel under the map reuses the popup HTML; these rules keep its table readable.
PANEL_CSS = """<style>
.csto-popup h4 { margin: 0 0 6px; }
.csto-popup th { text-align: left; vertical-align: top; padding: 2px 14px 2px 0; color: #555;
  white-space: nowrap; }
.csto-popup td { padding: 2px 0; }
.csto-popup table { border-collapse: collapse; margin-bottom: 6px; }
</style>"""
