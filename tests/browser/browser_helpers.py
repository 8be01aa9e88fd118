"""Shared helpers of the browser tests (constants, server start, map frame)."""
from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest

from bench.browser import CHROMIUM, CHROMIUM_ARGS, MAP_FRAME, wait_whole_page
from tests._helpers import free_port, stop_process, wait_healthy

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = Path(os.environ.get("YRDMAP_ARTIFACTS", "/tmp"))
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]"}


def require_browser(api: str = "playwright.sync_api"):
    """Skip the calling test or fixture when :data:`CHROMIUM` or Playwright's ``api``
    module is missing (with the install hint); return that module."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium)")
    return pytest.importorskip(api)


def open_map(page, url: str, timeout: float = 90_000):
    """Go to ``url`` and return the map's frame once Leaflet has drawn a feature and the
    whole page has run (the first run draws the map alone, ``ui.first_paint``)."""
    page.goto(url)
    handle = page.wait_for_selector(MAP_FRAME, timeout=timeout)
    frame = handle.content_frame()
    frame.wait_for_selector(".leaflet-pane path.leaflet-interactive, .leaflet-pane canvas",
                            timeout=timeout)
    wait_whole_page(page, timeout / 1000)
    return frame




def start_app(script: Path, port: int | None = None, env: dict | None = None,
              unset: tuple[str, ...] = ("TIANDITU_KEY",)):
    """Start ``streamlit run script`` on a free loopback port with ``env`` added and the
    ``unset`` variables removed; return (process, base url) once it answers."""
    import sys

    port = port or free_port()
    full_env = {**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})}
    for k in unset:
        full_env.pop(k, None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true",
         "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=full_env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_healthy(url, proc)
    except BaseException:
        stop_app(proc)
        raise
    return proc, url


def stop_app(proc: subprocess.Popen) -> None:
    """Stop a server :func:`start_app` started."""
    stop_process(proc)


def block_non_local(page) -> list[str]:
    """Refuse every request of ``page``'s context to a host other than this machine;
    return the list (filled as the page runs) of every URL asked."""
    urls: list[str] = []

    def route(r):
        urls.append(r.request.url)
        host = urlparse(r.request.url).hostname or ""
        if r.request.url.startswith(("data:", "blob:")) or host in LOCAL_HOSTS:
            r.continue_()
        else:
            r.abort()
    page.context.route("**/*", route)
    return urls


def measure(browser, url: str, timeout: float = 60.0) -> dict:
    """Load ``url`` in a fresh context (empty cache) and measure the default view.

    Returns ``first_paint_s`` (navigation → first Leaflet path or canvas in the map
    frame; None if it never paints within ``timeout``), ``http_bytes`` (bytes on the
    wire, by category: streamlit's own files, the map component, the app's static
    files), ``ws_bytes`` (websocket payload received: the script's elements, the map
    script among them) and ``hosts`` (every host asked).
    """
    import base64
    from urllib.parse import urlparse

    context = browser.new_context(viewport={"width": 1500, "height": 1000})
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    urls, sizes, ws = {}, {}, [0]
    cdp.on("Network.requestWillBeSent",
           lambda e: urls.__setitem__(e["requestId"], e["request"]["url"]))
    cdp.on("Network.loadingFinished",
           lambda e: sizes.__setitem__(e["requestId"], e["encodedDataLength"]))

    def frame(e):
        data = e["response"]["payloadData"]
        ws[0] += len(base64.b64decode(data)) if e["response"]["opcode"] == 2 else len(data)
    cdp.on("Network.webSocketFrameReceived", frame)
    start = time.time()
    page.goto(url)
    first_paint = None
    try:
        handle = page.wait_for_selector(MAP_FRAME, timeout=timeout * 1000)
        handle.content_frame().wait_for_selector(
            ".leaflet-pane path, .leaflet-pane canvas",
            timeout=max(1.0, timeout - (time.time() - start)) * 1000)
        first_paint = time.time() - start
    except Exception:       # never painted (e.g. a CDN it needs is unreachable)
        pass
    time.sleep(2.0)         # let late requests finish
    by = {"streamlit": 0, "component": 0, "app_static": 0, "other": 0}
    for rid, n in sizes.items():
        u = urls.get(rid, "")
        key = ("app_static" if "/app/static/" in u else "component" if "/component/" in u
               else "streamlit" if "/static/" in u or u.endswith("/") else "other")
        by[key] += n
    context.close()
    return {"first_paint_s": None if first_paint is None else round(first_paint, 2),
            "http_bytes": sum(sizes.values()), "http_by": by, "ws_bytes": ws[0],
            "total_bytes": sum(sizes.values()) + ws[0],
            "hosts": sorted({urlparse(u).hostname or "" for u in urls.values()})}
