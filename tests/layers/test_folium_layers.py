"""to_folium for every registry entry and every geometry type; escaping; panes and styles."""
from __future__ import annotations

import json

import folium
import geopandas as gpd
import pytest

from layers.folium_layers import (PANES, VectorLayer, feature_collection_json, overlay_to_folium,
                                  script_json, to_folium, tooltip_text)
from layers.overlay import Overlay
from geo.registry import load_registry

from tests.layers.layer_samples import EVIL, GEOMETRIES

REG = load_registry()


def _geojsons(layer) -> list[VectorLayer]:
    if isinstance(layer, VectorLayer):
        return [layer]
    return [c for c in layer._children.values() if isinstance(c, VectorLayer)]


def _html(layer) -> str:
    m = folium.Map(tiles=None)
    for pane in PANES:
        folium.map.CustomPane(pane).add_to(m)
    layer.add_to(m)
    return m.get_root().render()


@pytest.mark.parametrize("geom_type", list(GEOMETRIES))
@pytest.mark.parametrize("entry", REG.projects, ids=lambda e: e.id)
def test_project_layer_every_geometry(entry, geom_type, make_items):
    gdf = make_items(entry.project_layer, geom_type)
    layer = to_folium(entry, gdf, "zh")
    assert isinstance(layer, folium.FeatureGroup)
    assert layer.layer_name == entry.name["zh"] and layer.show
    (gj,) = _geojsons(layer)
    (feature,) = gj.data["features"]
    assert feature["id"] == gdf["id"].iloc[0]
    assert feature["properties"] == {"label": "测试项目",
                                     "tip": f"<b>测试项目</b> · {entry.name['zh']}"}
    expected_pane = {"Point": "yrdPoints", "MultiPoint": "yrdPoints",
                     "LineString": "yrdLines", "MultiLineString": "yrdLines"}.get(
        geom_type, "yrdPolygons")
    assert gj.pane == expected_pane and gj.interactive
    html = _html(layer)
    assert "l.bindTooltip(f.properties.tip" in html
    assert entry.style["color"] in html
    assert f'["{gdf["id"].iloc[0]}",' in html and "window.yrdDecode(" in html


@pytest.mark.parametrize("entry", [e for e in REG.background if e.source not in
                                   ("sea", "rivers", "labels")], ids=lambda e: e.id)
def test_background_layer(entry):  # sea, rivers, labels: tests/layers/test_basemap_layers.py
    gdf = gpd.GeoDataFrame(geometry=[GEOMETRIES["Polygon"], GEOMETRIES["MultiPolygon"]], crs=4326)
    layer = to_folium(entry, gdf, "en")
    assert isinstance(layer, VectorLayer)
    assert layer.layer_name == entry.name["en"]
    assert layer.interactive is False
    assert layer.show is entry.show
    assert len(layer.data["features"]) == 2
    assert all(f["properties"] == {} for f in layer.data["features"])


def test_one_layer_mixing_kinds_splits_by_pane(make_items):
    gdf = gpd.GeoDataFrame(
        {"id": ["a", "b", "c"], "name_zh": ["甲", "乙", "丙"], "name_en": ["A", "B", "C"],
         "layer": ["ecological_corridor"] * 3, "status": ["保护", "规划", "建设"]},
        geometry=[GEOMETRIES["Polygon"], GEOMETRIES["LineString"], GEOMETRIES["Point"]], crs=4326)
    layer = to_folium(REG.project_entry("ecological_corridor"), gdf, "en")
    panes = sorted(g.pane for g in _geojsons(layer))
    assert panes == ["yrdLines", "yrdPoints", "yrdPolygons"]
    # polygons under lines under points
    assert PANES["yrdPolygons"] < PANES["yrdLines"] < PANES["yrdPoints"]


@pytest.mark.parametrize("status, dashed", [("规划", True), ("前期工作", True), ("开工建设", False),
                                            ("在建", False), ("运营", False)])
def test_line_style_by_status(status, dashed, make_items):
    layer = to_folium(REG.project_entry("rail"), make_items("rail", "LineString", status=status),
                      "zh")
    (gj,) = _geojsons(layer)
    style = gj.feature_style(gj.data["features"][0]["id"])
    assert ("dashArray" in style) is dashed
    assert style["color"] == REG.project_entry("rail").style["color"]
    assert style["fill"] is False            # a filled polyline would paint its hull


def test_polygons_are_semi_transparent(make_items):
    for entry in REG.projects:
        (gj,) = _geojsons(to_folium(entry, make_items(entry.project_layer, "Polygon"), "zh"))
        style = gj.feature_style(gj.data["features"][0]["id"])
        assert 0 < style["fillOpacity"] <= 0.35, entry.id


def test_tooltip_and_label_escape_html(make_items):
    gdf = make_items("rail", "LineString", name_zh=EVIL)
    layer = to_folium(REG.project_entry("rail"), gdf, "zh")
    (gj,) = _geojsons(layer)
    props = gj.data["features"][0]["properties"]
    assert props["tip"].startswith("<b>&lt;img src=x onerror=alert(1)&gt;</b>")
    assert props["label"] == EVIL            # plain text: search writes it with textContent
    html = _html(layer)
    assert "<img src=x" not in html
    assert tooltip_text("a&b", "<i>") == "<b>a&amp;b</b> · &lt;i&gt;"


def test_english_tooltip_uses_english_name(make_items):
    (gj,) = _geojsons(to_folium(REG.project_entry("hub"), make_items("hub", "Point"), "en"))
    assert gj.data["features"][0]["properties"]["tip"] == "<b>Test item</b> · Hubs and sites"


def test_missing_columns_and_bad_lang_raise(make_items):
    with pytest.raises(ValueError, match="status"):
        to_folium(REG.project_entry("rail"), make_items("rail", "Point").drop(columns="status"),
                  "zh")
    with pytest.raises(ValueError, match="lang"):
        to_folium(REG.project_entry("rail"), make_items("rail", "Point"), "fr")


def test_overlay_escapes_and_takes_clicks_only_with_labels():
    gdf = gpd.GeoDataFrame({"label": [EVIL]}, geometry=[GEOMETRIES["LineString"]], crs=4326)
    group = overlay_to_folium(Overlay(name="<b>x</b>", gdf=gdf, dash="6 4"))
    (gj,) = _geojsons(group)
    assert gj.data["features"][0]["properties"]["tip"] == "&lt;img src=x onerror=alert(1)&gt;"
    assert group.layer_name == "&lt;b&gt;x&lt;/b&gt;"
    assert gj.interactive is True and gj.feature_style(0)["dashArray"] == "6 4"
    quiet = overlay_to_folium(Overlay(name="halo", gdf=gdf.assign(label="")), pane="yrdHalo")
    (gj2,) = _geojsons(quiet)
    assert gj2.interactive is False and gj2.pane == "yrdHalo"
    assert gj2.data["features"][0]["properties"] == {}
    with pytest.raises(ValueError, match="pane"):
        overlay_to_folium(Overlay(name="x", gdf=gdf), pane="nope")


def test_feature_collection_json_is_script_safe_and_valid(make_items):
    gdf = make_items("rail", "LineString", name_zh=EVIL)
    text = feature_collection_json(gdf, ["a"], [{"label": "</script><b>"}])
    assert "<" not in text and ">" not in text
    import json

    from layers.encoding import decode_features

    data = decode_features(json.loads(text))
    assert data["features"][0]["properties"]["label"] == "</script><b>"
    assert data["features"][0]["geometry"]["type"] == "LineString"
    assert json.loads(script_json({"x": "&<>\u2028"})) == {"x": "&<>\u2028"}


def test_points_solid_and_hollow_when_not_built(make_items):
    built = to_folium(REG.project_entry("hub"), make_items("hub", "Point", status="运营"), "zh")
    planned = to_folium(REG.project_entry("hub"), make_items("hub", "Point", status="规划"), "zh")
    (b,), (p,) = _geojsons(built), _geojsons(planned)
    assert b.feature_style("t-point")["fillColor"] == REG.project_entry("hub").style["fill_color"]
    assert p.feature_style("t-point")["fillColor"] == "#ffffff"
    assert b.feature_style("t-point")["fillOpacity"] > 0.9


def test_rendered_text_is_compiled_only_when_used():
    from branca.element import Element

    el = Element("{{ this.nope() }}")           # would raise when rendered, not before
    assert el._template_str == "{{ this.nope() }}"
    with pytest.raises(Exception):
        el.render()
    assert Element("a {{ 1 + 1 }} b").render() == "a 2 b"     # same output as compiled at once


def test_figure_renders_the_same_with_lazy_text(make_items):
    """A whole map document (the HTML export path) still renders every element's script."""
    entry = REG.projects[0]
    html = _html(to_folium(entry, make_items(entry.project_layer, "LineString"), "zh"))
    assert "L.geoJson(null" in html and "{{" not in html and "{%" not in html


def test_project_group_joins_features_like_to_folium(make_items):
    from layers.folium_layers import project_features, project_group

    entry = next(e for e in REG.projects if e.project_layer)
    gdf = make_items(entry.project_layer, "MultiLineString")
    direct = _geojsons(to_folium(entry, gdf, "en"))
    feats = project_features(entry, gdf, "en", 7)
    joined = _geojsons(project_group(entry, "en", 7, list(gdf["id"]), list(gdf["status"]),
                                     [k for k, _ in feats], [f for _, f in feats]))
    assert [g.data for g in joined] == [g.data for g in direct]
    assert [g.styles for g in joined] == [g.styles for g in direct]
    assert [g.style_of for g in joined] == [g.style_of for g in direct]


def test_a_text_with_a_template_name_renders_the_text_as_branca_does():
    """``Element(text, "name")`` (geopandas' categorical legend) renders ``text`` and never
    loads ``name``: the lazy text keeps branca's rule, text over name."""
    from branca.element import Element

    import layers.folium_layers  # noqa: F401  (the lazy text is installed on import)

    el = Element("<b>{{ this._name }}</b>", "legend")
    assert el.render() == "<b>Element</b>"


def test_geopandas_explore_with_a_categorical_legend_still_works():
    import layers.folium_layers  # noqa: F401
    from geo.catalog import load_projects

    html = load_projects()[["id", "layer", "geometry"]].explore(
        column="layer").get_root().render()
    assert "legend" in html and "rail" in html


def test_a_layer_from_a_data_file_draws_only_its_ids(make_items):
    """``data_url`` + ``keep``: the script fetches the file through ``yrdLoad`` with the ids,
    carries no coordinates, and ``data`` is the kept features."""
    entry = next(e for e in REG.projects if e.project_layer)
    gdf = make_items(entry.project_layer, "LineString")
    full = _geojsons(to_folium(entry, gdf, "en"))[0]
    kept = [f["id"] for f in full.data["features"]][:1]
    layer = VectorLayer(full.data_json, full.styles, full.style_of, data_url="../x.json",
                        keep=kept, decoder=False)
    assert [f["id"] for f in layer.data["features"]] == kept
    html = _html(layer)
    assert f'window.yrdLoad("../x.json", {json.dumps(kept)}' in html
    assert full.data_json not in html and "var data = " not in html
