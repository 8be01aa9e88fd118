"""The standalone HTML export opened from disk in headless Chromium with every non-file
request blocked: the map paints its features and nothing is fetched."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    from geo.export import write_html
    from geo.select import filter_projects
    from layers.map_builder import folium_map

    path = tmp_path_factory.mktemp("html") / "长三角_全部图层.html"
    return write_html(folium_map(filter_projects(), "zh"), path, title="长三角一体化 项目一张图")


def test_html_paints_offline(browser, exported):
    context = browser.new_context(viewport={"width": 1200, "height": 800}, offline=True)
    blocked, errors = [], []

    def route(r):
        if r.request.url.startswith(("file:", "data:", "blob:")):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(exported.as_uri())
    page.wait_for_function(
        "document.querySelectorAll('path.leaflet-interactive').length > 20", timeout=30_000)
    assert page.evaluate("typeof L") == "object"
    n_points = page.evaluate("document.querySelectorAll('.leaflet-yrdPoints-pane path').length")
    assert n_points > 10
    assert page.title() == "长三角一体化 项目一张图"
    legend = page.inner_text(".yrd-legend")
    assert "轨道交通" in legend
    assert blocked == [] and errors == []
    context.close()
