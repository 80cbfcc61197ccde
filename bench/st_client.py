"""One browser tab of a Streamlit 1.67 app, at the protocol level: what the frontend sends
and fetches, without a browser. Forty of these cost the load bench a fraction of one core,
where forty Chromium pages took both.

A tab loads the page as Chromium does on a first visit (index.html and its scripts, then
``/_stcore/health`` and ``/_stcore/host-config``, which set the XSRF cookie), opens the
websocket ``/_stcore/stream`` with the subprotocols ``streamlit, <xsrf token>[, <last
session id>]`` and the same cookies (the balancer's affinity cookie among them), and asks for
a run. What it then does follows the frontend's own code (``static/js/index.*.js``):

- the map component mounts once: its iframe page and Leaflet are fetched, and the map's
  script reports ``Streamlit.setComponentValue(...)`` (see ``on_mount``);
- a fragment's ``auto_rerun`` timer sends its fragment rerun every interval;
- when the websocket drops it waits 250–500 ms (doubling up to 4 s), pings health and
  host-config until both answer, reconnects naming its last session, and asks for a run
  when it has no session yet, a run was under way, or a timer is set;
- downloads made on click ask the server over the websocket (``deferred_file``) for a URL,
  then GET it; an upload asks for an upload URL, PUTs the file with the XSRF header, then
  reruns with the uploader's new value.
"""

from __future__ import annotations

import ast
import asyncio
import contextlib
import time
import uuid
from collections.abc import Awaitable, Callable
from urllib.parse import urljoin, urlsplit

from streamlit.proto.Element_pb2 import Element
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake

from bench import st_protocol as proto
from bench.st_http import HTTPError, Jar, Response, multipart, page_assets, request

XSRF_COOKIE = "_streamlit_xsrf"
# A browser fetches at most this many files from one host at once.
PARALLEL_FETCHES = 6


class TabError(RuntimeError):
    """A step the tab could not finish (what a reader would see as a broken page)."""


def _listed(value: object) -> list[str]:
    # st_folium passes lists, older versions their repr.
    if isinstance(value, str):
        value = ast.literal_eval(value or "[]")
    return [str(v) for v in value or []]


class Tab:
    """One reader's tab on ``base`` (``http://127.0.0.1:port/``), opened on ``query``."""

    def __init__(
        self,
        base: str,
        query: str = "",
        *,
        on_mount: Callable[[Element], object] | None = None,
        assets: bool = True,
        timeout: float = 60.0,
    ) -> None:
        self.base = base.rstrip("/") + "/"
        self.origin = "{0.scheme}://{0.netloc}".format(urlsplit(self.base))
        self.page = proto.Page(query_string=query)
        self.jar = Jar()
        # The value the map's script reports once it has drawn (None: it reports nothing).
        self.on_mount = on_mount
        self.assets = assets
        self.timeout = timeout
        self.fetched: set[str] = set()  # this tab's HTTP cache
        self.mounted: str | None = None  # id of the component whose iframe is up
        self.mounted_at: float | None = None  # when its map was drawn (assets fetched)
        self.connected_at: list[float] = []
        self.dropped_at: list[float] = []
        self.failed: list[tuple[float, str]] = []  # (monotonic time, what)
        self._ws: ClientConnection | None = None
        self._reader: asyncio.Task | None = None
        self._timers: dict[str, asyncio.Task] = {}
        self._tasks: set[asyncio.Task] = set()
        self._changed = asyncio.Condition()
        self._dead: str | None = None
        self._closing = False

    # -- HTTP ---------------------------------------------------------------------------

    async def get(self, url: str, *, check: bool = True) -> Response:
        """GET through the balancer with this tab's cookies; failures are noted."""
        try:
            resp = await request(url, jar=self.jar, timeout=self.timeout)
        except HTTPError as exc:
            self.failed.append((time.monotonic(), str(exc)))
            raise TabError(str(exc)) from exc
        if resp.status >= 400:
            self.failed.append((time.monotonic(), f"GET {urlsplit(url).path}: {resp.status}"))
            if check:
                raise TabError(f"GET {urlsplit(url).path} answered {resp.status}")
        return resp

    async def fetch_all(self, urls: list[str]) -> None:
        """Fetch what the tab has not cached yet, a few at a time, as a browser would."""
        todo = [u for u in dict.fromkeys(urls) if u not in self.fetched]
        gate = asyncio.Semaphore(PARALLEL_FETCHES)

        async def one(url: str) -> None:
            async with gate:
                await self.get(url)
                self.fetched.add(url)

        await asyncio.gather(*(one(u) for u in todo))

    def url(self) -> str:
        query = self.page.query_string
        return self.base + (f"?{query}" if query else "")

    # -- connecting ---------------------------------------------------------------------

    async def open(self) -> None:
        """Load the page, open the websocket and ask for the first run."""
        index = await self.get(self.url())
        if self.assets:
            await self.fetch_all(page_assets(self.base, index.text()))
        await self._ping()
        await self._connect()
        self._reader = asyncio.create_task(self._read())
        await self.rerun()

    async def _ping(self) -> None:
        """Health and host-config until both answer 200 (the frontend's pingServer)."""
        deadline = time.monotonic() + self.timeout
        attempt = 0
        while True:
            attempt += 1
            try:
                got = await asyncio.gather(
                    *(
                        request(self.base + path, jar=self.jar, timeout=proto.PING_TIMEOUT_S)
                        for path in ("_stcore/health", "_stcore/host-config")
                    )
                )
                if all(r.status == 200 for r in got):
                    return
                note = f"ping answered {[r.status for r in got]}"
            except HTTPError as exc:
                note = str(exc)
            self.failed.append((time.monotonic(), note))
            if time.monotonic() > deadline:
                raise TabError(f"the server did not answer its health check: {note}")
            await asyncio.sleep(proto.ping_delay(attempt))

    async def _connect(self) -> None:
        tokens = [self.jar.cookies.get(XSRF_COOKIE, "PLACEHOLDER_AUTH_TOKEN")]
        if self.page.session_id:
            tokens.append(self.page.session_id)
        ws_url = "ws" + self.base.removeprefix("http") + "_stcore/stream"
        self._ws = await connect(
            ws_url,
            subprotocols=["streamlit", *tokens],
            additional_headers={"Cookie": self.jar.header()},
            origin=self.origin,
            compression=None,
            max_size=None,
            ping_interval=None,
            open_timeout=proto.WS_TIMEOUT_S,
            close_timeout=1,
        )
        if self._ws.response is not None:
            self.jar.take([(k.lower(), v) for k, v in self._ws.response.headers.raw_items()])
        self.connected_at.append(time.monotonic())

    async def _read(self) -> None:
        """Take every message; when the socket drops, reconnect as the frontend does."""
        while not self._closing:
            try:
                async for data in self._ws:
                    msg = ForwardMsg()
                    msg.ParseFromString(data)
                    await self._take(msg)
            except ConnectionClosed:
                pass
            except Exception as exc:  # noqa: BLE001 - a broken tab is a result
                self._dead = f"{type(exc).__name__}: {exc}"
                await self._notify()
                return
            if self._closing:
                return
            self.dropped_at.append(time.monotonic())
            await self._notify()
            try:
                await self._reconnect()
            except TabError as exc:
                self._dead = str(exc)
                return
            finally:
                await self._notify()

    async def _reconnect(self) -> None:
        deadline = time.monotonic() + self.timeout
        attempt = 0
        had_session = bool(self.page.session_id)
        while time.monotonic() < deadline:
            attempt += 1
            await asyncio.sleep(proto.reconnect_delay(attempt))
            try:
                await self._ping()
                await self._connect()
            except (OSError, TimeoutError, InvalidHandshake) as exc:
                self.failed.append((time.monotonic(), f"websocket: {type(exc).__name__}"))
                continue
            if self.page.wants_run_on_connect(had_session):
                await self.rerun()
            return
        raise TabError(f"no websocket again within {self.timeout:.0f} s")

    async def _take(self, msg: ForwardMsg) -> None:
        kind = self.page.feed(msg)
        if kind == "new_session" and not self.page.fragment_run:
            # A whole run clears every timer (the frontend's cleanupAutoReruns).
            self._stop_timers(list(self._timers))
        elif kind == "stop_auto_rerun":
            self._stop_timers(msg.stop_auto_rerun.fragment_ids)
        elif kind == "auto_rerun":
            # setInterval anew: a timer set again starts its interval from now.
            fragment = msg.auto_rerun.fragment_id
            self._stop_timers([fragment])
            self._timers[fragment] = asyncio.create_task(
                self._tick(fragment, msg.auto_rerun.interval)
            )
        elif kind == "delta":
            shown = self.page.last
            if (
                shown is not None
                and shown.WhichOneof("type") == "component_instance"
                and shown.component_instance.component_name == proto.FOLIUM
                and shown.component_instance.id != self.mounted
            ):
                # A new component id is a new iframe; the same id keeps the drawn one.
                self.mounted = shown.component_instance.id
                self._spawn(self._mount(shown))
        await self._notify()

    async def _mount(self, component: Element) -> None:
        """The component's iframe loads its page and its scripts, then its script reports."""
        try:
            if self.assets:
                name = component.component_instance.component_name
                frame = urljoin(self.base, f"component/{name}/index.html")
                html = await self.get(frame)
                args = proto.map_args(component)
                links = [*_listed(args.get("js_links")), *_listed(args.get("css_links"))]
                links = [urljoin(frame, link) for link in links]
                await self.fetch_all(page_assets(frame, html.text()) + links)
            self.mounted_at = time.monotonic()
            value = self.on_mount(component) if self.on_mount else None
            if value is not None:
                self.page.set_value(proto.drawn_state(component, value))
                await self.rerun()
        except Exception as exc:  # noqa: BLE001 - a map that never draws is a result
            self.failed.append((time.monotonic(), f"map component: {exc}"))
        finally:
            await self._notify()

    async def _tick(self, fragment: str, interval: float) -> None:
        """A fragment's ``run_every`` timer: a fragment rerun every ``interval`` seconds."""
        while interval > 0 and not self._closing:
            await asyncio.sleep(interval)
            # Sent whatever the script is doing; dropped while disconnected, as in the frontend.
            with contextlib.suppress(TabError, ConnectionClosed):
                await self.send(proto.rerun(self.page, url=self.url(), fragment_id=fragment))

    def _stop_timers(self, fragments) -> None:
        for fragment in fragments:
            task = self._timers.pop(fragment, None)
            if task is not None:
                task.cancel()

    def _spawn(self, coro: Awaitable) -> None:
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    # -- what a reader does -------------------------------------------------------------

    async def send(self, data: bytes) -> None:
        if self._ws is None:
            raise TabError("not connected")
        await self._ws.send(data)

    async def rerun(self) -> None:
        """Ask for a whole run with every widget's value (a widget changed, or a connect)."""
        await self.send(proto.rerun(self.page, url=self.url()))

    async def until(self, ready: Callable[[], bool], what: str, timeout: float | None = None):
        """Wait until ``ready()``; a tab whose connection is lost for good fails at once.

        Whether it was ready is taken when the condition is checked: by the time this
        coroutine resumes, a new run may have begun."""
        wait = timeout or self.timeout
        seen = False

        def check() -> bool:
            nonlocal seen
            seen = ready()
            return seen or self._dead is not None

        try:
            async with self._changed:
                await asyncio.wait_for(self._changed.wait_for(check), wait)
        except TimeoutError:
            raise TabError(f"{what}: not within {wait:.0f} s ({self.page.describe()})") from None
        if not seen:
            raise TabError(f"{what}: {self._dead}")

    async def run(self, what: str) -> None:
        """Rerun and wait until the run (or one started after it) has finished."""
        before = self.page.whole_run
        await self.rerun()
        await self.until(lambda: self.page.idle_after(before), what)

    async def download(self, key: str) -> bytes:
        """Click the download button ``key``; return the file."""
        element = self.page.widget(key)
        if element is None or element.WhichOneof("type") != "download_button":
            raise TabError(f"no download button {key!r} on the page")
        button = element.download_button
        path = button.url
        if not path and button.HasField("deferred_file_id"):
            rid = uuid.uuid4().hex
            await self.send(proto.deferred_file_request(self.page, rid, button.deferred_file_id))
            await self.until(lambda: rid in self.page.operations, f"the file of {key}")
            answer = self.page.operations.pop(rid).backend_operation_response
            if answer.error_msg:
                self.failed.append((time.monotonic(), f"download {key}: {answer.error_msg}"))
                raise TabError(f"download {key}: {answer.error_msg}")
            path = answer.deferred_file.url
        return (await self.get(urljoin(self.base, path))).body

    async def upload(self, key: str, name: str, data: bytes, mime: str) -> None:
        """Pick ``data`` as file ``name`` in uploader ``key`` and wait for the app's run."""
        element = self.page.widget(key)
        if element is None or element.WhichOneof("type") != "file_uploader":
            raise TabError(f"no file uploader {key!r} on the page")
        rid = uuid.uuid4().hex
        await self.send(proto.file_urls_request(self.page, rid, [name]))
        await self.until(lambda: rid in self.page.file_urls, "an upload URL")
        urls = self.page.file_urls.pop(rid)[0]
        body, content_type = multipart(name, name, data, mime)
        headers = {"Content-Type": content_type, "Origin": self.origin,
                   "X-Xsrftoken": self.jar.cookies.get(XSRF_COOKIE, "")}  # fmt: skip
        try:
            resp = await request(urljoin(self.base, urls.upload_url), jar=self.jar, method="PUT",
                                 headers=headers, body=body, timeout=self.timeout)  # fmt: skip
        except HTTPError as exc:
            self.failed.append((time.monotonic(), str(exc)))
            raise TabError(str(exc)) from exc
        if resp.status >= 300:
            self.failed.append((time.monotonic(), f"PUT upload: {resp.status}"))
            raise TabError(f"the upload answered {resp.status}: {resp.text()[:120]}")
        self.page.set_value(proto.uploader_state(element, name, len(data), urls))
        await self.run("the run after the upload")

    async def reload(self) -> None:
        """Open the tab's current address again: a new page and session, cookies and
        cached files kept (what the browser's reload button does)."""
        await self.close()
        self.page = proto.Page(query_string=self.page.query_string)
        self.mounted = self.mounted_at = self._dead = None
        self._closing = False
        await self.open()

    async def close(self) -> None:
        """Close the websocket and stop every task of this tab."""
        self._closing = True
        self._stop_timers(list(self._timers))
        for task in list(self._tasks):
            task.cancel()
        if self._ws is not None:
            with contextlib.suppress(Exception):
                await self._ws.close()
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._reader
        self._ws = self._reader = None
