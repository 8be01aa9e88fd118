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


def test_a_zoomed_view_is_the_whole_level_clipped_to_its_window():
    """Zoomed in (clipped levels), the items and background layers are the whole-region
    display frame cut to the view window: every part inside the window, none lost."""
    import shapely

    from layers import map_builder

    items = load_projects()
    spec = map_spec(items, "zh", "offline", [], (31.23, 121.47, 9.5), None)
    assert spec.bbox is not None and spec.resolution == "s100"
    box = shapely.box(*spec.bbox).buffer(1e-9)
    shown = display_items(spec)
    whole = map_builder._projects_whole(spec.tolerance_m, spec.decimals, spec.basemap, None)
    inside = whole[whole.intersects(shapely.box(*spec.bbox))]
    assert 0 < len(shown) == len(inside) < len(whole)
    assert shown.geometry.within(box).all()
    cities = map_builder._background("cities", spec.resolution, spec.decimals, spec.bbox,
                                     spec.basemap)
    assert 0 < len(cities) < 41 and cities.geometry.within(box).all()


def test_overlays_are_made_light_once_per_content():
    """An overlay equal to one already drawn (a panel's rerun) reuses its display frame; a
    changed label or geometry is made light afresh."""
    import geopandas as gpd
    from shapely import LineString

    from layers.map_builder import overlay_display
    from layers.overlay import Overlay

    items = load_projects()
    spec = map_spec(items, "zh", "offline", [], None, None)

    def ov(label, x=121.0):
        return Overlay(name="边界", gdf=gpd.GeoDataFrame(
            {"label": [label]}, geometry=[LineString([(120.0, 31.0), (x, 31.5)])], crs=4326))

    first = overlay_display(ov("沪苏"), spec)
    assert overlay_display(ov("沪苏"), spec) is first
    assert overlay_display(ov("沪浙"), spec) is not first
    assert overlay_display(ov("沪苏", x=121.2), spec) is not first
    assert list(first["label"]) == ["沪苏"]


def test_by_url_a_selection_is_ids_into_data_files_the_browser_keeps():
    """The app's layers (``by_url``) name one data file per layer and geometry kind holding
    every item, and the ids to draw: the same features as inline layers, no coordinates
    in the script, and a filter change points at the same files."""
    from layers.assets import STATIC_DIR
    from streamlit_folium import _get_feature_group_string

    items = load_projects()
    urls = []
    for subset in (items.iloc[::3], items.iloc[1::4]):
        spec = map_spec(subset, "en", "offline", [], None, None)
        base = base_map(base_spec(spec), lazy_hidden=True)
        inline = item_layers(spec, base)
        shared = item_layers(spec, base, by_url=True)
        assert _vector_data(shared) == _vector_data(inline)
        layers = [c for g in shared for c in g._children.values()
                  if isinstance(c, VectorLayer) and c.data_url]
        assert layers and all(c.keep and not c.decoder for c in layers)
        urls.append(sorted(c.data_url for c in layers))
        for c in layers:
            path = STATIC_DIR / c.data_url.split("/app/static/", 1)[1]
            assert path.read_text(encoding="utf-8") == c.data_json
        base.fmap.render()
        text = "".join(_get_feature_group_string(g, base.fmap, i) for i, g in enumerate(shared))
        assert "window.yrdLoad(" in text and '"f":[[' not in text
    # the files hold whole layers: both selections share those of the layers they both show
    assert set(urls[0]) & set(urls[1])
