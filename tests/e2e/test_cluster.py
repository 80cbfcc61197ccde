"""Two replicas behind HAProxy (cluster/): Streamlit's frontend comes back gzipped
while the app's own gzipped files and the websocket pass untouched, downloads and uploads reach
the replica holding the session, and after one replica is killed its reader gets the map back
on the other.

The cluster runs on free loopback ports with its own state folder, never on 8600.
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import os
import re
import signal
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from cluster import control, frontend
from cluster.config import COOKIE, Cluster
from tests.e2e.conftest import READY, ROOT, free_port, open_app

# Bounds on waiting, not assertions about speed.
START_TIMEOUT_S = 180
RECOVERY_TIMEOUT_S = 90
LINK = "?countries=KGZ"
UPLOAD_NAME = "cluster-check"


def _missing_tools() -> str | None:
    if control.find_haproxy() is None:
        return "haproxy is not installed (apt-get install haproxy)"
    if importlib.util.find_spec("supervisor") is None:
        return "supervisor is not installed (pip install -r requirements-cluster.txt)"
    return None


@pytest.fixture(scope="module")
def cluster(geodata_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    """Two replicas of the app on the fixture layers, behind the balancer; stopped at the end
    whatever happens."""
    missing = _missing_tools()
    if missing:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(missing + ": CI must run the cluster test", pytrace=False)
        pytest.skip(missing)
    ports = [free_port() for _ in range(3)]
    spec = Cluster(
        repo=ROOT,
        state=tmp_path_factory.mktemp("cluster"),
        python=Path(sys.executable),
        replicas=2,
        port=ports[0],
        replica_ports=tuple(ports[1:]),
        extra_env={"CSTO_GEODATA_DIR": str(geodata_dir)},
    )
    try:
        control.start(spec, timeout=START_TIMEOUT_S)
        yield spec
    finally:
        control.stop(spec)


def _base(cluster: Cluster) -> str:
    return f"http://127.0.0.1:{cluster.port}/"


def _replica_of(page) -> str | None:
    return next((c["value"] for c in page.context.cookies() if c["name"] == COOKIE), None)


def _download_countries(page, timeout_ms: float = 20_000) -> dict:
    button = page.locator(".st-key-download_countries button")
    with page.expect_download(timeout=timeout_ms) as info:
        button.click(timeout=timeout_ms)
    download = info.value
    assert download.failure() is None
    return json.loads(Path(download.path()).read_text(encoding="utf-8"))


def _iso3(collection: dict) -> set[str]:
    return {f["properties"]["iso3"] for f in collection["features"]}


def _upload(page) -> None:
    feature = {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [74.6, 42.9]},
        "properties": {"name": "a point"},
    }
    body = json.dumps({"type": "FeatureCollection", "features": [feature]}).encode()
    files = [{"name": f"{UPLOAD_NAME}.geojson", "mimeType": "application/geo+json", "buffer": body}]
    page.locator(".st-key-upload_file input[type=file]").set_input_files(files=files)
    page.locator('[data-testid="stSidebar"]').get_by_text(f"Layer: {UPLOAD_NAME}").wait_for()


def _recovered_download(page) -> dict:
    """The countries download once the session on the surviving replica has run (before that
    the button belongs to a session that died), trying until the bound."""
    deadline = time.monotonic() + RECOVERY_TIMEOUT_S
    while True:
        try:
            page.locator(READY).wait_for(timeout=30_000)
            return _download_countries(page, timeout_ms=10_000)
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def _wait_replica_up(cluster: Cluster, name: str) -> str:
    deadline = time.monotonic() + START_TIMEOUT_S
    seen = "?"
    while time.monotonic() < deadline:
        seen = control.status(cluster)[name]["balancer"]
        if seen == "UP":
            break
        time.sleep(0.5)
    return seen


def _get(url: str, encoding: str | None = "gzip") -> tuple[dict[str, str], bytes]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": encoding} if encoding else {})
    with urllib.request.urlopen(request, timeout=30) as response:
        return {k.lower(): v for k, v in response.headers.items()}, response.read()


def test_the_frontend_comes_gzipped_through_the_balancer(page, cluster: Cluster) -> None:
    served: dict[str, dict[str, str]] = {}
    page.on("response", lambda r: served.__setitem__(r.url, r.headers))
    visit = open_app(page, _base(cluster) + LINK)
    # The map drew: its websocket and the app's own files came through.
    assert visit.map.locator(".leaflet-pane path.leaflet-interactive").count() > 0
    scripts = {u: h for u, h in served.items() if re.search(r"/static/js/[^/]+\.js$", u)}
    assert scripts, "the page loaded no Streamlit chunk"
    # Chromium offers Brotli to localhost (and over HTTPS), so it gets Brotli where made.
    assert all(h.get("content-encoding") in ("br", "gzip") for h in scripts.values())

    # Each replica compresses Streamlit's chunks once (cluster/frontend.py) and the balancer
    # passes them unchanged; asked without gzip, the replica sends the plain file. Every
    # way it is Streamlit's own file. The app's own static file, gzipped by Streamlit, too.
    replica = f"http://127.0.0.1:{cluster.ports()[0]}/"
    # Streamlit's main bundle (480 KB): big enough for the gzip to show.
    main = next((u for u in scripts if "/static/js/index." in u), next(iter(scripts)))
    chunk = main.split("/static/js/", 1)[1]
    direct_head, direct = _get(replica + "static/js/" + chunk)
    via_head, via = _get(_base(cluster) + "static/js/" + chunk)
    plain_head, plain = _get(replica + "static/js/" + chunk, encoding=None)
    assert direct_head["content-encoding"] == via_head["content-encoding"] == "gzip"
    assert via == direct
    assert "content-encoding" not in plain_head
    assert plain == (frontend.source() / "js" / chunk).read_bytes()
    assert gzip.decompress(via) == plain
    assert len(via) < 0.6 * len(plain)
    if importlib.util.find_spec("brotli"):
        import brotli

        br_head, br = _get(_base(cluster) + "static/js/" + chunk, encoding="br, gzip")
        assert br_head["content-encoding"] == "br"
        assert brotli.decompress(br) == plain
        assert len(br) < len(via)
    leaflet = "app/static/vendor/leaflet/leaflet.js"
    direct_head, direct = _get(replica + leaflet)
    via_head, via = _get(_base(cluster) + leaflet)
    assert direct_head["content-encoding"] == via_head["content-encoding"] == "gzip"
    assert via == direct and via_head["etag"] == direct_head["etag"]


def test_affinity_and_failover_through_the_balancer(page, cluster: Cluster) -> None:
    visit = open_app(page, _base(cluster) + LINK)
    first = _replica_of(page)
    assert first in cluster.names()

    # Both up, compression on: the download and the upload reach the replica that holds this
    # session and come through whole.
    assert _iso3(_download_countries(page)) == {"KGZ"}
    _upload(page)
    assert _replica_of(page) == first

    # Kill that replica: the page reconnects through the balancer to the other one.
    pid = int(cluster.pid_file(first).read_text())
    os.kill(pid, signal.SIGKILL)
    assert _iso3(_recovered_download(page)) == {"KGZ"}
    assert _replica_of(page) not in (None, first)
    assert "countries=KGZ" in page.url
    assert visit.map.locator(".leaflet-pane path.leaflet-interactive").count() > 0
    assert page.locator('[data-testid="stException"]').count() == 0

    # A new reader through the balancer still gets a drawn map.
    fresh = page.context.browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        reader = open_app(fresh.new_page(), _base(cluster) + LINK)
        assert reader.map.locator(".leaflet-pane path.leaflet-interactive").count() > 0
    finally:
        fresh.close()

    # supervisord restarts the killed replica and the balancer takes it back.
    assert _wait_replica_up(cluster, first) == "UP"
    assert control.read_pid(cluster.pid_file(first)) not in (None, pid)
