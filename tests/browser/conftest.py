"""A real browser on the real app: Playwright (PyPI) driving Debian's /usr/bin/chromium.

Fixtures are module-scoped (other browser modules start their own Playwright). The
``app`` fixture starts ``streamlit run app.py`` on a free port as a subprocess
and stops it afterwards; ``browser`` launches headless Chromium (never
``playwright install``). Tests skip, with the reason, when Chromium or Playwright
is missing. Screenshots go to ``$YRDMAP_ARTIFACTS`` (default /tmp).
"""
from __future__ import annotations

import os
import subprocess
import sys

import pytest
from browser_helpers import CHROMIUM, CHROMIUM_ARGS, ROOT, _free_port, _wait_ready, open_map


@pytest.fixture(scope="module")
def playwright_api():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} not found: install Debian's chromium (scripts/system-deps.sh)")
    sync_api = pytest.importorskip("playwright.sync_api",
                                   reason="playwright (PyPI) is not installed: the test extra")
    with sync_api.sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="module")
def browser(playwright_api):
    b = playwright_api.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield b
    b.close()


@pytest.fixture(scope="module")
def app(playwright_api):
    """Base URL of a streamlit server running app.py (warmed up: data loaded once)."""
    port = _free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    env.pop("TIANDITU_KEY", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
         "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://localhost:{port}/"
    try:
        _wait_ready(url, proc)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1500, "height": 1000}, locale="zh-CN")
    pg = context.new_page()
    yield pg
    context.close()


@pytest.fixture(scope="module")
def warm(app, browser):
    """Load the page once so the server has its data cached (first paint is then the
    page's, not the data loading's)."""
    context = browser.new_context()
    pg = context.new_page()
    open_map(pg, app, timeout=180_000)
    context.close()
    return app
