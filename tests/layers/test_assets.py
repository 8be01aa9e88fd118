"""Every script and stylesheet the map loads is vendored, licensed and served by the app."""
from __future__ import annotations

import re

import folium
import folium.plugins
import pytest

from layers.assets import (STATIC_DIR, STATIC_URL, VENDOR, AssetError, asset_files,
                           use_vendored_assets, walk)
from layers.controls import MiniMap, SearchControl, fullscreen, measure


@pytest.mark.parametrize("name", list(VENDOR))
def test_vendored_files_and_license_exist(name):
    for path in asset_files(name):
        assert path.is_file() and path.stat().st_size > 100, path
    folder = STATIC_DIR / "vendor" / VENDOR[name][0]
    assert any(p.name.lower().startswith("license") for p in folder.iterdir()), folder


def test_vendor_readme_lists_every_package():
    text = (STATIC_DIR / "vendor" / "README.md").read_text(encoding="utf-8")
    for folder, _, _ in VENDOR.values():
        assert folder in text


def _full_map() -> folium.Map:
    m = folium.Map(tiles=None)
    g = folium.FeatureGroup(name="x").add_to(m)
    folium.GeoJson({"type": "FeatureCollection", "features": []}).add_to(g)
    fullscreen("zh").add_to(m)
    measure("en").add_to(m)
    SearchControl([g], "zh").add_to(m)
    MiniMap("zh", vector_layer=g).add_to(m)
    return m


def test_every_link_points_at_the_app():
    m = use_vendored_assets(_full_map())
    html = m.get_root().render()
    links = [u for e in walk(m) for _, u in getattr(e, "default_js", []) + getattr(e, "default_css", [])]
    assert links and all(u.startswith(STATIC_URL) for u in links)
    for marker in ("cdn.jsdelivr", "cdnjs", "code.jquery", "bootstrapcdn", "unpkg"):
        assert marker not in html, marker
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)
    # each link resolves to a file under static/
    for url in links:
        assert (STATIC_DIR / url.removeprefix(STATIC_URL + "/")).is_file(), url


def test_unvendored_plugin_is_refused():
    m = folium.Map(tiles=None)
    folium.plugins.MarkerCluster().add_to(m)
    with pytest.raises(AssetError, match="MarkerCluster"):
        use_vendored_assets(m)


def test_bundle_is_the_concatenation_of_the_vendored_scripts():
    from layers.assets import BUNDLE, bundle_text

    path = STATIC_DIR / "vendor" / BUNDLE
    assert path.read_text(encoding="utf-8") == bundle_text(), \
        "static/vendor bundle is stale: run `python -m layers.assets`"


def test_map_loads_one_script():
    m = use_vendored_assets(_full_map())
    scripts = [u for e in walk(m) for _, u in getattr(e, "default_js", [])]
    assert scripts == [f"{STATIC_URL}/vendor/yrdmap-leaflet-bundle.js"]


def test_preload_names_the_data_files_the_first_picture_draws():
    """A new frame's header preloads exactly the files its shown layers fetch at once
    (the items' shared files), not the layers hidden at start (fetched when shown)."""
    from layers.assets import data_urls, preload_data
    from layers.map_builder import base_map, base_spec, item_layers, map_spec
    from geo.select import filter_projects

    spec = map_spec(filter_projects(), "zh", "offline", [], None, None, None)
    start = base_spec(spec)
    base = base_map(start, lazy_hidden=True)
    groups = item_layers(spec, base, base_level=start, by_url=True)
    urls = data_urls(groups)
    fetched_now = {e.data_url for g in groups for e in walk(g) if getattr(e, "data_url", None)}
    assert urls and set(urls) == fetched_now and len(urls) == len(set(urls))
    assert all(re.fullmatch(rf"{re.escape(STATIC_URL)}/cache/[0-9a-f]+\.json", u) for u in urls)
    preload_data(base.fmap, urls)
    header = base.fmap.get_root().header.render()
    assert header.count('rel="preload"') == len(urls)
    hidden = {e.url for g in groups for e in walk(g) if getattr(e, "url", None)}
    assert hidden and not hidden & set(urls)     # the county layer's file waits
    preload_data(base.fmap, urls)               # one entry, replaced: not doubled
    assert base.fmap.get_root().header.render().count('rel="preload"') == len(urls)
