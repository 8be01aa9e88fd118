"""The adjacency panel: a tiny script calling it, driven by Streamlit's AppTest, plus
its pure parts (URL state, tables, overlays, strings)."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from geo.i18n import t
from ui.adjacency import PARAMS, PanelState, decode_params, encode_params, overlays_for

from tests._helpers import script_file

SCRIPT = """
import streamlit as st
from geo.catalog import load_projects
from ui.adjacency import adjacency_panel, map_overlays

lang, items = st.session_state.get("lang", "zh"), load_projects()
early = map_overlays(lang, items)         # as the page does: before the map, and the panel
overlays = adjacency_panel(lang, items)
st.session_state["overlays"] = [(o.name, len(o.gdf), o.fit) for o in overlays]
st.session_state["early"] = [(o.name, len(o.gdf), o.fit) for o in early]
st.session_state["same"] = len(early) == len(overlays) and all(
    x.name == y.name and x.fit == y.fit and x.gdf.geometry.equals(y.gdf.geometry)
    for x, y in zip(early, overlays))
"""


@pytest.fixture
def app(tmp_path):
    return AppTest.from_file(script_file(tmp_path, SCRIPT, "panel_app.py"), default_timeout=180)


def names(at) -> list[str]:
    return [name for name, _, _ in at.session_state["overlays"]]


def test_first_run_asks_for_a_region(app):
    app.run()
    assert not app.exception
    assert [i.value for i in app.info] == ["请选择一个地区。"]
    assert app.session_state["overlays"] == []


def test_region_then_neighbour_then_border(app):
    app.run()
    app.selectbox(key="adj_w_a").set_value(310000).run()
    assert not app.exception
    table = app.dataframe[0].value
    assert list(table["名称"]) == ["江苏省", "浙江省"]
    assert (table["共同边界（公里）"] > 100).all()
    assert names(app) == ["所选地区", "共同边界"]
    assert app.query_params["adj_a"] == "310000"

    app.selectbox(key="adj_w_b").set_value(330000).run()
    assert not app.exception
    assert [m.value for m in app.metric] == ["115.1 km"]
    crossing = next(d.value for d in app.dataframe if "穿越次数" in d.value.columns)
    row = crossing[crossing["名称"] == "沪乍杭铁路"].iloc[0]
    assert row["穿越次数"] == 1 and row["上海市（公里）"] > 0 and row["浙江省（公里）"] > 0
    assert names(app) == ["毗邻区域", "所选地区", "跨界区域", "跨界线状项目", "边界", "穿越点"]
    fit = {name: f for name, _, f in app.session_state["overlays"]}
    assert fit["边界"] is True and fit["所选地区"] is False
    assert app.query_params["adj_b"] == "330000"


def zone_table(at):
    return next(d.value for d in at.dataframe
                if {"距边界（公里）", "所在一侧"} <= set(d.value.columns))


def test_zone_width_changes_the_zone_and_the_url(app):
    app.query_params.update({"adj_a": "310000", "adj_b": "330000", "adj_km": "0"})
    app.run()
    assert app.slider(key="adj_w_km").value == 0
    zone = zone_table(app)
    assert len(zone) == 7 and (zone["距边界（公里）"] == 0).all()
    app.slider(key="adj_w_km").set_value(20.0).run()
    wider = zone_table(app)
    assert set(zone["名称"]) < set(wider["名称"]) and (wider["距边界（公里）"] <= 20).all()
    assert app.query_params["adj_km"] == "20"


def test_the_map_gets_the_panels_overlays_before_the_panel_is_drawn(app):
    """:func:`map_overlays` (run before the map) gives what the panel then returns, at
    every step: the URL's state, a new region, a second region, a zone width, a new
    level that clears both regions."""
    app.query_params.update({"adj_a": "330000", "adj_b": "310000", "adj_km": "5"})
    app.run()
    steps = [app.session_state["early"]]
    assert app.session_state["same"] and len(steps[0]) == 6
    for key, value in (("adj_w_km", 15.0), ("adj_w_b", 340000), ("adj_w_a", 310000),
                       ("adj_w_level", "city")):
        (app.slider if key == "adj_w_km" else app.selectbox)(key=key).set_value(value).run()
        assert not app.exception and app.session_state["same"], key
        steps.append(app.session_state["early"])
    assert steps[1] != steps[0] and steps[2] != steps[1]
    assert [n for n, _, _ in steps[3]] == ["所选地区", "共同边界"]   # 上海: 安徽 cleared
    assert steps[4] == []


def test_english_labels(app):
    app.session_state["lang"] = "en"
    app.query_params.update({"adj_a": "340000"})
    app.run()
    table = app.dataframe[0].value
    assert list(table.columns) == ["Name", "Adcode", "Shared border (km)", "Contact"]
    assert list(table["Name"]) == ["Jiangsu", "Zhejiang"]


def test_changing_level_clears_the_regions(app):
    app.query_params.update({"adj_a": "310000", "adj_b": "320000"})
    app.run()
    app.selectbox(key="adj_w_level").set_value("city").run()
    assert not app.exception
    assert app.session_state["adj_w_a"] is None
    assert app.session_state["adj_w_nlevel"] == "city"
    assert "adj_a" not in app.query_params and app.query_params["adj_lvl"] == "city"


def test_point_contact_at_county_level(app):
    app.query_params.update({"adj_lvl": "county", "adj_a": "320281", "adj_ct": "point"})
    app.run()
    assert not app.exception
    table = app.dataframe[0].value
    touching = table[table["名称"] == "泰兴市"].iloc[0]
    assert touching["共同边界（公里）"] == 0 and touching["相接"] == t("adjacency.point", "zh")


# ── pure parts ────────────────────────────────────────────────────────────────

def test_url_round_trip_and_bad_values():
    s = PanelState(level="city", a=310100, nlevel="county", b=320583, contact="point",
                   km=2.5, zlevel="city")
    assert decode_params(encode_params(s)) == s
    assert encode_params(PanelState()) == {}
    assert set(encode_params(s)) <= set(PARAMS.values())
    bad = {"adj_lvl": "town", "adj_a": "999999", "adj_b": "330000", "adj_km": "nan",
           "adj_ct": "rook", "adj_zlvl": "x"}
    assert decode_params(bad) == PanelState()
    assert decode_params({"adj_b": "330000"}).b is None          # b needs an a


def test_overlays_for_a_region_alone():
    from geo.adjacency import neighbours
    from geo.regions import resolve

    region = resolve("安徽")
    out = overlays_for("en", region, nb=neighbours(region))
    assert [o.name for o in out] == ["Selected region", "Shared borders"]
    assert out[0].fit and list(out[1].gdf["label"].str.split(" · ").str[0]) == [
        "Jiangsu", "Zhejiang"]
    assert all(o.gdf.crs.to_epsg() == 4326 for o in out)



def test_overlays_have_legend_rows_and_colours_no_layer_uses():
    """#17.9: every highlight is explained, in a colour of its own."""
    from geo.adjacency import border, crossings, neighbours
    from geo.catalog import load_projects
    from geo.regions import resolve
    from geo.registry import load_registry
    from ui.adjacency import overlay_legend

    a, b = resolve("上海"), resolve("浙江")
    line = border(a, b)
    out = overlays_for("zh", a, line=line, crossing=crossings(line, items=load_projects()))
    names = [o.name for o in out]
    assert {"所选地区", "跨界线状项目", "边界", "穿越点"} <= set(names)
    rows = overlay_legend(out)
    assert [r.label for r in rows] == names
    assert dict((r.label, r.swatches[0][0]) for r in rows)["穿越点"] == "point"
    assert dict((r.label, r.swatches[0][0]) for r in rows)["边界"] == "line"
    registry = load_registry()
    layer_colors = {str(e.style.get(k, "")).lower() for e in registry.projects
                    for k in ("color", "fill_color")}
    for ov in out + overlays_for("en", a, nb=neighbours(a)):
        assert ov.color.lower() not in layer_colors, (ov.name, ov.color)


def test_panel_shows_the_legend(app):
    app.query_params.update({"adj_a": "310000", "adj_b": "330000"})
    app.run()
    assert not app.exception
    html = " ".join(h.proto.body for h in app.get("html"))
    assert "地图标示" in html and "跨界线状项目" in html and "data:image/svg+xml;base64," in html


def test_downloads_are_made_when_clicked_and_read_back():
    """The panel's buttons get callables (made on click, not on every rerun); what they
    make reads back: the CSV with its byte-order mark, the GeoJSON with every row."""
    import io
    import json

    import pandas as pd

    from geo.adjacency import neighbours
    from geo.regions import regions
    from ui.adjacency import csv_bytes, geojson_bytes, neighbour_table

    region = next(r for r in regions("province") if r.adcode == 310000)
    nb = neighbours(region)
    table = neighbour_table(nb, "zh")
    back = pd.read_csv(io.BytesIO(csv_bytes(table)), encoding="utf-8-sig")
    assert list(back["名称"]) == ["江苏省", "浙江省"]
    features = json.loads(geojson_bytes(nb))["features"]
    assert sorted(f["properties"]["adcode"] for f in features) == [320000, 330000]
