from datetime import date

import geopandas as gpd
import numpy as np
import pytest
from pyproj import Geod
from shapely.geometry import LineString, Point, box

from dashboard.logic.distances import (
    border_distances,
    border_lines,
    distances_km,
    facility_distances,
    with_distances,
    within_km,
)

GEOD = Geod(ellps="WGS84")
GYUMRI = (43.847, 40.7942)


def geodesic_km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    return GEOD.inv(lon1, lat1, lon2, lat2)[2] / 1000.0


def test_point_to_point_matches_geodesic():
    moscow, petersburg = (37.6173, 55.7558), (30.3351, 59.9343)
    [km] = distances_km(*moscow, [Point(petersburg)])
    assert km == pytest.approx(geodesic_km(*moscow, *petersburg), abs=0.01)
    assert 630 < km < 640


def test_one_degree_of_latitude_north_of_a_line():
    [km] = distances_km(1.0, 1.0, [LineString([(0, 0), (2, 0)])])
    assert km == pytest.approx(geodesic_km(1, 1, 1, 0), rel=1e-4)
    assert km == pytest.approx(110.6, abs=0.1)


def test_follows_a_long_edge_drawn_along_a_parallel():
    # 60 degrees of longitude in one edge: the shape on the map follows latitude 60, so a point
    # one degree north of its middle is ~111 km away, not the ~1,000 km to the straight chord.
    [km] = distances_km(30.0, 61.0, [LineString([(0, 60), (60, 60)])])
    assert km == pytest.approx(geodesic_km(30, 61, 30, 60), rel=2e-3)


def test_inside_a_polygon_is_zero_and_empty_input_gives_nothing():
    assert distances_km(1.0, 1.0, [box(0, 0, 2, 2)]).tolist() == [0.0]
    assert distances_km(1.0, 1.0, []).size == 0


def _countries() -> gpd.GeoDataFrame:
    # Armenia's east side has no neighbour in this layer: it stands for a coast.
    return gpd.GeoDataFrame(
        {"id": ["ARM", "TUR", "GEO", "MNG"]},
        geometry=[
            box(43.70, 38.8, 46.6, 41.2),
            box(40.0, 38.8, 43.70, 41.2),
            box(43.0, 41.2, 46.6, 42.0),
            box(90.0, 42.0, 110.0, 50.0),
        ],
        crs="EPSG:4326",
    )


def test_border_lines_are_the_shared_stretches_only():
    borders = border_lines(_countries())
    assert sorted(set(borders["pair"])) == ["ARM–GEO", "ARM–TUR", "GEO–TUR"]
    arm_tur = borders[borders["pair"] == "ARM–TUR"].union_all()
    assert arm_tur.length == pytest.approx(2.4, abs=0.01)  # 38.8 to 41.2 along lon 43.70


def _facilities() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"id": ["gyumri", "near-coast", "far"]},
        geometry=[Point(GYUMRI), Point(46.5, 39.0), Point(100.0, 46.0)],
        crs="EPSG:4326",
    )


def _conflicts() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {
            "id": ["old-nearby", "border-clash"],
            "start": ["1992-01-01", "2022-09-13"],
            "end": ["1994-05-12", None],
        },
        geometry=[box(43.9, 40.7, 44.0, 40.9), box(45.5, 39.5, 45.7, 39.7)],
        crs="EPSG:4326",
    )


@pytest.fixture(scope="module")
def distances():
    return facility_distances(
        _facilities(), _conflicts(), border_lines(_countries()), date(2023, 1, 1)
    )


def test_gyumri_is_a_few_km_from_the_turkish_border(distances):
    row = distances.loc["gyumri"]
    assert row["nearest_border"] == "ARM–TUR"
    assert row["border_km"] == pytest.approx(geodesic_km(*GYUMRI, 43.70, GYUMRI[1]), abs=0.05)
    assert 10 < row["border_km"] < 15


def test_coast_is_not_a_border(distances):
    row = distances.loc["near-coast"]
    to_turkey = geodesic_km(46.5, 39.0, 43.70, 39.0)
    assert row["border_km"] == pytest.approx(to_turkey, rel=1e-3)
    assert row["nearest_border"] == "ARM–TUR"


def test_only_active_conflicts_count(distances):
    row = distances.loc["gyumri"]
    # "old-nearby" ended in 1994; the nearest corner of the active zone is (45.5, 39.7)
    assert row["nearest_conflict"] == "border-clash"
    assert row["conflict_km"] == pytest.approx(geodesic_km(*GYUMRI, 45.5, 39.7), rel=2e-3)
    assert distances.loc["near-coast", "conflict_km"] == pytest.approx(
        geodesic_km(46.5, 39.0, 45.7, 39.5), rel=2e-3
    )


def test_no_active_conflict_gives_nan():
    got = facility_distances(
        _facilities(), _conflicts(), border_lines(_countries()), date(2000, 1, 1)
    )
    assert got["conflict_km"].isna().all()
    assert got["nearest_conflict"].isna().all()


def test_facility_without_neighbours_in_reach_still_gets_a_distance(distances):
    assert distances.loc["far", "border_km"] > 3000


@pytest.mark.parametrize(
    ("km", "ids"),
    [
        (10, []),
        (200, ["gyumri", "near-coast"]),
        (100, ["near-coast"]),
        (1e6, ["gyumri", "near-coast", "far"]),
    ],
)
def test_within_km(distances, km, ids):
    assert list(within_km(_facilities(), distances, km)["id"]) == ids


def test_with_distances_joins_on_id(distances):
    table = with_distances(_facilities(), distances)
    assert list(table.columns[-4:]) == [
        "conflict_km",
        "nearest_conflict",
        "border_km",
        "nearest_border",
    ]
    assert np.isfinite(table["border_km"]).all()


def test_no_facilities_gives_an_empty_table_with_the_columns():
    got = facility_distances(
        _facilities().iloc[:0], _conflicts(), border_lines(_countries()), date(2023, 1, 1)
    )
    assert got.empty
    assert list(got.columns) == ["conflict_km", "nearest_conflict", "border_km", "nearest_border"]


def test_nearest_border_matches_measuring_every_border():
    # The search only measures borders near each point; it must find the same nearest one.
    rng = np.random.default_rng(7)
    points = gpd.GeoDataFrame(
        {"id": [f"p{i}" for i in range(40)]},
        geometry=gpd.points_from_xy(rng.uniform(35, 115, 40), rng.uniform(35, 55, 40)),
        crs="EPSG:4326",
    )
    borders = border_lines(_countries())
    got = border_distances(points, borders)["border_km"].to_numpy()
    every = [distances_km(p.x, p.y, borders.geometry.to_numpy()).min() for p in points.geometry]
    assert got == pytest.approx(every, rel=1e-6)


def test_numpy_coordinates_are_accepted():
    [km] = distances_km(np.float64(1.0), np.float32(1.0), [LineString([(0, 0), (2, 0)])])
    assert km == pytest.approx(110.6, abs=0.1)


def _shipped_facilities() -> gpd.GeoDataFrame:
    # "gyumri" carries a distance measured at build time; "far" (an upload, say) does not.
    gdf = _facilities()
    gdf["border_km"] = [11.11, 0.52, np.nan]
    gdf["nearest_border"] = ["ARM–TUR", "ARM–IRN", None]
    return gdf


def test_shipped_border_distances_win_over_measuring():
    got = border_distances(_shipped_facilities(), border_lines(_countries()))
    assert got.loc["gyumri", "border_km"] == 11.11
    assert got.loc["near-coast", "nearest_border"] == "ARM–IRN"
    # Only the facility without a shipped value is measured, to the given borders.
    assert got.loc["far", "border_km"] > 3000
    assert got.loc["far", "nearest_border"] in {"ARM–GEO", "ARM–TUR", "GEO–TUR"}


def test_shipped_border_distances_need_no_borders():
    got = facility_distances(_shipped_facilities(), _conflicts(), None, date(2023, 1, 1))
    assert got.loc["gyumri", "border_km"] == 11.11
    assert np.isnan(got.loc["far", "border_km"])
    assert got.loc["far", "nearest_border"] is None
    assert got.loc["gyumri", "nearest_conflict"] == "border-clash"


def test_with_distances_replaces_shipped_columns():
    facilities = _shipped_facilities()
    got = facility_distances(facilities, _conflicts(), border_lines(_countries()), date(2023, 1, 1))
    table = with_distances(facilities, got)
    assert list(table.columns).count("border_km") == 1
    assert table.set_index("id").loc["far", "border_km"] > 3000
