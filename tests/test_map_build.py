import re

import folium
import pytest
from streamlit_folium import generate_leaflet_string

from dashboard.logic.style import STATUS_COLOURS
from dashboard.map.build import (
    ATTRIBUTION,
    BASEMAPS,
    OFFLINE,
    base_map,
    build_layers,
    facility_icon,
    layer_control,
    user_layer,
)
from dashboard.map.offline import LEAFLET_CSS, LEAFLET_JS


def render(layers, **kwargs) -> str:
    m = base_map()
    for group in build_layers(layers.countries, layers.facilities, layers.conflicts, **kwargs):
        group.add_to(m)
    layer_control().add_to(m)
    return m.get_root().render()


def group_js(layers, **kwargs) -> list[str]:
    groups = build_layers(layers.countries, layers.facilities, layers.conflicts, **kwargs)
    return [generate_leaflet_string(g, base_id=f"g{i}") for i, g in enumerate(groups)]


def test_base_map_loads_only_local_leaflet():
    html = base_map().get_root().render()
    srcs = re.findall(r'<script[^>]*src="([^"]+)"', html)
    links = re.findall(r'<link[^>]*href="([^"]+)"', html)
    assert srcs == [LEAFLET_JS] and links == [LEAFLET_CSS]
    assert "jquery" not in html.lower() and "bootstrap" not in html.lower()
    assert LEAFLET_JS.startswith("../../app/static/vendor/")


def test_base_map_is_deterministic_and_has_attribution():
    first, second = base_map().get_root().render(), base_map().get_root().render()
    assert first == second
    assert ATTRIBUTION in first
    assert "tileLayer" not in first  # no tiles: the offline default needs none


def test_every_feature_is_drawn(layers):
    html = render(layers)
    # 5 countries + 4 conflicts as GeoJSON, 5 facilities as symbol markers.
    assert html.count("L.geoJSON(") == 9
    assert html.count("L.marker(") == 5
    assert html.count(".bindPopup(") == 14 and html.count(".bindTooltip(") == 14
    # The sidebar switches the data layers; the map's control lists none of them.
    assert '"Countries"' not in html and '"Facilities"' not in html


def test_filtered_frames_are_drawn_as_given(layers):
    html = render(
        layers.replace(facilities=layers.facilities.iloc[:2], countries=layers.countries.iloc[:1])
    )
    assert html.count("L.marker(") == 2
    assert html.count("L.geoJSON(") == 1 + 4


@pytest.mark.parametrize(
    ("show", "geojson", "markers"),
    [
        (("countries",), 5, 0),
        (("facilities",), 0, 5),
        (("conflicts", "facilities"), 4, 5),
        ((), 0, 0),
    ],
)
def test_layer_toggles(layers, show, geojson, markers):
    js = "".join(group_js(layers, show=show))
    assert js.count("L.geoJSON(") == geojson and js.count("L.marker(") == markers


def test_groups_are_deterministic(layers):
    # Identical JS between reruns: Streamlit then resends nothing and the map is not redrawn.
    assert group_js(layers) == group_js(layers)


def test_countries_coloured_by_status_column(layers):
    js = "".join(group_js(layers.replace(countries=layers.countries.assign(status="former"))))
    assert js.count(f'"fillColor":"{STATUS_COLOURS["former"]}"') == 5


def test_hostile_properties_are_inert_in_the_script(layers):
    js = "".join(group_js(layers))
    # Nothing can close a <script> element or open an HTML comment in it.
    assert "</" not in js and "<!--" not in js
    # Data only ever appears inside JSON string literals, where ` and ${ are inert.
    outside_strings = re.sub(r'"(?:[^"\\]|\\.)*"', '""', js)
    assert "`" not in outside_strings and "${" not in outside_strings
    assert "__xss" not in outside_strings
    # Markup from data is escaped, except in the marker's plain-text title and alt.
    assert js.count("<img src=x") == 2
    assert js.count("&lt;img src=x") == 2  # tooltip, popup heading (the panel has the rest)


def test_ongoing_and_ended_zones_differ(layers):
    js = "".join(group_js(layers, show=("conflicts",)))
    assert js.count('"fillOpacity":0.35') == 1  # afg-border is ongoing
    assert js.count('"fillOpacity":0.2') == 2  # two ended clashes
    assert js.count('"weight":4') == 1  # the pipeline is a line


@pytest.mark.parametrize("name", [n for n in BASEMAPS if n != OFFLINE])
def test_online_basemap_is_a_separate_attributed_group(layers, name):
    groups = build_layers(layers.countries, layers.facilities, layers.conflicts, basemap=name)
    js = generate_leaflet_string(groups[0], base_id="b")
    assert "L.tileLayer(" in js and "OpenStreetMap" in js
    assert groups[0].control is False


def test_offline_basemap_adds_no_tiles(layers):
    js = "".join(group_js(layers, basemap=OFFLINE))
    assert "tileLayer" not in js


def test_facility_icon_shows_type_and_status(layers):
    props = layers.facilities.set_index("id").loc["uzb-radar"].to_dict() | {"id": "uzb-radar"}
    icon = facility_icon(props)
    assert icon["className"] == "facility-icon facility-radar"
    assert 'data-id="uzb-radar"' in icon["html"] and 'fill="#ffffff"' in icon["html"]


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
    groups = build_layers(
        *(gpd.GeoDataFrame(geometry=[], crs="EPSG:4326") for _ in range(3)),
        show=(),
        extra={"My <layer>": group},
    )
    assert groups == [group]


def test_base_map_sets_up_the_context_and_spreads_symbols():

    html = base_map().get_root().render()
    assert "cstoContext(map_csto," in html and "cstoSpread(map_csto)" in html
    assert "GeoNames, CC BY 4.0" in html and "../../app/static/context/" in html
    # Translucent fills over tiles, opaque on the offline basemap.
    assert "path.csto-country { fill-opacity: 0.42; }" in html


def test_country_paths_carry_their_class(layers):
    js = "".join(group_js(layers, show=("countries",)))
    assert '"className":"csto-country"' in js
