"""The offline basemap's sea mask, rivers and place names as folium layers.

Registry entries with ``source = "sea" | "rivers" | "labels"`` (``layers/registry.toml``)
are drawn by :func:`basemap_layer` on the offline background only (tile basemaps carry
their own water and names). Data come from :mod:`geo.basemap`:

- **sea**: the sea inside the coastal counties' polygons, painted in the sea colour over
  the land fill, so the coast is GSHHG's shoreline, not Amap's sea-swallowing outlines;
- **rivers**: named rivers wider than the rest; WDBII's unnamed rivers from zoom 8.5;
- **labels**: the names in the UI language drawn on one canvas
  (:mod:`layers.text_canvas`) with a white halo, system fonts only (no web font is
  fetched), each at the zooms :mod:`geo.build.labels` placed it without overlap.

Examples
--------
>>> rows = label_rows("zh", None)
>>> sorted(r[2] for r in rows if r[3] == "province")
['上海市', '安徽省', '江苏省', '浙江省']
"""
from __future__ import annotations

import html
from functools import lru_cache

import folium
import geopandas as gpd
import numpy as np
import shapely
from branca.element import MacroElement
from folium.template import Template

from geo import crs
from geo.basemap import load_labels, load_rivers, load_sea
from geo.build.labels import FONT_PX, ZOOMS
from geo.display import clip_display, for_display
from geo.errors import choice
from geo.registry import LayerEntry
from layers.folium_layers import VectorLayer, feature_collection_json, script_json
from layers.text_canvas import TEXT_CANVAS_JS, TEXT_CANVAS_PADDING, text_style

__all__ = ["SOURCES", "PANES", "RIVER_MIN_ZOOM", "LABEL_STYLES", "label_rows", "basemap_layer",
           "clear_cache"]

SOURCES = ("sea", "rivers", "labels")
#: pane → z-index: the sea over the land fill (150) and under the borders (240+); rivers
#: over lakes (250); names over project polygons (410), under project lines (420)
PANES = {"yrdSea": 236, "yrdRiversMinor": 251, "yrdRivers": 252, "yrdLabels": 415}
#: unnamed WDBII rivers are drawn from this zoom
RIVER_MIN_ZOOM = 8.5
#: and sent only at display levels this fine (geo.display: 50 m from zoom 8.5 on)
RIVER_MINOR_TOLERANCE_M = 50.0
_COLOR = {"province": "#3d3d3d", "city": "#505050", "county": "#6b6b6b", "lake": "#3b6e9e",
          "river": "#3b6e9e"}
#: label styles: local fonts only, a white halo; provinces spaced and bold, water in italics
LABEL_STYLES = {
    k: text_style(FONT_PX[k], c, weight=600 if k == "province" else 400,
                  spacing_px=2 if k == "province" else 0, italic=k in ("lake", "river"))
    for k, c in _COLOR.items()}


def _pane(fmap: folium.Map, name: str) -> None:
    if name not in getattr(fmap, "_yrd_basemap_panes", set()):
        folium.map.CustomPane(name, z_index=PANES[name], pointer_events=False).add_to(fmap)
        fmap._yrd_basemap_panes = getattr(fmap, "_yrd_basemap_panes", set()) | {name}


def _drop_specks(geom, min_m2: float):
    """``geom`` (metric) without parts and holes under ``min_m2`` (not seen at this level)."""
    parts = [p for p in shapely.get_parts(geom) if p.area >= min_m2]
    parts = [shapely.Polygon(p.exterior, [r for r in p.interiors
                                          if shapely.Polygon(r).area >= min_m2])
             for p in parts]
    return shapely.MultiPolygon(parts) if parts else None


@lru_cache(maxsize=8)
def _sea(tolerance_m: float, decimals: int, bbox) -> gpd.GeoDataFrame:
    """The sea mask for display, clipped to ``bbox``: specks under (2.8 × tolerance)²
    dropped (at the default view, islets under 2 km² are painted as sea), simplified
    once per level for the whole region."""
    return clip_display(_sea_whole(tolerance_m, decimals), bbox)


@lru_cache(maxsize=4)
def _sea_whole(tolerance_m: float, decimals: int) -> gpd.GeoDataFrame:
    metric = load_sea()[["geometry"]].to_crs(crs.METRIC)
    geoms = [_drop_specks(g, (2.8 * tolerance_m) ** 2) for g in metric.geometry.values]
    frame = gpd.GeoDataFrame(geometry=geoms, crs=crs.METRIC).dropna().to_crs(crs.STORAGE)
    return for_display(frame, tolerance_m=tolerance_m, decimals=decimals)


@lru_cache(maxsize=8)
def _rivers(tolerance_m: float, decimals: int, bbox) -> gpd.GeoDataFrame:
    """The rivers for display, clipped to ``bbox`` (made light once per level)."""
    return clip_display(_rivers_whole(tolerance_m, decimals), bbox)


@lru_cache(maxsize=4)
def _rivers_whole(tolerance_m: float, decimals: int) -> gpd.GeoDataFrame:
    rivers = load_rivers()
    frame = rivers[["geometry"]].assign(named=rivers.name_zh.notna().to_numpy())
    if tolerance_m > RIVER_MINOR_TOLERANCE_M:
        frame = frame[frame.named]
    return for_display(frame, tolerance_m=tolerance_m, decimals=decimals)


@lru_cache(maxsize=16)
def _json(source: str, tolerance_m: float, decimals: int, bbox, part: str = "") -> str:
    """The encoded feature collection of a display frame (cached: built once per level)."""
    if source == "sea":
        return feature_collection_json(_sea(tolerance_m, decimals, bbox))
    gdf = _rivers(tolerance_m, decimals, bbox)
    return feature_collection_json(gdf[gdf.named] if part == "named" else gdf[~gdf.named])


@lru_cache(maxsize=8)
def _label_json(lang: str, bbox) -> str:
    return script_json([list(r) for r in label_rows(lang, bbox)])


@lru_cache(maxsize=8)
def label_rows(lang: str, bbox) -> tuple:
    """(lat, lon, name, level, zoom mask) of every label in ``bbox`` (or all); the names
    are drawn as canvas text, not HTML (:mod:`layers.text_canvas`)."""
    if lang not in ("zh", "en"):
        raise ValueError(f"lang {lang!r} is not zh or en")
    labels = load_labels()
    x, y = labels.geometry.x.to_numpy(), labels.geometry.y.to_numpy()
    keep = np.ones(len(labels), dtype=bool)
    if bbox is not None:
        keep = (x >= bbox[0]) & (x <= bbox[2]) & (y >= bbox[1]) & (y <= bbox[3])
    names = labels[f"name_{lang}"].to_numpy()
    masks = labels[f"zooms_{lang}"].to_numpy()
    return tuple((round(float(y[i]), 4), round(float(x[i]), 4), str(names[i]),
                  str(labels.level.iat[i]), int(masks[i]))
                 for i in np.flatnonzero(keep) if masks[i])


class ZoomLabels(MacroElement):
    """Draws the names on one canvas in its parent FeatureGroup (:mod:`layers.text_canvas`),
    each at the zooms its mask allows."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function () {
            {{ this.canvas_js }}
            var rows = {{ this.rows_json }}, z0 = {{ this.z0 }}, nz = {{ this.nz }};
            function show(r, zoom) {
                var z = Math.floor(zoom + 1e-6);
                var bit = Math.min(Math.max(z - z0, 0), nz - 1);
                return z >= z0 && ((r[4] >> bit) & 1) === 1;
            }
            var layer = window.yrdTextCanvas(rows, show, {{ this.styles_json }},
                                             {pane: "yrdLabels", padding: {{ this.padding }}});
            window.yrdNames = layer;          // what it drew: window.yrdNames.drawn
            {{ this._parent.get_name() }}.addLayer(layer);
        })();
        {% endmacro %}
    """)

    def __init__(self, rows_json: str):
        super().__init__()
        self._name = "ZoomLabels"
        self.rows_json, self.canvas_js = rows_json, TEXT_CANVAS_JS
        self.styles_json = script_json(LABEL_STYLES)
        self.z0, self.nz = ZOOMS[0], len(ZOOMS)
        self.padding = TEXT_CANVAS_PADDING


class MinZoom(MacroElement):
    """Shows the pane ``pane`` only from ``zoom`` on."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this.map_name }};
            function update() {
                var pane = map.getPane({{ this.pane|tojson }});
                if (pane) { pane.style.display = map.getZoom() >= {{ this.zoom }} ? "" : "none"; }
            }
            map.on("zoomend", update);
            update();
        })();
        {% endmacro %}
    """)

    def __init__(self, map_name: str, pane: str, zoom: float):
        super().__init__()
        self._name = "MinZoom"
        self.map_name, self.pane, self.zoom = map_name, pane, zoom


def basemap_layer(entry: LayerEntry, fmap: folium.Map, lang: str, *, tolerance_m: float,
                  decimals: int, bbox=None) -> folium.FeatureGroup:
    """The folium layer of a ``sea``/``rivers``/``labels`` entry, added to ``fmap``."""
    choice("source", entry.source, SOURCES, error=ValueError)
    title = html.escape(entry.title(lang))
    group = folium.FeatureGroup(name=title, show=entry.show,
                                attribution=html.escape(entry.attribution))
    style = {"color": entry.style["color"], "weight": entry.style.get("weight", 1.0),
             "opacity": entry.style.get("opacity", 1.0),
             "fillColor": entry.style.get("fill_color", entry.style["color"]),
             "fillOpacity": entry.style.get("fill_opacity", 0.0),
             "fill": entry.style.get("fill_opacity", 0.0) > 0}
    if entry.source == "sea":
        _pane(fmap, "yrdSea")
        VectorLayer(_json("sea", tolerance_m, decimals, bbox), [dict(style, stroke=False)],
                    control=False,
                    pane="yrdSea", interactive=False, canvas=True).add_to(group)
    elif entry.source == "rivers":
        _pane(fmap, "yrdRivers")
        VectorLayer(_json("rivers", tolerance_m, decimals, bbox, "named"),
                    [dict(style, fill=False)], control=False,
                    pane="yrdRivers", interactive=False, canvas=True).add_to(group)
        if not _rivers(tolerance_m, decimals, bbox).named.all():
            _pane(fmap, "yrdRiversMinor")
            thin = dict(style, fill=False, weight=round(style["weight"] * 0.5, 2), opacity=0.8)
            VectorLayer(_json("rivers", tolerance_m, decimals, bbox, "minor"), [thin],
                        control=False,
                        pane="yrdRiversMinor", interactive=False, canvas=True).add_to(group)
            MinZoom(fmap.get_name(), "yrdRiversMinor", RIVER_MIN_ZOOM).add_to(group)
    else:
        _pane(fmap, "yrdLabels")
        ZoomLabels(_label_json(lang, bbox)).add_to(group)
    group.add_to(fmap)
    return group


def clear_cache() -> None:
    """Forget the cached display frames."""
    for fn in (_sea, _sea_whole, _rivers, _rivers_whole, label_rows, _json, _label_json):
        fn.cache_clear()
