import re

import pytest

from dashboard.logic.style import (
    FACILITY_SYMBOLS,
    STATUS_COLOURS,
    facility_svg,
    legend_html,
    status_colour,
    symbol_for,
)
from geodata.schema.layers import CSTO_STATUSES, FACILITY_TYPES


def test_every_facility_type_has_its_own_symbol():
    assert set(FACILITY_SYMBOLS) == set(FACILITY_TYPES)
    looks = [(s.shape, s.colour) for s in FACILITY_SYMBOLS.values()]
    assert len(set(looks)) == len(looks)
    assert len({s.colour for s in FACILITY_SYMBOLS.values()}) == len(looks)


def test_every_status_has_a_distinct_colour():
    assert set(STATUS_COLOURS) == set(CSTO_STATUSES)
    assert len(set(STATUS_COLOURS.values())) == len(CSTO_STATUSES)
    assert status_colour("unknown") not in STATUS_COLOURS.values()


def test_legend_names_every_type_and_status():
    legend = legend_html()
    for ftype in FACILITY_TYPES:
        assert ftype.capitalize() in legend
    for label in ("Member state", "Former member", "frozen", "Ongoing", "Ended"):
        assert label in legend


@pytest.mark.parametrize(
    ("status", "fill_is_colour", "dashed"),
    [
        ("active", True, False),
        ("closed", False, False),
        ("transferred", False, False),
        ("disputed", True, True),
    ],
)
def test_status_changes_the_glyph(status, fill_is_colour, dashed):
    svg = facility_svg("radar", status)
    colour = symbol_for("radar").colour
    assert (f'fill="{colour}"' in svg) is fill_is_colour
    assert ("stroke-dasharray" in svg) is dashed
    assert re.fullmatch(r"<svg .*</svg>", svg)


def test_unknown_type_still_draws():
    assert "<circle" in facility_svg("castle")
