"""The existing network as folium layers: context drawn under the plan's items.

The registry's ``network:*`` entries (:attr:`geo.registry.Registry.context`) are the
trunk rail lines and high-grade waterways in operation (``data/network/lines.geojson``)
and the stations they are drawn through (``stations.geojson``). They are not plan items:
no status, no click, thin and grey in their own pane between the background and the
plan's polygons. Station names show as labels from the entry's ``min_zoom`` on.

Examples
--------
>>> from geo.registry import load_registry
>>> entry = load_registry().layer("network_stations")
>>> entry.is_context, entry.min_zoom, entry.export
(True, 9, False)
"""
from __future__ import annotations

import html
from functools import lru_cache

import folium
from folium.map import Layer
from folium.template import Template

from geo.catalog import load_network
from geo.display import clip_display, for_display
from geo.registry import LayerEntry, load_registry
from layers.folium_layers import VectorLayer, feature_collection_json, script_json
from layers.text_canvas import TEXT_CANVAS_JS, TEXT_CANVAS_PADDING, text_style

__all__ = ["NETWORK_PANE", "StationLabels", "network_frame", "network_layer", "add_network_pane",
           "clear_cache"]

#: between the background panes (≤ 255) and the plan's halo/polygons (≥ 405)
NETWORK_PANE = ("yrdNetwork", 300)
#: station names: small grey text on a light box, right of the dot
STATION_STYLE = {"station": text_style(11, "#555555", halo=None, box="rgba(255,255,255,0.7)",
                                       align="left", dx=7)}


def add_network_pane(fmap: folium.Map) -> folium.Map:
    """The pane the context layers draw in (takes no mouse events)."""
    folium.map.CustomPane(NETWORK_PANE[0], z_index=NETWORK_PANE[1],
                          pointer_events=False).add_to(fmap)
    return fmap


@lru_cache(maxsize=24)
def network_frame(entry_id: str, tolerance_m: float, decimals: int, bbox, basemap: str):
    """Display geometry of a context layer (cached per level, window and basemap datum):
    the whole network made light once per level, clipped to the window."""
    return clip_display(_network_whole(entry_id, tolerance_m, decimals, basemap), bbox)


@lru_cache(maxsize=12)
def _network_whole(entry_id: str, tolerance_m: float, decimals: int, basemap: str):
    from layers.basemaps import display_shift

    shift = display_shift(basemap)
    entry = load_registry().layer(entry_id)
    kind = entry.source.split(":", 1)[1]
    gdf = load_network(kind)
    cols = ["name_zh", "geometry"] + (["name_en"] if "name_en" in gdf.columns else [])
    return for_display(gdf[cols], tolerance_m=tolerance_m, decimals=decimals, shift=shift)


class StationLabels(Layer):
    """Station points with their names, from ``min_zoom`` on: the dots as circle
    markers, the names on one canvas (:mod:`layers.text_canvas`)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = (function () {
            {{ this.canvas_js }}
            var group = L.featureGroup();
            var data = {{ this.data_json }};
            var minZoom = {{ this.min_zoom|tojson }};
            var style = {{ this.style_json }};
            var rows = data.features.map(function (f) {
                var c = f.geometry.coordinates;
                return [c[1], c[0], f.properties.label, "station"];
            });
            var names = window.yrdTextCanvas(rows, function (r, z) { return z >= minZoom; },
                {{ this.text_style_json }}, {pane: {{ this.pane|tojson }}, padding: {{ this.padding }}});
            window.yrdStationNames = names;   // what it drew: .drawn
            var dots = null;
            function update() {
                var map = group._map;
                if (!map) { return; }
                // the names' canvas too is on the map only from minZoom on: below it,
                // a canvas of the map's size would be allocated and composited for nothing
                if (map.getZoom() >= minZoom) {
                    if (!dots) {
                        dots = rows.map(function (r) {
                            return L.circleMarker([r[0], r[1]], Object.assign(
                                {pane: {{ this.pane|tojson }}, interactive: false}, style));
                        });
                        dots.forEach(function (m) { group.addLayer(m); });
                        group.addLayer(names);
                    }
                } else if (dots) {
                    dots.forEach(function (m) { group.removeLayer(m); });
                    group.removeLayer(names);
                    names.drawn = [];
                    dots = null;
                }
            }
            group.on("add", function () { group._map.on("zoomend", update); update(); });
            group.on("remove", function (e) { e.target._map && e.target._map.off("zoomend", update); });
            return group;
        })();
        {% endmacro %}
    """)

    def __init__(self, data_json: str, style: dict, *, name: str, show: bool, min_zoom: int,
                 pane: str = NETWORK_PANE[0]):
        super().__init__(name=name, overlay=True, control=True, show=show)
        self._name = "StationLabels"
        self.data_json, self.style_json = data_json, script_json(style)
        self.text_style_json, self.canvas_js = script_json(STATION_STYLE), TEXT_CANVAS_JS
        self.min_zoom, self.pane, self.padding = min_zoom, pane, TEXT_CANVAS_PADDING


def _station_json(gdf, lang: str) -> str:
    names = gdf["name_zh"] if lang == "zh" or "name_en" not in gdf.columns else gdf["name_en"]
    features = [{"type": "Feature", "properties": {"label": str(n)},
                 "geometry": {"type": "Point", "coordinates": [round(g.x, 6), round(g.y, 6)]}}
                for n, g in zip(names, gdf.geometry)]
    return script_json({"type": "FeatureCollection", "features": features})


def network_layer(entry: LayerEntry, gdf, lang: str, *, show: bool | None = None):
    """The folium layer of one context entry over its display frame ``gdf``."""
    show = entry.show if show is None else show
    title = html.escape(entry.title(lang))
    style = {"color": entry.style["color"], "weight": entry.style.get("weight", 1),
             "opacity": entry.style.get("opacity", 1)}
    if entry.source == "network:stations":
        style.update(fillColor=entry.style.get("fill_color", "#ffffff"),
                     fillOpacity=entry.style.get("fill_opacity", 1),
                     radius=entry.style.get("radius", 3))
        return StationLabels(_station_json(gdf, lang), style, name=title, show=show,
                             min_zoom=entry.min_zoom or 0)
    return VectorLayer(feature_collection_json(gdf[["geometry"]]), [style], name=title,
                       show=show, pane=NETWORK_PANE[0], interactive=False,
                       attribution=entry.attribution, canvas=True)


def clear_cache() -> None:
    """Forget the cached display frames of the context layers."""
    network_frame.cache_clear()
    _network_whole.cache_clear()
