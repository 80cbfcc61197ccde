from pathlib import Path

import folium

from dashboard.map.offline import (
    LEAFLET_CSS,
    LEAFLET_JS,
    PACKAGES,
    ensure_vendor,
    use_local_assets,
)


def test_copies_leaflet(tmp_path: Path):
    written = ensure_vendor(tmp_path)
    assert (tmp_path / "leaflet" / "leaflet.js").is_file()
    assert (tmp_path / "leaflet" / "leaflet.css").is_file()
    assert (tmp_path / "leaflet" / "images" / "layers.png").is_file()
    assert written and not list(tmp_path.rglob("*.map"))
    src = PACKAGES["leaflet"] / "leaflet.js"
    assert (tmp_path / "leaflet" / "leaflet.js").read_bytes() == src.read_bytes()


def test_second_run_copies_nothing(tmp_path: Path):
    ensure_vendor(tmp_path)
    assert ensure_vendor(tmp_path) == []


def test_changed_or_missing_files_are_restored(tmp_path: Path):
    ensure_vendor(tmp_path)
    js = tmp_path / "leaflet" / "leaflet.js"
    js.write_text("broken")
    (tmp_path / "leaflet" / "leaflet.css").unlink()
    assert sorted(p.name for p in ensure_vendor(tmp_path)) == ["leaflet.css", "leaflet.js"]
    assert js.read_bytes() == (PACKAGES["leaflet"] / "leaflet.js").read_bytes()


def test_urls_are_relative_to_the_component_iframe():
    for url in (LEAFLET_JS, LEAFLET_CSS):
        assert url.startswith("../../app/static/vendor/leaflet/")


def test_use_local_assets_drops_every_cdn_link():
    m = use_local_assets(folium.Map(tiles=None))
    links = [url for _, url in m.default_js + m.default_css]
    assert links == [LEAFLET_JS, LEAFLET_CSS]
    # The class defaults stay untouched for other maps.
    assert any("cdn" in url for _, url in folium.Map.default_js)


def test_context_files_are_written_once_and_cut_down(tmp_path: Path):
    import json

    from dashboard.map.encoding import decode_ring
    from dashboard.map.offline import CONTEXT_FILES, PLACES, ensure_context

    written = ensure_context(tmp_path)
    assert sorted(p.name for p in written) == sorted(CONTEXT_FILES)
    assert ensure_context(tmp_path) == []
    shapes = json.loads((tmp_path / "outlines.json").read_text())
    assert len(shapes["features"]) == 25
    first = shapes["features"][0]
    assert set(first["properties"]) == {"id"} and "rings" in first["geometry"]
    ring = first["geometry"]["rings"][0]
    ring = ring[0] if isinstance(ring, list) else ring
    assert len(decode_ring(ring)) >= 4
    places = json.loads((tmp_path / PLACES).read_text())
    assert len(places) > 1000 and all(len(row) == 5 for row in places)


def test_a_country_label_stands_inside_its_largest_part():
    from dashboard.map.offline import country_labels

    island = [[[50, 50], [51, 50], [51, 51], [50, 51], [50, 50]]]
    mainland = [[[10, 40], [20, 40], [20, 46], [10, 46], [10, 40]]]
    collection = {
        "features": [
            {
                "properties": {"name": "Two parts"},
                "geometry": {"type": "MultiPolygon", "coordinates": [island, mainland]},
            }
        ]
    }
    ((lon, lat, name, west, south, east, north),) = country_labels(collection)
    assert name == "Two parts" and (west, south, east, north) == (10, 40, 20, 46)
    assert 10 < lon < 20 and 40 < lat < 46


def test_a_russian_reader_gets_the_towns_and_countries_named_in_russian(tmp_path: Path):
    import json

    from dashboard.logic import i18n
    from dashboard.map import context
    from dashboard.map.offline import COUNTRY_LABELS, PLACES, ensure_context

    ensure_context(tmp_path)
    english = {row[2] for row in json.loads((tmp_path / PLACES).read_text())}
    towns = json.loads((tmp_path / "places.ru.json").read_text())
    countries = {row[2] for row in json.loads((tmp_path / "labels.ru.json").read_text())}
    assert {"Москва", "Ереван", "Душанбе"} <= {row[2] for row in towns}
    assert "Moscow" in english and "Москва" not in english
    assert {"Армения", "Казахстан"} <= countries
    assert len(towns) == len(json.loads((tmp_path / PLACES).read_text()))
    try:
        i18n.use("ru")
        ru = context.options()
        i18n.use("en")
        en = context.options()
    finally:
        i18n.use("en")
    assert (ru["places"], ru["labels"]) == ("places.ru.json", "labels.ru.json")
    assert (en["places"], en["labels"]) == (PLACES, COUNTRY_LABELS)
