import geopandas as gpd
from shapely.geometry import Point, box

from dashboard.logic.framing import bounds_of, frame


def test_bounds_cover_every_frame_and_skip_empty_ones():
    a = gpd.GeoDataFrame(geometry=[box(50, 40, 60, 45)], crs=4326)
    b = gpd.GeoDataFrame(geometry=[Point(70, 38)], crs=4326)
    empty = gpd.GeoDataFrame(geometry=[], crs=4326)
    assert bounds_of([a, b, empty]) == (50, 38, 70, 45)
    assert bounds_of([empty]) is None


def test_a_country_is_framed_closer_than_the_whole_region():
    armenia = frame((43.4, 38.8, 46.6, 41.3))
    region = frame((20.0, 35.0, 180.0, 78.0))
    assert 38.8 < armenia[0] < 41.3 and 43.4 < armenia[1] < 46.6
    assert armenia[2] >= 6 and region[2] <= 3


def test_a_single_point_gets_a_close_but_bounded_zoom():
    assert frame((43.85, 40.79, 43.85, 40.79))[2] == 11
