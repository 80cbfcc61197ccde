"""``python -m cluster start|stop|status``: the cluster from the command line (see README)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from cluster import control
from cluster.config import Cluster

REPO = Path(__file__).resolve().parent.parent


def cluster_from(args: argparse.Namespace) -> Cluster:
    """The cluster the arguments describe; CSTO_GEODATA_DIR reaches the replicas."""
    env = {}
    if os.environ.get("CSTO_GEODATA_DIR"):
        env["CSTO_GEODATA_DIR"] = os.environ["CSTO_GEODATA_DIR"]
    ports = tuple(int(p) for p in args.replica_ports.split(",")) if args.replica_ports else ()
    return Cluster(
        repo=REPO,
        state=Path(args.state).resolve(),
        python=Path(sys.executable),
        replicas=args.replicas,
        port=args.port,
        address=args.address,
        base_path=args.base_path,
        replica_ports=ports,
        user=args.user or None,
        extra_env=env,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m cluster", description=__doc__)
    parser.add_argument("action", choices=["start", "stop", "status"])
    parser.add_argument("--replicas", type=int, default=2)
    parser.add_argument("--port", type=int, default=8600, help="where the balancer listens")
    parser.add_argument("--address", default="127.0.0.1", help="the balancer's address")
    parser.add_argument("--replica-ports", default="", help="comma-separated; default port+1…")
    parser.add_argument("--base-path", default="", help="URL prefix (server.baseUrlPath)")
    parser.add_argument("--state", default=str(REPO / ".cluster"), help="pid files, logs")
    parser.add_argument("--user", default="", help="run the processes as this user (root only)")
    parser.add_argument("--timeout", type=float, default=120, help="seconds to become healthy")
    args = parser.parse_args(argv)
    if args.replicas < 1:
        parser.error("--replicas must be at least 1")
    cluster = cluster_from(args)
    if args.action == "start":
        try:
            state = control.start(cluster, timeout=args.timeout)
        except (RuntimeError, TimeoutError) as exc:
            print(f"cluster did not start: {exc}", file=sys.stderr)
            return 1
        url = f"http://{args.address}:{args.port}{cluster.prefix()}/"
        print(f"cluster healthy on {url}")
        print(json.dumps(state, indent=1))
    elif args.action == "stop":
        stopped = control.stop(cluster)
        print("stopped: " + (", ".join(stopped) if stopped else "nothing was running"))
    else:
        print(json.dumps(control.status(cluster), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
