"""``yrdmap serve`` sends Streamlit's icon font cut to the icons the page uses
(:mod:`ui.icon_font`); in the browser every icon still draws as one icon glyph, never as
the text of its name (what a missing ligature would show): the sidebar's arrows, the
expanders' chevrons, the multiselects' clear buttons, the tabs, the data table's toolbar."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from bench.serve_bytes import until_icons_cut
from tests._helpers import REPO, free_port, stop_process, wait_healthy
from tests.browser.browser_helpers import open_map
from ui import icon_font

FONT = icon_font.streamlit_icon_font()

#: every element drawn in the icon font: (text, width in px, font size in px)
ICONS_JS = """() => [...document.querySelectorAll('span, i, div')]
  .filter(e => e.children.length === 0 && e.textContent.trim()
          && getComputedStyle(e).fontFamily.includes('Material Symbols'))
  .map(e => [e.textContent.trim(), e.getBoundingClientRect().width,
             parseFloat(getComputedStyle(e).fontSize)])"""


@pytest.fixture(scope="module")
def served(playwright_api, tmp_path_factory):
    """``yrdmap serve`` on a free port, once its icon font is cut."""
    if FONT is None:
        pytest.skip("this Streamlit ships no icon font")
    port = free_port()
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path_factory.mktemp("cache"))}
    proc = subprocess.Popen([sys.executable, "-m", "layers.cli", "serve", "--port", str(port)],
                            cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_healthy(url, proc, 120, "yrdmap serve")
        yield url, until_icons_cut(url, timeout=120)
    finally:
        stop_process(proc)


def test_every_icon_draws_as_one_glyph_with_the_cut_font(served, browser):
    url, size = served
    assert size is not None and size < 40_000, f"the icon font is still {size} bytes"
    context = browser.new_context(viewport={"width": 1500, "height": 1000}, locale="zh-CN")
    page = context.new_page()
    fonts = []
    page.on("response", lambda r: fonts.append(r) if "MaterialSymbols" in r.url else None)
    try:
        open_map(page, url, timeout=180_000)
        # more icons: a chosen province (the clear buttons), the import box opened
        box = page.locator("[data-testid='stSidebar'] [data-testid='stMultiSelect']").first
        box.locator("input").click()
        page.keyboard.type("上海")
        page.keyboard.press("Enter")
        page.keyboard.press("Escape")
        page.locator("[data-testid='stSidebar'] [data-testid='stExpander'] summary").first.click()
        page.wait_for_timeout(2500)
        icons = page.evaluate(ICONS_JS)
        page.screenshot(path=os.path.join(os.environ.get("YRDMAP_ARTIFACTS", "/tmp"),
                                          "icon_font.png"))
        font_sizes = [len(r.body()) for r in fonts]
    finally:
        context.close()
    assert font_sizes and all(n == size for n in font_sizes), font_sizes
    assert len(icons) >= 3, icons          # the sidebar arrow, the chevrons, the clear buttons
    as_text = [(name, round(w)) for name, w, px in icons if w > 1.6 * px]
    assert not as_text, f"icons drawn as their names' text (missing from the cut font): {as_text}"
