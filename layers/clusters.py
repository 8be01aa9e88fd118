"""Too many items in view to draw one by one: counted circles instead (issue 19).

A province's 重大项目 list brings tens of thousands of items. Drawing each as an SVG
shape would freeze the browser, so when more than :data:`MAX_SHAPES` items lie in the
view window (:func:`layers.map_builder.item_layers`; zoomed in, only the window's items
are sent at all) they are counted in grid cells about :data:`CELL_PX` screen pixels
wide: one circle a cell, at the mean position of its items, sized by the count, with
a tooltip giving the count per layer, the count written on the disc; a click zooms in
two steps towards it, where the cells are smaller, until the items in view are few enough to be drawn themselves.

Examples
--------
>>> import geopandas as gpd, shapely
>>> pts = gpd.GeoDataFrame({"layer": ["hub", "hub", "rail"]},
...                        geometry=[shapely.Point(121.40, 31.20), shapely.Point(121.41, 31.21),
...                                  shapely.Point(118.8, 32.0)], crs=4326)
>>> [(r[2], r[3]) for r in cluster_rows(pts, 50_000)]
[(2, {'hub': 2}), (1, {'rail': 1})]
"""
from __future__ import annotations

import html
import math

import folium
import geopandas as gpd
import numpy as np
import shapely
from branca.element import MacroElement
from folium.template import Template

from geo.display import metres_per_pixel
from geo.i18n import t
from layers.folium_layers import script_json
from layers.i18n import layer_label

__all__ = ["MAX_SHAPES", "CELL_PX", "cell_metres", "cluster_rows", "ClusterLayer",
           "cluster_group"]

#: more items than this in the view window are counted in cells, not drawn one by one
MAX_SHAPES = 2000
#: a cell is about this many screen pixels wide at the detail level's zooms
CELL_PX = 64
_M_PER_DEG_LAT = 110_540.0
_M_PER_DEG_LON = 111_320.0
_COLOR = "#c8102e"


def cell_metres(tolerance_m: float, zoom: float | None = None) -> float:
    """The cell width (m): :data:`CELL_PX` screen pixels at ``zoom`` (Web Mercator at
    latitude 31°), or without a zoom at a detail level, whose simplification tolerance
    is about a third of a pixel (:func:`geo.display.display_level`).

    Examples
    --------
    >>> cell_metres(500.0)
    96000.0
    >>> round(cell_metres(500.0, zoom=6.5))
    94882
    """
    if zoom is not None:
        return metres_per_pixel(zoom) * CELL_PX
    return float(tolerance_m) * 3 * CELL_PX


def cluster_rows(items: gpd.GeoDataFrame, cell_m: float) -> list[list]:
    """``[lat, lon, count, {layer: count}]`` a grid cell ``cell_m`` wide holding items
    (by each item's representative point), at the mean position of its items, in the
    cells' order (south-west first)."""
    if len(items) == 0:
        return []
    pts = shapely.get_coordinates(shapely.point_on_surface(np.asarray(items.geometry.values)))
    lat0 = float(np.clip(np.nanmean(pts[:, 1]), -80, 80))
    gx = np.floor(pts[:, 0] * _M_PER_DEG_LON * math.cos(math.radians(lat0)) / cell_m)
    gy = np.floor(pts[:, 1] * _M_PER_DEG_LAT / cell_m)
    cells, inverse = np.unique(np.stack([gy, gx], axis=1), axis=0, return_inverse=True)
    inverse = inverse.ravel()
    n = np.bincount(inverse, minlength=len(cells))
    lon = np.bincount(inverse, pts[:, 0], minlength=len(cells)) / n
    lat = np.bincount(inverse, pts[:, 1], minlength=len(cells)) / n
    layers = np.asarray(items["layer"].astype(str))
    by_layer: list[dict] = [{} for _ in range(len(cells))]
    for code in np.unique(layers):
        counts = np.bincount(inverse[layers == code], minlength=len(cells))
        for i in np.flatnonzero(counts):
            by_layer[i][str(code)] = int(counts[i])
    return [[round(float(lat[i]), 5), round(float(lon[i]), 5), int(n[i]), by_layer[i]]
            for i in range(len(cells))]


class ClusterLayer(MacroElement):
    """Counted discs (rows of :func:`cluster_rows` with their tooltip HTML), drawn in
    the items' point pane, larger with the count; a click zooms in two steps."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = (function () {
            var layer = L.layerGroup(), rows = {{ this.rows_json }};
            if (!document.getElementById("yrd-cluster-css")) {   // once per page
                var css = document.createElement("style");
                css.id = "yrd-cluster-css";
                css.textContent = {{ this.css|tojson }};
                document.head.appendChild(css);
            }
            rows.forEach(function (r) {
                var d = Math.round(Math.min(46, 20 + 7 * Math.log10(r[2])));
                var m = L.marker([r[0], r[1]], {pane: "yrdPoints", icon: L.divIcon({
                    className: "yrd-cluster", iconSize: [d, d],
                    html: "<span>" + (r[2] >= 10000 ? Math.round(r[2] / 1000) + "k"
                                      : r[2]) + "</span>"})});
                m.bindTooltip(r[3], {sticky: true});
                m.on("click", function (e) {
                    var map = e.target._map;
                    map.setView(e.latlng, Math.min(map.getMaxZoom(), map.getZoom() + 2));
                });
                layer.addLayer(m);
            });
            return layer;
        })();
        {{ this.get_name() }}.addTo({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, rows: list, tips: list[str], color: str = _COLOR):
        super().__init__()
        self._name = "ClusterLayer"
        self.rows_json = script_json([r[:3] + [tip] for r, tip in zip(rows, tips)])
        self.css = (".yrd-cluster{border-radius:50%;background:" + color + "d9;border:2px "
                    "solid #fff;box-shadow:0 0 0 1px " + color + ";display:flex;"
                    "align-items:center;justify-content:center;color:#fff;"
                    "font:600 12px/1 sans-serif}")


def _tip(row: list, lang: str) -> str:
    parts = [f"{html.escape(layer_label(k, lang))} {v}"
             for k, v in sorted(row[3].items(), key=lambda kv: -kv[1])]
    return (f"<b>{html.escape(t('app.cluster_count', lang, n=row[2]))}</b><br>"
            + " · ".join(parts) + f"<br><i>{html.escape(t('app.cluster_zoom', lang))}</i>")


def cluster_group(items: gpd.GeoDataFrame, tolerance_m: float, lang: str, *,
                  zoom: float | None = None) -> folium.FeatureGroup:
    """The feature group that stands for ``items`` (display geometry) when they are too
    many to draw: one counted circle per cell (:func:`cluster_rows`) of
    :func:`cell_metres` at ``zoom`` (or at the level of ``tolerance_m``)."""
    rows = cluster_rows(items, cell_metres(tolerance_m, zoom))
    group = folium.FeatureGroup(name=html.escape(t("app.clusters", lang)), control=False)
    ClusterLayer(rows, [_tip(r, lang) for r in rows]).add_to(group)
    return group
