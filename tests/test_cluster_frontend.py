"""The cluster's replicas serve Streamlit's frontend gzipped once (cluster/frontend.py), and
the bench and the cluster's tests can be kept to a range of ports (cluster/ports.py)."""

from __future__ import annotations

import gzip
import socket

import pytest

from cluster import frontend, ports


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
