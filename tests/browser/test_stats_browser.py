"""The statistics view in a real browser: its three Altair charts (grouped bars, stacked
status bars, the city choropleth) draw, in Chinese, with no page error.

Runs ``streamlit run`` of a tiny script calling ``ui.stats.stats_panel`` on a free port and
drives Debian's ``/usr/bin/chromium`` through Playwright (never ``playwright install``).
Skipped, with the reason, when the browser or Playwright is missing.
"""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
import urllib.request
from pathlib import Path

import pytest

from tests._helpers import free_port

pytestmark = [pytest.mark.browser, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("YRDMAP_CHROMIUM", "/usr/bin/chromium")
SCRIPT = textwrap.dedent("""
    import streamlit as st
    from geo.select import filter_projects
    from ui.stats import stats_panel

    st.set_page_config(layout="wide")
    stats_panel(st.query_params.get("lang", "zh"), filter_projects())
""")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium)")
    pytest.importorskip("playwright.sync_api")
    folder = tmp_path_factory.mktemp("stats_app")
    (folder / "stats_app.py").write_text(SCRIPT, encoding="utf-8")
    port = free_port()
    env = dict(os.environ, PYTHONPATH=str(REPO))
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "stats_app.py", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true",
         "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
        cwd=folder, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    deadline = time.time() + 60
    while True:
        if proc.poll() is not None:
            pytest.fail(proc.stdout.read().decode(errors="replace")[-2000:])
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2):
                break
        except OSError:
            if time.time() > deadline:
                proc.kill()
                pytest.fail("streamlit did not become healthy in 60 s")
            time.sleep(0.5)
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


def test_charts_draw_in_the_browser(server):
    from playwright.sync_api import sync_playwright

    errors = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM,
                                    args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1300, "height": 2400})
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(server + "/?lang=zh")
        page.wait_for_function(
            "document.querySelectorAll('.vega-embed canvas, .vega-embed svg.marks').length >= 3",
            timeout=90_000)
        page.wait_for_timeout(1500)
        text = page.inner_text("body")
        sizes = page.eval_on_selector_all(
            ".vega-embed canvas, .vega-embed svg.marks",
            "els => els.map(e => [e.clientWidth, e.clientHeight])")
        browser.close()
    assert "查询统计" in text and "各地区各图层项目数" in text and "2025年主要目标" in text
    assert len(sizes) >= 3 and all(w > 100 and h > 100 for w, h in sizes), sizes
    assert not errors, errors
