"""The context layers (existing network) on the app map and in the HTML export."""
from __future__ import annotations

import pytest

from geo.registry import RegistryError, load_registry, parse_registry
from layers.network import StationLabels, network_frame, network_layer


def test_registry_declares_context_layers_off_for_export():
    reg = load_registry()
    ctx = {e.id: e for e in reg.context}
    assert set(ctx) == {"network_lines", "network_stations"}
    assert all(not e.export and not e.interactive for e in ctx.values())
    assert ctx["network_stations"].min_zoom == 9
    assert not set(ctx) & {e.id for e in reg.background}        # static exports skip them
    assert "非规划" in ctx["network_lines"].name["zh"] and "not in the plan" in ctx["network_lines"].name["en"]


def test_registry_rejects_a_bad_min_zoom():
    import tomllib

    from geo.registry import REGISTRY_PATH

    data = tomllib.loads(REGISTRY_PATH.read_text("utf-8"))
    entry = next(e for e in data["layer"] if e["id"] == "network_stations")
    entry["min_zoom"] = 30
    with pytest.raises(RegistryError, match="min_zoom 30"):
        parse_registry(data)


def test_station_names_are_script_safe_text_and_gated_by_zoom():
    """Names are drawn as canvas text (not HTML): literal, and unable to close the script."""
    import json

    entry = load_registry().layer("network_stations")
    gdf = network_frame(entry.id, 0.0, 5, None, "offline").head(3).copy()
    gdf["name_zh"] = ["</script><b>x</b>", "南京南站", "杭州东站"]
    layer = network_layer(entry, gdf, "zh")
    assert isinstance(layer, StationLabels)
    assert "</script>" not in layer.data_json and "<b>" not in layer.data_json
    labels = [f["properties"]["label"] for f in json.loads(layer.data_json)["features"]]
    assert labels == ["</script><b>x</b>", "南京南站", "杭州东站"]
    assert layer.min_zoom == 9


def test_app_map_draws_the_network_and_the_export_leaves_it_out():
    from geo.store import load_all
    from layers.map_builder import build_map, folium_map, map_spec

    items = load_all()
    app_html = build_map(map_spec(items, "en", "offline", [], None, None)).get_root().render()
    export_html = folium_map(items, "en").get_root().render()
    assert "yrdNetwork" in app_html and "yrdStationNames" in app_html
    assert "Existing network (context, not in the plan)" in app_html   # its legend row
    assert "yrdNetwork" not in export_html
    chosen = folium_map(items, "en", context=True).get_root().render()
    assert "yrdNetwork" in chosen
