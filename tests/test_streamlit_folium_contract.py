"""What the app relies on in streamlit-folium beyond its documented API (see views/map.py).

Each test pins one behaviour of the pinned release; if an upgrade changes it, the test says
which assumption broke before the map silently stops drawing, selecting or caching.
"""

from __future__ import annotations

import inspect
from pathlib import Path

import folium
import streamlit_folium
from streamlit_folium import _get_feature_group_string, get_full_id, st_folium

from dashboard.map import build
from dashboard.map.elements import GeoFeature

FEATURE = {
    "type": "Feature",
    "id": "arm",
    "properties": {"id": "arm", "layer": "countries"},
    "geometry": {"type": "Point", "coordinates": [44.5, 40.2]},
}


def _group() -> tuple[folium.FeatureGroup, GeoFeature]:
    group = folium.FeatureGroup(name="Countries")
    child = GeoFeature(FEATURE, {"color": "#000"}, "tip", "popup", "abc123", point_radius=4)
    group.add_child(child)
    return group, child


class _Counting:
    """Stands in for a compiled template and counts how often its script is rendered."""

    def __init__(self, inner) -> None:
        self.inner, self.calls = inner, 0
        counter = self

        class _Module:
            def script(self, this, kwargs):
                counter.calls += 1
                return counter.inner.module.script(this, kwargs)

        self.module = _Module()


def test_st_folium_takes_the_arguments_the_map_view_passes():
    params = inspect.signature(st_folium).parameters
    for name in (
        "key",
        "height",
        "use_container_width",
        "feature_group_to_add",
        "layer_control",
        "returned_objects",
        "center",
        "zoom",
        "on_change",
    ):
        assert name in params, name


def test_the_map_is_named_by_its_id_and_renamed_map_div_in_group_scripts():
    m = build.base_map()
    assert get_full_id(m) == "map_csto"
    group, _ = _group()
    script = _get_feature_group_string(group, m, 0)
    assert "map_csto" not in script
    assert "map_div.addLayer(feature_group_feature_group_0);" in script


def test_groups_are_numbered_by_their_place_in_the_list():
    group, child = _group()
    script = _get_feature_group_string(group, build.base_map(), 2)
    assert group._id == "feature_group_2"
    assert "map_div.addLayer(feature_group_feature_group_2);" in script
    # Each element is renamed after its group and its place in it.
    assert child._id == "feature_group_2_0"
    assert child.get_name() in script


def test_each_element_is_rendered_through_template_module_script_twice_then_never():
    group, child = _group()
    counting = _Counting(child._template.module._template)
    child._template.module._template = counting
    _get_feature_group_string(group, build.base_map(), 0)
    # Once by the group's render(), once after the renaming: two names, two renders.
    assert counting.calls == 2
    # A rerun hands the same group at the same place to a new base map: same names, so the
    # element's remembered script is reused (dashboard.map.elements._Module).
    _get_feature_group_string(group, build.base_map(), 0)
    assert counting.calls == 2


def test_a_click_reaches_session_state_under_the_maps_key_before_the_next_run():
    source = inspect.getsource(st_folium)
    assert "st.session_state[key] = st.session_state.get(hash_key" in source
    assert "on_change=_on_change" in source
    # The app's own callback (views/progressive.map_changed) runs after that copy, so it
    # reads the new value under the map's key.
    copy = source.index("st.session_state[key] = st.session_state.get(hash_key")
    assert copy < source.index("on_change()", copy)


def test_the_frontend_returns_the_clicked_tooltip_and_exposes_streamlit():
    build_dir = Path(streamlit_folium.__file__).parent / "frontend" / "build"
    bundle = "".join(p.read_text(errors="ignore") for p in build_dir.rglob("*.js"))
    # views/map.py reads the click as "last_object_clicked_tooltip".
    assert "last_object_clicked_tooltip" in bundle
    # The base map's script reports "drawn" with window.Streamlit.setComponentValue.
    assert "window.Streamlit=" in bundle
