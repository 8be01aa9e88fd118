"""The map's JavaScript and CSS, served by the app itself (no CDN).

folium and its plugins ask CDNs for Leaflet, jQuery, Bootstrap and plugin files;
with no internet the map does not draw. The files we use are vendored under
``static/vendor/`` (pinned versions, licenses alongside, see
``static/vendor/README.md``) and served by Streamlit's static file serving
(``server.enableStaticServing`` in ``.streamlit/config.toml``) at ``/app/static/``.

:func:`use_vendored_assets` points every element of a map at those copies and
raises :class:`AssetError` for any element that would still fetch from elsewhere.

``STATIC_URL`` is relative to the st_folium component frame
(``/component/streamlit_folium.st_folium/index.html``), so the app also works
under a ``server.baseUrlPath``.
"""
from __future__ import annotations

import os
from pathlib import Path

from geo.errors import YrdmapError
from geo import paths

__all__ = ["STATIC_DIR", "STATIC_URL", "VENDOR", "BUNDLE", "BUNDLE_ORDER", "AssetError",
           "assets_for", "use_vendored_assets", "asset_files", "bundle_text", "write_bundle",
           "publish", "prune_published", "CACHE_DIR", "walk"]

STATIC_DIR = paths.static_dir()
STATIC_URL = paths.STATIC_URL

#: name → (version folder, js files, css files), paths relative to static/vendor/<folder>
VENDOR: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "leaflet": ("leaflet-1.9.4", ("leaflet.js",), ("leaflet.css",)),
    "fullscreen": ("leaflet.fullscreen-3.0.0", ("Control.FullScreen.js",),
                   ("Control.FullScreen.css",)),
    "measure": ("leaflet-measure-2.1.7", ("leaflet-measure.min.js",), ("leaflet-measure.css",)),
    "minimap": ("leaflet-minimap-3.6.1", ("Control.MiniMap.min.js",),
                ("Control.MiniMap.min.css",)),
    "search": ("leaflet-search-2.9.7", ("dist/leaflet-search.min.js",),
               ("dist/leaflet-search.min.css",)),
}


#: the scripts above, concatenated in this order into one file (one request, not five:
#: st_folium loads scripts one after another). Rebuild with ``python -m layers.assets``.
BUNDLE = "yrdmap-leaflet-bundle.js"
BUNDLE_ORDER = ("leaflet", "fullscreen", "measure", "minimap", "search")


#: generated data files (the layers a map loads when first shown), under static/
CACHE_DIR = "cache"


def publish(text: str, static_url: str = STATIC_URL) -> str | None:
    """Write ``text`` (JSON) once as ``static/cache/<sha256>.json`` and return its URL
    for the map frame, or None when the folder cannot be written (read-only install:
    the caller sends the data inline instead). Same text, same file: browsers cache it."""
    import hashlib

    name = hashlib.sha256(text.encode("utf-8")).hexdigest()[:32] + ".json"
    path = STATIC_DIR / CACHE_DIR / name
    try:
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(text, encoding="utf-8")
            os.replace(tmp, path)
        else:
            os.utime(path)            # in use: kept by prune_published
    except OSError:
        return None
    return f"{static_url}/{CACHE_DIR}/{name}"


def prune_published(max_age_days: float = 7.0, folder: Path | None = None) -> int:
    """Delete data files :func:`publish` wrote more than ``max_age_days`` ago (every new
    view window writes its own; a page still open names only recent ones). Returns how
    many were deleted; a folder that cannot be read or written is left as it is.

    Examples
    --------
    >>> import tempfile, time
    >>> d = Path(tempfile.mkdtemp())
    >>> (d / "old.json").write_text("{}"); (d / "new.json").write_text("{}")
    2
    2
    >>> os.utime(d / "old.json", (time.time() - 9 * 86400,) * 2)
    >>> prune_published(7, d), sorted(p.name for p in d.iterdir())
    (1, ['new.json'])
    """
    import time

    folder = STATIC_DIR / CACHE_DIR if folder is None else folder
    cutoff = time.time() - max_age_days * 86400
    gone = 0
    try:
        for path in folder.glob("*.json"):
            if path.stat().st_mtime < cutoff:
                path.unlink()
                gone += 1
    except OSError:
        pass
    return gone


class AssetError(YrdmapError, RuntimeError):
    """A map element would load a script or stylesheet from outside the app."""


def asset_files(name: str) -> list[Path]:
    """The vendored files of ``name`` on disk (for tests and packaging)."""
    folder, js, css = VENDOR[name]
    return [STATIC_DIR / "vendor" / folder / f for f in js + css]


def bundle_text() -> str:
    """The bundle's content: each vendored script, with a banner naming its source."""
    parts = []
    for name in BUNDLE_ORDER:
        folder, js, _ = VENDOR[name]
        for f in js:
            body = (STATIC_DIR / "vendor" / folder / f).read_text(encoding="utf-8")
            parts.append(f"/* ---- {folder}/{f} (license: static/vendor/{folder}) ---- */\n"
                         f"{body.rstrip()}\n;\n")
    return "".join(parts)


def write_bundle() -> Path:
    """(Re)write ``static/vendor/`` + :data:`BUNDLE` from the vendored scripts."""
    path = STATIC_DIR / "vendor" / BUNDLE
    path.write_text(bundle_text(), encoding="utf-8")
    return path


def assets_for(name: str, static_url: str = STATIC_URL) -> tuple[list, list]:
    """folium-style ``default_js`` and ``default_css`` lists for a vendored package.

    Scripts of bundled packages come with Leaflet's entry (the bundle), so
    plugins list only their stylesheets.
    """
    folder, js, css = VENDOR[name]
    base = f"{static_url}/vendor/{folder}"
    css_list = [(f"{name}_css_{i}", f"{base}/{f}") for i, f in enumerate(css)]
    if name == "leaflet":
        return [("yrdmap_bundle", f"{static_url}/vendor/{BUNDLE}")], css_list
    if name in BUNDLE_ORDER:
        return [], css_list
    return [(f"{name}_js_{i}", f"{base}/{f}") for i, f in enumerate(js)], css_list


def _class_assets() -> dict:
    import folium
    import folium.plugins as plugins

    return {folium.Map: ("leaflet",), plugins.Fullscreen: ("fullscreen",),
            plugins.MeasureControl: ("measure",), plugins.MiniMap: ("minimap",)}


def walk(element):
    """``element`` and every element below it (folium's ``_children``), depth first.

    Examples
    --------
    >>> import folium
    >>> m = folium.Map(tiles=None)
    >>> _ = folium.FeatureGroup(name="g").add_child(folium.Marker((31, 121))).add_to(m)
    >>> [type(e).__name__ for e in walk(m)]
    ['Map', 'FeatureGroup', 'Marker']
    """
    yield element
    for child in getattr(element, "_children", {}).values():
        yield from walk(child)


def use_vendored_assets(fmap, static_url: str = STATIC_URL):
    """Point ``fmap`` and its plugins at the vendored files; refuse anything else.

    Elements of our own (:mod:`layers.controls`) declare ``vendor = (names…)``;
    folium's Map and the plugins we use are known here. Any other element with
    a ``default_js``/``default_css`` outside the app raises :class:`AssetError`.
    Returns ``fmap``.
    """
    known = _class_assets()
    for element in walk(fmap):
        names = getattr(element, "vendor", None) or known.get(type(element))
        if names:
            js, css = [], []
            for name in names:
                j, c = assets_for(name, static_url)
                js += j
                css += c
            element.default_js = js
            element.default_css = css
            continue
        for _, url in list(getattr(element, "default_js", [])) + list(
                getattr(element, "default_css", [])):
            if not url.startswith(static_url):
                raise AssetError(f"{type(element).__name__} loads {url}: no vendored copy; "
                                 "add it under static/vendor and to layers.assets.VENDOR")
    return fmap


def data_urls(groups) -> list[str]:
    """The data files that ``groups`` draw at once (their layers' ``data_url``), in order,
    each once.

    Examples
    --------
    >>> import folium
    >>> g = folium.FeatureGroup(name="g")
    >>> g.data_url = "/app/static/cache/a.json"
    >>> data_urls([g, g])
    ['/app/static/cache/a.json']
    """
    return list(dict.fromkeys(url for group in groups for el in walk(group)
                              if (url := getattr(el, "data_url", None))))


def preload_data(fmap, urls) -> None:
    """Let the browser fetch ``urls`` (data files, :func:`data_urls`) while the map's own
    script still runs: ``<link rel="preload" as="fetch">`` in ``fmap``'s header, which
    ``st_folium`` puts into the frame before the map script (the layers' ``fetch`` then
    takes the preloaded response). One header entry, replaced on each call. The app
    passes the same URLs on every run of one frame (those of its first picture): an
    unchanged map element is not sent again (Streamlit caches large messages by hash).

    Examples
    --------
    >>> import folium
    >>> m = folium.Map(tiles=None)
    >>> preload_data(m, ["/app/static/cache/a&b.json"])
    >>> head = m.get_root().header.render()
    >>> head.count('rel="preload"'), "a&amp;b" in head
    (1, True)
    """
    import html

    import folium

    links = "".join(f'<link rel="preload" href="{html.escape(url)}" as="fetch" '
                    'crossorigin="anonymous">' for url in urls)
    fmap.get_root().header.add_child(folium.Element(links), name="yrd_preload")


if __name__ == "__main__":
    print(write_bundle())
