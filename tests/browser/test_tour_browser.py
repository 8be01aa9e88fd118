"""The planner's tour (#17) in headless Chromium, where only a real browser shows it: a
language switch keeps the basemap (its id in the link, not its label), Leaflet's and
Streamlit's own words are Chinese in the Chinese UI, the first click on 重置筛选 is not
lost to the layout moving under the pointer, a tile basemap that cannot be reached says
so on the map, and at 1366×768 the map fits above the fold with its legend collapsed."""
from __future__ import annotations

import time
from urllib.parse import parse_qs, urlparse

import pytest
from tests.browser.browser_helpers import ARTIFACTS, MAP_FRAME, block_non_local, open_map

from geo.i18n import t
from layers.basemaps import BASEMAPS

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _query(page) -> dict:
    return parse_qs(urlparse(page.evaluate("location.href")).query)


def _boxes(page) -> str:
    """What the sidebar's select boxes show (their text and their inputs' values), once
    the first is mounted."""
    page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox'] input").first.wait_for(
        state="attached", timeout=30_000)
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


def _pick(page, label: str, option: str) -> None:
    """Choose ``option`` in the sidebar's select box or multiselect labelled ``label``."""
    box = page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox'], "
                       "[data-testid='stSidebar'] [data-testid='stMultiSelect']").filter(
        has=page.get_by_text(label, exact=True)).first
    wanted = page.get_by_role("option", name=option, exact=True)
    for _ in range(3):          # a rerun still under way may close the list: open it again
        box.click()
        try:
            wanted.wait_for(state="visible", timeout=8_000)
            break
        except Exception:
            page.keyboard.press("Escape")
            time.sleep(1.0)
    wanted.click()
    page.keyboard.press("Escape")


def _map_frame(page):
    return page.wait_for_selector(MAP_FRAME, timeout=60_000).content_frame()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_choosing_gaode_without_internet_says_the_tiles_cannot_load(page, warm, lang):
    """#17.3: every non-local request refused; choose 高德 in the sidebar → the map names
    the unreachable host and points to the offline basemap; the mini-map is the province
    outlines (not grey tiles); the lakes stay in the layer control."""
    asked = block_non_local(page)
    frame = open_map(page, warm + ("?lang=en" if lang == "en" else ""))
    assert frame.locator(".yrd-tile-status").count() == 0          # offline: nothing to say
    _pick(page, t("app.basemap", lang), BASEMAPS["gaode"].title(lang))
    page.wait_for_function("() => location.search.includes('base=gaode')", timeout=30_000)
    frame = _map_frame(page)
    status = frame.locator(".yrd-tile-status")
    status.wait_for(state="visible", timeout=30_000)
    assert status.inner_text() == t("app.tiles_unreachable", lang, host="webrd01.is.autonavi.com")
    assert any("autonavi.com" in u for u in asked)                 # tiles were asked, refused
    sidebar = page.locator("[data-testid='stSidebar']").inner_text()
    assert t("app.basemap_needs_internet", lang, host="webrd01.is.autonavi.com") in sidebar
    # the mini-map: minimised at first; opened, it draws the outlines (vector paths)
    toggle = frame.locator(".leaflet-control-minimap-toggle-display")
    toggle.wait_for(timeout=20_000)
    toggle.click()
    frame.wait_for_function("() => document.querySelectorAll("
                            "'.leaflet-control-minimap path').length > 0", timeout=20_000)
    assert frame.locator(".leaflet-control-minimap img.leaflet-tile").count() == 0
    # opened, it is centred on the map's view: the outlines fill its middle
    time.sleep(1.5)
    assert frame.evaluate("""() => {
        const box = document.querySelector('.leaflet-control-minimap').getBoundingClientRect();
        const [cx, cy] = [box.left + box.width / 2, box.top + box.height / 2];
        return [...document.querySelectorAll('.leaflet-control-minimap path')].some(p => {
            const r = p.getBoundingClientRect();
            return r.left < cx && cx < r.right && r.top < cy && cy < r.bottom; });
    }""")
    layers = frame.locator(".leaflet-control-layers-list").inner_text()
    assert ("湖泊" if lang == "zh" else "Lakes") in layers
    page.screenshot(path=str(ARTIFACTS / f"yrdmap-tiles-unreachable-{lang}.png"))


def _legend_open(frame) -> bool:
    return frame.evaluate("() => document.querySelector('.yrd-legend details').open")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_laptop_screen_map_fits_and_the_legend_stays_as_the_user_left_it(browser, warm, lang):
    """#17.10 and #17.11 at 1366×768: the map's bottom is in the viewport; the legend
    starts collapsed and stays so after a filter change; opened, it stays open after the
    next change and a reload; choosing 浙江 moves the map there."""
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    page = context.new_page()
    try:
        block_non_local(page)
        frame = open_map(page, warm + ("?lang=en" if lang == "en" else ""))
        box = page.locator(MAP_FRAME).bounding_box()
        assert box["y"] + box["height"] <= 768, box
        frame.locator(".yrd-legend summary").wait_for(timeout=20_000)
        assert _legend_open(frame) is False
        # nothing (the sources line, the scale) lies over the legend's button
        assert frame.evaluate("""() => {
            const s = document.querySelector('.yrd-legend summary'), r = s.getBoundingClientRect();
            return s.contains(document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2));
        }""")
        page.screenshot(path=str(ARTIFACTS / f"yrdmap-laptop-{lang}.png"))
        _pick(page, t("app.provinces", lang), "浙江省" if lang == "zh" else "Zhejiang")
        page.wait_for_function("() => location.search.includes('prov=330000')", timeout=30_000)
        page.wait_for_function("() => /[?&]z=/.test(location.search)", timeout=30_000)
        time.sleep(1.5)
        frame = _map_frame(page)
        assert _legend_open(frame) is False                         # not re-opened
        q = _query(page)
        lat, lon, zoom = float(q["lat"][0]), float(q["lon"][0]), float(q["z"][0])
        assert 27.5 < lat < 31.5 and 118.5 < lon < 122.5 and zoom >= 7, q   # at 浙江
        page.screenshot(path=str(ARTIFACTS / f"yrdmap-zhejiang-{lang}.png"))
        frame.locator(".yrd-legend summary").click()
        assert _legend_open(frame) is True
        page.locator("[data-testid='stSidebar'] [data-testid='stCheckbox'], "
                     "[data-testid='stSidebar'] .stToggle").first.click()          # 仅跨省
        page.wait_for_function("() => location.search.includes('cross=1')", timeout=30_000)
        time.sleep(1.5)
        assert _legend_open(_map_frame(page)) is True                 # kept open
        page.reload()
        frame = open_map(page, page.url)
        frame.locator(".yrd-legend summary").wait_for(timeout=20_000)
        assert _legend_open(frame) is True                            # and after a reload
        frame.locator(".yrd-legend summary").click()                  # leave it as found
        assert _legend_open(frame) is False
    finally:
        context.close()
