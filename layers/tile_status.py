"""Say so on the map when the tile server cannot be reached.

On an intranet with no internet a tile basemap (高德, OpenStreetMap, CartoDB, 天地图, a
custom XYZ host) gives a plain grey map and Leaflet says nothing. :class:`TileStatus`
listens to the tile layers' ``tileloadstart`` / ``tileload`` / ``tileerror`` events and,
when tiles fail (or none has arrived a few seconds after the first was asked), puts a
message over the map naming the host and pointing to the offline basemap; it goes away
as soon as a tile arrives. The words come from ``geo/strings/app.toml`` (written into
the page with ``textContent``, never as HTML).

Examples
--------
>>> import folium
>>> from layers.basemaps import tile_layers, tile_sources
>>> m = folium.Map(tiles=None)
>>> tiles = [t.add_to(m) for t in tile_layers(tile_sources("osm"))]
>>> _ = TileStatus(tiles, ["tile.openstreetmap.org"], "zh").add_to(m)
>>> page = m.get_root().render()
>>> "yrd-tile-status" in page and "tileerror" in page and "tile.openstreetmap.org" in page
True
>>> tile_status_message(["tile.openstreetmap.org"], "zh").split("；")[0]
'无法连接瓦片服务器 tile.openstreetmap.org，地图底图无法显示'
>>> tile_status_message(["a.example", "b.example"], "en").startswith("Cannot reach the tile server a.example, b.example")
True
"""
from __future__ import annotations

from branca.element import MacroElement
from folium.template import Template

from geo.i18n import t
from layers.basemaps import TileSource, tile_host

__all__ = ["TileStatus", "tile_status_message", "source_hosts"]

#: failed tiles (with none loaded) before the message shows
MAX_ERRORS = 2
#: milliseconds after the first tile was asked with none arrived before the message
#: shows (a firewall that drops packets sends no error for minutes)
WAIT_MS = 6000


def source_hosts(sources) -> list[str]:
    """The hosts of ``sources`` (:class:`~layers.basemaps.TileSource`), ``{s}`` filled
    with the first subdomain, each once, in order.

    >>> from layers.basemaps import tile_sources
    >>> source_hosts(tile_sources("gaode"))
    ['webrd01.is.autonavi.com']
    """
    out: list[str] = []
    for s in sources:
        url = s.url if isinstance(s, TileSource) else str(s)
        sub = (s.subdomains[:1] if isinstance(s, TileSource) and s.subdomains else "a")
        host = tile_host(url).replace("{s}", sub)
        if host and host not in out:
            out.append(host)
    return out


def tile_status_message(hosts, lang: str) -> str:
    """The sentence shown when the tile server(s) ``hosts`` cannot be reached."""
    return t("app.tiles_unreachable", lang, host=", ".join(hosts) or "?")


class TileStatus(MacroElement):
    """A message over the map while the tile layers ``tiles`` cannot load.

    Parameters
    ----------
    tiles : the folium TileLayers of the basemap (already on the map).
    hosts : their hosts, named in the message.
    lang : ``zh`` or ``en``.
    """

    _template = Template("""
        {% macro header(this, kwargs) %}
        <style>
        .yrd-tile-status { position: absolute; top: 10px; left: 50%; transform: translateX(-50%);
            z-index: 1000; max-width: 70%; padding: 6px 10px; border-radius: 4px;
            background: rgba(255, 244, 229, 0.96); border: 1px solid #e8a33d; color: #6b3d00;
            font: 12px/1.4 "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif;
            box-shadow: 0 1px 4px rgba(0,0,0,0.25); pointer-events: none; }
        </style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }};
            var layers = [{% for l in this.tiles %}{{ l.get_name() }}{% if not loop.last %}, {% endif %}{% endfor %}];
            var box = L.DomUtil.create("div", "yrd-tile-status", map.getContainer());
            box.setAttribute("role", "alert");
            box.textContent = {{ this.message|tojson }};
            box.style.display = "none";
            var errors = 0, loads = 0, timer = null;
            function show(on) { box.style.display = on ? "" : "none"; }
            layers.forEach(function (layer) {
                layer.on("tileloadstart", function () {
                    if (timer === null && loads === 0) {
                        timer = setTimeout(function () { if (loads === 0) { show(true); } },
                                           {{ this.wait_ms }});
                    }
                });
                layer.on("tileerror", function () {
                    errors += 1;
                    if (loads === 0 && errors >= {{ this.max_errors }}) { show(true); }
                });
                layer.on("tileload", function () { loads += 1; show(false); });
            });
        })();
        {% endmacro %}
    """)

    def __init__(self, tiles: list, hosts, lang: str):
        super().__init__()
        self._name = "TileStatus"
        self.tiles = list(tiles)
        self.message = tile_status_message(list(hosts), lang)
        self.max_errors = MAX_ERRORS
        self.wait_ms = WAIT_MS
