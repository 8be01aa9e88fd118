"""The offline basemap in a real browser: place names by zoom, in the UI language, drawn
from local files only (issue 12). Screenshots go to ``$YRDMAP_ARTIFACTS`` (default /tmp)."""
from __future__ import annotations

from urllib.parse import urlparse

import pytest

from tests.browser.browser_helpers import ARTIFACTS, LOCAL_HOSTS, open_map

pytestmark = pytest.mark.browser

PROVINCES = {"zh": ["上海市", "江苏省", "浙江省", "安徽省"],
             "en": ["Shanghai", "Jiangsu", "Zhejiang", "Anhui"]}
DEMO_ZONE = {"zh": ["青浦区", "吴江区", "嘉善县"],
             "en": ["Qingpu District", "Wujiang District", "Jiashan County"]}


def _labels(frame) -> list[str]:
    """The place names the name canvas drew last (layers.text_canvas)."""
    frame.wait_for_function("() => window.yrdNames && window.yrdNames.drawn.length > 0",
                            timeout=30_000)
    return frame.evaluate("() => window.yrdNames.drawn.map(d => d.text)")


def _visible(frame, names) -> dict:
    """name → whether its label was drawn inside the map's box."""
    return frame.evaluate("""names => {
        const box = document.querySelector('.leaflet-container').getBoundingClientRect();
        const out = {};
        for (const n of names) {
            out[n] = window.yrdNames.drawn.some(d => d.text === n && d.left >= 0 &&
                d.top >= 0 && d.right <= box.width && d.bottom <= box.height && d.right > d.left);
        }
        return out;
    }""", names)


def _open_labelled(page, url: str) -> tuple:
    """Open the map at ``url`` once its place names are drawn: (its frame, the label texts,
    the set of hosts the page requested, filled as it goes on)."""
    hosts = set()
    page.on("request", lambda r: hosts.add(urlparse(r.url).hostname))
    frame = open_map(page, url)
    return frame, _labels(frame), hosts


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_province_names_at_zoom_6(warm, page, lang):
    frame, labels, hosts = _open_labelled(page, f"{warm}?lang={lang}&lat=31.2&lon=118.9&z=6")
    assert _visible(frame, PROVINCES[lang]) == {n: True for n in PROVINCES[lang]}, labels
    # no county name at zoom 6
    assert not set(DEMO_ZONE[lang]) & set(labels)
    page.screenshot(path=str(ARTIFACTS / f"basemap_z6_{lang}.png"))
    assert hosts <= LOCAL_HOSTS, hosts - LOCAL_HOSTS


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_demonstration_zone_names_at_zoom_9(warm, page, lang):
    frame, _, hosts = _open_labelled(page, f"{warm}?lang={lang}&lat=31.0&lon=120.85&z=9")
    assert _visible(frame, DEMO_ZONE[lang]) == {n: True for n in DEMO_ZONE[lang]}
    # names are drawn with a white halo, on one canvas (not one element each)
    halos = frame.evaluate("() => window.yrdNames.drawn.filter(d => d.style === 'county')"
                           ".map(d => d.halo)")
    assert halos and set(halos) == {"#ffffff"}
    assert frame.locator(".leaflet-yrdLabels-pane canvas").count() == 1
    assert frame.locator(".leaflet-marker-icon").count() < 30
    page.screenshot(path=str(ARTIFACTS / f"basemap_z9_{lang}.png"))
    assert hosts <= LOCAL_HOSTS, hosts - LOCAL_HOSTS


def test_station_names_canvas_only_from_their_zoom_on(warm, page):
    """Below the stations' zoom (9) the network pane holds the lines' canvas alone: the
    names' canvas is not allocated for nothing; from zoom 9 on the names are drawn."""
    frame = open_map(page, f"{warm}?lang=zh&lat=31.2&lon=118.9&z=6.5")
    frame.wait_for_selector(".leaflet-yrdNetwork-pane canvas", state="attached")
    assert frame.locator(".leaflet-yrdNetwork-pane canvas").count() == 1
    assert frame.evaluate("() => window.yrdStationNames.drawn.length") == 0
    frame = open_map(page, f"{warm}?lang=zh&lat=32.0&lon=118.8&z=10")   # 南京
    frame.wait_for_function("() => window.yrdStationNames.drawn.length > 0", timeout=30_000)
    names = frame.evaluate("() => window.yrdStationNames.drawn.map(d => d.text)")
    assert "南京南站" in names, names
    assert frame.locator(".leaflet-yrdNetwork-pane canvas").count() == 2
    # back out below zoom 9: the names' canvas leaves the map, nothing is drawn
    frame.evaluate("() => { window.map.setZoom(7, {animate: false}); }")
    frame.wait_for_function("() => window.yrdStationNames.drawn.length === 0", timeout=30_000)
    assert frame.locator(".leaflet-yrdNetwork-pane canvas").count() == 1
