"""Our map plus N synthetic event points, for the scale benchmark.

N comes from $CSTO_SYNTHETIC_POINTS. The points are filtered on the server (cached per filter
value) and drawn by ``dashboard.pointlayer``'s canvas layer, or by a marker cluster when
$CSTO_POINT_RENDERER is "cluster". Everything the app draws besides the points is the app's own
base map and layers, built the same way as in ``dashboard/app.py``.
"""

import os
import sys
from pathlib import Path

REPO = Path(os.environ.get("CSTO_REPO", Path(__file__).resolve().parent.parent))
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

import streamlit as st  # noqa: E402
from streamlit_folium import st_folium  # noqa: E402

from dashboard import layers, mapview, pointlayer, synthetic  # noqa: E402

N_POINTS = int(os.environ.get("CSTO_SYNTHETIC_POINTS", "1000"))
RENDERER = os.environ.get("CSTO_POINT_RENDERER", "canvas")
TITLE = "SYNTHETIC events (test data)"

st.set_page_config(page_title="CSTO map: scale test", layout="wide")


@st.cache_data(show_spinner=False)
def _events(n: int):
    return synthetic.generate_events(n)


@st.cache_data(show_spinner=False, max_entries=32)
def _packed(n: int, types: tuple[str, ...]) -> dict:
    shown = pointlayer.filter_points(_events(n), types=types)
    return pointlayer.encode_points(shown, categories=synthetic.EVENT_TYPES)


@st.cache_data(show_spinner=False)
def _real_layers(directory: str):
    try:
        data = layers.load_layers(Path(directory))
    except layers.LayerError:
        return None
    return data.replace(countries=layers.with_status(data.countries))


types = st.sidebar.multiselect(
    "SYNTHETIC event type", synthetic.EVENT_TYPES, key="synthetic_types", placeholder="All"
)
if RENDERER == "cluster":
    points = pointlayer.filter_points(_events(N_POINTS), types=types)
    group = pointlayer.cluster_point_layer(points, name=TITLE)
else:
    group = pointlayer.packed_canvas_layer(
        _packed(N_POINTS, tuple(types)),
        categories=synthetic.EVENT_TYPES,
        name=TITLE,
        label="SYNTHETIC",
    )
data = _real_layers(str(layers.geodata_dir()))
if data is None:
    groups = [group]
else:
    groups = mapview.build_layers(
        data.countries, data.facilities, data.conflicts, extra={TITLE: group}
    )
base = mapview.base_map()
if RENDERER == "cluster":
    # The cluster script must be in the base map's links: st_folium loads links only once.
    base.default_js = base.default_js + list(group._children.values())[0].default_js
    base.default_css = base.default_css + list(group._children.values())[0].default_css
st_folium(
    base,
    key="map",
    height=mapview.MAP_HEIGHT,
    use_container_width=True,
    feature_group_to_add=groups,
    layer_control=mapview.layer_control(),
    returned_objects=["last_object_clicked_tooltip"],
)
st.caption(f"{N_POINTS:,} SYNTHETIC points, not real data.")
