"""The Export / 导出 panel (AppTest) and the offline HTML of the app's own map."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests._helpers import script_file

SCRIPT = """
import streamlit as st
from geo.select import filter_projects
from ui.export import export_panel

lang = st.session_state.get("lang", "zh")
filters = {"provinces": ["浙江"], "layers": ["rail"]}
items = filter_projects(provinces=filters["provinces"], layers=filters["layers"])
if st.session_state.get("empty"):
    items = items.iloc[0:0]
export_panel(lang, items, (120.0, 29.5, 122.0, 31.0), filters)
"""


@pytest.fixture
def app(tmp_path):
    return AppTest.from_file(script_file(tmp_path, SCRIPT, "export_app.py"), default_timeout=240)


def _download(at):
    return [el for el in at.get("download_button")]


def test_panel_makes_a_png_and_offers_a_download(app):
    app.run()
    assert not app.exception
    assert app.subheader[0].value == "导出"
    app.number_input(key="exp_dpi").set_value(100)
    app.button(key="exp_make").click().run()
    assert not app.exception and not app.error
    buttons = _download(app)
    assert len(buttons) == 1
    label = buttons[0].proto.label
    assert "长三角_浙江省_轨道交通_" in label and label.split(" ")[1].endswith(".png")


def test_panel_data_format_and_english(app):
    app.session_state["lang"] = "en"
    app.run()
    app.radio(key="exp_kind").set_value("data").run()
    app.selectbox(key="exp_fmt_data").set_value("xlsx").run()
    app.button(key="exp_make").click().run()
    assert not app.exception and not app.error
    assert ".xlsx" in _download(app)[0].proto.label


def test_panel_with_nothing_selected_says_so(app):
    app.session_state["empty"] = True
    app.run()
    assert app.info and not _download(app)


def test_offline_html_of_the_app_map(tmp_path):
    """The app's own map, inlined: no external reference, under 3 MB, features inside."""
    from geo.export import external_references, write_html
    from geo.select import filter_projects
    from layers.map_builder import folium_map

    out = write_html(folium_map(filter_projects(), "zh"), tmp_path / "map.html", title="地图")
    html = out.read_text(encoding="utf-8")
    assert external_references(html) == []
    assert out.stat().st_size <= 3_000_000
    assert "<script src" not in html and 'rel="stylesheet"' not in html
    assert "L.map(" in html or "L.map (" in html


def test_html_with_a_chosen_tile_basemap_keeps_only_its_tiles():
    from geo.export import ExportError, external_references, standalone_html
    from geo.select import filter_projects
    from layers import basemaps
    from layers.map_builder import folium_map
    from ui.export import _links

    sources = basemaps.tile_sources("osm")
    fmap = folium_map(filter_projects(layers=["rail"]), "zh", basemap="osm", sources=sources)
    with pytest.raises(ExportError, match="tile.openstreetmap.org"):
        standalone_html(fmap)                      # tiles are refused unless allowed
    allow = tuple(s.url for s in sources) + tuple(u for s in sources for u in _links(s.attribution))
    refs = external_references(standalone_html(fmap, allow=allow))
    assert refs and all(r.startswith(allow) for r in refs)
