"""A small asyncio HTTP/1.1 client with a cookie jar: what one browser tab needs to load a
Streamlit page, fetch its files and upload one, at the cost of a few parsed bytes.

One connection per request (``Connection: close``), parsed with h11 (Streamlit's server,
uvicorn, depends on it). Loopback only: the load bench refuses any other host.
"""

from __future__ import annotations

import asyncio
import gzip
import re
import uuid
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import h11

LOOPBACK = ("127.0.0.1", "localhost", "::1")
# What Chromium sends; the server may then gzip its answer.
ACCEPT_ENCODING = "gzip, deflate"
USER_AGENT = "csto-load-tab/1 (Streamlit protocol client)"
# The page's own scripts and styles, as index.html names them.
ASSET = re.compile(r'<(?:script|link)\b[^>]*?\b(?:src|href)="(\./static/[^"]+)"')


class HTTPError(RuntimeError):
    """A request that got no answer (refused, reset, timed out)."""


@dataclass
class Response:
    status: int
    headers: list[tuple[str, str]]
    body: bytes

    def header(self, name: str) -> str | None:
        name = name.lower()
        return next((v for k, v in self.headers if k == name), None)

    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


@dataclass
class Jar:
    """The cookies one tab holds: name → value (path and expiry do not matter here)."""

    cookies: dict[str, str] = field(default_factory=dict)

    def take(self, headers: list[tuple[str, str]]) -> None:
        """Keep every cookie a response sets."""
        for name, value in headers:
            if name == "set-cookie" and "=" in value:
                key, _, rest = value.partition("=")
                self.cookies[key.strip()] = rest.split(";", 1)[0].strip()

    def header(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())


def check_loopback(url: str) -> None:
    """Refuse any URL whose host is not this machine's loopback."""
    host = urlsplit(url).hostname
    if host not in LOOPBACK:
        raise ValueError(f"only loopback hosts are driven by the load bench, not {host!r}")


async def request(
    url: str,
    *,
    jar: Jar,
    method: str = "GET",
    headers: dict[str, str] | None = None,
    body: bytes = b"",
    timeout: float = 30.0,
) -> Response:
    """Send one request with the jar's cookies; keep the cookies the answer sets."""
    check_loopback(url)
    parts = urlsplit(url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    sent = {
        "Host": parts.netloc,
        "User-Agent": USER_AGENT,
        "Accept-Encoding": ACCEPT_ENCODING,
        "Connection": "close",
        **(headers or {}),
    }
    if jar.cookies:
        sent["Cookie"] = jar.header()
    if body or method in ("PUT", "POST"):
        sent["Content-Length"] = str(len(body))
    try:
        return await asyncio.wait_for(
            _exchange(parts.hostname, parts.port or 80, method, target, sent, body, jar), timeout
        )
    except (OSError, TimeoutError, h11.ProtocolError) as exc:
        raise HTTPError(f"{method} {parts.path}: {type(exc).__name__}: {exc}") from exc


async def _exchange(host, port, method, target, headers, body, jar: Jar) -> Response:
    reader, writer = await asyncio.open_connection(host, port)
    conn = h11.Connection(h11.CLIENT)
    try:
        out = conn.send(h11.Request(method=method, target=target, headers=list(headers.items())))
        if body:
            out += conn.send(h11.Data(data=body))
        out += conn.send(h11.EndOfMessage())
        writer.write(out)
        await writer.drain()
        status, got, chunks = 0, [], []
        while True:
            event = conn.next_event()
            if event is h11.NEED_DATA:
                conn.receive_data(await reader.read(65536))
            elif isinstance(event, h11.Response):
                status = event.status_code
                got = [(k.decode().lower(), v.decode("latin-1")) for k, v in event.headers]
            elif isinstance(event, h11.Data):
                chunks.append(bytes(event.data))
            elif isinstance(event, h11.EndOfMessage | h11.ConnectionClosed):
                break
    finally:
        writer.close()
    jar.take(got)
    data = b"".join(chunks)
    if dict(got).get("content-encoding") == "gzip":
        data = gzip.decompress(data)
    return Response(status, got, data)


def page_assets(base: str, html: str) -> list[str]:
    """The scripts and styles index.html loads before it can run (absolute URLs)."""
    return [urljoin(base, path) for path in dict.fromkeys(ASSET.findall(html))]


def multipart(field_name: str, filename: str, data: bytes, mime: str) -> tuple[bytes, str]:
    """A one-file multipart/form-data body, as the browser's FormData sends it."""
    boundary = f"----csto{uuid.uuid4().hex}"
    head = (
        f"--{boundary}\r\n"
        f'Content-Disposition: form-data; name="{field_name}"; filename="{filename}"\r\n'
        f"Content-Type: {mime}\r\n\r\n"
    ).encode()
    return (
        head + data + f"\r\n--{boundary}--\r\n".encode(),
        f"multipart/form-data; boundary={boundary}",
    )
