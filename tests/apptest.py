"""Helpers for driving the whole app through Streamlit's AppTest; the fixtures that use them
(``app``, ``downloads``) are in conftest.py."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")
_GEOJSON_ID = re.compile(r'"properties":\{"id":"([^"]*)","layer":"(\w+)"\}')
_MARKER_ID = re.compile(r'featureId: "([^"]*)"')


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


def drawn(at: AppTest) -> dict[str, list[str]]:
    """Feature ids per layer in the feature groups sent to the map."""
    js = map_args(at)["feature_group"]
    out: dict[str, list[str]] = defaultdict(list)
    for fid, layer in _GEOJSON_ID.findall(js):
        out[layer].append(fid)
    out["facilities"] = _MARKER_ID.findall(js)
    return {k: sorted(v) for k, v in out.items() if v}


def downloaded(at: AppTest, served: dict[str, bytes]) -> dict[str, list[str]]:
    """Feature ids per layer in each per-layer download button's file."""
    out = {}
    for button in at.get("download_button"):
        key = button.proto.id.rsplit("-", 1)[-1]
        if key == "download_other":  # made on click, in another format
            continue
        data = json.loads(served_bytes(button, served))
        assert data["type"] == "FeatureCollection"
        out[key.removeprefix("download_")] = sorted(f["id"] for f in data["features"])
    return out
