"""The data layers as a file of features plus a small state per run (map/layerstate.py)."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest

from dashboard.logic.style import STATUS_COLOURS
from dashboard.map import layerstate
from dashboard.map.layerstate import base_looks, facility_icon, file_content, state, write_file

NAMES = {"ARM": "Armenia"}


def content(layers):
    return file_content(layers, NAMES)


def shown(layers, *names):
    return {n: layers.get(n) for n in names}


def test_the_file_holds_every_feature_with_its_shape_and_texts(layers):
    got = content(layers)
    assert [len(got[n]) for n in ("countries", "conflicts", "facilities")] == [5, 4, 5]
    for rows in got.values():
        for f in rows:
            assert f["id"] and f["g"] and f["t"].startswith("<b>") and "csto-popup" in f["p"]
    # Facilities are points [lat, lon] with a name and a symbol; the rest delta-encoded rings.
    radar = next(f for f in got["facilities"] if f["id"] == "uzb-radar")
    point = layers.facilities.set_index("id").loc["uzb-radar", "geometry"]
    assert radar["g"] == [round(point.y, 6), round(point.x, 6)] and radar["i"]["html"]
    assert all("rings" in f["g"] for f in got["countries"])


def test_a_state_lists_what_the_filters_keep_in_order_and_nothing_else(layers):
    base = base_looks(content(layers))
    kept = layers.replace(
        facilities=layers.facilities.iloc[:2], countries=layers.countries.iloc[:1]
    )
    got = state(shown(kept, "countries", "facilities"), base, NAMES)
    assert got["countries"] == [str(layers.countries["id"].iloc[0])]
    assert got["facilities"] == [str(i) for i in layers.facilities["id"].iloc[:2]]
    assert got["conflicts"] == []  # not shown
    assert got["looks"] == {}  # drawn as the file has them


@pytest.mark.parametrize(
    ("names", "counts"),
    [
        (("countries",), (5, 0, 0)),
        (("facilities",), (0, 0, 5)),
        (("conflicts", "facilities"), (0, 4, 5)),
        ((), (0, 0, 0)),
    ],
)
def test_layer_switches_decide_what_the_state_draws(layers, names, counts):
    got = state(shown(layers, *names), base_looks(content(layers)), NAMES)
    assert tuple(len(got[n]) for n in ("countries", "conflicts", "facilities")) == counts


def test_states_are_deterministic_and_keyed_by_what_they_draw(layers):
    base = base_looks(content(layers))
    one = state(shown(layers, "countries"), base, NAMES)
    assert one == state(shown(layers, "countries"), base, NAMES)
    assert one["key"] != state(shown(layers, "facilities"), base, NAMES)["key"]


def test_a_different_status_travels_as_that_feature_s_whole_look(layers):
    base = base_looks(content(layers))
    former = layers.replace(countries=layers.countries.assign(status="former"))
    got = state(shown(former, "countries"), base, NAMES)
    fills = {f["s"]["fillColor"] for f in got["looks"]["countries"].values()}
    assert fills == {STATUS_COLOURS["former"]}
    changed = {
        i
        for i, s in zip(layers.countries["id"], layers.countries["csto_status"], strict=True)
        if s != "former"
    }
    assert set(got["looks"]["countries"]) == changed
    # The hover text says the status the map colours by.
    assert all(
        "Former member" in f["t"] or "former" in f["t"].lower()
        for f in got["looks"]["countries"].values()
    )


def test_a_feature_without_a_shape_is_in_neither_file_nor_state(layers):
    gone = layers.countries.iloc[[0]]["id"].iloc[0]
    blank = layers.replace(
        countries=layers.countries.assign(
            geometry=[
                None if i == gone else g
                for i, g in zip(layers.countries["id"], layers.countries.geometry, strict=True)
            ]
        )
    )
    file = content(blank)
    assert gone not in {f["id"] for f in file["countries"]}
    assert gone not in state(shown(blank, "countries"), base_looks(file), NAMES)["countries"]


def test_hostile_properties_are_inert_in_the_file_and_the_state(layers):
    file = content(layers)
    # Markup from data is escaped everywhere but in a symbol's name, set as plain text.
    names = [f.pop("n") for f in file["facilities"]]
    text = json.dumps(file, ensure_ascii=False)
    assert "<img src=x" not in text and "&lt;img src=x" in text
    assert any("<img src=x" in n for n in names)
    group = layerstate.state_group(
        state(shown(layers, "facilities"), base_looks(content(layers)), NAMES)
    )
    from streamlit_folium import generate_leaflet_string

    js = generate_leaflet_string(group, base_id="s")
    assert "</" not in js and "<!--" not in js
    outside_strings = re.sub(r'"(?:[^"\\]|\\.)*"', '""', js)
    assert "`" not in outside_strings and "${" not in outside_strings
    assert js.count("window.cstoApply(") == 1


def test_ongoing_and_ended_zones_look_different(layers):
    zones = {f["id"]: f["s"] for f in content(layers)["conflicts"]}
    assert sum(s.get("fillOpacity") == 0.35 for s in zones.values()) == 1  # afg-border ongoing
    assert sum(s.get("fillOpacity") == 0.2 for s in zones.values()) == 2  # two ended clashes
    assert sum(s.get("weight") == 4 for s in zones.values()) == 1  # the pipeline is a line


def test_countries_carry_their_class(layers):
    assert all(f["s"]["className"] == "csto-country" for f in content(layers)["countries"])


def test_facility_icon_shows_type_and_status(layers):
    props = layers.facilities.set_index("id").loc["uzb-radar"].to_dict() | {"id": "uzb-radar"}
    icon = facility_icon(props)
    assert icon["className"] == "facility-icon facility-radar"
    assert 'data-id="uzb-radar"' in icon["html"] and 'fill="#ffffff"' in icon["html"]


def test_the_file_is_named_by_its_content_and_old_files_are_pruned(tmp_path, layers):
    name = write_file(content(layers), tmp_path)
    assert re.fullmatch(r"layers-[0-9a-f]{16}\.json", name)
    assert json.loads((tmp_path / name).read_text()) == json.loads(json.dumps(content(layers)))
    assert write_file(content(layers), tmp_path) == name
    for i in range(layerstate.FILES_KEPT + 3):
        write_file({"countries": [], "conflicts": [], "facilities": [], "n": [i]}, tmp_path)
    left = list(tmp_path.glob("layers-*.json"))
    assert len(left) == layerstate.FILES_KEPT and not list(tmp_path.glob("*.tmp"))


def test_the_file_has_every_feature_as_it_stood_on_its_day(layers):
    # Features ended before the day (with their statuses then) and not yet there both stay.
    frames = layerstate.file_frames(layers, date(1990, 1, 1))
    for n in ("countries", "conflicts", "facilities"):
        assert sorted(frames.get(n)["id"]) == sorted(layers.get(n)["id"])
