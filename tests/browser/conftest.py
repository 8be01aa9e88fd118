"""A real browser on the real app: Playwright (PyPI) driving Debian's /usr/bin/chromium.

Fixtures are module-scoped (other browser modules start their own Playwright). The
``app`` fixture starts ``streamlit run app.py`` on a free port as a subprocess
and stops it afterwards; ``browser`` launches headless Chromium (never
``playwright install``). Tests skip, with the reason, when Chromium or Playwright
is missing. Screenshots go to ``$YRDMAP_ARTIFACTS`` (default /tmp).
"""
from __future__ import annotations


import pytest
from tests.browser.browser_helpers import CHROMIUM, CHROMIUM_ARGS, ROOT, open_map, start_app, stop_app


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
    proc, url = start_app(ROOT / "app.py")
    try:
        yield url
    finally:
        stop_app(proc)


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
