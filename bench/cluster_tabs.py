"""Steps of bench/load_cluster.py for the protocol-level sessions (bench/st_client.Tab): open
the map, pick a filter, download, upload; come back after a replica died; reload the link.

What counts, and how it is checked without a browser:

- **map drawn**: the map component arrived and its iframe page and Leaflet were fetched
  (then the map reports it has drawn and the rest of the page follows, see
  ``dashboard/views/progressive``);
- **the link's state**: the countries the map draws (the ids in the layers' state it is sent)
  are the link's ``countries``, and, once the sidebar is back, the multiselect holds the
  chosen country;
- **errors**: an exception element in any run, an HTTP answer of 400 or more, a request
  that got no answer.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
from urllib.parse import parse_qs

from bench import st_protocol as proto
from bench.cluster_report import Session
from bench.load_sessions import upload_bytes
from bench.st_client import Tab, TabError
from cluster.config import COOKIE
from dashboard.map.build import DRAWN_SIGNAL

FILTER_KEY = "countries_members"
AFTER_KEY = "facility_types"
DOWNLOAD_KEY = "download_countries"
UPLOAD_KEY = "upload_file"
# The data layers' state in the map's groups (dashboard/map/layerstate.py).
STATE = re.compile(r"window\.cstoApply\((.*?)\);\n")


def new_tab(base: str, timeout_s: float) -> Tab:
    """A tab whose map reports it has drawn once its iframe is up, as the app's map does."""
    return Tab(base, on_mount=lambda _component: {DRAWN_SIGNAL: 1}, timeout=timeout_s)


def drawn_countries(page: proto.Page) -> set[str] | None:
    """The ISO3 ids of the countries the page's map draws (None without a map)."""
    element = page.component()
    if element is None:
        return None
    found = STATE.findall(proto.map_args(element).get("feature_group") or "")
    return {c for state in found for c in json.loads(state).get("countries", [])}


def link_countries(query: str) -> set[str]:
    """The ``countries`` of a link's query string."""
    values = parse_qs(query).get("countries", [])
    return {c for v in values for c in v.split(",") if c}


def chosen(page: proto.Page, key: str) -> list[str] | None:
    """What multiselect ``key`` holds on the page (None when it is not drawn)."""
    element = page.widget(key)
    if element is None:
        return None
    state = page.values.get(element.multiselect.id)
    return list(state.string_array_value.data) if state is not None else []


def whole(tab: Tab, since: int) -> bool:
    """A whole page drawn by a run after run ``since``: the sidebar and the map are back."""
    page = tab.page
    return (
        page.idle_after(since)
        and page.widget(FILTER_KEY) is not None
        and (page.run_of(page.widget(FILTER_KEY)) or 0) > since
    )


async def load(tab: Tab, s: Session, *, reload: bool = False) -> tuple[float, float]:
    """Open (or reload) the tab; return seconds to the drawn map and to the whole page."""
    started = time.monotonic()
    await (tab.reload() if reload else tab.open())
    await tab.until(lambda: tab.mounted_at is not None, "the map")
    map_s = tab.mounted_at - started
    await tab.until(lambda: whole(tab, 0), "the page under the map")
    _note_exceptions(tab, s)
    return map_s, time.monotonic() - started


async def pick(tab: Tab, s: Session, key: str) -> tuple[str, float]:
    """Pick option ``s.number`` (modulo) of multiselect ``key``; return it and the seconds
    until the run it causes has finished with the map in it."""
    element = tab.page.widget(key)
    if element is None:
        raise TabError(f"no multiselect {key!r} on the page")
    options = list(element.multiselect.options)
    choice = options[s.number % len(options)]
    tab.page.set_value(proto.multiselect_state(element, [choice]))
    started = time.monotonic()
    await tab.run(f"the filter {key}")
    took = time.monotonic() - started
    if tab.page.run_of(tab.page.component()) != tab.page.ok_run:
        raise TabError(f"the filter {key} ran without sending the map")
    _note_exceptions(tab, s)
    return choice, took


async def download(tab: Tab, s: Session) -> bool:
    """Download the countries layer; True if it holds exactly the link's countries."""
    data = json.loads(await tab.download(DOWNLOAD_KEY))
    got = {f["properties"].get("iso3") for f in data.get("features", [])}
    want = link_countries(tab.page.query_string)
    ok = data.get("type") == "FeatureCollection" and bool(got) and (not want or got == want)
    if not ok:
        s.note(f"download: the file holds {sorted(map(str, got))[:5]}, not {want}")
    return ok


async def upload(tab: Tab, s: Session) -> bool:
    """Upload this session's file; True if the app reports the layer read, with no error."""
    name = f"load-upload-{s.number:02d}"
    await tab.upload(UPLOAD_KEY, f"{name}.geojson", upload_bytes(name), "application/geo+json")
    _note_exceptions(tab, s)
    refused = tab.page.alerts(1)  # Alert.Format.ERROR
    if refused:
        s.note(f"upload refused: {refused[0][:120]}")
    return f"Layer: {name}" in tab.page.texts() and not refused


async def before_kill(tab: Tab, s: Session, delay_s: float, timeout_s: float) -> None:
    """With every replica up: the map, a filter, a download, an upload."""
    await asyncio.sleep(delay_s)
    s.load_s, s.page_s = await load(tab, s)
    s.replica = tab.jar.cookies.get(COOKIE)
    s.choice, s.filter_s = await pick(tab, s, FILTER_KEY)
    s.link = tab.page.query_string
    s.download_ok = await download(tab, s)
    s.upload_ok = await upload(tab, s)
    s.runs = tab.page.runs_started


async def recover(tab: Tab, s: Session, since: int, kill_at: float, bound_s: float) -> None:
    """A session of the killed replica: wait until a run on the survivor has drawn the map
    with the link's countries (``recovery_map_s``), then the whole page (``recovery_s``)."""
    want = link_countries(s.link or "")

    def map_back() -> bool:
        page = tab.page
        drawn_in = page.run_of(page.component()) if page.component() else None
        return page.idle_after(since) and (drawn_in or 0) > since and drawn_countries(page) == want

    try:
        await tab.until(map_back, "the map after the kill", bound_s)
        s.recovery_map_s = round(time.monotonic() - kill_at, 2)
        await tab.until(lambda: whole(tab, since), "the page after the kill", bound_s)
        if chosen(tab.page, FILTER_KEY) != [s.choice]:
            s.note(f"recover: the filter shows {chosen(tab.page, FILTER_KEY)}")
        else:
            s.recovery_s = round(time.monotonic() - kill_at, 2)
    except TabError as exc:
        s.note(f"recover: {exc}")
    s.link_after = tab.page.query_string
    s.link_kept = s.link_after == s.link
    s.replica_after = tab.jar.cookies.get(COOKIE)
    _note_exceptions(tab, s)


async def afterwards(tab: Tab, s: Session) -> None:
    """Everyone: a download on the session as it now is, then reload the link, new filter."""
    s.after_download_ok = await download(tab, s)
    s.after_load_s, _ = await load(tab, s, reload=True)
    _, s.after_filter_s = await pick(tab, s, AFTER_KEY)


def failures(tab: Tab, s: Session, kill_at: float | None) -> None:
    """File the tab's failed requests under before and after the kill."""
    for at, what in tab.failed:
        s.failed["after" if kill_at is not None and at >= kill_at else "before"].append(what)
    s.drops_after_kill = sum(1 for at in tab.dropped_at if kill_at is not None and at >= kill_at)


def _note_exceptions(tab: Tab, s: Session) -> None:
    for text in tab.page.exceptions:
        s.note(f"exception on the page: {text[:160]}")
    tab.page.exceptions.clear()
