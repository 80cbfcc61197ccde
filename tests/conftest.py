"""Fixtures every test module may use: tiny layers built by code, valid under the shared schema,
and the whole app opened through AppTest with its downloads captured."""

from __future__ import annotations

import asyncio
import concurrent.futures
from pathlib import Path
from typing import Any

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from tests.apptest import APP, open_page
from tests.tiny_layers import write_layers


@pytest.fixture(scope="session")
def geodata_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding the fixture layers."""
    return write_layers(tmp_path_factory.mktemp("geodata"))


@pytest.fixture(scope="session")
def layers(geodata_dir: Path):
    """The fixture layers loaded through the app's loader."""
    from dashboard.logic.layers import load_layers

    return load_layers(geodata_dir)


@pytest.fixture
def downloads(monkeypatch) -> dict[str, bytes]:
    """Capture what each download button would serve, by its media URL, or the function that
    makes it on a click, by its deferred file id."""
    served: dict[str, Any] = {}
    original = MediaFileManager.add
    original_deferred = MediaFileManager.add_deferred

    def add(self, path_or_data, *args, **kwargs):
        url = original(self, path_or_data, *args, **kwargs)
        served[url] = path_or_data
        return url

    def add_deferred(self, make, *args, **kwargs):
        file_id = original_deferred(self, make, *args, **kwargs)
        served[file_id] = make
        return file_id

    monkeypatch.setattr(MediaFileManager, "add", add)
    monkeypatch.setattr(MediaFileManager, "add_deferred", add_deferred)
    return served


@pytest.fixture
def app(geodata_dir, monkeypatch) -> AppTest:
    monkeypatch.setenv("CSTO_GEODATA_DIR", str(geodata_dir))
    at = open_page(AppTest.from_file(APP, default_timeout=60))
    assert not at.exception, at.exception
    return at


@pytest.fixture
def run_async():
    """Run a coroutine to its end on an event loop of its own thread: once a browser test has
    run, Playwright's sync API holds this thread's loop, and ``asyncio.run`` refuses to start."""

    def run(coro):
        with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
            return pool.submit(asyncio.run, coro).result()

    return run
