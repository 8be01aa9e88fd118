"""The offline basemap's sea, rivers and labels layers (layers/basemap_layers.py)."""
from __future__ import annotations

import folium
import pytest

from layers import basemap_layers as bl
from layers.map_builder import map_spec, build_map
from geo.registry import load_registry
from geo.store import load_all

REG = load_registry()


def _render(fmap) -> str:
    return fmap.get_root().render()


@pytest.mark.parametrize("source", bl.SOURCES)
def test_layer_builds_in_its_own_pane(source):
    entry = next(e for e in REG.background if e.source == source)
    fmap = folium.Map(tiles=None)
    group = bl.basemap_layer(entry, fmap, "zh", tolerance_m=500.0, decimals=3)
    html = _render(fmap)
    assert isinstance(group, folium.FeatureGroup)
    pane = {"sea": "yrdSea", "rivers": "yrdRivers", "labels": "yrdLabels"}[source]
    assert f'"{pane}"' in html or f"'{pane}'" in html


def test_labels_are_escaped_in_the_ui_language():
    zh = {r[2] for r in bl.label_rows("zh", None)}
    en = {r[2] for r in bl.label_rows("en", None)}
    assert {"青浦区", "吴江区", "嘉善县", "淀山湖"} <= zh
    assert {"Qingpu District", "Wujiang District", "Jiashan County"} <= en
    assert not zh & {"Qingpu District"}


def test_label_css_uses_local_fonts_and_a_halo():
    assert "text-shadow" in bl.LABEL_CSS and "#fff" in bl.LABEL_CSS
    assert "url(" not in bl.LABEL_CSS and "@import" not in bl.LABEL_CSS


def test_minor_rivers_only_at_fine_levels():
    coarse = bl._rivers(500.0, 3, None)
    fine = bl._rivers(50.0, 4, None)
    assert coarse.named.all()
    assert (~fine.named).any()  # WDBII's unnamed rivers, one multi-line


def test_offline_map_has_the_basemap_and_tile_maps_do_not():
    items = load_all()
    offline = _render(build_map(map_spec(items, "zh", "offline", [], None, None)))
    assert "yrd-lbl" in offline and "yrdSea" in offline and "yrdRivers" in offline
    tiles = _render(build_map(map_spec(items, "zh", "osm", [], None, None)))
    assert "yrd-lbl-" not in tiles and "yrdSea" not in tiles
