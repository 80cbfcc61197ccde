"""The page in Russian in a real browser, on the shipped layers, at a laptop's and a phone's
size: a ``?lang=ru`` link shows the sidebar, the legend and a clicked facility's details in
Russian, and no request leaves the machine."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from e2e import conftest
from e2e.conftest import LOCAL_HOSTS, MAP_FRAME, READY, STARTUP_TIMEOUT_S, WAITING_NOTE

KANT = "kgz-kant-air-base"


def _russian(message: str) -> str:
    from dashboard.logic import i18n

    i18n.use("ru")
    try:
        return i18n._(message)
    finally:
        i18n.use("en")


# The note under the map while its parts load, as a Russian reader reads it: the page is
# ready once it is gone.
RUSSIAN_WAITING = _russian(WAITING_NOTE + "…").rstrip("…")
# Around Bishkek, where Kant's symbol stands apart from the others.
NEAR_KANT = "lat=42.85&lon=74.7&zoom=10"
SIZES = {"laptop": (1440, 900), "phone": (390, 844)}


@pytest.fixture(scope="module")
def shipped_server(tmp_path_factory) -> Iterator[conftest.Server]:
    """The app on the shipped layers; on CSTO_E2E_PORT when set, else on a free port."""
    from dashboard.logic.layers import REPO_GEODATA

    if not (REPO_GEODATA / "facilities.geojson").exists():
        pytest.skip("geodata/ has no built layers yet (python -m geodata.build)")
    log = tmp_path_factory.mktemp("logs") / "russian.log"
    with pytest.MonkeyPatch.context() as patch:
        if os.environ.get("CSTO_E2E_PORT"):
            patch.setattr(conftest, "free_port", lambda: int(os.environ["CSTO_E2E_PORT"]))
        server = conftest.start_server(REPO_GEODATA, log)
    yield server
    conftest.stop_server(server)


def external(urls: list[str]) -> list[str]:
    return [
        u
        for u in urls
        if urlsplit(u).scheme in ("http", "https", "ws", "wss")
        and urlsplit(u).hostname not in LOCAL_HOSTS
    ]


def open_russian(page, url: str, size: str) -> list[str]:
    """Open ``url`` at ``size``; return the list the page's requests are recorded in."""
    requests: list[str] = []
    page.on("request", lambda req: requests.append(req.url))
    width, height = SIZES[size]
    page.set_viewport_size({"width": width, "height": height})
    page.goto(url)
    timeout = STARTUP_TIMEOUT_S * 1000
    page.locator(READY).wait_for(timeout=timeout)
    page.frame_locator(MAP_FRAME).locator(".leaflet-pane path.leaflet-interactive").first.wait_for(
        state="attached", timeout=timeout
    )
    assert RUSSIAN_WAITING != WAITING_NOTE
    page.get_by_text(RUSSIAN_WAITING).wait_for(state="detached", timeout=timeout)
    page.locator(READY).wait_for(timeout=timeout)
    return requests


@pytest.mark.parametrize("size", SIZES)
def test_a_russian_link_reads_in_russian(page, shipped_server, size, screenshot):
    requests = open_russian(page, f"{shipped_server.url}/?lang=ru&{NEAR_KANT}", size)
    expect(page.get_by_role("heading", name="ОДКБ на карте")).to_be_visible()
    # The legend beside (or under) the map, before anything is selected.
    legend = page.locator(".csto-legend").first
    expect(legend).to_contain_text("Государство-член")
    expect(legend).to_contain_text("Авиабаза")
    expect(legend).to_contain_text("Зоны конфликтов")
    expect(legend).not_to_contain_text("Member state")
    screenshot("legend")
    # The map's own controls and its attribution speak Russian too.
    frame = page.frame_locator(MAP_FRAME)
    expect(frame.locator(".leaflet-control-zoom-in")).to_have_attribute("title", "Приблизить")
    expect(frame.locator(".leaflet-control-attribution")).to_contain_text("Границы: Natural Earth")
    # A click on Kant's symbol: its details, in Russian.
    frame.locator(f'.facility-icon:has([data-id="{KANT}"])').click()
    details = page.locator(".st-key-details")
    expect(details.get_by_role("heading", name="Авиабаза «Кант»")).to_be_visible()
    expect(details).to_contain_text("Страна размещения")
    expect(details).to_contain_text("Киргизия (KGZ)")
    expect(details).to_contain_text("23 октября 2003")
    expect(details.get_by_role("button", name="Закрыть")).to_be_visible()
    screenshot("details")
    # The sidebar (opened first on a phone, where it starts folded away).
    sidebar = page.get_by_test_id("stSidebar")
    if not sidebar.is_visible() or size == "phone":
        opener = page.get_by_test_id("stExpandSidebarButton")
        if opener.is_visible():
            opener.click()
    expect(sidebar.get_by_text("Язык")).to_be_visible()
    expect(sidebar.get_by_role("radio", name="Русский")).to_be_checked()
    expect(sidebar).to_contain_text("Дата карты")
    expect(sidebar).to_contain_text("Слои")
    expect(sidebar).to_contain_text("Фильтры")
    screenshot("sidebar")
    assert "lang=ru" in page.url
    assert not external(requests), external(requests)


def test_a_badge_of_close_facilities_says_what_it_is_in_russian(page, shipped_server):
    requests = open_russian(page, f"{shipped_server.url}/?lang=ru", "laptop")
    badge = page.frame_locator(MAP_FRAME).locator(".csto-badge").first
    expect(badge).to_have_attribute("title", re.compile(r"^Объектов здесь: \d+\. Нажмите"))
    assert not external(requests), external(requests)
