"""ui.server.CompressedStatic: static files compressed once (gzip now, brotli when ready),
long cache headers on versioned vendor files, everything else untouched."""
from __future__ import annotations

import asyncio
import gzip
import time
from types import SimpleNamespace

import pytest

starlette = pytest.importorskip("starlette")
from starlette.applications import Starlette  # noqa: E402
from starlette.middleware import Middleware  # noqa: E402
from starlette.responses import PlainTextResponse, Response  # noqa: E402
from starlette.routing import Route  # noqa: E402

from ui.server import CompressedStatic, brotli, streamlit_options  # noqa: E402

JS = ("function leaflet(){return 42}\n" * 400).encode()
calls = {"n": 0}


async def asset(request):
    calls["n"] += 1
    return Response(JS, media_type="application/javascript",
                    headers={"etag": '"v1"', "cache-control": "public, max-age=60"})


async def font(request):
    return Response(b"\x00" * 5000, media_type="font/woff2")


async def page(request):
    return PlainTextResponse("x" * 5000)


def client(tmp_path):
    app = Starlette(routes=[Route("/static/js/a.js", asset),
                            Route("/app/static/vendor/leaflet-1.9.4/leaflet.js", asset),
                            Route("/app/static/vendor/bundle.js", asset),
                            Route("/static/media/f.woff2", font), Route("/page", page)],
                    middleware=[Middleware(CompressedStatic, cache_dir=tmp_path)])
    return Client(app)


class Client:
    """Calls the ASGI app directly (no HTTP client needed); bodies stay as sent."""

    def __init__(self, app):
        self.app = app

    def get(self, path, headers=None):
        scope = {"type": "http", "method": "GET", "path": path, "raw_path": path.encode(),
                 "query_string": b"", "root_path": "", "scheme": "http", "http_version": "1.1",
                 "server": ("127.0.0.1", 80), "client": ("127.0.0.1", 5000),
                 "headers": [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]}
        sent = []

        async def receive():
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message):
            sent.append(message)

        asyncio.run(self.app(scope, receive, send))
        start = next(m for m in sent if m["type"] == "http.response.start")
        body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
        hdrs = {k.decode().lower(): v.decode() for k, v in start["headers"]}
        return SimpleNamespace(status=start["status"], headers=hdrs, raw=body,
                               content=_decode(body, hdrs.get("content-encoding")))


def _decode(body, encoding):
    if encoding == "gzip":
        return gzip.decompress(body)
    if encoding == "br":
        return brotli.decompress(body)
    return body


def test_gzip_once_then_from_memory(tmp_path):
    c = client(tmp_path)
    r1 = c.get("/static/js/a.js", headers={"Accept-Encoding": "gzip"})
    assert r1.headers["content-encoding"] == "gzip" and r1.content == JS   # decoded by httpx
    assert int(r1.headers["content-length"]) < len(JS) / 5
    assert r1.headers["vary"] == "Accept-Encoding"
    r2 = c.get("/static/js/a.js", headers={"Accept-Encoding": "gzip"})
    assert r2.content == JS and r2.headers["content-length"] == r1.headers["content-length"]


def test_plain_without_accept_encoding_and_for_ranges_fonts_and_pages(tmp_path):
    c = client(tmp_path)
    assert "content-encoding" not in c.get("/static/js/a.js",
                                           headers={"Accept-Encoding": "identity"}).headers
    assert "content-encoding" not in c.get("/static/js/a.js", headers={
        "Accept-Encoding": "gzip", "Range": "bytes=0-10"}).headers
    assert "content-encoding" not in c.get("/static/media/f.woff2",
                                           headers={"Accept-Encoding": "gzip"}).headers
    assert "content-encoding" not in c.get("/page", headers={"Accept-Encoding": "gzip"}).headers


def test_cache_headers_for_vendored_files(tmp_path):
    c = client(tmp_path)
    versioned = c.get("/app/static/vendor/leaflet-1.9.4/leaflet.js")
    assert versioned.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert c.get("/app/static/vendor/bundle.js").headers["cache-control"] == "public, max-age=86400"
    # Streamlit's own hashed files keep Streamlit's header
    assert c.get("/static/js/a.js").headers["cache-control"] == "public, max-age=60"


@pytest.mark.skipif(brotli is None, reason="brotli is not installed")
def test_brotli_when_ready_and_kept_on_disk(tmp_path):
    c = client(tmp_path)
    first = c.get("/static/js/a.js", headers={"Accept-Encoding": "gzip, br"})
    assert first.headers["content-encoding"] == "gzip"        # brotli is being made
    deadline = time.time() + 30
    while not list(tmp_path.glob("*.br")) and time.time() < deadline:
        time.sleep(0.1)
    r = c.get("/static/js/a.js", headers={"Accept-Encoding": "gzip, br"})
    assert r.headers["content-encoding"] == "br"
    assert r.content == JS and len(r.raw) < int(first.headers["content-length"])
    # a new server process reads the compressed file from disk: brotli from the first request
    fresh = client(tmp_path)
    assert fresh.get("/static/js/a.js", headers={"Accept-Encoding": "gzip, br"}
                     ).headers["content-encoding"] == "br"


def test_gzip_body_is_valid_gzip(tmp_path):
    r = client(tmp_path).get("/app/static/vendor/bundle.js", headers={"Accept-Encoding": "gzip"})
    assert gzip.decompress(r.raw) == JS and int(r.headers["content-length"]) == len(r.raw)


def test_streamlit_options_follow_configuration(monkeypatch):
    monkeypatch.setenv("YRDMAP_MAX_UPLOAD_MB", "20")
    opts = streamlit_options("127.0.0.1", 8700)
    assert opts["server.maxUploadSize"] == 20 and opts["server.address"] == "127.0.0.1"
    assert opts["server.enableWebsocketCompression"] is True
