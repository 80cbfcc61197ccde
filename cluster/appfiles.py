"""The app's own files and the map component's script, served compressed by each replica.

Streamlit serves the app's folder ``dashboard/static/`` at ``/app/static/`` (Leaflet, the
map's script and styles, the basemap's context files, the content-named layers files) and a
component's built files at ``/component/<name>/`` (streamlit-folium's script), gzipping them
at level 5 on every request. Here each such file is compressed once, with Brotli at its best
quality and gzip at level 9, and the compressed copy is answered instead to a browser that
accepts it: Brotli about a sixth smaller than Streamlit's gzip, gzip -9 about the same.

These files are not all named by their content: the context files and Leaflet are rewritten
under the same name (``offline.ensure_context``, ``ensure_vendor``), and new layers files
appear while a replica runs. So a compressed copy is filed under a hash of the exact bytes
it was made from, and each request reads the file as it is now and hashes it: a copy of
any other content is never found, whatever happened to the file. A file with no copy yet
goes to Streamlit as before, and its copy is made in the background for later requests. The
copies live in ``.cache/appfiles/`` beside the repository, shared by the replicas and kept
across restarts (the newest ``KEPT`` pairs); at start a replica makes those of every file in
the app's folder that has none.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import logging
import os
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from email.utils import formatdate
from pathlib import Path

CACHE = Path(__file__).resolve().parent.parent / ".cache" / "appfiles"
# Text worth compressing; images are compressed already.
SUFFIXES = frozenset({".js", ".css", ".json", ".html", ".svg", ".map", ".txt"})
# Smaller than this, compression saves less than its headers cost.
MIN_BYTES = 1024
# Larger files are left to Streamlit (none of ours is near this).
MAX_BYTES = 8 * 1024 * 1024
# Compressed pairs kept on disk; older ones go when a new one is made.
KEPT = 200
_LOG = logging.getLogger("cluster.appfiles")


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def compressible(path: Path, size: int) -> bool:
    return path.suffix.lower() in SUFFIXES and MIN_BYTES <= size <= MAX_BYTES


class Store:
    """Compressed copies filed by the hash of what they were made from: ``<hash>.br`` and
    ``<hash>.gz`` in ``folder``; each written beside and renamed, so never read half-made."""

    def __init__(self, folder: Path = CACHE, kept: int = KEPT) -> None:
        self.folder = folder
        self.kept = kept
        self._pending: set[str] = set()
        self._lock = threading.Lock()
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="appfiles")

    def path(self, key: str, encoding: str) -> Path | None:
        """The copy of the content hashed ``key`` in ``encoding`` ("br", "gz"), if made."""
        found = self.folder / f"{key}.{encoding}"
        return found if found.is_file() else None

    def make(self, data: bytes) -> str:
        """Write the compressed copies of ``data``; return its hash."""
        key = digest(data)
        copies = {"gz": gzip.compress(data, 9, mtime=0)}
        try:
            import brotli
        except ImportError:
            pass
        else:
            copies["br"] = brotli.compress(data, quality=11)
        self.folder.mkdir(parents=True, exist_ok=True)
        for encoding, packed in copies.items():
            if len(packed) >= len(data) or self.path(key, encoding):
                continue
            fd, tmp = tempfile.mkstemp(prefix=f".{key}.", dir=self.folder)
            with os.fdopen(fd, "wb") as out:
                out.write(packed)
            os.replace(tmp, self.folder / f"{key}.{encoding}")
        self._prune()
        return key

    def _prune(self) -> None:
        made = sorted(
            (p for p in self.folder.glob("*.gz")), key=lambda p: p.stat().st_mtime, reverse=True
        )
        for old in made[self.kept :]:
            for twin in (old, old.with_suffix(".br")):
                twin.unlink(missing_ok=True)

    def soon(self, data: bytes, key: str | None = None) -> None:
        """Make the copies of ``data`` in the background, once however often asked."""
        key = key or digest(data)
        with self._lock:
            if key in self._pending or self.path(key, "gz"):
                return
            self._pending.add(key)

        def work() -> None:
            try:
                self.make(data)
            except Exception:  # noqa: BLE001 - Streamlit goes on serving the file itself
                _LOG.exception("could not compress a file")
            finally:
                with self._lock:
                    self._pending.discard(key)

        self._worker.submit(work)

    def idle(self) -> None:
        """Wait until the copies asked for so far are made."""
        self._worker.submit(lambda: None).result()

    def warm(self, folder: Path) -> None:
        """Make in the background the copies of every file in ``folder`` that has none."""

        def work() -> None:
            for path in sorted(folder.rglob("*")):
                with contextlib.suppress(OSError):
                    if path.is_file() and compressible(path, path.stat().st_size):
                        data = path.read_bytes()
                        if not self.path(digest(data), "gz"):
                            self.make(data)

        self._worker.submit(work)


def accepted(header: str) -> list[str]:
    """The encodings we hold that an Accept-Encoding header accepts, best first."""
    ok = set()
    for part in header.split(","):
        name, _, params = part.strip().partition(";")
        q = params.strip().removeprefix("q=") if params.strip().startswith("q=") else "1"
        try:
            if float(q) > 0:
                ok.add(name.strip().lower())
        except ValueError:
            continue
    return [enc for enc, token in (("br", "br"), ("gz", "gzip")) if token in ok]


class AppFiles:
    """ASGI middleware answering GETs for the app's folder and components' files with a
    compressed copy of their current content, when one is made and the browser takes it;
    every other request (and every file with no copy yet) goes on to Streamlit."""

    def __init__(self, app, *, base: str = "", store: Store | None = None, locate=None) -> None:
        self.app = app
        base = base.strip("/")
        self.prefixes = {
            "app": f"/{base}/app/static/" if base else "/app/static/",
            "component": f"/{base}/component/" if base else "/component/",
        }
        self.store = store or Store()
        self.locate = locate or streamlit_file
        self.warmed = False

    async def __call__(self, scope, receive, send) -> None:
        if not self.warmed:
            folder = app_folder()
            if folder is not None:
                self.warmed = True
                self.store.warm(folder)
        if scope["type"] != "http" or scope["method"] != "GET":
            return await self.app(scope, receive, send)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        found = self._file(scope["path"], headers)
        if found is not None:
            import anyio

            path, kind = found
            read = await anyio.to_thread.run_sync(_read, path)
            if read is not None:
                data, stat = read
                if await self._answer(data, stat, path, kind, headers, send):
                    return
        return await self.app(scope, receive, send)

    def _file(self, url: str, headers: dict) -> tuple[Path, str] | None:
        # Ranges and cross-origin requests keep Streamlit's own answers and headers.
        if "range" in headers or not accepted(headers.get("accept-encoding", "")):
            return None
        for kind, prefix in self.prefixes.items():
            if url.startswith(prefix):
                rest = url[len(prefix) :]
                if kind == "component" and ("origin" in headers or rest.endswith(".html")):
                    return None
                path = self.locate(kind, rest)
                return None if path is None else (path, kind)
        return None

    async def _answer(self, data, stat, path: Path, kind: str, headers, send) -> bool:
        key = digest(data)
        for encoding in accepted(headers.get("accept-encoding", "")):
            copy = self.store.path(key, encoding)
            if copy is None:
                continue
            import anyio

            with contextlib.suppress(OSError):
                body = await anyio.Path(copy).read_bytes()
                await _send(send, body, encoding, key, stat, path, kind, headers)
                return True
        self.store.soon(data, key)
        return False


def _read(path: Path) -> tuple[bytes, os.stat_result] | None:
    try:
        stat = path.stat()
        if not compressible(path, stat.st_size):
            return None
        return path.read_bytes(), stat
    except OSError:
        return None


async def _send(send, body: bytes, encoding: str, key: str, stat, path, kind, headers) -> None:
    from streamlit.web.server.component_file_utils import guess_content_type

    etag = f'"{key[:32]}-{encoding}"'
    out = [
        ("content-type", guess_content_type(str(path))),
        ("content-encoding", "br" if encoding == "br" else "gzip"),
        ("vary", "Accept-Encoding"),
        ("etag", etag),
        ("last-modified", formatdate(stat.st_mtime, usegmt=True)),
    ]
    if kind == "app":
        out += [("access-control-allow-origin", "*"), ("x-content-type-options", "nosniff")]
    else:
        out += [("cache-control", "public")]
    fresh = etag in [t.strip() for t in headers.get("if-none-match", "").split(",")]
    if fresh:
        body = b""
    else:
        out.append(("content-length", str(len(body))))
    raw = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in out]
    await send({"type": "http.response.start", "status": 304 if fresh else 200, "headers": raw})
    await send({"type": "http.response.body", "body": body})


def app_folder() -> Path | None:
    """The folder Streamlit serves at /app/static/, when it serves one."""
    from streamlit import config, file_util
    from streamlit.runtime import Runtime

    if not config.get_option("server.enableStaticServing") or not Runtime.exists():
        return None
    script = Runtime.instance()._main_script_path
    return Path(os.path.realpath(file_util.get_app_static_dir(script)))


def streamlit_file(kind: str, rest: str) -> Path | None:
    """The file Streamlit would answer for ``rest`` under ``kind``'s prefix, checked the way
    Streamlit checks it (no way out of the folder); None if it would not answer one."""
    from streamlit.runtime import Runtime
    from streamlit.web.server.component_file_utils import build_safe_abspath

    if kind == "app":
        root = app_folder()
    else:
        name, _, rest = rest.partition("/")
        if not Runtime.exists() or not rest:
            return None
        root = Runtime.instance().component_registry.get_component_path(name)
    if root is None:
        return None
    found = build_safe_abspath(str(root), rest)
    return None if found is None else Path(found)
