import json
import re
from datetime import date

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import pytest

from bench.cluster import payload_bytes
from dashboard.map import points as pl

TYPES = ("a", "b", "c")


@pytest.fixture
def points():
    # Five points: (lon, lat, type, date)
    rows = [
        (10.0, 50.0, "a", "1995-01-01"),
        (20.0, 55.0, "b", "2000-06-15"),
        (30.0, 60.0, "c", "2010-12-31"),
        (40.0, 45.0, "a", "2022-01-05"),
        (50.0, 40.0, "b", "2026-03-01"),
    ]
    lon, lat, kind, day = zip(*rows, strict=True)
    frame = pd.DataFrame(
        {"id": [f"p{i}" for i in range(5)], "event_type": kind, "date": pd.to_datetime(day)}
    )
    return gpd.GeoDataFrame(frame, geometry=gpd.points_from_xy(lon, lat), crs="EPSG:4326")


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({}, ["p0", "p1", "p2", "p3", "p4"]),
        ({"types": ["a"]}, ["p0", "p3"]),
        ({"types": ["b", "c"]}, ["p1", "p2", "p4"]),
        ({"start": date(2000, 6, 15)}, ["p1", "p2", "p3", "p4"]),
        ({"end": date(2000, 6, 15)}, ["p0", "p1"]),
        ({"start": date(2001, 1, 1), "end": date(2022, 1, 5)}, ["p2", "p3"]),
        ({"bbox": (15.0, 40.0, 45.0, 58.0)}, ["p1", "p3"]),
        ({"types": ["a"], "start": date(2020, 1, 1), "bbox": (0, 0, 90, 90)}, ["p3"]),
        ({"types": ["zzz"]}, []),
    ],
)
def test_filter_points(points, kwargs, expected):
    assert list(pl.filter_points(points, **kwargs)["id"]) == expected


def test_filter_returns_a_new_frame(points):
    result = pl.filter_points(points, types=["a"])
    assert len(points) == 5
    assert isinstance(result, gpd.GeoDataFrame)


def test_packed_points_decode_close_to_the_originals(points):
    packed = pl.encode_points(points, categories=TYPES)
    lon, lat, codes = pl.decode_points(packed)
    assert packed["n"] == 5
    # uint16 steps over a 40-degree box: error well under 0.001 degree
    assert np.abs(lon - points.geometry.x.to_numpy()).max() < 1e-3
    assert np.abs(lat - points.geometry.y.to_numpy()).max() < 1e-3
    assert [TYPES[c] for c in codes] == list(points["event_type"])


def test_empty_selection_encodes(points):
    packed = pl.encode_points(points.iloc[:0], categories=TYPES)
    assert packed["n"] == 0
    assert pl.decode_points(packed)[0].size == 0


def test_unknown_type_is_an_error(points):
    with pytest.raises(ValueError, match="missing from categories"):
        pl.encode_points(points, categories=("a", "b"))


def _walk(element):
    found = [element]
    for child in element._children.values():
        found += _walk(child)
    return found


def _rendered(group: folium.FeatureGroup) -> str:
    m = folium.Map(tiles=None)
    group.add_to(m)
    return m.get_root().render()


def test_built_layer_loads_nothing_from_outside(points):
    group = pl.canvas_point_layer(points, categories=TYPES)
    m = folium.Map(tiles=None)
    group.add_to(m)
    m.get_root().render()
    children = _walk(group)
    links = [src for c in children for _, src in getattr(c, "default_js", [])]
    links += [href for c in children for _, href in getattr(c, "default_css", [])]
    assert all(not re.match(r"^(https?:)?//", link) for link in links)
    script = "".join(c._template.module.script(c) for c in children if hasattr(c, "data"))
    script += "".join(
        c._template.module.script(c) for c in children if isinstance(c, pl.PackedPointCanvas)
    )
    assert not re.search(r"https?://|//cdn", script)


def test_canvas_layer_carries_the_filtered_points_only(points):
    html = _rendered(pl.canvas_point_layer(pl.filter_points(points, types=["c"]), categories=TYPES))
    packed = json.loads(re.search(r"new L\.PackedPointCanvas\(\s*(\{.*?\})\s*,", html, re.S)[1])
    assert packed["n"] == 1


def test_canvas_layer_escapes_category_names(points):
    evil = ("<script>alert(1)</script>", "b", "c")
    pts = points.assign(event_type=points["event_type"].replace({"a": evil[0]}))
    html = _rendered(pl.canvas_point_layer(pts, categories=evil))
    assert "<script>alert(1)</script>" not in html


def test_payload_grows_about_five_bytes_per_point(points):
    many = pd.concat([points] * 200, ignore_index=True)
    small = payload_bytes(pl.canvas_point_layer(points, categories=TYPES))
    large = payload_bytes(pl.canvas_point_layer(many, categories=TYPES))
    assert 5 * 995 <= large - small <= 8 * 995


def test_legend_matches_canvas_colours():
    items = pl.legend_items(TYPES)
    assert [i["label"] for i in items] == list(TYPES)
    assert [i["color"] for i in items] == list(pl.PALETTE[:3])


def test_points_are_drawn_above_the_country_fill(points):
    # Leaflet's overlayPane (z-index 400) holds the filled country polygons.
    html = _rendered(pl.canvas_point_layer(points, categories=TYPES))
    options = re.search(r"new L\.PackedPointCanvas\(\s*\{.*?\}\s*,\s*(\{.*?\})\s*\)", html, re.S)
    options = json.loads(options[1])
    assert options["pane"] != "overlayPane"
    assert 400 < options["zIndex"] < 600
