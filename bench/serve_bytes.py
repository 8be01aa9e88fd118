"""Bytes of the default view as served by the README's own command, before and after.

- **before**: ``streamlit run app.py`` (what ``scripts/app.sh`` ran until now): Streamlit
  1.67 sends its content-hashed frontend (``/static/``) uncompressed, by design.
- **after**: ``yrdmap serve`` (what ``scripts/app.sh`` runs now): the same Streamlit app as
  an ASGI app (``st.App``) behind :class:`ui.server.CompressedStatic`, which gzips each
  static file once and serves it from memory.

Each load is a fresh headless-Chromium context (a first visit), measured with CDP:
HTTP bytes on the wire (``encodedDataLength``) plus the websocket payload. Chromium
reports websocket frames decompressed; when the server accepted ``permessage-deflate`` the
wire size is estimated by deflating each message with context takeover, as the extension
does (``ws_wire_est``). A second load in the same context shows what a returning visitor
fetches (the cache headers at work). Median of 5 loads (``--quick``: 1).

    python -m bench --only serve_bytes
"""
from __future__ import annotations

import sys
import time
import urllib.request
import zlib
from urllib.parse import urlparse

from bench._measure import row, skipped, summary
from bench._network import NetworkLog
from bench.browser import (MAP_FRAME, NON_LOCAL, PAINTED, ROOT, VIEWPORT, free_port,
                           chromium, launch, missing, start_server, stop_server)

BUDGET_MB = 1.5
SERVE = [sys.executable, "-c", "import sys; from layers.cli import main; sys.argv[0] = 'yrdmap'; "
         "main()", "serve"]


def start_serve(timeout: float = 120.0, extra_env: dict | None = None):
    """``yrdmap serve`` on a free loopback port; returns (process, url, log path)."""
    port = free_port()
    proc, url, log = launch(SERVE + ["--port", str(port)], port, "yrdmap serve", env=extra_env,
                            timeout=timeout)
    until_icons_cut(url)
    return proc, url, log


def until_icons_cut(url: str, timeout: float = 60.0) -> int | None:
    """Wait (≤ ``timeout`` s) until the server sends Streamlit's icon font cut down
    (:mod:`ui.icon_font`: a few seconds after a first start, at once from the disk cache
    after that): the figures are those of a server that has been up a moment. Returns
    the font's size as last served (None: this Streamlit has no icon font, or no answer)."""
    from ui import icon_font

    font = icon_font.streamlit_icon_font()
    if font is None:
        return None
    deadline, size = time.time() + timeout, None
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"{url}static/media/{font.name}", timeout=30) as r:
                size = len(r.read())
            if size < font.stat().st_size / 10:
                return size
        except OSError:
            pass
        time.sleep(0.5)
    return size


def load(context, url: str, timeout: float = 90.0) -> dict:
    """One load of ``url`` in ``context``: bytes by kind, painted or not, outside requests."""
    page = context.new_page()
    net = NetworkLog(context, page)
    # (no context.route: Playwright routing turns the HTTP cache off)
    painted = False
    page.goto(url, wait_until="commit")
    try:
        frame = page.wait_for_selector(MAP_FRAME, timeout=timeout * 1000).content_frame()
        frame.wait_for_selector(PAINTED, state="attached", timeout=timeout * 1000)
        painted = True
    except Exception:       # never painted within the timeout
        pass
    net.settle(page, quiet=1.5)
    urls, sizes, frames = net.urls, net.sizes, net.frames
    static = NetworkLog.path_bytes(sizes, urls, ("/static/",))
    vendor = NetworkLog.path_bytes(sizes, urls, ("/app/static/",))
    http = sum(sizes.values())
    ws = net.ws_bytes
    squeeze = zlib.compressobj(6, zlib.DEFLATED, -15)
    ws_wire = sum(len(squeeze.compress(f) + squeeze.flush(zlib.Z_SYNC_FLUSH)) - 4
                  for f in frames) if net.deflate else ws
    page.close()
    return {"painted": painted, "http_bytes": http, "streamlit_static_bytes": static,
            "app_static_bytes": vendor, "ws_payload_bytes": ws, "ws_deflate": net.deflate,
            "ws_wire_est": ws_wire, "total_bytes": http + ws, "total_wire_est": http + ws_wire,
            "outside_requests": sorted({u for u in urls.values() if NON_LOCAL.match(u)}),
            "static_urls": sorted({u for u in urls.values() if urlparse(u).path.startswith(
                ("/static/", "/app/static/", "/component/"))})}


def wait_compressed(urls: list[str], timeout: float = 300.0) -> float:
    """Seconds until every URL answers brotli-compressed (the server's one-time background
    compression), or ``timeout``."""
    t0 = time.time()
    todo = list(urls)
    while todo and time.time() - t0 < timeout:
        still = []
        for u in todo:
            req = urllib.request.Request(u, headers={"Accept-Encoding": "gzip, deflate, br"})
            with urllib.request.urlopen(req, timeout=30) as r:
                r.read()
                small = int(r.headers.get("Content-Length") or 0) < 500
                if r.headers.get("Content-Encoding") != "br" and not small and \
                        r.headers.get("Content-Type", "").startswith(("text/", "application/j")):
                    still.append(u)
        todo = still
        if todo:
            time.sleep(2)
    return time.time() - t0


def measure(browser, url: str, runs: int, settle: bool) -> tuple[list[dict], list[dict]]:
    """A warm-up visit (the server compresses what it sends once), then ``runs`` first
    visits (fresh contexts) and, in each, a second visit (warm browser cache)."""
    context = browser.new_context(viewport=VIEWPORT)
    try:
        warm = load(context, url)
    finally:
        context.close()
    if settle:
        wait_compressed(warm["static_urls"])
    first, again = [], []
    for _ in range(runs):
        context = browser.new_context(viewport=VIEWPORT)
        try:
            first.append(load(context, url))
            again.append(load(context, url))
        finally:
            context.close()
    return first, again


def _med(loads, key, scale=1e-6):
    return summary([r[key] * scale for r in loads]) if loads else None


def run(quick: bool = False, notes: dict | None = None) -> list[dict]:
    notes = {} if notes is None else notes
    names = ["serve: bytes transferred, default view, first visit (HTTP + websocket)",
             "serve: Streamlit's frontend (/static/), first visit",
             "serve: the app's own static files (/app/static/: Leaflet, plugins), first visit",
             "serve: bytes transferred, default view, second visit (browser cache)",
             "serve: requests to other hosts, default view"]
    reason = missing()
    if reason:
        return [skipped(n, reason, "MB") for n in names]
    runs = 1 if quick else 5
    results = {}
    with chromium() as browser:
        for label, starter in (("before", lambda: start_server(ROOT / "app.py", plain=True)),
                               ("after", start_serve)):
            proc, url, _log = starter()
            try:
                results[label] = measure(browser, url, runs, settle=label == "after")
            finally:
                stop_server(proc)
    (b1, b2), (a1, a2) = results["before"], results["after"]
    notes["loads"] = {"before": b1, "before_second": b2, "after": a1, "after_second": a2}
    peer = "before: streamlit run app.py (the old scripts/app.sh)"
    unpainted = sum(not r["painted"] for r in a1 + b1)
    ws_note = (f"websocket {a1[-1]['ws_payload_bytes'] / 1e6:.2f} MB payload"
               + (f", ≈{a1[-1]['ws_wire_est'] / 1e6:.2f} MB on the wire with permessage-deflate"
                  if a1[-1]["ws_deflate"] else ", no websocket compression negotiated"))
    if unpainted:
        ws_note += f"; {unpainted} loads never painted"
    return [
        row(names[0], _med(a1, "total_bytes"), "MB", peer=peer, peer_value=_med(b1, "total_bytes"),
            budget=BUDGET_MB, note=ws_note + " (counted as payload, uncompressed)"),
        row(names[0].replace("(HTTP + websocket)", "(HTTP + websocket on the wire, estimated)"),
            _med(a1, "total_wire_est"), "MB", peer=peer, peer_value=_med(b1, "total_wire_est"),
            budget=BUDGET_MB, note="websocket counted as deflated by permessage-deflate"),
        row(names[1], _med(a1, "streamlit_static_bytes"), "MB", peer=peer,
            peer_value=_med(b1, "streamlit_static_bytes")),
        row(names[2], _med(a1, "app_static_bytes"), "MB", peer=peer,
            peer_value=_med(b1, "app_static_bytes")),
        row(names[3], _med(a2, "total_bytes"), "MB", peer=peer, peer_value=_med(b2, "total_bytes")),
        row(names[4], float(max(len(r["outside_requests"]) for r in a1)), "requests",
            peer=peer, peer_value=float(max(len(r["outside_requests"]) for r in b1)),
            budget=0.0),
    ]


if __name__ == "__main__":
    import json

    notes: dict = {}
    rows = run(quick="--quick" in sys.argv, notes=notes)
    for r in rows:
        print(f"{r['name']}: {r['value']} {r['unit']} (before {r['peer_value']})")
    print(json.dumps({k: v[-1] for k, v in notes["loads"].items()}, indent=1))
