"""bench._network.NetworkLog counts what Chromium's network events say, fed here by a
stand-in CDP session (the byte benchmarks drive it with a real browser)."""
from __future__ import annotations

import base64

from bench._network import NetworkLog


class _CDP:
    def __init__(self):
        self.handlers, self.sent = {}, []

    def send(self, method, params=None):
        self.sent.append(method)

    def on(self, event, handler):
        self.handlers[event] = handler


class _Context:
    def __init__(self):
        self.cdp = _CDP()

    def new_cdp_session(self, page):
        return self.cdp


def test_requests_frames_and_deflate_are_counted():
    ctx = _Context()
    net = NetworkLog(ctx, page=None)
    on = ctx.cdp.handlers
    assert ctx.cdp.sent == ["Network.enable"]
    for rid, url, n in (("1", "http://127.0.0.1:8501/static/js/a.js", 1000),
                        ("2", "http://127.0.0.1:8501/app/static/vendor/l.js", 300),
                        ("3", "https://cdn.example.org/x.css", 50)):
        on["Network.requestWillBeSent"]({"requestId": rid, "request": {"url": url}})
        on["Network.loadingFinished"]({"requestId": rid, "encodedDataLength": n})
    on["Network.webSocketFrameReceived"]({"response": {"opcode": 1, "payloadData": "héllo"}})
    on["Network.webSocketFrameReceived"]({"response": {
        "opcode": 2, "payloadData": base64.b64encode(b"\x00\x01\x02").decode()}})
    on["Network.webSocketHandshakeResponseReceived"]({"response": {"headers": {
        "Sec-WebSocket-Extensions": "permessage-deflate; client_max_window_bits"}}})
    assert net.ws_bytes == len("héllo".encode()) + 3 and net.deflate
    local = net.sizes_where(lambda u: u.startswith("http://127.0.0.1"))
    assert sum(local.values()) == 1300
    assert NetworkLog.path_bytes(local, net.urls, ("/static/",)) == 1000
    assert NetworkLog.path_bytes(net.sizes, net.urls, ("/app/static/", "/x")) == 350
