import json

import folium
from streamlit_folium import generate_leaflet_string

from dashboard.map.elements import GeoFeature, StateScript, Tiles, js_literal


def test_js_literal_is_json_and_script_safe():
    text = js_literal({"a": "</script><!-- ü"})
    assert "</" not in text and "<!--" not in text
    assert json.loads(text.replace("<\\!", "<!")) == {"a": "</script><!-- ü"}


def render(*children) -> str:
    group = folium.FeatureGroup(name="g")
    for child in children:
        group.add_child(child)
    return generate_leaflet_string(group, base_id="g")


def test_geo_feature_binds_tooltip_and_popup_to_each_path():
    feature = {"type": "Feature", "id": "x", "properties": {}, "geometry": None}
    js = render(GeoFeature(feature, {"color": "#000"}, "<b>t</b>", "<p>p</p>", "a"))
    assert "L.geoJSON(" in js and "onEachFeature" in js and "pointToLayer" not in js
    assert '.bindTooltip("<b>t<\\/b>"' in js and '.bindPopup("<p>p<\\/p>"' in js


def test_points_can_be_circles():
    feature = {
        "type": "Feature",
        "properties": {},
        "geometry": {"type": "Point", "coordinates": [1, 2]},
    }
    js = render(GeoFeature(feature, {"color": "#000"}, "t", "p", "a", point_radius=5))
    assert 'L.circleMarker(ll, {"color":"#000","radius":5})' in js


def test_state_script_and_tiles():
    js = render(
        StateScript({"countries": ["ARM"], "looks": {"countries": {"ARM": {"t": "</b>"}}}}),
        Tiles("https://t/{z}/{x}/{y}.png", "© OSM", 19, "tl"),
    )
    assert (
        'window.cstoApply({"countries":["ARM"],"looks":{"countries":{"ARM":{"t":"<\\/b>"}}}});'
        in js
    )
    assert 'L.tileLayer("https://t/{z}/{x}/{y}.png", {"attribution":"© OSM","maxZoom":19})' in js


def test_identical_input_gives_identical_js():
    feature = {"type": "Feature", "properties": {}, "geometry": None}
    assert render(GeoFeature(feature, {}, "t", "p", "a")) == render(
        GeoFeature(feature, {}, "t", "p", "a")
    )


TEMPLATE_PAYLOADS = [
    "{{ cycler.__init__.__globals__.os.getpid() }}",
    "{% for x in range(3) %}loop{% endfor %}",
    "{# hidden #}",
    "{{7*7}}",
]


def test_template_syntax_in_data_is_never_evaluated():
    # branca compiles every rendered script as a Jinja template: data text must reach the
    # browser as the same characters, neither evaluated nor breaking the map.
    feature = {"type": "Feature", "id": "x", "properties": {}, "geometry": None}
    payload = " ".join(TEMPLATE_PAYLOADS)
    m = folium.Map(tiles=None)
    m.add_child(GeoFeature(feature, {"color": "#000"}, payload, payload, "a"))
    html = m.get_root().render()
    assert "looplooploop" not in html
    tooltip = html.split(".bindTooltip(", 1)[1].split(", {", 1)[0]
    assert json.loads(tooltip) == payload


def test_an_element_drawn_again_in_another_group_names_that_group():
    feature = {"type": "Feature", "id": "x", "properties": {}, "geometry": None}
    element = GeoFeature(feature, {"color": "#000"}, "t", "p", "a")
    first = render(element)
    assert render(element) == first  # kept between runs: the same script
    other = folium.FeatureGroup(name="h")
    other.add_child(element)
    js = generate_leaflet_string(other, base_id="h")
    assert ".addTo(feature_group_h)" in js and "feature_group_g" not in js


def test_a_whole_map_page_holds_each_elements_script_once():
    feature = {"type": "Feature", "id": "x", "properties": {}, "geometry": None}
    m = folium.Map(tiles=None)
    group = folium.FeatureGroup(name="g").add_to(m)
    GeoFeature(feature, {"color": "#000"}, "{{ not evaluated }}", "p", "a").add_to(group)
    page = m.get_root().render()
    assert page.count("L.geoJSON(") == 1
    assert "{\\u007b not evaluated }}" in page


def test_an_outline_names_features_and_carries_no_shape():
    from dashboard.map.elements import Outline

    js = render(Outline([["countries", "ARM", "<b>Armenia</b>", "<p>p</p>"]], {"weight": 5}, "o"))
    assert 'window.cstoOutline(feature_group_g, [["countries","ARM","<b>Armenia<\\/b>",' in js
    assert '{"weight":5});' in js and "coordinates" not in js and "rings" not in js
