"""The planner's tour (#17) in headless Chromium, where only a real browser shows it: a
language switch keeps the basemap (its id in the link, not its label), Leaflet's and
Streamlit's own words are Chinese in the Chinese UI, the first click on 重置筛选 is not
lost to the layout moving under the pointer."""
from __future__ import annotations

import time
from urllib.parse import parse_qs, urlparse

import pytest
from tests.browser.browser_helpers import ARTIFACTS, block_non_local, open_map

from geo.i18n import t
from layers.basemaps import BASEMAPS

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _query(page) -> dict:
    return parse_qs(urlparse(page.evaluate("location.href")).query)


def _boxes(page) -> str:
    """What the sidebar's select boxes show (their text and their inputs' values)."""
    return page.evaluate("""() => Array.from(document.querySelectorAll(
        "[data-testid='stSidebar'] [data-testid='stSelectbox']")).map(e => e.innerText + " "
        + Array.from(e.querySelectorAll("input")).map(i => i.value).join(" ")).join(" | ")""")


@pytest.mark.parametrize("basemap", ["gaode", "offline"])
def test_language_switch_keeps_the_basemap_and_the_link_restores_it(page, warm, basemap):
    block_non_local(page)    # tiles of a web basemap are refused: only this machine answers
    query = "" if basemap == "offline" else f"?base={basemap}"
    open_map(page, warm + query)
    page.get_by_text("English", exact=True).click()
    page.get_by_role("heading", name=t("app.page_title", "en")).wait_for(timeout=20_000)
    page.wait_for_function("() => location.search.includes('lang=en')", timeout=10_000)
    time.sleep(1.0)
    q = _query(page)
    assert q.get("base", ["offline"]) == [basemap], q          # the id, never the label
    boxes = _boxes(page)
    assert BASEMAPS[basemap].title("en") in boxes and BASEMAPS[basemap].title("zh") not in boxes
    page.screenshot(path=str(ARTIFACTS / f"yrdmap-lang-switch-{basemap}.png"))
    # the link as it is now opens the same basemap, with no warning
    link = page.evaluate("location.href")
    other = page.context.new_page()
    open_map(other, link)
    other.get_by_role("heading", name=t("app.page_title", "en")).wait_for(timeout=20_000)
    body = other.locator("body").inner_text()
    assert "Invalid link parameter" not in body
    assert BASEMAPS[basemap].title("en") in _boxes(other)
    # and back to Chinese: still the same basemap
    page.get_by_text("中文", exact=True).click()
    page.get_by_role("heading", name=t("app.page_title", "zh")).wait_for(timeout=20_000)
    time.sleep(1.0)
    assert _query(page).get("base", ["offline"]) == [basemap]
    assert BASEMAPS[basemap].title("zh") in _boxes(page)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_leaflet_and_streamlit_words_follow_the_language(page, warm, lang):
    frame = open_map(page, warm + ("?lang=en" if lang == "en" else ""))
    frame.locator(".leaflet-control-zoom-in[title]").wait_for(timeout=10_000)
    time.sleep(0.5)
    titles = [frame.locator(f".leaflet-control-zoom-{d}").get_attribute("title")
              for d in ("in", "out")]
    assert titles == [t("leaflet.zoom_in", lang), t("leaflet.zoom_out", lang)]
    body = page.locator("body").inner_text()
    if lang == "zh":
        for english in ("Choose options", "Choose an option", "Zoom in"):
            assert english not in body


def _province_chips(page) -> list[str]:
    box = page.locator("[data-testid='stSidebar'] [data-testid='stMultiSelect']").first
    return [c.strip() for c in box.locator(".react-aria-ComboBox [data-tag]").all_inner_texts()]


def test_first_click_on_reset_works_right_after_picking_provinces(page, warm):
    """#17.4: pick two provinces (the box keeps the focus, its list open), then one click
    on 重置筛选 clears them: the button does not move under the pointer."""
    open_map(page, warm)
    box = page.locator("[data-testid='stSidebar'] [data-testid='stMultiSelect']").first
    for n, name in enumerate(("江苏省", "浙江省"), start=1):
        option = page.get_by_role("option", name=name, exact=True)
        if not option.is_visible():
            box.click()
        option.click()
        page.wait_for_function(
            "n => document.querySelectorAll(`[data-testid='stSidebar'] "
            "[data-testid='stMultiSelect'] .react-aria-ComboBox [data-tag]`).length >= n",
            arg=n, timeout=20_000)
    assert _province_chips(page) == ["江苏省", "浙江省"]
    page.wait_for_function("() => location.search.includes('prov=')", timeout=20_000)
    button = page.locator("[data-testid='stSidebar'] .st-key-w_reset button")
    assert button.inner_text().strip() == t("app.reset", "zh")
    before = button.bounding_box()
    button.click()                                  # one click, with the list still open
    page.wait_for_function("() => !location.search.includes('prov=')", timeout=20_000)
    assert _province_chips(page) == []
    after = button.bounding_box()
    assert abs(after["y"] - before["y"]) < 2          # the button did not jump
    page.screenshot(path=str(ARTIFACTS / "yrdmap-reset.png"))
