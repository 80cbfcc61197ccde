"""Free loopback ports for the bench, the cluster's tests and ``make load-cluster``.

By default the system picks any free port. ``CSTO_PORTS=8650-8699`` keeps every server
these start inside that range instead (a machine shared with others who run servers on
ports of their own).
"""

from __future__ import annotations

import os
import socket

PORTS_ENV = "CSTO_PORTS"
# The last port handed out here: the next search starts after it, so ports asked for in a
# row before anything listens on them differ, and the range is gone round before reuse.
_last: list[int] = []


def port_range(text: str | None = None) -> range | None:
    """The range ``CSTO_PORTS`` names (``low-high``, both included), or None for any port."""
    text = os.environ.get(PORTS_ENV, "") if text is None else text
    if not text.strip():
        return None
    low, _, high = text.partition("-")
    first, last = int(low), int(high or low)
    if not 0 < first <= last < 65536:
        raise ValueError(f"{PORTS_ENV}={text!r}: expected low-high")
    return range(first, last + 1)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now; inside ``CSTO_PORTS``
    when it is set, the next free one after the last this process handed out."""
    allowed = port_range()
    if allowed is None:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            return sock.getsockname()[1]
    start = allowed.index(_last[0]) + 1 if _last and _last[0] in allowed else 0
    for i in range(len(allowed)):
        port = allowed[(start + i) % len(allowed)]
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
        _last[:] = [port]
        return port
    raise OSError(f"no free port left in {PORTS_ENV}={os.environ[PORTS_ENV]}")
