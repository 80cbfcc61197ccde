"""One replica: ``streamlit run`` with two additions, for browsers that arrive from a dead
replica and for downloads made on click while many readers are served.

Streamlit's browser keeps its session id and, when its websocket drops, reconnects asking to
resume that session. If the session is still in the process, it resumes; the browser then
asks for no run, since its page is current. Behind a balancer the reconnect may land on
another replica (the old one died): that replica makes a new, empty session, and the browser,
believing it resumed, still asks for no run. The page then looks right but its downloads
point at files only the dead replica had.

This module makes such a browser run the app once more. When a reconnect names a session
this process never had, the replica tells the browser a script run is in progress and closes
the websocket; a browser whose connection drops during a run asks for a fresh run as soon as
it is back, sending its widgets and its URL. The app rebuilds its state from those (the URL
holds filters, date, view, selection). Each session id is bounced once.

A download button whose file is made on click (``st.download_button`` given a callable)
asks over the websocket for the file; Streamlit 1.67 makes it and answers its URL, but files
the file under no session. The end of any script run in the process sweeps unreferenced
files (marking them, then deleting them at the next sweep), so with a few dozen readers two
other readers' runs often end before the browser's GET arrives, which then gets 404
(``bench/load_cluster.py`` saw it in Chromium and in its protocol-level tabs alike). This
module keeps every file made on click for ``KEEP_MADE_S`` seconds before a sweep may take it.

    python -m cluster.replica run dashboard/app.py --server.port 8601 ...
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sys
import time
from collections import OrderedDict

_LOG = logging.getLogger("cluster.replica")
# Session ids already bounced; bounded, oldest forgotten first.
_BOUNCED: OrderedDict[str, None] = OrderedDict()
_BOUNCED_MAX = 10_000
# Long enough for the browser to read the status message before the socket closes.
CLOSE_AFTER_S = 0.2
# 1012: "service restart", so the browser reconnects.
CLOSE_CODE = 1012
# A file made on click is kept at least this long (the browser fetches it at once).
KEEP_MADE_S = 60.0
# File id -> when it was made; entries older than KEEP_MADE_S go at the next sweep.
_MADE: dict[str, float] = {}


def _first_bounce(session_id: str) -> bool:
    """True the first time ``session_id`` is seen here; remembers it."""
    if session_id in _BOUNCED:
        return False
    _BOUNCED[session_id] = None
    if len(_BOUNCED) > _BOUNCED_MAX:
        _BOUNCED.popitem(last=False)
    return True


def _ask_for_a_run(client: object) -> None:
    """Tell the browser a run is under way, then close its websocket."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    msg = ForwardMsg()
    msg.session_status_changed.run_on_save = False
    msg.session_status_changed.script_is_running = True
    client.write_forward_msg(msg)
    websocket = getattr(client, "_websocket", None)
    if websocket is None:
        return

    async def close_soon() -> None:
        await asyncio.sleep(CLOSE_AFTER_S)
        # The browser may have gone already.
        with contextlib.suppress(Exception):
            await websocket.close(code=CLOSE_CODE)

    asyncio.get_running_loop().create_task(close_soon())


def _made_id(url: str) -> str:
    # Streamlit's media URLs end in /<file id><extension>.
    return url.rsplit("/", 1)[-1].split(".", 1)[0]


def keep_made_downloads() -> None:
    """Wrap Streamlit's media file manager so a file made on click is kept ``KEEP_MADE_S``."""
    from streamlit.runtime.media_file_manager import MediaFileManager

    execute, inactive = MediaFileManager.execute_deferred, MediaFileManager._get_inactive_file_ids
    if getattr(execute, "_cluster_wrapped", False):
        return

    def execute_deferred(self, file_id: str) -> str:
        url = execute(self, file_id)
        with self._lock:
            _MADE[_made_id(url)] = time.monotonic()
        return url

    def get_inactive_file_ids(self) -> set[str]:
        # Called by the sweep with the manager's lock held.
        now = time.monotonic()
        for made, at in list(_MADE.items()):
            if now - at > KEEP_MADE_S:
                del _MADE[made]
        return inactive(self) - set(_MADE)

    execute_deferred._cluster_wrapped = True
    MediaFileManager.execute_deferred = execute_deferred
    MediaFileManager._get_inactive_file_ids = get_inactive_file_ids


def install() -> None:
    """Wrap Streamlit's session manager so a reconnect from another replica gets a run, and
    its deferred downloads so a made file outlives other readers' runs."""
    keep_made_downloads()
    from streamlit.runtime.websocket_session_manager import WebsocketSessionManager

    original = WebsocketSessionManager.connect_session
    if getattr(original, "_cluster_wrapped", False):
        return

    def connect_session(self, client, script_data, user_info, existing_session_id=None,
                        session_id_override=None):  # fmt: skip
        session_id = original(
            self, client, script_data, user_info, existing_session_id, session_id_override
        )
        resumed = not existing_session_id or session_id == existing_session_id
        if not resumed and _first_bounce(existing_session_id):
            _LOG.info("session %s is not here: asking the browser for a run", existing_session_id)
            try:
                _ask_for_a_run(client)
            except Exception:  # noqa: BLE001 - never break a connection over this
                _LOG.exception("could not ask the browser for a run")
        return session_id

    connect_session._cluster_wrapped = True
    WebsocketSessionManager.connect_session = connect_session


def main(argv: list[str] | None = None) -> int:
    """Run Streamlit's command line (``streamlit <argv>``) with the reconnect fix and the
    frontend gzipped once (``cluster.frontend``)."""
    from streamlit.web import cli

    from cluster import frontend

    install()
    frontend.install()
    sys.argv = ["streamlit", *(sys.argv[1:] if argv is None else argv)]
    return cli.main(prog_name="streamlit")


if __name__ == "__main__":
    sys.exit(main())
