"""item_layers: the project layers of a selection, from the per-level feature cache."""
from __future__ import annotations

from geo.catalog import load_projects
from geo.registry import load_registry
from layers.folium_layers import VectorLayer, to_folium
from layers.map_builder import base_map, base_spec, display_items, item_layers, map_spec


def _vector_data(groups) -> list[dict]:
    return [c.data for g in groups for c in g._children.values() if isinstance(c, VectorLayer)]


def test_item_layers_from_cache_match_a_direct_encoding():
    items = load_projects()
    registry = load_registry()
    for subset in (items.iloc[::3], items.iloc[1::4]):     # two filters, one cache
        spec = map_spec(subset, "en", "offline", [], None, None)
        groups = item_layers(spec, base_map(base_spec(spec), lazy_hidden=True))
        names = {e.title("en") for e in registry.projects}
        layers = [g for g in groups if g.layer_name in names]
        shown = display_items(spec)
        direct = [to_folium(e, shown[shown["layer"] == e.project_layer], "en")
                  for e in registry.projects if (shown["layer"] == e.project_layer).any()]
        assert [g.layer_name for g in layers] == [g.layer_name for g in direct]
        assert _vector_data(layers) == _vector_data(direct)
        ids = {f["id"] for d in _vector_data(layers) for f in d["features"]}
        assert ids == set(subset["id"])
