"""The HAProxy and supervisord configuration of a cluster, as text (no side effects)."""

from __future__ import annotations

import shlex
from dataclasses import dataclass, field
from pathlib import Path

# The cookie that pins a browser to the replica holding its Streamlit session.
COOKIE = "csto_replica"
# Streamlit's own ceiling (.streamlit/config.toml, server.maxUploadSize) in MB; the proxy
# refuses anything larger before it reaches a replica.
MAX_UPLOAD_MB = 50
# What the balancer gzips on the way out: what still comes uncompressed (the page's HTML,
# the map component's files, JSON). Streamlit's own JavaScript and CSS, ~5.4 MB of a first
# visit, come gzipped from the replicas (cluster/frontend.py: gzip -9 once, where Debian's
# HAProxy, built with libslz, made ~50 % more bytes of them); HAProxy passes anything that
# arrives with a Content-Encoding (those and the app's /app/static files, which Streamlit
# gzips itself) as it is, and never touches the websocket. woff2 fonts and PNGs are
# compressed already and left out.
COMPRESS_TYPES = (
    "text/html",
    "text/css",
    "text/plain",
    "text/javascript",
    "application/javascript",
    "application/json",
    "application/geo+json",
    "image/svg+xml",
    "font/ttf",
    "font/otf",
)


@dataclass(frozen=True)
class Cluster:
    """Where everything listens and lives. Replica ``i`` (1-based) listens on ``port + i``
    unless ``replica_ports`` says otherwise."""

    repo: Path
    state: Path
    python: Path
    replicas: int = 2
    port: int = 8600
    address: str = "127.0.0.1"
    base_path: str = ""
    replica_ports: tuple[int, ...] = ()
    max_upload_mb: int = MAX_UPLOAD_MB
    # Run the replicas and the balancer as this user (only when supervisord starts as root).
    user: str | None = None
    extra_env: dict[str, str] = field(default_factory=dict)

    def ports(self) -> list[int]:
        """The loopback port of each replica, in order."""
        if self.replica_ports:
            if len(self.replica_ports) != self.replicas:
                raise ValueError("one port per replica")
            return list(self.replica_ports)
        return [self.port + i for i in range(1, self.replicas + 1)]

    def prefix(self) -> str:
        """The URL path prefix ('' or '/name'), as Streamlit's server.baseUrlPath gives it."""
        path = self.base_path.strip("/")
        return f"/{path}" if path else ""

    def names(self) -> list[str]:
        return [f"replica-{i}" for i in range(1, self.replicas + 1)]

    def pid_file(self, name: str) -> Path:
        return self.state / f"{name}.pid"


def streamlit_command(cluster: Cluster, port: int) -> list[str]:
    """The command line of one replica."""
    app = str(cluster.repo / "dashboard" / "app.py")
    cmd = [
        str(cluster.python), "-m", "cluster.replica", "run", app,
        "--server.address", "127.0.0.1",
        "--server.port", str(port),
        "--server.headless", "true",
        "--server.fileWatcherType", "none",
        "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    if cluster.prefix():
        cmd += ["--server.baseUrlPath", cluster.prefix().lstrip("/")]
    return cmd


def _pid_then_exec(pid_file: Path, cmd: list[str]) -> str:
    """A shell line that records its own pid and then becomes ``cmd`` (same pid), so the pid
    file names the real process even after supervisord restarts it."""
    line = f"echo $$ > {shlex.quote(str(pid_file))} && exec {shlex.join(cmd)}"
    # supervisord expands %(name)s in commands: a literal % must be doubled.
    return shlex.join(["/bin/sh", "-c", line]).replace("%", "%%")


def haproxy_cfg(cluster: Cluster) -> str:
    """HAProxy's configuration: cookie affinity, failover, websockets, health checks,
    compression."""
    health = f"{cluster.prefix()}/_stcore/health"
    limit = cluster.max_upload_mb * 1024 * 1024
    servers = "\n".join(
        f"    server {name} 127.0.0.1:{port} cookie {name}"
        for name, port in zip(cluster.names(), cluster.ports(), strict=True)
    )
    return f"""\
# Written by `python -m cluster start`; edit cluster/config.py instead.
global
    maxconn 4096
    stats socket {cluster.state}/haproxy.sock mode 600 level admin
    log stdout format raw local0 info

defaults
    mode http
    log global
    option httplog
    option dontlognull
    timeout connect 3s
    timeout http-request 15s
    timeout client 60s
    timeout server 60s
    # An open websocket is a tunnel: Streamlit pings it, but a reader may idle for long.
    timeout tunnel 1h
    timeout client-fin 5s
    timeout http-keep-alive 10s
    # Browsers open spare connections ahead of need; one left idle is closed silently, not
    # answered with a 408 that the browser would take for the reply to its next request.
    option http-ignore-probes
    # A failed connection to a replica is tried again, each time on another one.
    retries 2
    option redispatch 1

frontend web
    bind {cluster.address}:{cluster.port}
    # Streamlit refuses larger uploads too, but only after reading them.
    http-request deny deny_status 413 if {{ req.hdr_val(content-length) gt {limit} }}
    default_backend replicas

backend replicas
    # gzip (HAProxy 2.6 has no brotli) only what comes uncompressed, for browsers that ask.
    compression algo gzip
    compression type {" ".join(COMPRESS_TYPES)}
    # Sessions are long websockets: a new reader goes where the fewest are open.
    balance leastconn
    # Session affinity: the first response pins the browser to its replica; the cookie is
    # never passed on to the app, and a cookie naming a replica that is down is ignored.
    cookie {COOKIE} insert indirect nocache httponly
    option httpchk GET {health}
    http-check expect status 200
    # A busy replica answers its health check late, not never: a check may take 5 s, and a
    # replica is out only after 3 failed checks in a row (checked faster once one failed).
    # A crashed one is noticed sooner anyway: its connections are refused, so requests
    # are redispatched at once, and the kernel closes its websockets.
    timeout check 5s
    default-server check inter 2s fastinter 500ms downinter 1s fall 3 rise 2
{servers}
"""


def supervisord_conf(cluster: Cluster, haproxy: str = "/usr/sbin/haproxy") -> str:
    """supervisord's configuration: every replica and the balancer, restarted when they die."""
    st = cluster.state
    user = f"user={cluster.user}\n" if cluster.user else ""
    env = {"PYTHONUNBUFFERED": "1", **cluster.extra_env}
    environment = ",".join(f'{k}="{v}"' for k, v in sorted(env.items())).replace("%", "%%")
    programs = []
    for name, port in zip(cluster.names(), cluster.ports(), strict=True):
        cmd = _pid_then_exec(cluster.pid_file(name), streamlit_command(cluster, port))
        programs.append(
            f"[program:{name}]\ncommand={cmd}\ndirectory={cluster.repo}\n"
            f"environment={environment}\n{user}"
            "autorestart=true\nstartsecs=2\nstartretries=10\nstopasgroup=true\n"
            "stopwaitsecs=10\nredirect_stderr=true\n"
            f"stdout_logfile={st}/{name}.log\nstdout_logfile_maxbytes=5MB\n"
        )
    balancer = _pid_then_exec(
        cluster.pid_file("balancer"), [haproxy, "-f", str(st / "haproxy.cfg"), "-db"]
    )
    programs.append(
        f"[program:balancer]\ncommand={balancer}\n{user}"
        "autorestart=true\nstartsecs=1\nstopwaitsecs=10\nredirect_stderr=true\n"
        f"stdout_logfile={st}/balancer.log\nstdout_logfile_maxbytes=5MB\n"
    )
    head = f"""\
; Written by `python -m cluster start`; edit cluster/config.py instead.
[supervisord]
pidfile={st}/supervisord.pid
logfile={st}/supervisord.log
logfile_maxbytes=5MB
childlogdir={st}
directory={cluster.repo}
identifier=csto-cluster

[unix_http_server]
file={st}/supervisor.sock
chmod=0700

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[supervisorctl]
serverurl=unix://{st}/supervisor.sock

"""
    return head + "\n".join(programs)
