"""Many viewers: two app processes on loopback against one PostGIS.

An item written to the shared store while both run appears in the other process on its
next page load (no local state), and a bounded browser load test — 20 concurrent
sessions, split over the two processes, one page load each, 180 s at most, loopback
only — completes with no error; p50/p95 page-ready times are printed.

Skipped, with the install hint, when Chromium or Playwright is missing (a failure in CI).
"""
from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import time
import urllib.request
import uuid

import geopandas as gpd
import pytest

from bench.browser import WHOLE_PAGE, whole_page_arg
from tests._helpers import REPO, free_port, stop_process, wait_healthy
from tests.browser.browser_helpers import CHROMIUM, require_browser
import shapely

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SESSIONS = 20
NO_RESULTS = "没有符合筛选条件的项目"
READY_TIMEOUT_S = 120


def _start(url: str, port: int) -> subprocess.Popen:
    env = dict(os.environ, YRDMAP_DATABASE_URL=url, PYTHONPATH=str(REPO))
    return subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(REPO / "app.py"), "--server.port",
         str(port), "--server.address", "127.0.0.1", "--server.headless", "true",
         "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
        cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


@pytest.fixture(scope="module")
def apps(module_db_url):
    require_browser("playwright.async_api")
    ports = [free_port(), free_port()]
    procs = [_start(module_db_url, p) for p in ports]
    try:
        for proc, port in zip(procs, ports):
            wait_healthy(f"http://127.0.0.1:{port}/", proc, 90)
        yield [f"http://127.0.0.1:{p}" for p in ports]
    finally:
        for proc in procs:
            stop_process(proc)


async def _page_ready(browser, url: str) -> tuple[float, str]:
    """Seconds from navigation to the whole page drawn (the map-first run over, no script
    running), and its text."""
    context = await browser.new_context()
    page = await context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    t0 = time.perf_counter()
    try:
        await page.goto(url, timeout=READY_TIMEOUT_S * 1000)
        await page.wait_for_selector('[data-testid="stApp"]', timeout=READY_TIMEOUT_S * 1000)
        await page.wait_for_selector('[data-testid="stMainBlockContainer"] h1',
                                     timeout=READY_TIMEOUT_S * 1000)
        # the whole page, not only the map-first run (whose script has stopped too)
        await page.wait_for_function(WHOLE_PAGE, arg=whole_page_arg(),
                                     timeout=READY_TIMEOUT_S * 1000)
        seconds = time.perf_counter() - t0
        text = await page.inner_text("body")
        exceptions = await page.query_selector_all('[data-testid="stException"]')
        if errors or exceptions:
            raise AssertionError(f"{url}: page errors {errors[:3]}, "
                                 f"{len(exceptions)} Streamlit exception(s)")
        return seconds, text
    finally:
        await context.close()


async def _load(urls: list[str], n: int) -> list[tuple[float, str]]:
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=str(CHROMIUM))
        try:
            tasks = [_page_ready(browser, urls[k % len(urls)]) for k in range(n)]
            return await asyncio.wait_for(asyncio.gather(*tasks), timeout=180)
        finally:
            await browser.close()


def test_an_item_written_through_one_appears_in_the_other(apps, module_db_url):
    from geo.db.store import PostGISStore

    name = f"多视图测试{uuid.uuid4().hex[:8]}"
    query = f"/?q={urllib.request.quote(name)}"
    (_, before), = asyncio.run(_load([apps[1] + query], 1))
    assert NO_RESULTS in before
    item = gpd.GeoDataFrame({"id": [f"mv-{uuid.uuid4().hex[:8]}"], "name_zh": [name],
                             "name_en": ["multi-viewer test"], "layer": ["hub"],
                             "status": ["规划"], "status_en": ["planned"],
                             "plan_text": ["test"], "clause": ["十七"]},
                            geometry=[shapely.Point(120.62, 31.31)], crs=4326)
    PostGISStore(module_db_url).add_items(item)
    for url in apps:
        (_, after), = asyncio.run(_load([url + query], 1))
        assert NO_RESULTS not in after, url


def test_twenty_concurrent_sessions(apps, capsys):
    results = asyncio.run(_load(apps, SESSIONS))
    times = sorted(t for t, _ in results)
    p50 = statistics.median(times)
    p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
    with capsys.disabled():
        print(f"\n{SESSIONS} concurrent sessions over 2 app processes: page ready "
              f"p50 {p50:.2f} s, p95 {p95:.2f} s, max {times[-1]:.2f} s")
    assert len(times) == SESSIONS
