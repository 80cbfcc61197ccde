"""Start a Streamlit app on a free loopback port, wait until it answers, measure it, stop it."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from cluster.ports import free_port

REPO = Path(__file__).resolve().parent.parent
STREAMLIT = Path(sys.executable).with_name("streamlit")


def vendor_into(static_dir: Path) -> None:
    """Copy Leaflet and Leaflet.markercluster into ``static_dir/vendor`` (the app's layout)."""
    import xstatic.pkg.leaflet as leaflet
    import xstatic.pkg.leaflet_markercluster as markercluster

    for name, base in (
        ("leaflet", leaflet.BASE_DIR),
        ("leaflet-markercluster", markercluster.BASE_DIR),
    ):
        target = static_dir / "vendor" / name
        if not target.exists():
            shutil.copytree(base, target, ignore=shutil.ignore_patterns("*.map"))


def staged_script(script: Path, workdir: Path) -> Path:
    """Copy a bench app into ``workdir`` beside its own ``static/vendor`` and return its path.

    Streamlit serves ``<script folder>/static``; a copy in a scratch folder gets the same
    ``../../app/static/vendor/...`` URLs as the real app without touching ``dashboard/``.
    """
    workdir.mkdir(parents=True, exist_ok=True)
    vendor_into(workdir / "static")
    target = workdir / script.name
    shutil.copyfile(script, target)
    return target


class StreamlitServer:
    """One ``streamlit run`` process on 127.0.0.1; use as a context manager. With
    ``replica=True`` it is started as the cluster starts each replica (``cluster.replica``:
    the reconnect fix and the frontend gzipped once)."""

    def __init__(
        self, script: Path, *, env: dict[str, str] | None = None, replica: bool = False
    ) -> None:
        self.script = script
        self.replica = replica
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.extra_env = env or {}
        self.proc: subprocess.Popen | None = None
        self.spawned_at = 0.0
        self.ready_at = 0.0
        # Kept open for the server's lifetime; closed in stop().
        self._log = tempfile.TemporaryFile()  # noqa: SIM115

    def start(self, timeout: float = 60.0) -> StreamlitServer:
        env = {**os.environ, "PYTHONPATH": str(REPO), "CSTO_REPO": str(REPO), **self.extra_env}
        launcher = [sys.executable, "-m", "cluster.replica"] if self.replica else [str(STREAMLIT)]
        cmd = [
            *launcher,
            "run",
            str(self.script),
            "--server.address=127.0.0.1",
            f"--server.port={self.port}",
            "--server.headless=true",
            "--server.enableStaticServing=true",
            "--server.fileWatcherType=none",
            "--browser.gatherUsageStats=false",
        ]
        self.spawned_at = time.perf_counter()
        # Own process group, so stop() ends this server and nothing else.
        self.proc = subprocess.Popen(
            cmd,
            cwd=REPO,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"streamlit exited early:\n{self.log()}")
            try:
                with urllib.request.urlopen(self.url + "_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        self.ready_at = time.perf_counter()
                        return self
            except OSError:
                pass
            time.sleep(0.05)
        self.stop()
        raise TimeoutError(f"{self.script} did not answer within {timeout} s:\n{self.log()}")

    def rss_kib(self) -> int:
        """Return the server process's resident memory (VmRSS) in KiB."""
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        raise RuntimeError("no VmRSS line")

    def log(self) -> str:
        """Return the tail of the server's output, for error messages."""
        if self._log.closed:
            return ""
        self._log.seek(0)
        return self._log.read().decode("utf-8", "replace")[-4000:]

    def stop(self) -> None:
        """End the server's own process group (and only that)."""
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)
        self._log.close()

    def __enter__(self) -> StreamlitServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
