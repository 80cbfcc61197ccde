import re

import folium
import pytest
from streamlit_folium import generate_leaflet_string

from dashboard.map import assets
from dashboard.map.build import (
    ATTRIBUTION,
    BASEMAPS,
    OFFLINE,
    base_map,
    layer_control,
    map_groups,
    user_layer,
)
from dashboard.map.offline import LEAFLET_CSS, LEAFLET_JS


def test_base_map_loads_only_local_leaflet():
    html = base_map().get_root().render()
    srcs = re.findall(r'<script[^>]*src="([^"]+)"', html)
    links = re.findall(r'<link[^>]*href="([^"]+)"', html)
    assert srcs == [LEAFLET_JS, assets.JS_URL] and links == [LEAFLET_CSS, assets.CSS_URL]
    assert "jquery" not in html.lower() and "bootstrap" not in html.lower()
    assert LEAFLET_JS.startswith("../../app/static/vendor/")


def test_base_map_is_deterministic_and_has_attribution():
    first, second = base_map().get_root().render(), base_map().get_root().render()
    assert first == second
    assert ATTRIBUTION in first
    assert "tileLayer" not in first  # no tiles: the offline default needs none


def _state_group():
    return folium.FeatureGroup(name="Layers", control=False)


@pytest.mark.parametrize("name", [n for n in BASEMAPS if n != OFFLINE])
def test_online_basemap_is_a_separate_attributed_group_under_the_layers(name):
    layers = _state_group()
    groups = map_groups(layers, basemap=name)
    js = generate_leaflet_string(groups[0], base_id="b")
    assert "L.tileLayer(" in js and "OpenStreetMap" in js
    assert groups[0].control is False and groups[1] is layers


def test_offline_basemap_adds_no_tiles():
    layers = _state_group()
    assert map_groups(layers, basemap=OFFLINE) == [layers]


def test_layer_control_is_open():
    control = layer_control()
    assert isinstance(control, folium.LayerControl) and control.options["collapsed"] is False


def test_user_layer_draws_any_frame_with_escaped_properties():
    import geopandas as gpd
    from shapely.geometry import Point, box

    gdf = gpd.GeoDataFrame(
        {
            "name": ["<script>x</script>", None],
            "weird key <b>": ["${1}", "`"],
            "geometry": [Point(70, 40), box(70, 40, 71, 41)],
        },
        crs="EPSG:4326",
    )
    group = user_layer(gdf, "My <layer>")
    js = generate_leaflet_string(group, base_id="u")
    assert js.count("L.geoJSON(") == 2 and js.count("L.circleMarker(") == 1
    assert "&lt;script&gt;x&lt;/script&gt;" in js and "weird key &lt;b&gt;" in js
    assert "Feature 2" in js and "My &lt;layer&gt;" in js
    assert "</" not in js
    outside_strings = re.sub(r'"(?:[^"\\]|\\.)*"', '""', js)
    assert "`" not in outside_strings and "${" not in outside_strings
    layers = _state_group()
    assert map_groups(layers, extra={"My <layer>": group}) == [layers, group]


def test_base_map_sets_up_the_context_and_spreads_symbols():

    html = base_map().get_root().render()
    assert "cstoContext(map_csto," in html and "cstoSpread(map_csto, " in html
    assert "GeoNames, CC BY 4.0" in html and "../../app/static/context/" in html
    # The functions it calls are in the map's script file, loaded after Leaflet.
    for name in ("cstoContext", "cstoSpread", "cstoLayers", "cstoSyncAddress"):
        assert f"function {name}(" in assets.JS and f"function {name}(" not in html
    assert "window.cstoDecodeGeometry = function" in assets.JS
    # Translucent fills over tiles, opaque on the offline basemap.
    assert "path.csto-country { fill-opacity: 0.42; }" in assets.CSS


def test_the_map_s_files_are_written_once_and_named_by_content(tmp_path):
    written = assets.ensure_assets(tmp_path)
    assert sorted(p.name for p in written) == sorted([assets.JS_NAME, assets.CSS_NAME])
    assert (tmp_path / "csto" / assets.JS_NAME).read_text() == assets.JS
    assert assets.ensure_assets(tmp_path) == []
    assert assets.JS_URL.endswith("/csto/" + assets.JS_NAME)


def test_base_map_draws_the_layers_from_the_named_file():
    html = base_map(layers_file="layers-abc.json").get_root().render()
    assert 'cstoLayers(map_csto, {"base": "../../app/static/layers/", "failed": ' in html
    assert '"file": "layers-abc.json"' in html
    assert base_map(layers_file="layers-abc.json").get_root().render() == html
