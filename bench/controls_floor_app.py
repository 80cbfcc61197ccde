"""The controls floor: our app's sidebar and story panel over the smallest map.

The same kinds and number of widgets as ``dashboard/app.py``'s sidebar (a story picker, the
date slider and box, the event steps and play controls, the layer boxes, the basemap, six
multiselects, the distance, the test points, the uploader), with the same keys, labels and
help texts; the same story panel (caption, Previous, Next, chapter list, Leave, a chapter's
text, a claim box, sources) and zoom button above the map. The map is the smallest one: a
few circles in one ``feature_group_to_add`` group that a filter changes in place, and a
chapter moves to its own view through ``center`` and ``zoom``. Nothing is read from files and
nothing is drawn under the map, so what a filter or chapter change costs here is what these
controls and st_folium cost; the whole script reruns on every change, the plainest way.
Run by ``bench/run.py`` from a scratch folder that holds ``static/vendor``.
"""

from datetime import date

import folium
import streamlit as st
from streamlit_folium import st_folium

st.set_page_config(page_title="controls floor", layout="wide")

VENDOR = "../../app/static/vendor/leaflet"
TODAY = date(2026, 12, 1)
START = date(1992, 5, 15)
MEMBERS = {"Armenia": (40.1, 44.5), "Belarus": (53.9, 27.6), "Kazakhstan": (51.2, 71.4)}
FORMER = {"Azerbaijan": (40.4, 49.9), "Georgia": (41.7, 44.8), "Uzbekistan": (41.3, 69.2)}
NEIGHBOURS = {"China": (39.9, 116.4), "Afghanistan": (34.5, 69.2), "Mongolia": (47.9, 106.9)}
TYPES = {"air base": (42.9, 74.5), "radar": (46.6, 74.5), "space launch site": (45.9, 63.3)}
STATUSES = ("active", "closed")
ZONES = ("Nagorno-Karabakh", "Tajik–Afghan border", "Batken")
HOME = (46.0, 62.0, 3)
# Sixteen chapters, as in the shipped story; chapter 4's view is the shipped chapter 4's
# (bench/story.NEXT_VIEW), so the bench waits for the same move.
CHAPTERS = [
    {"title": f"Chapter {i + 1}", "date": date(1992 + 2 * i, 5, 15), "view": HOME, "types": ()}
    for i in range(16)
]
CHAPTERS[2] = {**CHAPTERS[2], "view": (38.6, 68.8, 7), "types": ("radar",)}
CHAPTERS[3] = {**CHAPTERS[3], "view": (43.3, 76.9, 8), "types": ("air base", "radar")}
TEXT = (
    "A chapter's text: what the essay claims, what the map shows on the chapter's date, and "
    "where the data stops. Two or three sentences, as long as the shipped chapters' own."
)


def _open(index: int) -> None:
    """Set the date, a filter and the view of chapter ``index``, as a chapter does."""
    ss = st.session_state
    chapter = CHAPTERS[index]
    ss["_chapter"] = ss["story_chapter_list"] = index
    ss["date"] = ss["date_box"] = chapter["date"]
    ss["facility_types"] = list(chapter["types"])
    ss["_view"] = chapter["view"]
    ss["_nav"] = ss.get("_nav", 0) + 1


ss = st.session_state
if "_seeded" not in ss:
    ss["_seeded"] = True
    ss["date"] = ss["date_box"] = TODAY
    for name in ("show_countries", "show_conflicts", "show_facilities"):
        ss[name] = True
    if st.query_params.get("story"):
        ss["story"] = "csto-record"
        _open(int(st.query_params.get("chapter", "1")) - 1)
    # The map starts where the link puts it; center and zoom move it only after that.
    ss["_home"], ss["_nav"] = ss.get("_view", HOME), 0

sb = st.sidebar
sb.selectbox(
    "Story",
    ["", "csto-record"],
    format_func=lambda s: "The CSTO's record, claim by claim" if s else "No story",
    key="story",
    help="A guided reading: each chapter sets the date, filters and view.",
)
sb.header("Date")
on = sb.slider(
    "Map date", START, TODAY, format="YYYY-MM-DD", key="date", help="Statuses on this day."
)
sb.date_input("Type a date", min_value=START, max_value=TODAY, key="date_box")
left, right = sb.columns(2)
left.button("Event", key="prev_event", icon=":material/skip_previous:", help="Previous event")
right.button("Event", key="next_event", icon=":material/skip_next:", help="Next event")
left, right = sb.columns(2, vertical_alignment="bottom")
left.button("Play", key="play_button", icon=":material/play_arrow:", help="Play the dates")
right.selectbox("Each step", ["1 month", "1 year"], key="speed")
sb.checkbox("Also show what had ended by then", key="past", help="Closed facilities too.")
sb.text_input("Search", key="q", placeholder="Gyumri, Байконур…", help="Any name.")
sb.header("Layers")
for name in ("countries", "conflicts", "facilities"):
    sb.checkbox(name.capitalize(), key=f"show_{name}")
sb.selectbox("Basemap", ["None (offline)", "OpenStreetMap"], key="basemap", help="Tiles.")
sb.header("Filters")
picked = []
for label, key, places in (
    ("Members", "countries_members", MEMBERS),
    ("Former members", "countries_former", FORMER),
    ("Neighbours", "countries_neighbours", NEIGHBOURS),
):
    picked += sb.multiselect(label, list(places), key=key, placeholder="All", help="By status.")
types = sb.multiselect("Facility type", list(TYPES), key="facility_types", placeholder="All")
sb.multiselect("Facility status", STATUSES, key="facility_statuses", placeholder="All")
sb.multiselect("Conflict zone", ZONES, key="zones", placeholder="All")
sb.number_input("Facilities within … km", 0.0, 20000.0, None, 25.0, key="within", help="km")
sb.selectbox("SYNTHETIC points", [0, 1000], key="synthetic_points", help="Test points.")
sb.header("Your layer")
sb.file_uploader("Add your own layer", type=["geojson"], key="upload_file", help="GeoJSON.")

st.title("The CSTO on a map")
st.caption("The controls floor: the app's controls over the smallest map.")
panel = st.container(key="story_panel")
if ss.get("story"):
    index = ss["_chapter"]
    with panel:
        st.caption(f"Story: **The CSTO's record** · chapter {index + 1} of {len(CHAPTERS)}")
        with st.container(horizontal=True, vertical_alignment="bottom", gap="small"):
            st.button(
                "Previous", key="story_prev", on_click=_open, args=(max(index - 1, 0),),
                disabled=index == 0, icon=":material/arrow_back:",
            )  # fmt: skip
            st.button(
                "Next", key="story_next", on_click=_open, args=(min(index + 1, 15),),
                disabled=index == 15, icon=":material/arrow_forward:",
            )  # fmt: skip
            st.selectbox(
                "Chapter", range(len(CHAPTERS)), key="story_chapter_list", width=250,
                format_func=lambda i: f"{i + 1}/16 · {CHAPTERS[i]['title']}",
                on_change=lambda: _open(ss["story_chapter_list"]), label_visibility="collapsed",
            )  # fmt: skip
            st.button("Leave story", key="story_leave", icon=":material/close:", type="tertiary")
        text, side = st.columns([3, 2], gap="medium")
        with text:
            st.subheader(CHAPTERS[index]["title"], anchor=False)
            st.caption(f"Map date: {CHAPTERS[index]['date'].isoformat()}")
            st.markdown(TEXT)
        with side, st.container(border=True):
            st.markdown("**Claim.** What the chapter tests against the data.")
            with st.container(horizontal=True, vertical_alignment="center", gap="small"):
                st.badge("Supported", color="green", width="content")
                st.caption("What the data says about it.")
        side.markdown("**Sources**\n- [A source](https://example.org/)")
st.button("Zoom to selection", key="zoom_to", icon=":material/center_focus_strong:")

home = ss["_home"]
m = folium.Map(location=home[:2], zoom_start=home[2], tiles=None)
m.default_js = [("leaflet", f"{VENDOR}/leaflet.js")]
m.default_css = [("leaflet_css", f"{VENDOR}/leaflet.css")]
group = folium.FeatureGroup(name="Picked")
for name in picked or list(MEMBERS):
    folium.CircleMarker({**MEMBERS, **FORMER, **NEIGHBOURS}[name], radius=8).add_to(group)
for name in types or list(TYPES):
    folium.CircleMarker(TYPES[name], radius=4).add_to(group)
view = ss.get("_view") if ss["_nav"] else None
center, zoom = (None, None) if view is None else (list(view[:2]), view[2])
if zoom is not None and ss.get("_nav", 0) % 2:
    zoom += 1e-6  # st_folium moves the map only when center or zoom differ from the last
st_folium(
    m, feature_group_to_add=group, returned_objects=[], key="map", height=620,
    use_container_width=True, center=center, zoom=zoom,
)  # fmt: skip
