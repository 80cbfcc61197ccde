"""bench/st_http.py: cookies, the page's assets, multipart bodies, and one round trip to a
tiny server on a loopback port."""

from __future__ import annotations

import asyncio
import gzip
from email.parser import BytesParser
from email.policy import HTTP

import pytest

from bench import st_http


def test_the_jar_keeps_what_responses_set_and_sends_it_back() -> None:
    jar = st_http.Jar()
    jar.take(
        [
            ("set-cookie", "csto_replica=replica-2; path=/; HttpOnly"),
            ("set-cookie", "_streamlit_xsrf=2|a1b2|c3d4|1796172848; Path=/; SameSite=Lax"),
            ("content-type", "text/html"),
        ]
    )
    assert jar.cookies == {"csto_replica": "replica-2", "_streamlit_xsrf": "2|a1b2|c3d4|1796172848"}
    jar.take([("set-cookie", "csto_replica=replica-1; path=/")])
    assert jar.header() == "csto_replica=replica-1; _streamlit_xsrf=2|a1b2|c3d4|1796172848"


@pytest.mark.parametrize("url", ["http://127.0.0.1:8600/", "http://localhost/x", "ws://[::1]:1/"])
def test_loopback_is_allowed(url: str) -> None:
    st_http.check_loopback(url)


@pytest.mark.parametrize("url", ["http://10.0.0.1/", "http://example.org/", "http://192.168.1.2/"])
def test_any_other_host_is_refused(url: str) -> None:
    with pytest.raises(ValueError, match="loopback"):
        st_http.check_loopback(url)


def test_the_page_assets_are_its_own_scripts_and_styles() -> None:
    html = """<link rel="shortcut icon" href="./favicon.png" />
    <script type="module" crossorigin src="./static/js/index.abc.js"></script>
    <link rel="modulepreload" crossorigin href="./static/js/Toolbar.def.js">
    <link rel="stylesheet" crossorigin href="./static/css/index.ghi.css">
    <script src="https://cdn.example.org/x.js"></script>"""
    assert st_http.page_assets("http://127.0.0.1:1/base/", html) == [
        "http://127.0.0.1:1/base/static/js/index.abc.js",
        "http://127.0.0.1:1/base/static/js/Toolbar.def.js",
        "http://127.0.0.1:1/base/static/css/index.ghi.css",
    ]


def test_a_multipart_body_holds_one_named_file() -> None:
    body, content_type = st_http.multipart(
        "a.geojson", "a.geojson", b'{"x": 1}', "application/geo+json"
    )
    message = BytesParser(policy=HTTP).parsebytes(
        f"Content-Type: {content_type}\r\n\r\n".encode() + body
    )
    (part,) = list(message.iter_parts())
    assert part.get_param("name", header="content-disposition") == "a.geojson"
    assert part.get_filename() == "a.geojson"
    assert part.get_content_type() == "application/geo+json"
    assert part.get_payload(decode=True) == b'{"x": 1}'


def test_a_round_trip_sends_the_cookies_and_reads_a_gzipped_answer(run_async) -> None:
    seen: list[bytes] = []

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        seen.append(await reader.readuntil(b"\r\n\r\n"))
        body = gzip.compress(b"hello")
        writer.write(
            b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nSet-Cookie: b=2; Path=/\r\n"
            + f"Content-Length: {len(body)}\r\n\r\n".encode()
            + body
        )
        await writer.drain()
        writer.close()

    async def main() -> st_http.Response:
        server = await asyncio.start_server(serve, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        jar = st_http.Jar({"a": "1"})
        async with server:
            resp = await st_http.request(f"http://127.0.0.1:{port}/p?q=1", jar=jar)
        assert jar.cookies == {"a": "1", "b": "2"}
        return resp

    resp = run_async(main())
    assert (resp.status, resp.body) == (200, b"hello")
    assert resp.header("Set-Cookie") == "b=2; Path=/"
    request = seen[0].decode()
    assert request.startswith("GET /p?q=1 HTTP/1.1")
    assert "cookie: a=1" in request.lower()


def test_no_answer_is_an_http_error(run_async) -> None:
    async def main() -> None:
        server = await asyncio.start_server(lambda r, w: None, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        server.close()
        await server.wait_closed()
        await st_http.request(f"http://127.0.0.1:{port}/", jar=st_http.Jar(), timeout=5)

    with pytest.raises(st_http.HTTPError):
        run_async(main())
