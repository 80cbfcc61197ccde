import geopandas as gpd
import numpy as np
import pytest
from shapely.geometry import MultiPolygon, Point, box

from dashboard.logic.search import as_list, build_index, fold, search, view_of, zoom_for


def _facilities() -> gpd.GeoDataFrame:
    rows = [
        (
            "arm-102-military-base",
            "102nd Military Base",
            "102-я военная база",
            ["Gyumri base", "Leninakan", "Ленинакан", "Kumayri", "Кумайри"],
            (43.847, 40.7942),
        ),
        (
            "kaz-baikonur-cosmodrome",
            "Baikonur Cosmodrome",
            "Космодром Байконур",
            np.array(["Tyuratam", "Тюратам", "Leninsk", "Ленинск"]),  # as geopandas reads it
            (63.305, 45.965),
        ),
        (
            "kgz-954-torpedo-range",
            "954th Anti-Submarine Weapons Test Range",
            "954-й испытательный полигон",
            '["Karakol", "Przhevalsk", "Пржевальск", "Каракол"]',  # JSON text, as in a CSV
            (78.39, 42.49),
        ),
        ("rus-semyonovka", "Semyonovka relay", "Семёновка", None, (30.0, 50.0)),
    ]
    return gpd.GeoDataFrame(
        {
            "id": [r[0] for r in rows],
            "name": [r[1] for r in rows],
            "name_ru": [r[2] for r in rows],
            "alt_names": [r[3] for r in rows],
        },
        geometry=[Point(*r[4]) for r in rows],
        crs="EPSG:4326",
    )


def _countries() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {
            "id": ["ARM", "KAZ"],
            "iso3": ["ARM", "KAZ"],
            "name": ["Armenia", "Kazakhstan"],
            "name_ru": ["Армения", "Казахстан"],
        },
        geometry=[box(43.4, 38.8, 46.6, 41.3), box(46.5, 40.6, 87.3, 55.4)],
        crs="EPSG:4326",
    )


def _conflicts() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {
            "id": ["kazakhstan-2022-unrest"],
            "name": ["January 2022 unrest in Kazakhstan"],
            "name_ru": ["Беспорядки в Казахстане в январе 2022 года"],
        },
        geometry=[box(50, 40, 80, 50)],
        crs="EPSG:4326",
    )


@pytest.fixture(scope="module")
def index():
    return build_index(_countries(), _facilities(), _conflicts())


@pytest.mark.parametrize(
    ("query", "expected_id", "matched"),
    [
        ("Gyumri", "arm-102-military-base", "Gyumri base"),
        ("leninakan", "arm-102-military-base", "Leninakan"),
        ("ЛЕНИНАКАН", "arm-102-military-base", "Ленинакан"),
        ("Gyumrí", "arm-102-military-base", "Gyumri base"),
        ("Baikonur", "kaz-baikonur-cosmodrome", "Baikonur Cosmodrome"),
        ("Tyuratam", "kaz-baikonur-cosmodrome", "Tyuratam"),
        ("Байконур", "kaz-baikonur-cosmodrome", "Космодром Байконур"),
        ("Karakol", "kgz-954-torpedo-range", "Karakol"),
        ("przhevalsk", "kgz-954-torpedo-range", "Przhevalsk"),
        ("Пржевальск", "kgz-954-torpedo-range", "Пржевальск"),
        ("семеновка", "rus-semyonovka", "Семёновка"),
        ("Семёновка", "rus-semyonovka", "Семёновка"),
        ("Армения", "ARM", "Армения"),
        ("arm", "ARM", "ARM"),
        ("2022 unrest", "kazakhstan-2022-unrest", "January 2022 unrest in Kazakhstan"),
        ("беспорядки в", "kazakhstan-2022-unrest", "Беспорядки в Казахстане в январе 2022 года"),
    ],
)
def test_finds_feature_by_any_name(index, query, expected_id, matched):
    hits = search(index, query)
    assert hits, f"nothing found for {query!r}"
    assert (hits[0].id, hits[0].matched) == (expected_id, matched)


def test_one_result_per_feature_with_its_name(index):
    hits = search(index, "lenin")
    # both start with it; the shorter name (Leninsk) is the closer match
    assert [(h.id, h.matched) for h in hits] == [
        ("kaz-baikonur-cosmodrome", "Leninsk"),
        ("arm-102-military-base", "Leninakan"),
    ]
    assert hits[1].name == "102nd Military Base"


def test_exact_before_prefix_before_substring(index):
    ids = [h.id for h in search(index, "kazakhstan")]
    # the country is called exactly that; the conflict only contains the word
    assert ids == ["KAZ", "kazakhstan-2022-unrest"]


@pytest.mark.parametrize("query", ["", "   ", "—", "zzzz"])
def test_empty_or_unknown_query_finds_nothing(index, query):
    assert search(index, query) == []


def test_limit(index):
    assert len(search(index, "a", limit=2)) == 2


def test_point_result_bounds_and_view(index):
    hit = search(index, "Gyumri")[0]
    assert hit.bounds == pytest.approx((43.847, 40.7942, 43.847, 40.7942))
    assert hit.fit_bounds == [[40.7942, 43.847], [40.7942, 43.847]]
    assert hit.center == pytest.approx((40.7942, 43.847))
    assert hit.zoom == 11


def test_country_view_zooms_out_to_show_it(index):
    kaz = search(index, "Kazakhstan")[0]
    arm = search(index, "Armenia")[0]
    assert kaz.zoom < arm.zoom < 11


@pytest.mark.parametrize(
    ("bounds", "zoom"), [((0, 0, 0, 0), 11), ((0, 0, 360, 10), 1), ((0, 0, 1, 0.5), 9)]
)
def test_zoom_for(bounds, zoom):
    assert zoom_for(bounds) == zoom


@pytest.mark.parametrize(
    ("text", "folded"),
    [("Çeşme", "cesme"), ("Ёлка", "елка"), ("Kyrgyz–Tajik  border", "kyrgyz tajik border")],
)
def test_fold(text, folded):
    assert fold(text) == folded


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, []),
        ("", []),
        ("Gyumri", ["Gyumri"]),
        ('["a", "б"]', ["a", "б"]),
        (np.array(["a"]), ["a"]),
        (np.array([], dtype=float), []),
        (["a", None], ["a"]),
        (float("nan"), []),
    ],
)
def test_as_list(value, expected):
    assert as_list(value) == expected


def test_country_across_the_antimeridian_gets_its_own_bounds():
    russia = gpd.GeoDataFrame(
        {"id": ["RUS"], "iso3": ["RUS"], "name": ["Russia"], "name_ru": ["Россия"]},
        geometry=[MultiPolygon([box(20, 41, 180, 82), box(-180, 64, -169, 72)])],
        crs="EPSG:4326",
    )
    [hit] = search(build_index(russia), "Россия")
    assert hit.bounds == (20.0, 41.0, 191.0, 82.0)
    assert hit.center == (61.5, 105.5)
    assert 1 < hit.zoom < 5


@pytest.mark.parametrize(
    ("precision_m", "zoom"),
    [(None, 11), (50, 12), (1_000, 12), (3_000, 11), (6_000, 10), (80_000, 7)],
)
def test_point_view_shows_the_area_its_precision_allows(precision_m, zoom):
    facilities = _facilities().assign(precision_m=precision_m)
    hit = search(build_index(facilities=facilities), "Baikonur")[0]
    assert hit.zoom == zoom
    w, s, e, n = hit.bounds
    assert w <= 63.305 <= e and s <= 45.965 <= n
    if precision_m:
        # The frame reaches at least the stated uncertainty on every side of the point.
        half_height_m = (n - s) / 2 * 111_320
        assert half_height_m >= precision_m
        center, table_zoom = view_of(Point(63.305, 45.965), precision_m)
        assert center == pytest.approx((45.965, 63.305)) and table_zoom == zoom


def test_unusable_precision_falls_back_to_the_town_zoom():
    for value in (float("nan"), -5, "unknown", 0):
        assert view_of(Point(63.305, 45.965), value)[1] == 11


def _baikonur() -> list:
    """The cosmodrome, a launch pad on it and the town beside them, with their real names."""
    rows = [
        (
            "kaz-baikonur-city",
            "Baikonur (city)",
            "Байконур",
            ["Leninsk", "Ленинск"],
            "support town",
        ),
        (
            "kaz-baikonur-cosmodrome",
            "Baikonur Cosmodrome",
            "Космодром «Байконур»",
            ["Tyuratam", "Leninsk", "Ленинск"],
            "space launch site",
        ),
        (
            "kaz-baikonur-gagarins-start",
            "Gagarin's Start (Baikonur Site 1)",
            "Гагаринский старт",
            ["Baikonur Site 1"],
            "space launch site",
        ),
    ]
    gdf = gpd.GeoDataFrame(
        {
            "id": [r[0] for r in rows],
            "name": [r[1] for r in rows],
            "name_ru": [r[2] for r in rows],
            "alt_names": [r[3] for r in rows],
            "facility_type": [r[4] for r in rows],
        },
        geometry=[Point(63.31, 45.62), Point(63.305, 45.965), Point(63.342, 45.92)],
        crs="EPSG:4326",
    )
    return build_index(facilities=gdf)


@pytest.mark.parametrize("query", ["Байконур", "Baikonur", "baikonur", "Ленинск"])
def test_the_facility_ranks_above_the_town_named_like_it(query):
    ids = [m.id for m in search(_baikonur(), query)]
    assert ids[0] == "kaz-baikonur-cosmodrome"
    assert ids.index("kaz-baikonur-city") > ids.index("kaz-baikonur-cosmodrome")


def test_the_town_is_still_found_and_first_when_only_it_matches():
    assert [m.id for m in search(_baikonur(), "Baikonur (city)")][0] == "kaz-baikonur-city"
    assert [m.id for m in search(_baikonur(), "Звездоград")] == []


def test_a_features_own_name_before_an_alternate_one():
    # Both launch sites start with "Baikonur"; the cosmodrome is called so, the pad only also.
    ids = [m.id for m in search(_baikonur(), "Baikonur")]
    assert ids == ["kaz-baikonur-cosmodrome", "kaz-baikonur-gagarins-start", "kaz-baikonur-city"]


def test_a_country_named_exactly_still_comes_first(index):
    assert search(index, "Armenia")[0].id == "ARM"
