import pytest
import shapely
from pyproj import Geod

from geodata.geometry.zones import RecipeError, build_zone

GEOD = Geod(ellps="WGS84")
# Two neighbours sharing the meridian 45E between 40N and 41N, and a third far away.
NE = {
    "AAA": shapely.box(44, 40, 45, 41),
    "BBB": shapely.box(45, 40, 46, 41),
    "CCC": shapely.box(60, 10, 61, 11),
}
NAMES = {"AAA": "Aland", "BBB": "Bland", "CCC": "Cland"}


def zone(recipe):
    return build_zone(recipe, NE, NE, NAMES)


def area_km2(geom):
    return abs(GEOD.geometry_area_perimeter(geom)[0]) / 1e6


def test_border_buffer_is_measured_in_km_and_clipped():
    geom, method = zone(
        {
            "method": "border_buffer",
            "between": ["AAA", "BBB"],
            "km": 10,
            "clip_to": ["AAA", "BBB"],
            "basis": "both sides of the border.",
        }
    )
    assert geom.geom_type == "Polygon"
    assert shapely.covers(shapely.union(NE["AAA"], NE["BBB"]).buffer(1e-9), geom)
    # 20 km wide along 111 km of border, cut at the countries' north and south edges.
    assert area_km2(geom) == pytest.approx(20 * 111.0, rel=0.03)
    assert geom.bounds[0] == pytest.approx(45 - 10 / 85.4, abs=0.01)
    assert method == (
        "buffer of 10 km around the Aland–Bland border, clipped to Aland and Bland. "
        "Both sides of the border."
    )


def test_border_buffer_within_keeps_part_of_the_border():
    geom, method = zone(
        {
            "method": "border_buffer",
            "between": ["AAA", "BBB"],
            "km": 5,
            "within": [[44.9, 40.0, 45.1, 40.5]],
            "basis": "x",
        }
    )
    assert geom.bounds[3] < 40.6
    assert "only the part within lon 44.9–45.1, lat 40–40.5" in method


def test_towns_buffer_is_a_circle_of_the_given_radius():
    town = {"name": "Centre", "lat": 40.5, "lon": 44.5, "source": "https://example.org"}
    geom, method = zone({"method": "towns_buffer", "towns": [town], "km": 15, "basis": "x"})
    assert area_km2(geom) == pytest.approx(3.14159 * 15**2, rel=0.02)
    assert method.startswith("buffer of 15 km around Centre. ")


def test_outline_is_clipped_and_wound_counter_clockwise():
    coords = [[44.5, 40.2], [45.5, 40.2], [45.5, 40.8], [44.5, 40.8]]
    geom, method = zone({"method": "outline", "coords": coords, "clip_to": ["AAA"], "basis": "x"})
    assert geom.bounds == pytest.approx((44.5, 40.2, 45.0, 40.8))
    assert geom.exterior.is_ccw
    assert method.startswith("approximate outline drawn through 4 vertices, clipped to Aland")


def test_country_and_line():
    geom, method = zone({"method": "country", "iso3": ["AAA", "BBB"], "basis": "x"})
    assert geom.equals(shapely.box(44, 40, 46, 41))
    assert "whole territory of Aland and Bland" in method
    geom, method = zone({"method": "line", "coords": [[44.1, 40.1], [45.9, 40.9]], "basis": "x"})
    assert geom.geom_type == "LineString"
    assert method.startswith("line through 2 vertices")


@pytest.mark.parametrize(
    "recipe, words",
    [
        (None, "mapping"),
        ({"method": "circle", "basis": "x"}, "'method' must be one of"),
        ({"method": "country", "iso3": ["AAA"]}, "'basis'"),
        (
            {"method": "line", "coords": [[1, 2], [3, 4]], "clip_to": ["AAA"], "basis": "x"},
            "unknown key(s) clip_to for line",
        ),
        (
            {"method": "border_buffer", "between": ["AAA", "CCC"], "km": 5, "basis": "x"},
            "share no border",
        ),
        (
            {"method": "border_buffer", "between": ["AAA", "ZZZ"], "km": 5, "basis": "x"},
            "not in the countries layer",
        ),
        ({"method": "border_buffer", "between": ["AAA"], "km": 5, "basis": "x"}, "exactly two"),
        ({"method": "border_buffer", "between": ["AAA", "BBB"], "km": "5", "basis": "x"}, "'km'"),
        (
            {
                "method": "towns_buffer",
                "towns": [{"name": "X", "lat": 95, "lon": 1}],
                "km": 5,
                "basis": "x",
            },
            "lat/lon",
        ),
        ({"method": "outline", "coords": [[1, 2], [3, 4]], "basis": "x"}, "at least 3"),
        (
            {
                "method": "outline",
                "coords": [[44.1, 40.1], [44.2, 40.1], [44.2, 40.2]],
                "clip_to": ["CCC"],
                "basis": "x",
            },
            "empty shape",
        ),
        ({"method": "line", "coords": [[200, 1], [3, 4]], "basis": "x"}, "[lon, lat]"),
    ],
)
def test_broken_recipes_say_what_is_wrong(recipe, words):
    with pytest.raises(RecipeError) as info:
        zone(recipe)
    assert words in str(info.value)
