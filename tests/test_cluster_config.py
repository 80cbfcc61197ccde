"""The cluster's generated configuration (what HAProxy and supervisord are told) and what
cluster/replica.py adds to each replica."""

from __future__ import annotations

import configparser
import subprocess
from pathlib import Path

import pytest

from cluster import control, replica
from cluster.config import (
    COMPRESS_TYPES,
    COOKIE,
    Cluster,
    haproxy_cfg,
    streamlit_command,
    supervisord_conf,
)


def _cluster(tmp_path: Path, **kw) -> Cluster:
    return Cluster(repo=Path("/repo"), state=tmp_path, python=Path("/venv/bin/python"), **kw)


def test_replica_ports_follow_the_balancer_port(tmp_path):
    assert _cluster(tmp_path, replicas=3, port=9000).ports() == [9001, 9002, 9003]
    assert _cluster(tmp_path, replicas=2, replica_ports=(5, 7)).ports() == [5, 7]
    with pytest.raises(ValueError):
        _cluster(tmp_path, replicas=2, replica_ports=(5,)).ports()


def test_haproxy_pins_sessions_and_fails_over(tmp_path):
    cfg = haproxy_cfg(_cluster(tmp_path, replicas=2, port=9000))
    assert f"cookie {COOKIE} insert indirect nocache httponly" in cfg
    assert "option redispatch" in cfg
    assert "timeout tunnel" in cfg
    assert "option httpchk GET /_stcore/health" in cfg
    assert "timeout check 5s" in cfg
    assert "server replica-1 127.0.0.1:9001 cookie replica-1" in cfg
    assert "server replica-2 127.0.0.1:9002 cookie replica-2" in cfg
    assert "bind 127.0.0.1:9000" in cfg
    assert f"gt {50 * 1024 * 1024}" in cfg


def test_haproxy_gzips_what_streamlit_sends_uncompressed(tmp_path):
    cfg = haproxy_cfg(_cluster(tmp_path))
    backend = cfg[cfg.index("backend replicas") :]
    assert "    compression algo gzip\n" in backend
    line = next(x for x in backend.splitlines() if x.strip().startswith("compression type"))
    types = set(line.split()[2:])
    assert types == set(COMPRESS_TYPES)
    # HTML, JavaScript, CSS, JSON and uncompressed fonts; never what is compressed already.
    assert {"text/html", "application/javascript", "text/css", "application/json"} <= types
    assert {"font/ttf", "font/otf"} <= types
    assert not types & {"font/woff2", "font/woff", "image/png", "application/gzip"}
    # The cache-friendly path: HAProxy must not strip Accept-Encoding (Streamlit gzips the
    # app's own static files itself), and nothing here may touch the websocket.
    assert "compression offload" not in cfg


def test_a_path_prefix_reaches_streamlit_and_the_health_check(tmp_path):
    cluster = _cluster(tmp_path, base_path="/csto/")
    assert cluster.prefix() == "/csto"
    assert "option httpchk GET /csto/_stcore/health" in haproxy_cfg(cluster)
    cmd = streamlit_command(cluster, 9001)
    assert cmd[cmd.index("--server.baseUrlPath") + 1] == "csto"


def test_haproxy_accepts_the_configuration(tmp_path):
    haproxy = control.find_haproxy()
    if haproxy is None:
        pytest.skip("haproxy is not installed")
    path = tmp_path / "haproxy.cfg"
    path.write_text(haproxy_cfg(_cluster(tmp_path, base_path="csto")))
    done = subprocess.run([haproxy, "-c", "-f", str(path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_supervisord_runs_each_replica_writing_its_own_pid(tmp_path):
    conf = supervisord_conf(_cluster(tmp_path, replicas=2, user="csto"), "/usr/sbin/haproxy")
    parser = configparser.RawConfigParser()
    parser.read_string(conf)
    assert {"program:replica-1", "program:replica-2", "program:balancer"} <= set(parser)
    command = parser["program:replica-2"]["command"]
    assert f"echo $$ > {tmp_path}/replica-2.pid && exec" in command
    assert "cluster.replica run /repo/dashboard/app.py" in command
    assert "--server.port 8602" in command
    assert parser["program:replica-1"]["autorestart"] == "true"
    assert parser["program:balancer"]["user"] == "csto"
    assert "balancer.pid" in parser["program:balancer"]["command"]


def test_read_pid_ignores_missing_and_dead(tmp_path):
    assert control.read_pid(tmp_path / "none.pid") is None
    (tmp_path / "junk.pid").write_text("not a pid")
    assert control.read_pid(tmp_path / "junk.pid") is None
    (tmp_path / "me.pid").write_text(str(__import__("os").getpid()))
    assert control.read_pid(tmp_path / "me.pid") is not None


def test_stop_without_a_cluster_stops_nothing(tmp_path):
    assert control.stop(_cluster(tmp_path)) == []


def test_each_session_is_bounced_once_and_memory_stays_bounded(monkeypatch):
    monkeypatch.setattr(replica, "_BOUNCED", type(replica._BOUNCED)())
    monkeypatch.setattr(replica, "_BOUNCED_MAX", 3)
    assert replica._first_bounce("a")
    assert not replica._first_bounce("a")
    for sid in "bcde":
        assert replica._first_bounce(sid)
    assert len(replica._BOUNCED) == 3
    assert replica._first_bounce("a")


def _made_on_click(monkeypatch, *, kept: bool):
    """A deferred download clicked in session "reader"; returns its manager, storage, id."""
    from streamlit.runtime import media_file_manager
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

    manager_class = media_file_manager.MediaFileManager
    monkeypatch.setattr(media_file_manager, "_get_session_id", lambda: "reader")
    # Put Streamlit's own methods back after the test, whatever wraps them.
    for name in ("execute_deferred", "_get_inactive_file_ids"):
        monkeypatch.setattr(manager_class, name, getattr(manager_class, name))
    monkeypatch.setattr(replica, "_MADE", {})
    if kept:
        replica.keep_made_downloads()
    storage = MemoryMediaFileStorage("/media")
    manager = manager_class(storage)
    placeholder = manager.add_deferred(lambda: b"{}", "application/geo+json", "coord", "a.geojson")
    made = replica._made_id(manager.execute_deferred(placeholder))
    return manager, storage, made


def test_a_file_made_on_click_outlives_other_readers_runs(monkeypatch):
    from streamlit.runtime.media_file_storage import MediaFileStorageError

    clock = [1000.0]
    monkeypatch.setattr(replica.time, "monotonic", lambda: clock[0])
    manager, storage, made = _made_on_click(monkeypatch, kept=True)
    for _ in range(3):  # three other readers' runs end before the browser's GET
        manager.remove_orphaned_files()
    assert storage.get_file(made).content == b"{}"
    clock[0] += replica.KEEP_MADE_S + 1
    manager.remove_orphaned_files()
    manager.remove_orphaned_files()
    with pytest.raises(MediaFileStorageError):
        storage.get_file(made)
    assert replica._MADE == {}


def test_without_the_wrapper_two_runs_elsewhere_delete_the_made_file(monkeypatch):
    """Streamlit 1.67's own behaviour, the reason for the wrapper: when this fails, Streamlit
    keeps the file itself and cluster.replica.keep_made_downloads can go."""
    from streamlit.runtime.media_file_storage import MediaFileStorageError

    manager, storage, made = _made_on_click(monkeypatch, kept=False)
    manager.remove_orphaned_files()
    manager.remove_orphaned_files()
    with pytest.raises(MediaFileStorageError):
        storage.get_file(made)
