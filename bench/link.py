"""A reader's link and a balancer for the bench: Chromium's network emulation and bytes on the
wire, read through a CDP session, and the cluster's own HAProxy configuration in front of one
bench server.

The link is Chromium's DevTools throttle (``Network.emulateNetworkConditions``) on loopback:
every request waits the round trip, and every response body is paced at the download rate.
Nothing leaves the machine.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from cluster.config import Cluster, haproxy_cfg
from cluster.control import bytes_sent, find_haproxy

# A home or office line: 20 Mbit/s down, 5 Mbit/s up, 40 ms round trip.
DOWN_MBIT, UP_MBIT, RTT_MS = 20, 5, 40
PROFILE = f"{DOWN_MBIT} Mbit/s down, {UP_MBIT} Mbit/s up, {RTT_MS} ms round trip"
CONDITIONS = {
    "offline": False,
    "latency": RTT_MS,
    "downloadThroughput": DOWN_MBIT * 1_000_000 / 8,
    "uploadThroughput": UP_MBIT * 1_000_000 / 8,
}


@dataclass
class Wire:
    """HTTP bytes as they crossed the wire (compressed bodies plus headers), per CDP."""

    http: int = 0
    responses: int = 0
    cached: int = 0


def watch_wire(page, *, emulate: bool) -> Wire:
    """Count ``Network.loadingFinished``'s encodedDataLength for ``page`` (its same-origin
    frames included) from now on; with ``emulate``, throttle the page to ``PROFILE`` first."""
    wire = Wire()
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    if emulate:
        cdp.send("Network.emulateNetworkConditions", CONDITIONS)

    def on_finished(event: dict) -> None:
        wire.http += int(event.get("encodedDataLength", 0))
        wire.responses += 1

    def on_cached(_event: dict) -> None:
        wire.cached += 1

    cdp.on("Network.loadingFinished", on_finished)
    cdp.on("Network.requestServedFromCache", on_cached)
    return wire


class Balancer:
    """HAProxy with the cluster's configuration (compression, affinity) in front of one
    server on ``127.0.0.1:port``; a context manager that stops exactly the process it started."""

    def __init__(self, port: int, listen: int) -> None:
        self.state = Path(tempfile.mkdtemp(prefix="csto-bench-lb-"))
        self.spec = Cluster(
            repo=Path("."),
            state=self.state,
            python=Path("python"),
            replicas=1,
            port=listen,
            replica_ports=(port,),
        )
        self.url = f"http://127.0.0.1:{listen}/"
        self.proc: subprocess.Popen | None = None

    def __enter__(self) -> Balancer:
        haproxy = find_haproxy()
        if haproxy is None:
            raise RuntimeError("haproxy is not installed (make balancer)")
        cfg = self.state / "haproxy.cfg"
        cfg.write_text(haproxy_cfg(self.spec), encoding="utf-8")
        self.proc = subprocess.Popen(
            [haproxy, "-f", str(cfg), "-db"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("haproxy exited at start")
            health = self.url + "_stcore/health"
            with contextlib.suppress(OSError), urllib.request.urlopen(health, timeout=2) as r:
                if r.status == 200:
                    return self
            time.sleep(0.1)
        self.__exit__()
        raise TimeoutError("the balancer did not answer within 30 s")

    def sent(self) -> int | None:
        """Bytes HAProxy has sent to the browser so far: what crossed the reader's wire,
        websocket frames as sent (compressed when the websocket is) included."""
        return bytes_sent(self.spec)

    def __exit__(self, *exc: object) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)
        for path in self.state.iterdir():
            path.unlink()
        self.state.rmdir()
