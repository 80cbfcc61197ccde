"""Streamlit's frontend gzipped once per version and served so by each replica.

Streamlit 1.67 sends its own JavaScript, CSS and fonts (``/static/...``) uncompressed on
purpose: its gzip middleware would compress them again on every request. Through the
balancer they were gzipped by Debian's HAProxy, which is built with libslz: fast, but its
output is about 50 % larger than ``gzip -9`` (5.4 MB of a first visit became ~2.2 MB where
gzip makes ~1.4 MB), and HAProxy 2.6 has no other compressor.

Here the files are compressed once, with gzip at level 9 and, when the ``brotli`` package is
installed, with Brotli at its best quality, by ``servestatic``'s compressor (the ASGI
descendant of WhiteNoise), into ``.cache/frontend/streamlit-<version>-<encodings>/`` beside
the repository (``make frontend``; otherwise the first replica to start makes it), and
``servestatic``'s ASGI app answers ``/static/...`` in front of Streamlit's routes: the
Brotli file to a browser that accepts it, else the gzipped one, else the plain one, with
``Vary: Accept-Encoding``, an ETag and a long lifetime (every file there has a content hash
in its name, as Streamlit itself says by marking them immutable). Browsers offer Brotli over
HTTPS and to localhost, gzip everywhere. HAProxy passes a response that carries a
Content-Encoding untouched. Serving is a file read; no request compresses.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

CACHE = Path(__file__).resolve().parent.parent / ".cache" / "frontend"


def source() -> Path:
    """Streamlit's own ``/static/`` folder (its hashed JavaScript, CSS and media)."""
    from streamlit import file_util

    return Path(file_util.get_static_dir()) / "static"


def folder(cache: Path = CACHE) -> Path:
    """The copy of Streamlit's ``/static/`` files with their ``.gz`` (and ``.br``) twins,
    made the first time for this Streamlit version. Replicas starting together may both
    make it; the first to finish keeps its copy, the other drops its own."""
    import streamlit
    from servestatic.compress import Compressor, brotli

    encodings = "gz-br" if brotli is not None else "gz"
    target = cache / f"streamlit-{streamlit.__version__}-{encodings}"
    if target.is_dir():
        return target

    cache.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=cache))
    try:
        shutil.copytree(source(), work / "static")
        compressor = Compressor(use_brotli=brotli is not None, use_zstd=False, quiet=True)
        for path in sorted((work / "static").rglob("*")):
            if path.is_file() and compressor.should_compress(path.name):
                compressor.compress(path)
        work.chmod(0o755)
        os.rename(work, target)
    except OSError:
        if not target.is_dir():
            raise
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return target


def _immutable(path: str, url: str) -> bool:
    # Every file under /static/ has a content hash in its name.
    return True


def install() -> None:
    """Put the gzipped copy in front of Streamlit's routes, under ``server.baseUrlPath``."""
    from streamlit.web.server.starlette import starlette_app

    original = starlette_app.create_streamlit_middleware
    if getattr(original, "_cluster_wrapped", False):
        return

    def create_streamlit_middleware():
        from servestatic import ServeStaticASGI
        from starlette.middleware import Middleware
        from streamlit import config

        from cluster import appfiles

        base = (config.get_option("server.baseUrlPath") or "").strip("/")
        middleware = original()
        # Innermost: after Streamlit's path checks and session, before its routes. Its
        # own gzip middleware already leaves /static/ alone.
        middleware.append(
            Middleware(
                ServeStaticASGI,
                root=folder() / "static",
                prefix=f"{base}/static/" if base else "static/",
                allow_all_origins=False,
                immutable_file_test=_immutable,
            )
        )
        # The app's own files and the components' scripts, compressed once per content.
        middleware.append(Middleware(appfiles.AppFiles, base=base))
        return middleware

    create_streamlit_middleware._cluster_wrapped = True
    starlette_app.create_streamlit_middleware = create_streamlit_middleware
