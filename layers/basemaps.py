"""Basemaps: the offline vector background (default) and tile servers.

A :class:`Basemap` is data: its titles, the datum its tiles are drawn in, and
the tile sources. ``offline`` has no tiles at all: the map paints land from the
province polygons, water from the lakes, on a sea-coloured background, so it
works on an intranet with no internet. ``gaode`` tiles are in GCJ-02: when it
is chosen :func:`display_shift` returns the WGS84 → GCJ-02 shift that every
vector layer goes through before drawing (so lines sit on the right streets);
Tianditu's CGCS2000 ≈ WGS84 needs none. Public providers come from
xyzservices where it has them.

Examples
--------
>>> [b for b in BASEMAPS]
['offline', 'osm', 'carto', 'gaode', 'gaode_satellite', 'tianditu', 'custom']
>>> display_shift("gaode") is not None, display_shift("tianditu") is None
(True, True)
"""
from __future__ import annotations

from geo.basemap import OFFLINE_COLORS
from geo.errors import YrdmapError
import re
from dataclasses import dataclass

__all__ = ["Basemap", "TileSource", "BasemapError", "BASEMAPS", "DEFAULT_BASEMAP",
           "OFFLINE_COLORS", "tile_sources", "display_shift", "check_xyz_url",
           "tile_layers", "is_offline", "TILE_HOSTS_ENV", "tile_host", "allowed_tile_hosts",
           "link_tiles_allowed"]

DEFAULT_BASEMAP = "offline"


class BasemapError(YrdmapError, ValueError):
    """A basemap cannot be drawn as asked (unknown id, missing key, bad URL)."""


@dataclass(frozen=True)
class TileSource:
    url: str
    attribution: str
    subdomains: str = "abc"
    max_zoom: int = 18
    name: str = ""


@dataclass(frozen=True)
class Basemap:
    id: str
    name: dict
    datum: str = "wgs84"          # "wgs84" or "gcj02": the datum the tiles are drawn in
    provider: tuple = ()          # xyzservices path, e.g. ("CartoDB", "Positron")
    needs_key: bool = False
    custom: bool = False

    def title(self, lang: str) -> str:
        return self.name[lang]


BASEMAPS: dict[str, Basemap] = {
    "offline": Basemap("offline", {"zh": "离线矢量底图（默认）", "en": "Offline vector (default)"}),
    "osm": Basemap("osm", {"zh": "OpenStreetMap", "en": "OpenStreetMap"},
                   provider=("OpenStreetMap", "Mapnik")),
    "carto": Basemap("carto", {"zh": "CartoDB 浅色", "en": "CartoDB Positron"},
                     provider=("CartoDB", "Positron")),
    "gaode": Basemap("gaode", {"zh": "高德地图（GCJ-02）", "en": "Gaode (GCJ-02)"},
                     datum="gcj02", provider=("Gaode", "Normal")),
    "gaode_satellite": Basemap("gaode_satellite",
                               {"zh": "高德影像（GCJ-02）", "en": "Gaode satellite (GCJ-02)"},
                               datum="gcj02", provider=("Gaode", "Satellite")),
    "tianditu": Basemap("tianditu", {"zh": "天地图（需密钥）", "en": "Tianditu (needs a key)"},
                        needs_key=True),
    "custom": Basemap("custom", {"zh": "自定义 XYZ 瓦片", "en": "Custom XYZ tiles"}, custom=True),
}

_TIANDITU = ("https://t{{s}}.tianditu.gov.cn/{layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile"
             "&VERSION=1.0.0&LAYER={layer}&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles"
             "&TILEMATRIX={{z}}&TILEROW={{y}}&TILECOL={{x}}&tk={key}")
_TIANDITU_ATTR = "&copy; 天地图 Tianditu (国家地理信息公共服务平台)"
_XYZ = re.compile(r"^https?://[^\s\"'<>]+$")


def is_offline(basemap_id: str) -> bool:
    return basemap_id == "offline"


def check_xyz_url(url: str) -> str:
    """Return ``url`` if it is an http(s) XYZ template with {z}, {x} and {y}.

    Examples
    --------
    >>> check_xyz_url("https://tiles.example.internal/{z}/{x}/{y}.png")
    'https://tiles.example.internal/{z}/{x}/{y}.png'
    >>> check_xyz_url("javascript:alert(1)//{z}{x}{y}")
    Traceback (most recent call last):
    ...
    layers.basemaps.BasemapError: tile URL must be an http(s) URL without spaces or quotes
    """
    url = (url or "").strip()
    if not _XYZ.match(url):
        raise BasemapError("tile URL must be an http(s) URL without spaces or quotes")
    missing = [p for p in ("{z}", "{x}", "{y}") if p not in url]
    if missing:
        raise BasemapError(f"tile URL lacks {' '.join(missing)}")
    return url


#: the administrator's allow-list of tile hosts a shared link may load without asking
TILE_HOSTS_ENV = "YRDMAP_TILE_HOSTS"


def tile_host(url: str) -> str:
    """The ``host[:port]`` of a tile URL template, lower-cased (``""`` if there is none).

    >>> tile_host("https://Tiles.Example.internal:8443/{z}/{x}/{y}.png")
    'tiles.example.internal:8443'
    >>> tile_host("https://{s}.tile.example.org/{z}/{x}/{y}.png")
    '{s}.tile.example.org'
    """
    m = re.match(r"^https?://([^/?#\s]+)", (url or "").strip(), re.IGNORECASE)
    if not m:
        return ""
    host = m.group(1).rsplit("@", 1)[-1].lower()      # never a user:password@ part
    return host


def allowed_tile_hosts(env: str | None = None) -> frozenset[str]:
    """Hosts listed by the administrator in ``$YRDMAP_TILE_HOSTS`` (comma-separated
    ``host`` or ``host:port``, e.g. ``tiles.intranet.gov.cn,10.1.2.3:8080``).

    >>> sorted(allowed_tile_hosts("Tiles.Intranet.gov.cn, 10.1.2.3:8080,"))
    ['10.1.2.3:8080', 'tiles.intranet.gov.cn']
    """
    import os

    raw = os.environ.get(TILE_HOSTS_ENV, "") if env is None else env
    return frozenset(h.strip().lower() for h in raw.split(",") if h.strip())


def link_tiles_allowed(url: str, allowed: frozenset[str] | None = None) -> bool:
    """May a custom tile URL that came from a shared link load without asking the user?

    Only when its host is on the administrator's allow-list: any other host
    (``http://127.0.0.1:5432/…``, a stranger's server) must be confirmed by the
    user, who sees the host and picks 自定义 XYZ 瓦片 to allow it.

    >>> link_tiles_allowed("https://tiles.gov.internal/{z}/{x}/{y}.png", frozenset({"tiles.gov.internal"}))
    True
    >>> link_tiles_allowed("http://127.0.0.1:5432/{z}/{x}/{y}", frozenset())
    False
    """
    allowed = allowed_tile_hosts() if allowed is None else allowed
    host = tile_host(url)
    return bool(host) and host in allowed


def _xyz_source(path: tuple) -> TileSource:
    import xyzservices.providers as xyz

    provider = xyz
    for part in path:
        provider = provider[part]
    url = provider.build_url(fill_subdomain=False, apikey="")  # CartoDB needs no key
    url = re.sub(r"[?&]key=$", "", url)
    url = url.replace("http://", "https://")
    return TileSource(url=url, attribution=provider.html_attribution,
                      subdomains=provider.get("subdomains", "abc"),
                      max_zoom=int(provider.get("max_zoom", 18)), name=provider.name)


def tile_sources(basemap_id: str, *, key: str | None = None,
                 url: str | None = None) -> list[TileSource]:
    """The tile sources of a basemap, bottom first (empty for ``offline``).

    Raises :class:`BasemapError` for an unknown id, Tianditu without ``key`` or a
    custom basemap without a valid ``url``.
    """
    if basemap_id not in BASEMAPS:
        raise BasemapError(f"unknown basemap {basemap_id!r}; known: {', '.join(BASEMAPS)}")
    bm = BASEMAPS[basemap_id]
    if is_offline(basemap_id):
        return []
    if bm.custom:
        return [TileSource(url=check_xyz_url(url or ""), attribution="custom tiles",
                           subdomains="abc", max_zoom=20, name="custom")]
    if bm.needs_key:
        key = (key or "").strip()
        if not re.fullmatch(r"[0-9A-Za-z]{8,64}", key):
            raise BasemapError("Tianditu needs a key (tk): letters and digits")
        return [TileSource(url=_TIANDITU.format(layer=layer, key=key), attribution=_TIANDITU_ATTR,
                           subdomains="01234567", max_zoom=18, name=f"tianditu-{layer}")
                for layer in ("vec", "cva")]
    if basemap_id == "gaode_satellite":
        # imagery plus Gaode's road/label overlay, like its own satellite view
        sat = _xyz_source(bm.provider)
        return [sat, TileSource(
            url="https://webst0{s}.is.autonavi.com/appmaptile?style=8&x={x}&y={y}&z={z}",
            attribution=sat.attribution, subdomains="1234", max_zoom=18, name="gaode-labels")]
    return [_xyz_source(bm.provider)]


def display_shift(basemap_id: str):
    """The geometry shift vector layers need on this basemap, or None.

    For GCJ-02 tiles (Gaode) it is :func:`geo.datum.geometry_wgs84_to_gcj02`.
    """
    if basemap_id not in BASEMAPS:
        raise BasemapError(f"unknown basemap {basemap_id!r}; known: {', '.join(BASEMAPS)}")
    if BASEMAPS[basemap_id].datum == "gcj02":
        from geo.datum import geometry_wgs84_to_gcj02

        return geometry_wgs84_to_gcj02
    return None


def tile_layers(sources: list[TileSource]) -> list:
    """folium TileLayers for ``sources`` (not in the layer control)."""
    import folium

    return [folium.TileLayer(tiles=s.url, attr=s.attribution, subdomains=s.subdomains,
                             max_zoom=s.max_zoom, max_native_zoom=s.max_zoom, name=s.name,
                             control=False, overlay=False) for s in sources]
