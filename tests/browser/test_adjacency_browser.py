"""邻接分析 in a real browser: a shared link naming two regions (``adj_a`` and ``adj_b``)
opens on their border, and keeps the second region through the reruns the map's first
report (centre, zoom) causes (issue 17)."""
from __future__ import annotations

import time

from tests.browser.browser_helpers import ARTIFACTS, MAP_FRAME, block_non_local, open_map


def test_a_link_with_adj_b_opens_on_the_border(app, page):
    asked = block_non_local(page)
    frame = open_map(page, app + "?adj_a=310000&adj_b=330000", timeout=180_000)
    # the map reports its view after the first paint: the app reruns, the panel with it
    page.wait_for_function("() => location.search.includes('z=')", timeout=120_000)
    deadline = time.time() + 60
    while time.time() < deadline and page.get_by_text("边界长度").count() == 0:
        time.sleep(0.5)
    time.sleep(3)                                   # any late rerun has run by now
    page.screenshot(path=str(ARTIFACTS / "adjacency_adj_b_link.png"))
    assert "adj_b=330000" in page.url and "adj_a=310000" in page.url
    assert page.get_by_text("边界：上海市 — 浙江省").count() == 1
    box = page.locator("[data-testid='stSelectbox']", has_text="第二个地区").first
    field = box.locator("input").first               # the choice shows as the input's
    shown = box.inner_text() + " " + field.input_value() + " " + (field.get_attribute(
        "aria-label") or "")                         # value or as text, by version
    assert "浙江省" in shown
    metric = page.locator("[data-testid='stMetricValue']").first.inner_text()
    assert metric.replace(",", "").startswith("115.1")
    # the border overlay is on the map (its tooltip text is in the map's script)
    assert frame.locator("path.leaflet-interactive").count() > 0
    assert page.locator(MAP_FRAME).count() == 1
    assert all("127.0.0.1" in u or u.startswith(("data:", "blob:")) for u in asked)
