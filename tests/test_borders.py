import itertools
import json

import numpy as np
import pytest
import shapely

from geodata.geometry.borders import (
    CoverageError,
    max_displacement_km,
    shared_border_displacement_km,
    simplify_borders,
    unwrap,
    wrap,
)
from geodata.paths import GEODATA_DIR
from geodata.schema.validator import load_layer

COUNTRIES = GEODATA_DIR / "countries.geojson"
NEIGHBOURS = [
    ("RUS", "KAZ"),
    ("RUS", "BLR"),
    ("RUS", "UKR"),
    ("RUS", "GEO"),
    ("RUS", "AZE"),
    ("KAZ", "KGZ"),
    ("KAZ", "UZB"),
    ("KGZ", "TJK"),
    ("KGZ", "UZB"),
    ("TJK", "UZB"),
    ("TJK", "AFG"),
    ("ARM", "AZE"),
    ("ARM", "GEO"),
    ("AZE", "GEO"),
    ("BLR", "UKR"),
]


@pytest.fixture(scope="module")
def countries():
    return load_layer(COUNTRIES).set_index("iso3")


def test_every_border_is_valid(countries):
    reasons = {iso3: shapely.is_valid_reason(g) for iso3, g in countries.geometry.items()}
    assert all(r == "Valid Geometry" for r in reasons.values()), reasons


def test_neighbours_do_not_overlap(countries):
    for (a, ga), (b, gb) in itertools.combinations(countries.geometry.items(), 2):
        assert shapely.intersection(ga, gb).area < 1e-9, (a, b)


def test_union_area_equals_sum_of_areas(countries):
    geoms = countries.geometry.to_numpy()
    total = float(np.sum(shapely.area(geoms)))
    assert shapely.area(shapely.union_all(geoms)) == pytest.approx(total, rel=1e-9)


def test_layer_is_a_valid_coverage_without_slivers(countries):
    # gap_width flags gaps narrower than ~1 km between neighbours: they should share edges.
    assert shapely.coverage_is_valid(countries.geometry.to_numpy(), gap_width=0.01)


@pytest.mark.parametrize("a, b", NEIGHBOURS)
def test_neighbours_share_their_border_exactly(countries, a, b):
    ga, gb = countries.geometry[a], countries.geometry[b]
    shared = shapely.intersection(ga.boundary, gb.boundary)
    assert shared.length > 0.1
    # Both sides hold the same vertices, so each one's view of the border is the same line.
    other = shapely.intersection(gb.boundary, ga.boundary)
    assert shapely.symmetric_difference(shared, other).length < 1e-9


def test_exterior_rings_are_counter_clockwise(countries):
    for iso3, geom in countries.geometry.items():
        for polygon in shapely.get_parts(geom):
            assert polygon.exterior.is_ccw, iso3
            assert not any(ring.is_ccw for ring in polygon.interiors), iso3


def test_coordinates_have_four_decimals():
    obj = json.loads(COUNTRIES.read_text(encoding="utf-8"))
    coords = np.concatenate(
        [shapely.get_coordinates(shapely.geometry.shape(f["geometry"])) for f in obj["features"]]
    )
    assert np.allclose(coords, np.round(coords, 4), rtol=0, atol=1e-12)


def test_russia_is_cut_at_the_antimeridian(countries):
    xmin, _, xmax, _ = countries.geometry["RUS"].bounds
    assert (xmin, xmax) == (-180, 180)


def test_layer_is_small_enough_for_a_browser():
    assert COUNTRIES.stat().st_size < 400_000


def jagged(x0, x1):
    """A 1-degree square whose east and west edges zig-zag by 0.001 degrees."""
    ys = np.linspace(40, 41, 200)
    zig = np.where(np.arange(200) % 2, 0.001, -0.001)
    east = np.column_stack([x1 + zig, ys])
    west = np.column_stack([x0 + zig, ys])[::-1]
    return shapely.Polygon(np.vstack([east, west]))


def test_simplified_neighbours_keep_sharing_their_border():
    a, b = jagged(44, 45), jagged(45, 46)
    out = simplify_borders(np.array([a, b]), 0.01, ["A", "B"])
    assert all(shapely.get_num_coordinates(out) < shapely.get_num_coordinates([a, b]))
    assert shapely.coverage_is_valid(out)
    assert shapely.intersection(out[0], out[1]).area == 0
    assert shapely.intersection(out[0].boundary, out[1].boundary).length > 0.9


def test_overlapping_input_is_refused():
    with pytest.raises(CoverageError, match="not a coverage"):
        simplify_borders(
            np.array([shapely.box(0, 0, 2, 2), shapely.box(1, 1, 3, 3)]), 0.01, ["A", "B"]
        )


def test_unwrap_joins_and_wrap_recuts_a_shape_split_at_180():
    east, west = shapely.box(175, 60, 180, 65), shapely.box(-180, 60, -175, 65)
    joined = unwrap(shapely.MultiPolygon([east, west]))
    assert joined.geom_type == "Polygon"
    assert joined.bounds == (175, 60, 185, 65)
    cut = wrap(joined)
    assert cut.geom_type == "MultiPolygon"
    assert shapely.equals(cut, shapely.MultiPolygon([east, west]))


def test_displacement_is_measured_in_km():
    a = shapely.box(44, 40, 45, 41)
    moved = shapely.box(44, 40, 45.1, 41)  # east edge 0.1 degrees (~8.5 km at 40N) further
    assert max_displacement_km(a, moved) == pytest.approx(8.5, abs=0.2)
    b, b_moved = shapely.box(45, 40, 46, 41), shapely.box(45.1, 40, 46, 41)
    assert shared_border_displacement_km((a, b), (moved, b_moved)) == pytest.approx(8.5, abs=0.2)
    assert shared_border_displacement_km((a, shapely.box(50, 40, 51, 41)), (a, a)) is None


def test_sources_md_records_the_current_size_and_tolerance():
    from geodata.datasets.countries import TOLERANCE

    text = (GEODATA_DIR / "SOURCES.md").read_text(encoding="utf-8")
    assert f"| {COUNTRIES.stat().st_size:,} |" in text
    assert f"Tolerance: **{TOLERANCE} degrees**" in text
