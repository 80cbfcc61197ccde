"""The shipped layers in geodata/ drawn in a real browser, with nothing fetched from outside."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from dashboard.logic.layers import LAYER_NAMES, REPO_GEODATA
from e2e.conftest import LOCAL_HOSTS, open_app, start_server, stop_server


@pytest.fixture(scope="module")
def shipped_server(tmp_path_factory):
    if not all((REPO_GEODATA / f"{name}.geojson").exists() for name in LAYER_NAMES):
        pytest.skip("geodata/ has no built layers yet (python -m geodata.build)")
    server = start_server(REPO_GEODATA, tmp_path_factory.mktemp("logs") / "shipped.log")
    yield server
    stop_server(server)


def feature_count(name: str) -> int:
    data = json.loads((REPO_GEODATA / f"{name}.geojson").read_text(encoding="utf-8"))
    return len(data["features"])


def test_shipped_layers_draw_offline(page, shipped_server, screenshot):
    visit = open_app(page, shipped_server.url)
    # One SVG path per country or conflict feature, one symbol per facility.
    paths = feature_count("countries") + feature_count("conflicts")
    expect(visit.map.locator("path.leaflet-interactive")).to_have_count(paths)
    expect(visit.map.locator(".facility-icon")).to_have_count(feature_count("facilities"))
    expect(page.get_by_role("button", name="All layers shown")).to_be_visible()
    outside = [
        u for u in visit.requests
        if urlsplit(u).scheme in ("http", "https") and urlsplit(u).hostname not in LOCAL_HOSTS
    ]  # fmt: skip
    assert outside == [] and visit.errors == []
    screenshot()
