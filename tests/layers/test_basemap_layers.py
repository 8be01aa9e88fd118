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


def test_labels_are_in_the_ui_language():
    zh = {r[2] for r in bl.label_rows("zh", None)}
    en = {r[2] for r in bl.label_rows("en", None)}
    assert {"青浦区", "吴江区", "嘉善县", "淀山湖"} <= zh
    assert {"Qingpu District", "Wujiang District", "Jiashan County"} <= en
    assert not zh & {"Qingpu District"}


def test_label_styles_use_local_fonts_and_a_halo():
    assert set(bl.LABEL_STYLES) == {"province", "city", "county", "lake", "river"}
    for style in bl.LABEL_STYLES.values():
        assert style["halo"] == "#ffffff" and "url(" not in style["font"]
        assert "Noto Sans CJK SC" in style["font"] and "Microsoft YaHei" in style["font"]
    assert bl.LABEL_STYLES["lake"]["font"].startswith("italic")
    assert bl.LABEL_STYLES["province"]["spacing"] == "2px"


def test_label_names_are_text_and_script_safe():
    """Names go to the canvas as text (not HTML): a hostile one stays literal and cannot
    close the script."""
    import json

    rows = json.loads(bl.script_json([[31.0, 121.0, "</script><b>x</b>", "county", 1]]))
    assert rows[0][2] == "</script><b>x</b>"
    assert "</script>" not in bl.script_json(rows)


def test_minor_rivers_only_at_fine_levels():
    coarse = bl._rivers(500.0, 3, None)
    fine = bl._rivers(50.0, 4, None)
    assert coarse.named.all()
    assert (~fine.named).any()  # WDBII's unnamed rivers, one multi-line


def test_offline_map_has_the_basemap_and_tile_maps_do_not():
    items = load_all()
    offline = _render(build_map(map_spec(items, "zh", "offline", [], None, None)))
    assert "window.yrdNames" in offline and "yrdSea" in offline and "yrdRivers" in offline
    tiles = _render(build_map(map_spec(items, "zh", "osm", [], None, None)))
    assert "window.yrdNames" not in tiles and "yrdSea" not in tiles
