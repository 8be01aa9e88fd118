"""The app as served by ``yrdmap serve``: Streamlit's own ASGI app (``st.App``) with one
middleware of ours that sends static assets gzip-compressed and cached.

Streamlit 1.67 serves its 4.7 MB frontend (``/static/…``, content-hashed) uncompressed on
purpose: its gzip middleware re-compresses every response and skips ``/static/``
(``streamlit/web/server/starlette/starlette_gzip_middleware.py``). :class:`CompressedStatic`
compresses each static file **once** (level 9, in a worker thread), keeps the result in
memory and answers every later request from there (no CPU per request, like precompressed
files) — gzip at first, brotli (≈17% smaller, compressed once in the background and kept on
disk in the user's cache folder) as soon as it is ready — for Streamlit's hashed bundles (``/static/``, already ``immutable`` for a year) and
the app's own files (``/app/static/``; the versioned ``vendor/<name>-<version>/`` folders and the
content-named data files ``cache/<sha256>.json`` get
``immutable`` too, the rest one day) and component files (``/component/``: st_folium's
bundle, which Streamlit would re-gzip on every request). Everything else — the page, the
API, media — passes through untouched. ``serve`` also turns on Streamlit's websocket
compression (``server.enableWebsocketCompression``), which carries the map's layers.
Streamlit's icon font (375 KB, a quarter of a first visit) is sent cut down to the icons the
page uses (:mod:`ui.icon_font`, ~12 KB).

Run (what ``yrdmap serve`` does): ``python -m ui.server --host 127.0.0.1 --port 8501``.

Examples
--------
>>> cache_control("/app/static/vendor/leaflet-1.9.4/leaflet.js")
'public, max-age=31536000, immutable'
>>> cache_control("/app/static/vendor/yrdmap-leaflet-bundle.js")
'public, max-age=86400'
>>> cache_control("/app/static/cache/0123456789abcdef0123456789abcdef.json")  # content-named
'public, max-age=31536000, immutable'
>>> cache_control("/_stcore/health") is None
True
"""
from __future__ import annotations

import argparse
import gzip
import re
import sys
import hashlib
import os
import queue
import threading
from collections import OrderedDict
from pathlib import Path

try:                                   # brotli: ~17% smaller than gzip for JS, optional
    import brotli
except ImportError:                    # pragma: no cover - gzip only
    brotli = None

from ui import icon_font


def _brotli(body: bytes) -> bytes:
    return brotli.compress(body, quality=11)

__all__ = ["CompressedStatic", "cache_control", "create_app", "streamlit_options", "main"]

#: paths whose responses are compressed once and served from memory
PREFIXES = ("/static/", "/app/static/", "/component/")
#: content types worth compressing (fonts, images are compressed already)
COMPRESSIBLE = ("text/", "application/javascript", "application/json", "image/svg+xml",
                "application/xml", "application/wasm", "application/geo+json")
_VERSIONED = re.compile(r"^/app/static/(vendor/[^/]+-\d+(\.\d+)+/|cache/[0-9a-f]{32}\.json$)")
YEAR, DAY = 31_536_000, 86_400


def cache_control(path: str) -> str | None:
    """The ``Cache-Control`` we set on an app static file (None: leave Streamlit's)."""
    if _VERSIONED.match(path):
        return f"public, max-age={YEAR}, immutable"
    if path.startswith("/app/static/"):
        return f"public, max-age={DAY}"
    return None


class CompressedStatic:
    """ASGI middleware: compress static responses once, serve the compressed bytes from memory.

    A file is sent gzip-compressed (level 9, compressed on its first request) until its
    brotli version (quality 11, compressed in one background thread and kept in
    ``cache_dir``, so once per installation) is ready; then brotli to browsers that accept it.

    Parameters
    ----------
    app : the ASGI app to wrap (Streamlit's).
    minimum_size : responses smaller than this many bytes are sent as they are.
    level : gzip level (9: compressed once, so the smallest output is worth it).
    max_cache_bytes : memory for compressed bodies (least recently used evicted).
    cache_dir : where compressed bodies are kept between runs (None: memory only).
    prepare_icons : cut Streamlit's icon font (:mod:`ui.icon_font`) in the background now,
        so the first visit gets the ~12 KB subset; any visit before it is ready (or if it
        fails) gets the whole font.
    """

    def __init__(self, app, *, minimum_size: int = 500, level: int = 9,
                 max_cache_bytes: int = 64 * 1024 * 1024, cache_dir: Path | None = None,
                 prepare_icons: bool = False):
        self.app = app
        self.minimum_size, self.level, self.max_cache_bytes = minimum_size, level, max_cache_bytes
        self.cache_dir = cache_dir
        self._cache: OrderedDict[tuple, bytes] = OrderedDict()
        self._cached_bytes = 0
        self._lock = threading.Lock()
        self._pending: set[tuple] = set()
        self._brotli_queue: queue.Queue = queue.Queue()
        self._worker: threading.Thread | None = None
        if prepare_icons:
            self.prepare_icon_font()

    async def _packed(self, key: tuple, body: bytes, accepted: bytes) -> tuple[bytes, bytes]:
        """``(content-encoding, compressed body)``: brotli when the browser takes it and it is
        ready (compressed at quality 11 in a background thread, once, kept on disk), else
        gzip (compressed now, once, kept in memory)."""
        if b"br" in accepted and brotli is not None:
            packed = self._cache_get(key + ("br",))
            packed = packed if packed is not None else self._schedule_brotli(key, body)
            if packed is not None:
                return b"br", packed
        if b"gzip" not in accepted:
            return b"identity", body
        packed = self._cache_get(key + ("gzip",))
        if packed is None:
            from anyio import to_thread

            packed = await to_thread.run_sync(gzip.compress, body, self.level)
            self._cache_put(key + ("gzip",), packed)
        return b"gzip", packed

    def _disk_path(self, key: tuple) -> Path | None:
        if self.cache_dir is None:
            return None
        digest = hashlib.sha256(repr(key).encode("utf-8", "replace")).hexdigest()
        return self.cache_dir / f"{digest}.{key[-1]}"

    def _schedule_brotli(self, key: tuple, body: bytes) -> bytes | None:
        """The brotli body if an earlier run left it on disk; else queue its compression."""
        return self._in_background(key + ("br",), body, _brotli)

    def _in_background(self, full: tuple, body: bytes, make) -> bytes | None:
        """``make(body)`` for ``full`` if ready (in memory, or on disk from an earlier run);
        else queue it for the background thread (once) and return None."""
        packed = self._cache_get(full)
        if packed is not None:
            return packed
        disk = self._disk_path(full)
        if disk is not None and disk.is_file():
            try:
                packed = disk.read_bytes()
                self._cache_put(full, packed)
                return packed
            except OSError:
                pass
        with self._lock:
            if full in self._pending:
                return None
            self._pending.add(full)
            if self._worker is None:
                self._worker = threading.Thread(target=self._brotli_worker, daemon=True,
                                                name="yrdmap-brotli")
                self._worker.start()
        self._brotli_queue.put((full, body, make))
        return None

    def _brotli_worker(self) -> None:
        while True:
            full, body, make = self._brotli_queue.get()
            try:
                packed = make(body)
            except Exception:            # pragma: no cover - the plain file keeps serving
                with self._lock:
                    self._pending.discard(full)
                continue
            self._cache_put(full, packed)
            disk = self._disk_path(full)
            if disk is not None:
                try:
                    disk.parent.mkdir(parents=True, exist_ok=True)
                    tmp = disk.with_suffix(f".tmp{os.getpid()}")
                    tmp.write_bytes(packed)
                    os.replace(tmp, disk)
                except OSError:          # an unwritable cache only costs recompression
                    pass
            with self._lock:
                self._pending.discard(full)

    def _icon_font(self, path: str, body: bytes) -> bytes:
        """Streamlit's icon font cut to the icons the page uses (:mod:`ui.icon_font`), once
        ready; the whole font until then."""
        key = ("icons", path, hashlib.sha256(body).hexdigest(), len(icon_font.icon_names()))
        return self._in_background(key, body, icon_font.subset_icon_font) or body

    def prepare_icon_font(self) -> None:
        """Start cutting the installed Streamlit's icon font now, before the first visit:
        in a thread, since finding the icon names reads Streamlit's files (~0.5 s), which
        the server's start need not wait for."""
        def start():
            font = icon_font.streamlit_icon_font()
            if font is not None:
                try:
                    self._icon_font(f"/static/media/{font.name}", font.read_bytes())
                except OSError:
                    pass

        threading.Thread(target=start, daemon=True, name="yrdmap-icons").start()

    async def __call__(self, scope, receive, send):
        path = scope.get("path", "") if scope["type"] == "http" else ""
        if not path.startswith(PREFIXES) or scope.get("method") not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        headers = {k.lower(): v for k, v in scope.get("headers", ())}
        accepted = headers.get(b"accept-encoding", b"")
        wants_gzip = (b"gzip" in accepted or b"br" in accepted) and b"range" not in headers
        extra_cache = cache_control(path)
        icons = icon_font.ICON_FONT_PATH.match(path) and b"range" not in headers
        if (not wants_gzip and not icons) or scope["method"] == "HEAD":
            await self.app(scope, receive, self._with_headers(send, path, extra_cache))
            return
        # capture the inner response (a file; no zero-copy "pathsend" so the body arrives)
        inner_scope = dict(scope)
        # Streamlit gzips /app/static/ itself, again on every request: ask it for the plain
        # file and compress that once here
        inner_scope["headers"] = [(k, v) for k, v in scope.get("headers", ())
                                  if k.lower() != b"accept-encoding"]
        inner_scope["extensions"] = {k: v for k, v in (scope.get("extensions") or {}).items()
                                     if k != "http.response.pathsend"}
        start, chunks = {}, []

        async def capture(message):
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        await self.app(inner_scope, receive, capture)
        body = b"".join(chunks)
        out_headers = [(k, v) for k, v in start.get("headers", [])]
        names = {k.lower(): v for k, v in out_headers}
        ctype = names.get(b"content-type", b"").decode("latin-1")
        if icons and start.get("status") == 200 and b"content-encoding" not in names:
            body = self._icon_font(path, body)
            out_headers = [(k, v) for k, v in out_headers
                           if k.lower() not in (b"content-length", b"etag")]
            out_headers.append((b"content-length", str(len(body)).encode()))
        elif (start.get("status") == 200 and len(body) >= self.minimum_size
                and b"content-encoding" not in names and ctype.startswith(COMPRESSIBLE)):
            key = (path, names.get(b"etag"), names.get(b"last-modified"), len(body))
            encoding, body = await self._packed(key, body, accepted)
            out_headers = [(k, v) for k, v in out_headers
                           if k.lower() not in (b"content-length", b"vary")]
            if encoding != b"identity":
                out_headers.append((b"content-encoding", encoding))
            out_headers += [(b"vary", b"Accept-Encoding"),
                            (b"content-length", str(len(body)).encode())]
        message = dict(start, headers=out_headers)
        await self._with_headers(send, path, extra_cache)(message)
        await send({"type": "http.response.body", "body": body})

    @staticmethod
    def _with_headers(send, path, cache_value):
        if cache_value is None:
            return send

        async def wrapped(message):
            if message["type"] == "http.response.start" and message.get("status") == 200:
                headers = [(k, v) for k, v in message.get("headers", [])
                           if k.lower() != b"cache-control"]
                headers.append((b"cache-control", cache_value.encode()))
                message = dict(message, headers=headers)
            await send(message)

        return wrapped

    def _cache_get(self, key):
        with self._lock:
            packed = self._cache.get(key)
            if packed is not None:
                self._cache.move_to_end(key)
            return packed

    def _cache_put(self, key, packed: bytes) -> None:
        with self._lock:
            if key in self._cache or len(packed) > self.max_cache_bytes:
                return
            self._cache[key] = packed
            self._cached_bytes += len(packed)
            while self._cached_bytes > self.max_cache_bytes:
                _, old = self._cache.popitem(last=False)
                self._cached_bytes -= len(old)


def create_app(root: Path | None = None, compress: bool = True):
    """Streamlit's ASGI app for ``<root>/app.py`` with :class:`CompressedStatic` in front."""
    import streamlit as st
    from starlette.middleware import Middleware

    from geo import paths

    from layers.assets import prune_published

    root = Path(root) if root is not None else paths.app_root()
    prune_published()          # the map's data files of views nobody has open any more
    cache = paths.user_cache_dir() / "compressed"
    middleware = ([Middleware(CompressedStatic, cache_dir=cache, prepare_icons=True)]
                  if compress else [])
    return st.App(str(root / "app.py"), middleware=middleware)


def streamlit_options(host: str, port: int) -> dict:
    """The Streamlit options ``serve`` sets on top of ``<root>/.streamlit/config.toml``.

    Examples
    --------
    >>> streamlit_options("127.0.0.1", 8600)["server.port"]
    8600
    """
    import math

    from geo import config

    return {"server.address": host, "server.port": port, "server.headless": True,
            "server.fileWatcherType": "none", "browser.gatherUsageStats": False,
            # the uploader refuses what the import would refuse (one limit, geo.config)
            "server.maxUploadSize": max(1, math.ceil(config.get("max_upload_mb"))),
            # the map's layers travel over the websocket: permessage-deflate shrinks them
            "server.enableWebsocketCompression": True}


def main(argv: list[str] | None = None) -> None:
    """``python -m ui.server --host H --port N [--no-compress]`` (started by ``yrdmap serve``,
    which checks host and port first)."""
    parser = argparse.ArgumentParser(prog="python -m ui.server")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8501)
    parser.add_argument("--no-compress", action="store_true",
                        help="serve as plain Streamlit does (for the benchmark's 'before')")
    args = parser.parse_args(argv)
    from geo import paths

    root = paths.app_root()
    app = create_app(root, compress=not args.no_compress)
    # App.run() takes sys.argv[0] as the launcher: make it app.py, so Streamlit reads
    # <root>/.streamlit/config.toml, serves <root>/static and puts <root> on sys.path,
    # exactly as `streamlit run app.py` does.
    sys.argv = [str(root / "app.py")]
    app.run(config=streamlit_options(args.host, args.port))


if __name__ == "__main__":
    main()
