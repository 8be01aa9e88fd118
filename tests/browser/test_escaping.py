"""Hostile item names imported into a temp store show literally in the running app, and no
script runs: no dialog fires and ``window.__xss`` stays undefined in every frame.

Runs ``streamlit run app.py`` on a free port with ``YRDMAP_STORE_DIR`` pointing at the temp
store, and drives Debian's ``/usr/bin/chromium`` through Playwright (never ``playwright
install``). Skipped, with the reason, when the browser or Playwright is missing, or while
``app.py`` does not read the project store (``geo.store.load_all``) yet.
"""
from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests._helpers import free_port

pytestmark = [pytest.mark.browser, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("YRDMAP_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--disable-background-networking", "--disable-component-update", "--no-first-run"]
HOSTILE = {
    "xss-img": "<img src=x onerror=alert(1)>",
    "xss-script": "</script><script>window.__xss=1</script>",
    "xss-attr": '" onmouseover="alert(1)',
}


def make_store(folder: Path) -> None:
    """Import the hostile items through the real pipeline (a UTF-8 CSV, as a user would)."""
    import csv

    from geo.ingest import import_file
    from geo.store.files import FileStore

    src = folder.parent / "hostile.csv"
    with open(src, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "项目名称", "name_en", "经度", "纬度", "责任单位", "预期成果"])
        for i, (item_id, name) in enumerate(HOSTILE.items()):
            w.writerow([item_id, name, name, 121.30 + 0.08 * i, 31.10 + 0.05 * i, name, name])
    _, report = import_file(src, store=FileStore(folder))
    assert report.ok and report.imported == 3, report.lines()


def _start_app(app_dir: Path, store_dir: Path, port: int) -> subprocess.Popen:
    env = dict(os.environ, YRDMAP_STORE_DIR=str(store_dir), PYTHONPATH=str(app_dir))
    cmd = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
           "--server.address", "127.0.0.1", "--server.headless", "true",
           "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"]
    proc = subprocess.Popen(cmd, cwd=app_dir, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    deadline = time.time() + 60
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(proc.stdout.read().decode(errors="replace")[-2000:])
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                if r.read().strip() == b"ok":
                    return proc
        except OSError:
            time.sleep(0.5)
    proc.kill()
    raise RuntimeError("streamlit did not become healthy in 60 s")


def _stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


_PROBE = """() => ({
    xss: typeof window.__xss,
    imgs: document.querySelectorAll('img[src="x"]').length,
    handlers: [...document.querySelectorAll('*')].filter(e => [...e.attributes].some(
        a => a.name.startsWith('on') && a.value.includes('alert'))).length,
    text: document.body ? document.body.innerText : ''
})"""


def check_app(app_dir: Path, store_dir: Path, browser) -> dict:
    """Run the app at ``app_dir`` on ``store_dir``; return what ``browser`` (a Playwright
    Chromium) saw."""
    port = free_port()
    proc = _start_app(app_dir, store_dir, port)
    dialogs: list[str] = []
    seen = {"tooltips": [], "popups": [], "cells": [], "texts": [], "probes": []}
    try:
        context = browser.new_context(viewport={"width": 1500, "height": 1100})
        try:
            page = context.new_page()
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            # ``q`` filters by id or name: only the three hostile items are listed and drawn
            page.goto(f"http://127.0.0.1:{port}/?q=xss-", wait_until="domcontentloaded")
            page.wait_for_selector('[data-testid="stApp"]', timeout=60_000)
            map_frame = None
            deadline = time.time() + 120
            while time.time() < deadline and map_frame is None:
                for frame in page.frames:
                    try:
                        if frame.query_selector(".leaflet-container"):
                            map_frame = frame
                    except Exception:  # a frame navigating away
                        continue
                page.wait_for_timeout(500)
            assert map_frame is not None, "the map never rendered"
            page.wait_for_timeout(2000)
            # st.dataframe draws on a canvas; its accessible <table> mirrors the cells as text
            seen["cells"] = page.eval_on_selector_all(
                "[data-testid=stMain] [data-testid=stDataFrame] td",
                "cells => cells.map(c => c.textContent)")
            # hover every shape first (a click selects the item, and the rerun redraws the
            # layers, so shapes found before it are stale), then click them
            # (the map also moves to the search's results after the first paint, which
            # redraws the layers: hover again, up to three rounds, until every name showed)
            for _ in range(3):
                shapes = map_frame.query_selector_all(
                    ".leaflet-marker-icon, path.leaflet-interactive")
                for shape in shapes:
                    try:
                        # the DOM event, not the pointer: a shape near the frame's edge or
                        # under a control cannot be hovered by position
                        shape.dispatch_event("mouseover")
                        page.wait_for_timeout(250)
                        seen["tooltips"] += [
                            t.inner_text() for t in map_frame.query_selector_all(".leaflet-tooltip")]
                    except Exception:  # a shape re-rendered under the pointer
                        continue
                if all(n in "\n".join(seen["tooltips"]) for n in HOSTILE.values()):
                    break
                page.wait_for_timeout(2000)
            for shape in shapes:
                try:
                    shape.click(timeout=2000, force=True)
                    page.wait_for_timeout(400)
                    seen["popups"] += [p.inner_text()
                                   for p in map_frame.query_selector_all(".leaflet-popup-content")]
                except Exception:  # a shape re-rendered under the pointer
                    continue
            page.wait_for_timeout(1500)
            for frame in page.frames:
                try:
                    probe = frame.evaluate(_PROBE)
                except Exception:
                    continue
                seen["probes"].append({k: v for k, v in probe.items() if k != "text"})
                seen["texts"].append(probe["text"])
        finally:
            context.close()
    finally:
        _stop(proc)
    seen["dialogs"] = dialogs
    return seen


def _skip_reason(app_dir: Path) -> str | None:
    import importlib.util

    if importlib.util.find_spec("playwright") is None:
        return "Playwright is not installed (pip install playwright; never `playwright install`)"
    if not Path(CHROMIUM).exists():
        return f"{CHROMIUM} is missing (apt-get install -y chromium)"
    source = (app_dir / "app.py").read_text(encoding="utf-8")
    if "load_all" not in source:
        return ("app.py does not read the project store yet: it must take its items from "
                "geo.store.load_all_with_regions() (see geo/store.py)")
    return None


def test_hostile_names_render_literally_and_run_nothing(tmp_path, request):
    reason = _skip_reason(REPO)
    if reason:
        pytest.skip(reason)
    browser = request.getfixturevalue("browser")      # tests/browser/conftest.py (session)
    store_dir = tmp_path / "store"
    make_store(store_dir)
    seen = check_app(REPO, store_dir, browser)
    assert seen["dialogs"] == []
    for probe in seen["probes"]:
        assert probe["xss"] == "undefined", probe
        assert probe["imgs"] == 0 and probe["handlers"] == 0, probe
    on_map = "\n".join(seen["tooltips"] + seen["popups"])
    in_table = "\n".join(seen["cells"] + seen["texts"])
    for name in HOSTILE.values():
        assert name in on_map, (name, seen["tooltips"])          # tooltip (or popup) text
        assert name in in_table, (name, seen["cells"])          # results table cell
    # the details panel of the last clicked item shows its name as text
    assert any(name in text for name in HOSTILE.values() for text in seen["texts"])
