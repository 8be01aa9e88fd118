"""Turn a registry entry and a selection into a folium layer: :func:`to_folium`.

The selection must already be display-ready (see :func:`geo.display.for_display`:
simplified, rounded, shifted to the basemap's datum). Background layers
(boundaries, lakes) are one non-interactive ``GeoJson`` in their own pane.
Project layers are a ``FeatureGroup`` holding one ``GeoJson`` per geometry kind,
each in a fixed pane — polygons under lines under points — so toggling a layer
never puts a polygon over a line. Features carry only ``label`` (the name in the
UI language, for search) and ``tip`` (the tooltip: name · layer, HTML-escaped);
style comes from the registry by status class.
"""
from __future__ import annotations

import html
import json

import folium
import geopandas as gpd
import shapely
from folium.utilities import JsCode

from layers.overlay import Overlay
from layers.registry import LayerEntry, load_registry

__all__ = ["PANES", "to_folium", "overlay_to_folium", "add_panes", "feature_kinds",
           "geometry_kind", "tooltip_text"]

#: pane name → z-index. Leaflet: tiles 200, overlayPane 400, markers 600, tooltips 650.
PANES = {
    "yrdCounties": 240, "yrdCities": 245, "yrdLakes": 250, "yrdProvinces": 255,
    "yrdHalo": 405, "yrdPolygons": 410, "yrdLines": 420, "yrdPoints": 430, "yrdHighlight": 440,
}
_BACKGROUND_PANE = {"regions:county": "yrdCounties", "regions:city": "yrdCities",
                    "lakes": "yrdLakes", "regions:province": "yrdProvinces"}
_KIND_PANE = {"fill": "yrdPolygons", "line": "yrdLines", "point": "yrdPoints"}
_DIM_KIND = {0: "point", 1: "line", 2: "fill"}
_TOOLTIP = JsCode("function (feature, layer) { if (feature.properties.tip) {"
                  " layer.bindTooltip(feature.properties.tip, {sticky: true}); } }")


def add_panes(fmap: folium.Map) -> folium.Map:
    """Create the fixed panes on ``fmap`` (idempotent per map)."""
    for name, z in PANES.items():
        folium.map.CustomPane(name, z_index=z, pointer_events=name not in _BACKGROUND_PANE.values()
                              ).add_to(fmap)
    return fmap


def geometry_kind(geom) -> str:
    """``fill``, ``line`` or ``point`` for a shapely geometry."""
    return _DIM_KIND[int(shapely.get_dimensions(geom))]


def feature_kinds(gdf: gpd.GeoDataFrame) -> set:
    """The geometry kinds present in ``gdf``."""
    if len(gdf) == 0:
        return set()
    return {_DIM_KIND[int(d)] for d in set(shapely.get_dimensions(gdf.geometry.values))}


def tooltip_text(name: str, layer_title: str) -> str:
    """Tooltip HTML for an item: both parts escaped.

    Examples
    --------
    >>> tooltip_text("<img src=x onerror=alert(1)>", "Rail")
    '<b>&lt;img src=x onerror=alert(1)&gt;</b> · Rail'
    """
    return f"<b>{html.escape(str(name))}</b> · {html.escape(str(layer_title))}"


def _collection(gdf: gpd.GeoDataFrame, properties) -> dict:
    feats = []
    for i, geom in enumerate(gdf.geometry.values):
        props = properties(i)
        feats.append({"type": "Feature", "id": props.pop("_id", i), "properties": props,
                      "geometry": json.loads(shapely.to_geojson(geom))})
    return {"type": "FeatureCollection", "features": feats}


def _leaflet_style(style: dict, *, dash: str = "", weight_factor: float = 1.0,
                   fill: bool = True) -> dict:
    out = {"color": style["color"], "weight": round(style.get("weight", 2) * weight_factor, 2),
           "opacity": style.get("opacity", 1.0),
           "fillColor": style.get("fill_color", style["color"]),
           "fillOpacity": style.get("fill_opacity", 0.2) if fill else 0.0,
           "fill": fill and style.get("fill_opacity", 0.2) > 0}
    if dash:
        out["dashArray"] = dash
    return out


def _background(entry: LayerEntry, gdf: gpd.GeoDataFrame, lang: str) -> folium.GeoJson:
    style = _leaflet_style(entry.style)
    data = _collection(gdf, lambda i: {})
    return folium.GeoJson(data, name=html.escape(entry.title(lang)), show=entry.show,
                          style_function=lambda f, s=style: s, interactive=False,
                          attribution=html.escape(entry.attribution),
                          pane=_BACKGROUND_PANE[entry.source], smooth_factor=1.0)


def _project(entry: LayerEntry, gdf: gpd.GeoDataFrame, lang: str) -> folium.FeatureGroup:
    registry = load_registry()
    title = entry.title(lang)
    group = folium.FeatureGroup(name=html.escape(title), show=entry.show,
                                attribution=html.escape(entry.attribution))
    name_col = "name_zh" if lang == "zh" else "name_en"
    kinds = [geometry_kind(g) for g in gdf.geometry.values]
    for kind in ("fill", "line", "point"):
        part = gdf[[k == kind for k in kinds]]
        if len(part) == 0:
            continue
        styles, highlights = {}, {}
        for row in part.itertuples(index=False):
            sc = registry.status_class(row.status)
            styles[row.id] = _leaflet_style(entry.style, dash=sc.dash,
                                            weight_factor=sc.weight_factor)
            if kind == "point" and sc.id in ("planned", "preliminary"):
                styles[row.id]["fillColor"] = "#ffffff"     # hollow = not yet built
            highlights[row.id] = {"weight": styles[row.id]["weight"] + 2, "opacity": 1.0}

        def props(i, part=part):
            r = part.iloc[i]
            return {"_id": r["id"], "label": str(r[name_col]),
                    "tip": tooltip_text(r[name_col], title)}

        marker = (folium.CircleMarker(radius=entry.style.get("radius", 5), pane=_KIND_PANE[kind])
                  if kind == "point" else None)
        folium.GeoJson(
            _collection(part, props), control=False, pane=_KIND_PANE[kind], marker=marker,
            style_function=lambda f, s=styles: s[f["id"]],
            highlight_function=lambda f, h=highlights: h[f["id"]],
            on_each_feature=_TOOLTIP, smooth_factor=1.0,
        ).add_to(group)
    return group


def to_folium(entry: LayerEntry, gdf: gpd.GeoDataFrame, lang: str):
    """A folium layer for ``entry`` drawing ``gdf`` (display-ready, WGS84 or shifted).

    Background entries give a non-interactive ``folium.GeoJson``; project entries
    a ``folium.FeatureGroup`` with one interactive ``GeoJson`` per geometry kind,
    each feature with a tooltip (name in ``lang`` · layer title). Project frames
    need ``id``, ``name_zh``, ``name_en`` and ``status`` columns.
    """
    if lang not in ("zh", "en"):
        raise ValueError(f"lang {lang!r} is not zh or en")
    if entry.is_project:
        missing = {"id", "name_zh", "name_en", "status"} - set(gdf.columns)
        if missing:
            raise ValueError(f"layer {entry.id}: selection lacks column(s) {sorted(missing)}")
        return _project(entry, gdf, lang)
    return _background(entry, gdf, lang)


def overlay_to_folium(overlay: Overlay, gdf: gpd.GeoDataFrame | None = None, *,
                      pane: str = "yrdHighlight") -> folium.FeatureGroup:
    """A FeatureGroup drawing an :class:`~layers.overlay.Overlay` on top of everything.

    ``gdf`` replaces ``overlay.gdf`` (pass the display-ready copy); its ``label``
    column is the tooltip, escaped. Without labels the overlay takes no clicks.
    ``pane``: ``yrdHighlight`` (on top) or ``yrdHalo`` (under the project layers).
    """
    if pane not in PANES:
        raise ValueError(f"pane {pane!r} is not one of {', '.join(PANES)}")
    gdf = overlay.gdf if gdf is None else gdf
    style = {"color": overlay.color, "weight": overlay.weight, "fillColor": overlay.color,
             "fillOpacity": overlay.fill_opacity, "opacity": 1.0, **overlay.style}
    if overlay.dash:
        style["dashArray"] = overlay.dash
    labels = [str(v) for v in gdf["label"]] if "label" in gdf.columns else [""] * len(gdf)
    data = _collection(gdf, lambda i: {"tip": html.escape(labels[i])} if labels[i] else {})
    group = folium.FeatureGroup(name=html.escape(overlay.name))
    folium.GeoJson(data, pane=pane, style_function=lambda f, s=style: s,
                   marker=folium.CircleMarker(radius=8, pane=pane),
                   interactive=any(labels), on_each_feature=_TOOLTIP,
                   control=False).add_to(group)
    return group
