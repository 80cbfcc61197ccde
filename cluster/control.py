"""Start, check and stop a cluster; every process it starts is named by a pid file."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from cluster.config import Cluster, haproxy_cfg, supervisord_conf

HAPROXY = "haproxy"


def find_haproxy() -> str | None:
    """Return the haproxy binary (Debian puts it in /usr/sbin, often not on a user's PATH)."""
    found = shutil.which(HAPROXY)
    if found:
        return found
    return "/usr/sbin/haproxy" if Path("/usr/sbin/haproxy").exists() else None


def supervisord_binary(python: Path) -> list[str]:
    """supervisord from the same environment as ``python``."""
    return [str(python), "-m", "supervisor.supervisord"]


def read_pid(path: Path) -> int | None:
    """The pid in ``path`` if that process is alive, else None."""
    try:
        pid = int(path.read_text().strip())
    except (OSError, ValueError):
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except PermissionError:
        return pid
    # A zombie is gone for our purposes.
    with contextlib.suppress(OSError):
        if Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z":
            return None
    return pid


def port_in_use(address: str, port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((address if address != "0.0.0.0" else "127.0.0.1", port)) == 0


def healthy(url: str, timeout: float = 2.0) -> bool:
    """True when ``url`` answers 200."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            return resp.status == 200
    except OSError:
        return False


def haproxy_stat(cluster: Cluster) -> list[dict[str, str]]:
    """The rows of the balancer's ``show stat`` (one per frontend, backend and server), read
    from its socket; empty when it does not answer."""
    sock_path = cluster.state / "haproxy.sock"
    try:
        with socket.socket(socket.AF_UNIX) as sock:
            sock.settimeout(2)
            sock.connect(str(sock_path))
            sock.sendall(b"show stat\n")
            chunks = []
            while chunk := sock.recv(65536):
                chunks.append(chunk)
    except OSError:
        return []
    lines = b"".join(chunks).decode().splitlines()
    if not lines or not lines[0].startswith("# "):
        return []
    header = lines[0][2:].split(",")
    return [dict(zip(header, line.split(","), strict=False)) for line in lines[1:] if line]


def haproxy_servers(cluster: Cluster) -> dict[str, str]:
    """Each replica's status as the balancer sees it (``UP``, ``DOWN``, ...), from its socket."""
    return {
        row["svname"]: row.get("status", "")
        for row in haproxy_stat(cluster)
        if row.get("pxname") == "replicas" and row.get("svname", "").startswith("replica-")
    }


def bytes_sent(cluster: Cluster) -> int | None:
    """Bytes the balancer has sent to browsers so far (headers, bodies as sent, websocket
    frames as sent, compressed or not), or None when it does not answer."""
    for row in haproxy_stat(cluster):
        if row.get("pxname") == "web" and row.get("svname") == "FRONTEND":
            return int(row.get("bout") or 0)
    return None


def status(cluster: Cluster) -> dict[str, dict]:
    """Every process of the cluster: its pid (None if not running) and, for replicas, port
    and the balancer's view."""
    seen = haproxy_servers(cluster)
    out = {"supervisord": {"pid": read_pid(cluster.state / "supervisord.pid")}}
    for name, port in zip(cluster.names(), cluster.ports(), strict=True):
        out[name] = {
            "pid": read_pid(cluster.pid_file(name)),
            "port": port,
            "balancer": seen.get(name, "?"),
        }
    out["balancer"] = {"pid": read_pid(cluster.pid_file("balancer")), "port": cluster.port}
    return out


def wait_healthy(cluster: Cluster, timeout: float = 120.0) -> None:
    """Return once every replica answers and the balancer counts each as UP."""
    prefix = cluster.prefix()
    started = time.monotonic()
    deadline = started + timeout
    while time.monotonic() < deadline:
        # supervisord writes its pid file a moment after it has daemonized.
        if read_pid(cluster.state / "supervisord.pid") is None and time.monotonic() > started + 5:
            raise RuntimeError("supervisord exited:\n" + log_tail(cluster))
        direct = all(
            healthy(f"http://127.0.0.1:{port}{prefix}/_stcore/health") for port in cluster.ports()
        )
        seen = haproxy_servers(cluster)
        if direct and seen and all(seen.get(n) == "UP" for n in cluster.names()):
            via = f"http://{_client_host(cluster.address)}:{cluster.port}{prefix}/_stcore/health"
            if healthy(via):
                return
        time.sleep(0.3)
    raise TimeoutError(f"the cluster was not healthy within {timeout:.0f} s:\n" + log_tail(cluster))


def _client_host(address: str) -> str:
    return "127.0.0.1" if address in ("0.0.0.0", "", "*") else address


def log_tail(cluster: Cluster, lines: int = 15) -> str:
    """The last lines of every log in the state folder, for error messages."""
    out = []
    for log in sorted(cluster.state.glob("*.log")):
        text = log.read_text(errors="replace").splitlines()[-lines:]
        out.append(f"--- {log.name}\n" + "\n".join(text))
    return "\n".join(out)


def start(cluster: Cluster, timeout: float = 120.0) -> dict[str, dict]:
    """Write the configuration, start supervisord in the background, wait until healthy."""
    if read_pid(cluster.state / "supervisord.pid") is not None:
        wait_healthy(cluster, timeout)
        return status(cluster)
    haproxy = find_haproxy()
    if haproxy is None:
        raise RuntimeError("haproxy is not installed (apt-get install haproxy)")
    busy = [p for p in [cluster.port, *cluster.ports()] if port_in_use(cluster.address, p)]
    if busy:
        raise RuntimeError(f"ports already in use: {busy}")
    cluster.state.mkdir(parents=True, exist_ok=True)
    # Pid files and logs describe one run: a new start begins with none.
    for stale in [*cluster.state.glob("*.pid"), *cluster.state.glob("*.log")]:
        stale.unlink()
    if cluster.user:
        shutil.chown(cluster.state, user=cluster.user)
    (cluster.state / "haproxy.cfg").write_text(haproxy_cfg(cluster))
    check = subprocess.run(
        [haproxy, "-c", "-q", "-f", str(cluster.state / "haproxy.cfg")],
        capture_output=True,
        text=True,
    )
    if check.returncode != 0:
        raise RuntimeError("haproxy refused its configuration:\n" + check.stdout + check.stderr)
    conf = cluster.state / "supervisord.conf"
    conf.write_text(supervisord_conf(cluster, haproxy))
    # supervisord daemonizes itself; it and everything under it leave our process group.
    subprocess.run(
        [*supervisord_binary(cluster.python), "-c", str(conf)],
        check=True,
        cwd=cluster.repo,
        stdin=subprocess.DEVNULL,
    )
    try:
        wait_healthy(cluster, timeout)
    except Exception:
        stop(cluster)
        raise
    return status(cluster)


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def _wait_gone(pids: list[int], timeout: float) -> list[int]:
    deadline = time.monotonic() + timeout
    alive = pids
    while alive and time.monotonic() < deadline:
        time.sleep(0.1)
        alive = [p for p in alive if _alive(p)]
    return alive


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    with contextlib.suppress(OSError):
        if Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z":
            return False
    return True


def stop(cluster: Cluster, timeout: float = 30.0) -> list[str]:
    """Stop supervisord (which stops its programs), then any process a pid file still names.

    Only pids from the state folder's pid files are signalled, and only while their command
    line is still ours (a pid the system has since given to another program is left alone).
    Returns what was stopped.
    """
    stopped = []
    files = sorted(cluster.state.glob("*.pid"))
    named = {f.stem: read_pid(f) for f in files}
    sup = named.pop("supervisord", None)
    if sup is not None:
        os.kill(sup, signal.SIGTERM)
        if _wait_gone([sup], timeout):
            os.kill(sup, signal.SIGKILL)
        stopped.append("supervisord")
    # supervisord stopped its programs; anything left (say, supervisord had been killed)
    # is ended here, by its recorded pid.
    left = {n: p for n, p in named.items() if p is not None and _alive(p)}
    ours = ("streamlit", "cluster.replica", "haproxy")
    for pid in left.values():
        if any(word in _cmdline(pid) for word in ours):
            os.kill(pid, signal.SIGTERM)
    survivors = _wait_gone(list(left.values()), 10)
    for pid in survivors:
        if any(word in _cmdline(pid) for word in ours):
            os.kill(pid, signal.SIGKILL)
    _wait_gone(survivors, 5)
    stopped += [n for n in named if named[n] is not None]
    for f in files:
        f.unlink(missing_ok=True)
    for sock in ("haproxy.sock", "supervisor.sock"):
        (cluster.state / sock).unlink(missing_ok=True)
    return stopped


def default_python() -> Path:
    return Path(sys.executable)
