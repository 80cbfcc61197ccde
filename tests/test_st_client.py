"""bench/st_client.Tab against a real Streamlit server (a tiny app on a loopback port): the
handshake with the XSRF cookie, a widget change, a deferred download, an upload, and a
reconnect to the session it had."""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.server import StreamlitServer
from bench.st_client import Tab
from bench.st_protocol import multiselect_state

APP = """
import streamlit as st

picked = st.multiselect("Pick", ["a", "b", "c"], key="pick")
st.download_button("Get", lambda: ("picked:" + ",".join(picked)).encode(),
                   file_name="picked.txt", key="get", on_click="ignore")
up = st.file_uploader("Up", key="up")
if up is not None:
    st.text(f"read {up.name}: {len(up.getvalue())} bytes")
st.query_params["pick"] = ",".join(picked) or "none"
"""
# Bounds on waiting, not assertions about speed.
STEP_TIMEOUT_S = 60


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StreamlitServer]:
    script = tmp_path_factory.mktemp("tiny") / "tiny_app.py"
    script.write_text(textwrap.dedent(APP))
    running = StreamlitServer(Path(script)).start(timeout=STEP_TIMEOUT_S)
    try:
        yield running
    finally:
        running.stop()


def test_a_tab_changes_a_widget_downloads_and_uploads(server: StreamlitServer, run_async) -> None:
    async def main() -> tuple:
        tab = Tab(server.url, timeout=STEP_TIMEOUT_S)
        try:
            await tab.open()
            await tab.until(lambda: tab.page.idle_after(0), "the first run")
            assert "_streamlit_xsrf" in tab.jar.cookies
            assert len(tab.fetched) > 1  # index.html's scripts and styles
            tab.page.set_value(multiselect_state(tab.page.widget("pick"), ["b"]))
            await tab.run("the pick")
            got = await tab.download("get")
            await tab.upload("up", "f.txt", b"abc", "text/plain")
            return got, tab.page.texts(), tab.page.query_string, tab.page.exceptions, tab.failed
        finally:
            await tab.close()

    got, texts, query, exceptions, failed = run_async(main())
    assert got == b"picked:b"
    assert texts == ["read f.txt: 3 bytes"]
    assert query == "pick=b"
    assert exceptions == [] and failed == []


def test_a_dropped_websocket_comes_back_to_its_session(server: StreamlitServer, run_async) -> None:
    async def main() -> tuple:
        tab = Tab(server.url, assets=False, timeout=STEP_TIMEOUT_S)
        try:
            await tab.open()
            await tab.until(lambda: tab.page.idle_after(0), "the first run")
            first = tab.page.session_id
            await tab._ws.close()  # as when the network drops
            await tab.until(lambda: len(tab.connected_at) == 2, "the reconnect")
            runs = tab.page.runs_started
            tab.page.set_value(multiselect_state(tab.page.widget("pick"), ["c"]))
            await tab.run("a pick after the reconnect")
            return first, tab.page.session_id, runs, len(tab.dropped_at), tab.page.query_string
        finally:
            await tab.close()

    first, after, runs, drops, query = run_async(main())
    # Its page was current, so the reconnect asked for no run; the session was resumed.
    assert (after, runs, drops) == (first, 1, 1)
    assert query == "pick=c"
