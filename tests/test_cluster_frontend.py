"""The cluster's replicas serve Streamlit's frontend gzipped once (cluster/frontend.py), and
the bench and the cluster's tests can be kept to a range of ports (cluster/ports.py)."""

from __future__ import annotations

import gzip
import os
import socket

import pytest

from cluster import appfiles, frontend, ports


@pytest.fixture
def streamlit_static(tmp_path, monkeypatch):
    """A stand-in for Streamlit's /static/ folder: a script, a stylesheet and a font."""
    source = tmp_path / "source"
    (source / "js").mkdir(parents=True)
    (source / "media").mkdir()
    script = b"function hello(){return 'hello world';}\n" * 200
    (source / "js" / "index.abc123.js").write_bytes(script)
    (source / "css").mkdir()
    (source / "css" / "index.def456.css").write_bytes(b"body{margin:0}\n" * 200)
    (source / "media" / "Font.789.woff2").write_bytes(bytes(range(256)) * 8)
    monkeypatch.setattr(frontend, "source", lambda: source)
    return source


def test_the_frontend_copy_has_a_gzip_twin_for_text_not_for_fonts(tmp_path, streamlit_static):
    made = frontend.folder(tmp_path / "cache")
    js = made / "static" / "js" / "index.abc123.js"
    assert js.read_bytes() == (streamlit_static / "js" / "index.abc123.js").read_bytes()
    assert gzip.decompress(js.with_name(js.name + ".gz").read_bytes()) == js.read_bytes()
    assert (made / "static" / "css" / "index.def456.css.gz").exists()
    # woff2 is compressed already: served as it is.
    assert (made / "static" / "media" / "Font.789.woff2").exists()
    assert not list((made / "static" / "media").glob("*.woff2.*"))
    # Nothing half-made is left beside it.
    assert [p.name for p in (tmp_path / "cache").iterdir()] == [made.name]
    # With the brotli package (requirements-cluster.txt), a Brotli twin too.
    brotli = pytest.importorskip("brotli")
    assert brotli.decompress(js.with_name(js.name + ".br").read_bytes()) == js.read_bytes()


def test_the_frontend_copy_is_made_once_per_streamlit_version(tmp_path, streamlit_static):
    first = frontend.folder(tmp_path / "cache")
    (streamlit_static / "js" / "index.abc123.js").write_bytes(b"changed")
    again = frontend.folder(tmp_path / "cache")
    assert again == first
    assert (again / "static" / "js" / "index.abc123.js").read_bytes() != b"changed"


def test_ports_stay_in_the_range_asked_for(monkeypatch):
    monkeypatch.setenv(ports.PORTS_ENV, "")
    assert ports.port_range() is None
    assert ports.port_range("8650-8699") == range(8650, 8700)
    with pytest.raises(ValueError):
        ports.port_range("8699-8650")
    # A port in use is passed over; ports asked for in a row differ.
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        taken = busy.getsockname()[1]
        monkeypatch.setenv(ports.PORTS_ENV, f"{taken}-{taken + 3}")
        got = [ports.free_port() for _ in range(3)]
    assert taken not in got
    assert len(set(got)) == 3
    assert all(taken < p <= taken + 3 for p in got)


class _Streamlit:
    """Stands in for Streamlit behind the middleware: answers the file plainly."""

    def __init__(self, folder):
        self.folder = folder
        self.asked = 0

    async def __call__(self, scope, receive, send):
        self.asked += 1
        body = (self.folder / scope["path"].removeprefix("/app/static/")).read_bytes()
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": body})


def _get(run, app, path, accept="br, gzip", etag=None):
    """``app``'s answer to a GET of ``path``, its coroutine run by ``run`` (conftest's
    run_async)."""
    headers = [(b"accept-encoding", accept.encode())]
    if etag:
        headers.append((b"if-none-match", etag.encode()))
    scope = {"type": "http", "method": "GET", "path": path, "headers": headers}
    out = {}

    async def receive():
        return {"type": "http.request", "body": b""}

    async def send(message):
        if message["type"] == "http.response.start":
            out["status"] = message["status"]
            out["headers"] = {k.decode(): v.decode() for k, v in message["headers"]}
        else:
            out["body"] = message["body"]

    run(app(scope, receive, send))
    return out


def _plain(answer):
    """The bytes a browser gets out of an answer."""
    encoding = answer["headers"].get("content-encoding")
    if encoding == "br":
        import brotli

        return brotli.decompress(answer["body"])
    return gzip.decompress(answer["body"]) if encoding == "gzip" else answer["body"]


@pytest.fixture
def app_files(tmp_path):
    """The middleware in front of a stand-in Streamlit, serving ``tmp_path/static``."""
    folder = tmp_path / "static"
    (folder / "context").mkdir(parents=True)
    store = appfiles.Store(tmp_path / "copies")
    behind = _Streamlit(folder)
    middleware = appfiles.AppFiles(
        behind, store=store, locate=lambda kind, rest: folder / rest if kind == "app" else None
    )
    return middleware, behind, store, folder


def test_a_file_rewritten_under_its_name_is_never_served_from_an_old_copy(app_files, run_async):
    middleware, behind, store, folder = app_files
    url = "/app/static/context/places.json"
    old = b'[[68.78,38.56,"Dushanbe",3,1]]' * 100
    new = b'[[68.78,38.56,"Dushanbe",4,1]]' * 100  # same size
    path = folder / "context" / "places.json"
    path.write_bytes(old)

    # The first request finds no copy: Streamlit answers, and the copy is made for later.
    first = _get(run_async, middleware, url)
    assert behind.asked == 1 and _plain(first) == old
    store.idle()
    served = _get(run_async, middleware, url)
    assert behind.asked == 1
    assert served["headers"]["content-encoding"] == "br"
    assert served["headers"]["vary"] == "Accept-Encoding"
    assert len(served["body"]) < len(old) and _plain(served) == old
    assert _plain(_get(run_async, middleware, url, accept="gzip")) == old

    # Rewritten with the same size and the same modification time: never the old copy.
    stat = path.stat()
    path.write_bytes(new)
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert _plain(_get(run_async, middleware, url)) == new
    # A browser holding the old answer is not told it is still good.
    again = _get(run_async, middleware, url, etag=served["headers"]["etag"])
    assert again["status"] == 200 and _plain(again) == new
    store.idle()
    now = _get(run_async, middleware, url)
    assert now["headers"]["content-encoding"] == "br" and _plain(now) == new
    # The same content asked again with its tag: nothing to send.
    assert _get(run_async, middleware, url, etag=now["headers"]["etag"])["status"] == 304


def test_app_files_not_compressed_or_not_accepted_go_to_streamlit(app_files, run_async):
    middleware, behind, store, folder = app_files
    (folder / "marker.png").write_bytes(bytes(range(256)) * 16)
    (folder / "tiny.json").write_bytes(b"[]")
    (folder / "big.js").write_bytes(b"var a = 1;\n" * 1000)
    store.make((folder / "big.js").read_bytes())
    for url, accept in (
        ("/app/static/marker.png", "br, gzip"),
        ("/app/static/tiny.json", "br, gzip"),
        ("/app/static/big.js", "identity"),
        ("/app/static/big.js", "br;q=0, gzip;q=0"),
    ):
        asked = behind.asked
        answer = _get(run_async, middleware, url, accept=accept)
        assert behind.asked == asked + 1, url
        assert "content-encoding" not in answer["headers"]
    # A browser taking gzip only gets gzip.
    answer = _get(run_async, middleware, "/app/static/big.js", accept="gzip")
    assert answer["headers"]["content-encoding"] == "gzip"


def test_app_files_are_compressed_at_start(app_files, run_async):
    middleware, behind, store, folder = app_files
    (folder / "context" / "outlines.json").write_bytes(b'{"type":"FeatureCollection"}' * 100)
    store.warm(folder)
    store.idle()
    answer = _get(run_async, middleware, "/app/static/context/outlines.json")
    assert behind.asked == 0 and answer["headers"]["content-encoding"] == "br"
