"""Browser suite set-up: Debian's chromium driven by Playwright, the app on a loopback port.

Set CSTO_SCREENSHOTS=<folder> to save screenshots of what the tests see.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

# One list of chromium flags and one map frame selector for the browser tests and the bench.
from bench.browser import CHROMIUM_ARGS as CHROMIUM_FLAGS
from bench.browser import MAP_FRAME
from cluster.ports import free_port

ROOT = Path(__file__).resolve().parents[2]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
STARTUP_TIMEOUT_S = 60
READY = '[data-testid="stApp"][data-test-script-state="notRunning"]'
WAITING_NOTE = "Loading the table, the timeline and the downloads"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.e2e)


def chromium_path() -> str | None:
    """Return Debian's chromium if installed."""
    return shutil.which("chromium") or (
        "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None
    )


@pytest.fixture(scope="session")
def browser_type_launch_args() -> dict:
    """Launch Debian's chromium (Playwright's own browser download does not work offline)."""
    path = chromium_path()
    if path is None:
        message = "chromium is not installed (apt-get install chromium)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message + ": CI must run the browser tests", pytrace=False)
        pytest.skip(message)
    return {"executable_path": path, "args": CHROMIUM_FLAGS, "headless": True}


@pytest.fixture(scope="session")
def browser_context_args() -> dict:
    return {"viewport": {"width": 1400, "height": 1000}, "accept_downloads": True}


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    log: Path


def wait_healthy(server: Server) -> None:
    """Poll /_stcore/health until the server answers, failing fast if it died."""
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"streamlit exited: {server.log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(f"{server.url}/_stcore/health", timeout=2) as resp:
                if resp.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.1)
    raise RuntimeError(f"streamlit did not become healthy: {server.log.read_text()[-2000:]}")


def start_server(geodata: Path, log: Path) -> Server:
    port = free_port()
    env = {**os.environ, "CSTO_GEODATA_DIR": str(geodata), "PYTHONUNBUFFERED": "1"}
    cmd = [
        sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard" / "app.py"),
        "--server.port", str(port), "--server.address", "127.0.0.1",
        "--server.headless", "true", "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none",
    ]  # fmt: skip
    with log.open("w") as out:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    server = Server(f"http://127.0.0.1:{port}", proc, log)
    try:
        wait_healthy(server)
    except RuntimeError:
        proc.terminate()
        raise
    return server


def stop_server(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.process.kill()


@pytest.fixture(scope="session")
def app_server(geodata_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The app serving the code-built fixture layers on a free loopback port."""
    server = start_server(geodata_dir, tmp_path_factory.mktemp("logs") / "streamlit.log")
    yield server
    stop_server(server)


@dataclass
class Visit:
    """An opened app page plus every request, dialog and JS error it produced."""

    page: object
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def map(self):
        return self.page.frame_locator(MAP_FRAME)

    def map_frame(self):
        """The map iframe as a Frame, for running JS inside it."""
        return self.page.locator(MAP_FRAME).element_handle().content_frame()


def open_app(page, url: str) -> Visit:
    """Open the app, record requests (the map's iframe included) and wait until drawn."""
    visit = Visit(page)
    page.on("request", lambda req: visit.requests.append(req.url))

    def on_dialog(dialog) -> None:
        visit.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("pageerror", lambda exc: visit.errors.append(str(exc)))
    page.on("console", lambda msg: msg.type == "error" and visit.errors.append(msg.text))
    page.goto(url)
    page.locator(READY).wait_for(timeout=STARTUP_TIMEOUT_S * 1000)
    visit.map.locator(".leaflet-pane path.leaflet-interactive").first.wait_for()
    # The map's report that it has drawn brings the rest of the page in a second run.
    page.get_by_text(WAITING_NOTE).wait_for(state="detached", timeout=STARTUP_TIMEOUT_S * 1000)
    page.locator(READY).wait_for(timeout=STARTUP_TIMEOUT_S * 1000)
    # The timeline's chart draws after its parts load, and pushes what is under it down:
    # wait for it, so a click lower on the page lands where it was aimed.
    page.locator(".st-key-timeline canvas, .st-key-timeline svg").first.wait_for()
    return visit


@pytest.fixture
def visit(page, app_server: Server) -> Visit:
    return open_app(page, app_server.url)


@pytest.fixture
def screenshot(page, request):
    """Save a screenshot to $CSTO_SCREENSHOTS (if set) under the test's name."""
    folder = os.environ.get("CSTO_SCREENSHOTS")

    def take(label: str = "") -> None:
        if not folder:
            return
        Path(folder).mkdir(parents=True, exist_ok=True)
        name = request.node.name.replace("[", "-").replace("]", "") + (f"-{label}" if label else "")
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)

    return take


# The reading layout is tested at these sizes: width, height, what the link adds.
SIZES = {
    "wide": (1400, 900, ""),
    "embed": (600, 800, "embed=true"),
    "phone": (390, 844, ""),
}


@pytest.fixture(scope="session")
def reading_server(tmp_path_factory):
    """The app serving the shipped layers and stories (the reading layout's tests)."""
    from dashboard.logic.layers import REPO_GEODATA

    if not (REPO_GEODATA / "stories.json").exists():
        pytest.skip("geodata/ has no built layers and stories yet (python -m geodata.build)")
    server = start_server(REPO_GEODATA, tmp_path_factory.mktemp("logs") / "reading.log")
    yield server
    stop_server(server)


def open_at(page, url: str, size: str):
    """Open ``url`` at one of SIZES and wait until the map and the rest of the page are drawn."""
    width, height, extra = SIZES[size]
    page.set_viewport_size({"width": width, "height": height})
    page.goto(url + ("&" if "?" in url else "?") + extra if extra else url)
    timeout = STARTUP_TIMEOUT_S * 1000
    page.locator(READY).wait_for(timeout=timeout)
    frame = page.frame_locator(MAP_FRAME)
    frame.locator(".leaflet-pane path.leaflet-interactive").first.wait_for(
        state="attached", timeout=timeout
    )
    page.get_by_text(WAITING_NOTE).wait_for(state="detached", timeout=timeout)
    page.locator(READY).wait_for(timeout=timeout)
    return frame
