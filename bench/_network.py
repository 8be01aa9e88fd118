"""What a page loads, from Chromium's own network events (CDP), for the byte benchmarks
(:mod:`bench.browser`, :mod:`bench.serve_bytes`): one recorder, so both count alike."""
from __future__ import annotations

import base64
import time
from urllib.parse import urlparse

__all__ = ["NetworkLog"]


class NetworkLog:
    """Every request of ``page`` (URL, bytes on the wire once loaded) and every websocket
    frame it receives (payload bytes), from the moment it is made on; whether the
    websocket negotiated ``permessage-deflate``; when the last event came (``last``,
    ``time.time()``).

    >>> NetworkLog.path_bytes({"a": 10, "b": 5, "c": 1},
    ...                       {"a": "http://h/static/x.js", "b": "http://h/y", "c": "x"},
    ...                       ("/static/",))
    10
    """

    def __init__(self, context, page):
        self.urls: dict = {}
        self.sizes: dict = {}
        self.frames: list[bytes] = []
        self.deflate = False
        self.last = time.time()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.on("Network.requestWillBeSent", self._request)
        cdp.on("Network.loadingFinished", self._finished)
        cdp.on("Network.webSocketFrameReceived", self._frame)
        cdp.on("Network.webSocketHandshakeResponseReceived", self._handshake)

    def _request(self, e) -> None:
        self.urls[e["requestId"]] = e["request"]["url"]
        self.last = time.time()

    def _finished(self, e) -> None:
        self.sizes[e["requestId"]] = e["encodedDataLength"]
        self.last = time.time()

    def _frame(self, e) -> None:
        data = e["response"]["payloadData"]
        self.frames.append(base64.b64decode(data) if e["response"]["opcode"] == 2
                           else data.encode())
        self.last = time.time()

    def _handshake(self, e) -> None:
        headers = {k.lower(): v for k, v in e["response"].get("headers", {}).items()}
        self.deflate = self.deflate or "permessage-deflate" in headers.get(
            "sec-websocket-extensions", "")

    def settle(self, page, quiet: float, limit: float = 20.0) -> None:
        """Wait until nothing has come for ``quiet`` seconds (at most ``limit``)."""
        deadline = time.time() + limit
        while time.time() < deadline and time.time() - self.last < quiet:
            page.wait_for_timeout(200)

    @property
    def ws_bytes(self) -> int:
        """Websocket payload received, bytes."""
        return sum(len(f) for f in self.frames)

    def sizes_where(self, keep) -> dict:
        """request id → bytes, of the requests whose URL ``keep(url)`` accepts."""
        return {rid: n for rid, n in self.sizes.items() if keep(self.urls.get(rid, ""))}

    @staticmethod
    def path_bytes(sizes: dict, urls: dict, prefixes: tuple) -> int:
        """Bytes of the requests in ``sizes`` whose URL path starts with one of ``prefixes``."""
        return sum(n for rid, n in sizes.items()
                   if urlparse(urls.get(rid, "")).path.startswith(prefixes))
