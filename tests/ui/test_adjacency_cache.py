"""ui/adjacency.py's per-process cache: the border, crossings and zone are computed once
per (regions, zone width, zone level, items), whatever reruns ask for them again."""
from __future__ import annotations

import geopandas as gpd
import pytest
import shapely
from streamlit.testing.v1 import AppTest

import geo.adjacency as adj
from ui import adjacency as panel
from ui.adjacency import items_key

SCRIPT = """
import streamlit as st
from geo.catalog import load_projects
from ui.adjacency import adjacency_panel

items = load_projects()
if st.session_state.get("drop_first"):
    items = items.iloc[1:]
overlays = adjacency_panel(st.session_state.get("lang", "zh"), items)
st.session_state["overlays"] = [(o.name, len(o.gdf)) for o in overlays]
"""


def _items(**cols) -> gpd.GeoDataFrame:
    geometry = cols.pop("geometry", [shapely.LineString([(0, 0), (1, 1)]), shapely.Point(2, 2)])
    base = {"id": ["a", "b"], "name_zh": ["甲", "乙"], "layer": ["rail", "rail"], **cols}
    return gpd.GeoDataFrame(base, geometry=geometry, crs=4326)


def test_items_key_follows_what_the_crossings_read():
    key = items_key(_items())
    assert key == items_key(_items())
    assert items_key(None) is None
    assert key != items_key(_items(name_zh=["甲", "丙"]))          # a renamed project
    assert key != items_key(_items(id=["a", "c"]))
    assert key != items_key(_items(geometry=[shapely.LineString([(0, 0), (1, 2)]),
                                             shapely.Point(2, 2)]))  # a moved vertex
    assert key != items_key(_items().iloc[:1])


@pytest.fixture
def counted(monkeypatch, tmp_path):
    """The app script, with the cache emptied and every border / zone computation counted,
    opened on 上海 — 浙江."""
    for fn in (panel._border_work, panel._zone_work, panel._overlays_work):
        fn.clear()
    calls = {"border": 0, "border_zone": 0}
    for name in calls:
        real = getattr(adj, name)

        def wrapper(*a, _real=real, _name=name, **k):
            calls[_name] += 1
            return _real(*a, **k)
        monkeypatch.setattr(adj, name, wrapper)
    path = tmp_path / "panel_app.py"
    path.write_text(SCRIPT, encoding="utf-8")
    app = AppTest.from_file(str(path), default_timeout=180)
    app.query_params.update({"adj_a": "310000", "adj_b": "330000"})
    yield app.run(), calls
    for fn in (panel._border_work, panel._zone_work, panel._overlays_work):
        fn.clear()


def test_reruns_reuse_the_border_and_the_zone(counted):
    app, calls = counted
    assert not app.exception
    first = [m.value for m in app.metric], app.session_state["overlays"]
    assert calls == {"border": 1, "border_zone": 1}
    app.selectbox(key="adj_w_b").set_value(320000).run()      # another neighbour
    app.selectbox(key="adj_w_b").set_value(330000).run()      # and back: from the cache
    assert calls == {"border": 2, "border_zone": 2}
    assert ([m.value for m in app.metric], app.session_state["overlays"]) == first
    app.slider(key="adj_w_km").set_value(20.0).run()          # a new zone, the same border
    assert calls == {"border": 2, "border_zone": 3}
    app.slider(key="adj_w_km").set_value(10.0).run()
    assert calls == {"border": 2, "border_zone": 3}
    assert app.session_state["overlays"] == first[1]


def test_another_selection_is_not_served_the_old_crossings(counted):
    app, calls = counted
    assert calls == {"border": 1, "border_zone": 1}
    app.session_state["drop_first"] = True           # one project fewer selected
    app.run()
    assert not app.exception
    assert calls == {"border": 2, "border_zone": 2}  # a new key: computed again
