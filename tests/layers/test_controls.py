"""Map tools render with the UI language and write search hits as text."""
from __future__ import annotations

import folium
import pytest

from layers.controls import LandFill, MetricScale, MiniMap, SearchControl, fullscreen, measure


def _render(*elements) -> str:
    m = folium.Map(tiles=None)
    g = folium.FeatureGroup(name="g").add_to(m)
    for make in elements:
        make(g).add_to(m)
    return m.get_root().render()


def test_search_control_uses_text_content_and_language():
    html = _render(lambda g: SearchControl([g], "zh"))
    assert "li.textContent = text" in html and "innerHTML" not in html.split("L.Control.Search")[1][:2000]
    assert "\\u6309\\u540d\\u79f0" in html or "按名称" in html
    html_en = _render(lambda g: SearchControl([g], "en"))
    assert "Find by name" in html_en


def test_minimap_offline_clones_vector_layer_and_online_uses_tiles():
    html = _render(lambda g: MiniMap("en", vector_layer=g))
    assert ".toGeoJSON()" in html and "L.Control.MiniMap" in html
    from layers.basemaps import tile_sources

    html = _render(lambda g: MiniMap("en", sources=tile_sources("osm")))
    assert "tile.openstreetmap.org" in html
    with pytest.raises(ValueError):
        MiniMap("en")


def test_land_fill_scale_fullscreen_measure():
    html = _render(lambda g: LandFill(g, "#fbfaf6", "#dfe9f1"), lambda g: MetricScale(),
                   lambda g: fullscreen("en"), lambda g: measure("zh"))
    assert '"#dfe9f1"' in html and "imperial: false" in html
    assert "Full screen" in html and '"localization": "cn"' in html
