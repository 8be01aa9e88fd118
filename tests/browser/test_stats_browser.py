"""The statistics view in a real browser: its three Altair charts (grouped bars, stacked
status bars, the city choropleth) draw, in Chinese, with no page error.

Runs ``streamlit run`` of a tiny script calling ``ui.stats.stats_panel`` on a free port and
drives Debian's ``/usr/bin/chromium`` through Playwright (never ``playwright install``).
Skipped, with the reason, when the browser or Playwright is missing.
"""
from __future__ import annotations

import textwrap

import pytest

from tests.browser.browser_helpers import CHROMIUM, ROOT, require_browser, start_app, stop_app

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SCRIPT = textwrap.dedent("""
    import streamlit as st
    from geo.select import filter_projects
    from ui.stats import stats_panel

    st.set_page_config(layout="wide")
    stats_panel(st.query_params.get("lang", "zh"), filter_projects())
""")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    require_browser()
    script = tmp_path_factory.mktemp("stats_app") / "stats_app.py"
    script.write_text(SCRIPT, encoding="utf-8")
    proc, url = start_app(script, env={"PYTHONPATH": str(ROOT)}, unset=())
    try:
        yield url.rstrip("/")
    finally:
        stop_app(proc)


def test_charts_draw_in_the_browser(server):
    from playwright.sync_api import sync_playwright

    errors = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM),
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
