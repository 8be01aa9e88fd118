"""Shared helpers of the browser tests (constants, server start, map frame)."""
from __future__ import annotations

import os
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(os.environ.get("YRDMAP_ARTIFACTS", "/tmp"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--disable-background-networking", "--disable-component-update",
                 "--no-first-run"]
MAP_FRAME = "iframe[title='streamlit_folium.st_folium']"
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_ready(url: str, proc: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}: "
                               f"{proc.stdout.read().decode(errors='replace')[-2000:]}")
        try:
            with urllib.request.urlopen(url + "_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"streamlit did not answer at {url} within {timeout} s")


def open_map(page, url: str, timeout: float = 90_000):
    """Go to ``url`` and return the map's frame once Leaflet has drawn a feature."""
    page.goto(url)
    handle = page.wait_for_selector(MAP_FRAME, timeout=timeout)
    frame = handle.content_frame()
    frame.wait_for_selector(".leaflet-pane path.leaflet-interactive, .leaflet-pane canvas",
                            timeout=timeout)
    return frame


