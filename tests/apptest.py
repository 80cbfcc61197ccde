"""Helpers for driving the whole app through Streamlit's AppTest; the fixtures that use them
(``app``, ``downloads``) are in conftest.py."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")
_STATE = re.compile(r"window\.cstoApply\((.*?)\);\n")
LAYER_NAMES = ("countries", "conflicts", "facilities")


def served_bytes(button, served: dict[str, Any]) -> bytes:
    """Return the file a download button gives: stored, or made as a click would make it."""
    data = served[button.proto.url or button.proto.deferred_file_id]
    return data() if callable(data) else data


def open_page(at: AppTest) -> AppTest:
    """Run the app as a browser opening it does: the first run sends the map and its legend,
    and the map's report that it has drawn runs the app again, with the rest of the page."""
    at.run()
    assert not at.exception, at.exception
    return at.run()


def map_args(at: AppTest) -> dict:
    (component,) = at.get("component_instance")
    return json.loads(component.proto.json_args)


def map_state(at: AppTest) -> dict[str, Any]:
    """The data layers' state sent to the map in this run (see dashboard/map/layerstate.py)."""
    (found,) = _STATE.findall(map_args(at)["feature_group"])
    return json.loads(found.replace("<\\/", "</"))


def layers_file(at: AppTest) -> dict[str, list[dict]]:
    """The data layers' file the map reads, by the name the base map gives."""
    from dashboard.map.offline import LAYERS_DIR

    (name,) = re.findall(r'"file": "(layers-[0-9a-f]+\.json)"', map_args(at)["script"])
    return json.loads((LAYERS_DIR / name).read_text(encoding="utf-8"))


def drawn_looks(at: AppTest, layer: str) -> dict[str, dict]:
    """Each drawn feature's look (hover text, popup, style or symbol) on the map date."""
    file = {f["id"]: f for f in layers_file(at)[layer]}
    state = map_state(at)
    changed = state["looks"].get(layer, {})
    return {fid: changed.get(fid, file[fid]) for fid in state[layer]}


def drawn(at: AppTest) -> dict[str, list[str]]:
    """Feature ids per layer that the map draws in this run."""
    state = map_state(at)
    return {n: sorted(state[n]) for n in LAYER_NAMES if state.get(n)}


def downloaded(at: AppTest, served: dict[str, bytes]) -> dict[str, list[str]]:
    """Feature ids per layer in each per-layer download button's file."""
    out = {}
    for button in at.get("download_button"):
        key = button.proto.id.rsplit("-", 1)[-1]
        if key in ("download_other", "download_image"):  # made on click, in another format
            continue
        data = json.loads(served_bytes(button, served))
        assert data["type"] == "FeatureCollection"
        out[key.removeprefix("download_")] = sorted(f["id"] for f in data["features"])
    return out
