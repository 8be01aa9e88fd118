"""An imported name or note that spells a URL must not break the HTML export for everyone
(issue 20, item 5): escaped item text is data, not a resource reference; a real external
resource (a tile layer the user did not allow, an icon from a CDN) still is."""
from __future__ import annotations

import pytest

from geo.export import ExportError, external_references, standalone_html

HOSTILE = ["http://evil.example/x.js", "//evil.example/y.png",
           "<img src='https://evil.example/z.png'>", "见 https://www.ndrc.gov.cn/a.html",
           "<script src=\"http://evil.example/s.js\"></script>"]


@pytest.fixture
def items(tmp_path, monkeypatch):
    """Items imported (the way a user does) with names and notes that spell URLs."""
    import csv

    from geo.ingest import import_file
    from geo.store.files import FileStore

    monkeypatch.setenv("YRDMAP_STORE_DIR", str(tmp_path / "store"))
    path = tmp_path / "list.csv"
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "项目名称", "英文名称", "备注", "经度", "纬度"])
        for i, text in enumerate(HOSTILE):
            w.writerow([f"u-{i}", text, text, text, 121.0 + i / 10, 31.2])
    items, report = import_file(path, store=FileStore(tmp_path / "store"))
    assert report.ok, report.lines()
    return items


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_item_text_spelling_urls_exports(items, lang):
    from layers.map_builder import folium_map

    html = folium_map(items, lang, version=("item-text", lang)).get_root().render()
    assert "evil.example" in html                   # the text is there, escaped
    out = standalone_html(html)
    assert external_references(out) == []


def test_a_real_tile_layer_is_still_a_reference(items):
    from layers.basemaps import TileSource
    from layers.map_builder import folium_map

    src = TileSource(url="https://tiles.evil.example/{z}/{x}/{y}.png", attribution="x")
    html = folium_map(items, "zh", basemap="custom", sources=[src],
                      version="item-text-tiles").get_root().render()
    with pytest.raises(ExportError, match="tiles.evil.example"):
        standalone_html(html)
    standalone_html(html, allow=("https://tiles.evil.example/",))
