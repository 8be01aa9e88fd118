"""The app's folium map as a pure function of a :class:`MapSpec` (no streamlit).

The Streamlit view (:mod:`ui.map_view`), the HTML export and the ``yrdmap export
map --format html`` command all draw the map through :func:`build_map`, so they
show the same layers, styles, legend and tools. Display geometry is cached per
process (:func:`functools.lru_cache`), shared by every session.
"""
from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass, replace
from functools import lru_cache

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.catalog import RESOLUTION_TOLERANCE_M, load_lakes, load_projects, load_regions
from geo.datum import wgs84_to_gcj02
from geo.display import clip_display, display_level, for_display, view_window
from geo.store import StoreError, load_all
from layers import basemap_layers, basemaps
from layers.assets import publish, use_vendored_assets
from layers.clusters import MAX_SHAPES, cluster_group
from layers.controls import (DataSwap, LandFill, MetricScale, MiniMap, SearchControl, fullscreen,
                             measure)
from geo.overdue import overdue_mask
from layers.folium_layers import (add_panes, collection_text, feature_collection_json,
                                  overlay_to_folium, project_features, project_group,
                                  to_folium)
from geo.i18n import t
from layers.leaflet_strings import LeafletStrings
from layers.legend import Legend, LegendStyle, legend_html, legend_rows
from layers.tile_status import TileStatus, source_hosts
from layers import network
from layers.network import add_network_pane, network_frame, network_layer
from layers.overlay import Overlay
from geo.registry import load_registry

__all__ = ["MapSpec", "YRD_BOUNDS", "DEFAULT_ZOOM", "BASE_LEVEL", "BaseMap", "map_spec",
           "base_spec", "base_map", "item_layers", "build_map", "display_items",
           "selection_overlay", "overdue_overlay", "overlay_display", "folium_map", "clear_cache",
           "layer_collections"]

#: lon0, lat0, lon1, lat1 of the four provinces (the default view fits it)
YRD_BOUNDS = (114.85, 27.1, 122.95, 35.15)
DEFAULT_ZOOM = 6.5


@dataclass(frozen=True)
class MapSpec:
    """Everything the map script depends on (hashable: the cache key of a build)."""

    ids: tuple
    lang: str
    basemap: str
    tiles: tuple          # TileSource records
    resolution: str
    tolerance_m: float
    decimals: int
    bbox: tuple | None
    location: tuple | None  # (lat, lon, zoom) in WGS84, or None to fit the YRD
    version: object = None  # the project store's version (imported items change the map)
    context: bool = True    # draw the existing network (context layers) under the plan
    zoom: float | None = None  # the view's zoom (the size of count cells), None: the level's


def map_spec(items, lang: str, basemap: str, sources: list, view: tuple | None,
             location: tuple | None, version=None) -> MapSpec:
    zoom = view[2] if view else DEFAULT_ZOOM
    level = display_level(zoom)
    bbox = view_window(view[1], view[0], zoom) if (level.clip and view) else None
    return MapSpec(tuple(items["id"]), lang, basemap, tuple(sources), level.resolution,
                   level.tolerance_m, level.decimals, bbox, location, version,
                   zoom=float(zoom))


def _shift(basemap: str):
    return basemaps.display_shift(basemap)


def _background_source(entry_id: str, resolution: str) -> gpd.GeoDataFrame:
    entry = load_registry().layer(entry_id)
    if entry.source == "lakes":
        gdf = load_lakes()
    else:
        gdf = load_regions(entry.source.split(":")[1], resolution)
    return gdf[["geometry"]]


@lru_cache(maxsize=12)
def _background_whole(entry_id: str, resolution: str, decimals: int, basemap: str):
    """A background layer made light for the whole region at one level (once)."""
    # boundaries: coverage-simplified files, not simplified again (shared borders stay
    # shared); lakes: simplified here, at the tolerance of the boundaries drawn with them
    lakes = load_registry().layer(entry_id).source == "lakes"
    return for_display(_background_source(entry_id, resolution),
                       tolerance_m=RESOLUTION_TOLERANCE_M[resolution] if lakes else 0,
                       decimals=decimals, shift=_shift(basemap))


@lru_cache(maxsize=24)
def _background(entry_id: str, resolution: str, decimals: int, bbox, basemap: str):
    """A background layer for one view window: the whole-region frame clipped, except
    at full resolution, where clipping the source first is the cheaper way."""
    if bbox is not None and resolution == "full":
        return for_display(_background_source(entry_id, resolution), tolerance_m=0,
                           decimals=decimals, bbox=bbox, shift=_shift(basemap))
    return clip_display(_background_whole(entry_id, resolution, decimals, basemap), bbox)


@lru_cache(maxsize=24)
def _background_text(entry_id: str, resolution: str, decimals: int, bbox, basemap: str) -> str:
    return feature_collection_json(_background(entry_id, resolution, decimals, bbox, basemap))


@lru_cache(maxsize=12)
def _projects(tolerance_m: float, decimals: int, bbox, basemap: str,
              version) -> gpd.GeoDataFrame:
    """Display geometry of every item in the store (catalog + imported) at one level, with
    its tracked deadline and progress (#16), clipped to ``bbox``; the plan alone when the
    store cannot be read (the page says why)."""
    return clip_display(_projects_whole(tolerance_m, decimals, basemap, version), bbox)


@lru_cache(maxsize=6)
def _projects_whole(tolerance_m: float, decimals: int, basemap: str,
                    version) -> gpd.GeoDataFrame:
    """:func:`_projects` for the whole region (simplified once per level and version)."""
    from geo.tracking.service import edit_log, with_tracking

    try:
        items = with_tracking(load_all(), edit_log())
    except StoreError:
        items = load_projects()
    cols = ["id", "name_zh", "name_en", "layer", "status"]
    cols += [c for c in ("deadline", "progress") if c in items.columns] + ["geometry"]
    return for_display(items[cols], tolerance_m=tolerance_m, decimals=decimals,
                       shift=_shift(basemap))


@lru_cache(maxsize=12)
def _item_features(tolerance_m: float, decimals: int, bbox, basemap: str, version,
                   lang: str) -> dict:
    """id → (geometry kind, encoded feature text) of every item in the store at one level
    and language: a filter change joins cached texts instead of encoding its selection."""
    frame = _projects(tolerance_m, decimals, bbox, basemap, version)
    out: dict = {}
    for entry in load_registry().projects:
        part = frame[frame["layer"] == entry.project_layer]
        if len(part):
            out.update(zip(part["id"], project_features(entry, part, lang, decimals)))
    return out


@lru_cache(maxsize=12)
def layer_collections(tolerance_m: float, decimals: int, bbox, basemap: str, version,
                      lang: str) -> dict:
    """Registry id → geometry kind → (URL, text): every item of the store in that layer
    and kind at one level and language, written once as a data file of the app
    (:func:`layers.assets.publish`). The app's map sends a selection as ids into these
    files, which the browser fetches once and keeps. Empty when the static folder
    cannot be written (the map then sends the features themselves)."""
    feats = _item_features(tolerance_m, decimals, bbox, basemap, version, lang)
    frame = _projects(tolerance_m, decimals, bbox, basemap, version)
    out: dict = {}
    for entry in load_registry().projects:
        by_kind: dict = {}
        for item_id in frame.loc[frame["layer"] == entry.project_layer, "id"]:
            kind, text = feats[item_id]
            by_kind.setdefault(kind, []).append(text)
        for kind, texts in by_kind.items():
            text = collection_text(decimals, texts)
            url = publish(text)
            if url is None:
                return {}
            out.setdefault(entry.id, {})[kind] = (url, text)
    return out


def display_items(spec: MapSpec) -> gpd.GeoDataFrame:
    """The display geometry of the items in ``spec`` (subset of the cached frame)."""
    frame = _projects(spec.tolerance_m, spec.decimals, spec.bbox, spec.basemap, spec.version)
    return frame[frame["id"].isin(set(spec.ids))]


#: the detail level the app's base map is built at (the default view's); finer levels
#: arrive as layer data (:class:`~layers.controls.DataSwap`), never as a new map
BASE_LEVEL = display_level(DEFAULT_ZOOM)


def base_spec(spec: MapSpec) -> MapSpec:
    """What the app's base map depends on: basemap, language, start view — not the
    items, the store version or the detail level (those are layers)."""
    return replace(spec, ids=(), resolution=BASE_LEVEL.resolution,
                   tolerance_m=BASE_LEVEL.tolerance_m, decimals=BASE_LEVEL.decimals,
                   bbox=None, version=None, zoom=None)


@dataclass
class BaseMap:
    """The map without its item layers: tiles, panes, background, tools."""

    fmap: folium.Map
    background: dict          # registry id → the background layer drawn on fmap
    drawn: dict               # registry id → legend kinds
    province_layer: object = None   # cloned by the offline mini-map


def _background_entries(spec: MapSpec):
    offline = basemaps.is_offline(spec.basemap)
    for entry in load_registry().background:
        if not offline and entry.source in basemap_layers.SOURCES:
            continue                      # tile basemaps draw their own sea, rivers, names
        # (the lakes stay: a layer in the control and legend, and on a grey map offline)
        yield entry


def base_map(spec: MapSpec, *, lazy_hidden: bool = False) -> BaseMap:
    """Tiles, panes, the background at ``spec``'s level, land fill and scale (the same
    script in every language). ``lazy_hidden``: layers hidden at start are drawn empty
    (their data is fetched when first shown, see :func:`item_layers`)."""
    registry = load_registry()
    lang = spec.lang
    offline = basemaps.is_offline(spec.basemap)
    opts = dict(tiles=None, control_scale=False, zoom_snap=0.5, zoom_delta=0.5,
                min_zoom=5, max_zoom=18, prefer_canvas=False, max_bounds=None)
    if spec.location is None:
        fmap = folium.Map(location=[31.1, 118.9], zoom_start=DEFAULT_ZOOM, **opts)
        fmap.fit_bounds([[YRD_BOUNDS[1], YRD_BOUNDS[0]], [YRD_BOUNDS[3], YRD_BOUNDS[2]]])
    else:
        lat, lon, zoom = spec.location
        if _shift(spec.basemap) is not None:
            lon, lat = (float(v) for v in wgs84_to_gcj02(lon, lat))
        fmap = folium.Map(location=[lat, lon], zoom_start=zoom, **opts)
    add_panes(fmap)
    tiles = [tile.add_to(fmap) for tile in basemaps.tile_layers(list(spec.tiles))]
    if tiles:                                 # tiles that cannot load: the map says so (#17.3)
        TileStatus(tiles, source_hosts(spec.tiles), lang).add_to(fmap)

    drawn: dict[str, set] = {}
    layer_objs: dict[str, object] = {}
    province_layer = None
    for entry in _background_entries(spec):
        if entry.source in basemap_layers.SOURCES:  # sea, rivers, labels
            layer_objs[entry.id] = basemap_layers.basemap_layer(
                entry, fmap, lang, tolerance_m=spec.tolerance_m, decimals=spec.decimals,
                bbox=spec.bbox)
            continue
        gdf = _background(entry.id, spec.resolution, spec.decimals, spec.bbox, spec.basemap)
        if lazy_hidden and not entry.show:
            gdf = gdf.iloc[0:0]
        layer = to_folium(entry, gdf, spec.lang)
        layer.add_to(fmap)
        drawn[entry.id] = {entry.legend}
        layer_objs[entry.id] = layer
        if entry.source == "regions:province":
            province_layer = layer
    if spec.context and registry.context:      # the existing network, under the plan's items
        add_network_pane(fmap)
        for entry in registry.context:
            gdf = network_frame(entry.id, spec.tolerance_m, spec.decimals, spec.bbox,
                                spec.basemap)
            layer = network_layer(entry, gdf, lang)
            layer.add_to(fmap)
            drawn[entry.id] = {entry.legend}
            layer_objs[entry.id] = layer
    if offline and province_layer is not None:
        LandFill(province_layer, basemaps.OFFLINE_COLORS["land"],
                 basemaps.OFFLINE_COLORS["sea"]).add_to(fmap)

    LegendStyle().add_to(fmap)
    MetricScale().add_to(fmap)
    LeafletStrings(lang).add_to(fmap)        # Leaflet's own tooltips in the UI language
    return BaseMap(fmap, layer_objs, drawn, province_layer)


def item_layers(spec: MapSpec, base: BaseMap, *, base_level: MapSpec | None = None,
                extra: list | None = None, by_url: bool = False) -> list[folium.FeatureGroup]:
    """The layers that change with the filters and the view, as feature groups.

    Project layers (one group per registry entry with items; more than
    :data:`layers.clusters.MAX_SHAPES` items in the view window: one group of counted
    circles instead, :func:`layers.clusters.cluster_group`), the overdue halo,
    ``extra`` groups (selection, the panels' overlays), a group of
    :class:`~layers.controls.DataSwap` elements giving ``base``'s background the
    data of ``spec``'s detail level when ``base_level`` (the spec ``base`` was
    built from) differs or a layer is hidden at start (its data: a static file the
    browser fetches when the layer is first shown, not part of the first paint), and
    last the tools: legend, search box, fullscreen, measure, mini-map.

    ``by_url`` (the app): the items' and the detail level's geometry go as data files
    the browser fetches once (:func:`layer_collections`, :func:`layers.assets.publish`),
    the layers name them and the ids they show: a rerun sends no coordinates.
    """
    registry = load_registry()
    lang = spec.lang
    groups: list = []
    drawn = dict(base.drawn)
    layer_objs = dict(base.background)
    items = display_items(spec)
    project_layers = []
    statuses = set()
    by_layer: dict = {}
    if len(items) > MAX_SHAPES:           # too many to draw one by one: counted circles
        groups.append(cluster_group(items, spec.tolerance_m, lang, zoom=spec.zoom))
    else:
        for row in zip(items["layer"], items["id"], items["status"]):
            by_layer.setdefault(row[0], []).append(row[1:])
    if by_layer:
        feats = _item_features(spec.tolerance_m, spec.decimals, spec.bbox, spec.basemap,
                               spec.version, lang)
        shared = (layer_collections(spec.tolerance_m, spec.decimals, spec.bbox,
                                    spec.basemap, spec.version, lang) if by_url else {})
    for entry in registry.projects:
        rows = by_layer.get(entry.project_layer)
        if not rows:
            continue
        ids = [r[0] for r in rows]
        kinds = [feats[i][0] for i in ids]
        layer = project_group(entry, lang, spec.decimals, ids, [r[1] for r in rows], kinds,
                              [feats[i][1] for i in ids], shared=shared.get(entry.id))
        groups.append(layer)
        project_layers.append(layer)
        drawn[entry.id] = set(kinds)
        layer_objs[entry.id] = layer
        statuses |= {registry.status_class(r[1]).id for r in rows}

    late = overdue_overlay(items, lang) if by_layer else None
    if late is not None:
        groups.append(overlay_to_folium(late, late.gdf, pane="yrdHalo"))
        drawn["overdue"] = {"overdue"}
    groups += list(extra or [])

    if base_level is not None:
        same = (spec.resolution, spec.decimals, spec.bbox) == (
            base_level.resolution, base_level.decimals, base_level.bbox)
        swaps = folium.FeatureGroup(name="detail", control=False)
        for entry in _background_entries(spec):
            if (entry.id not in base.background or (same and entry.show)
                    or entry.source in basemap_layers.SOURCES):   # drawn at the base's level
                continue
            args = (entry.id, spec.resolution, spec.decimals, spec.bbox, spec.basemap)
            text = _background_text(*args)
            # a data file, fetched when the layer is shown (by_url: every layer; else the
            # layers hidden at start, not part of the first paint)
            url = publish(text) if (by_url or not entry.show) else None
            DataSwap(base.background[entry.id], None if url else text,
                     ":".join(map(str, args)), url=url).add_to(swaps)
        if swaps._children:
            groups.append(swaps)

    # the tools: the fullscreen button, the measure tool and the mini-map are kept in the
    # browser while the layers change (created again only with another language)
    chrome = folium.FeatureGroup(name="chrome", control=False)
    fullscreen(lang).add_to(chrome)
    measure(lang).add_to(chrome)
    if base.province_layer is not None:   # outlines, never grey when tiles cannot load
        MiniMap(lang, vector_layer=base.province_layer, land=basemaps.OFFLINE_COLORS["land"],
                sea=basemaps.OFFLINE_COLORS["sea"], sources=spec.tiles[:1]).add_to(chrome)
    elif spec.tiles:
        MiniMap(lang, sources=spec.tiles[:1]).add_to(chrome)
    if project_layers:
        SearchControl(project_layers, lang).add_to(chrome)
    rows = legend_rows(registry, drawn, statuses, lang)
    Legend(legend_html(rows, lang), layer_objs, position="bottomleft").add_to(chrome)
    groups.append(chrome)
    for group in groups:
        use_vendored_assets(group)
    return groups


def build_map(spec: MapSpec) -> folium.Map:
    """The whole folium map for ``spec`` in one document (what the HTML export saves):
    background, project layers, tools, legend."""
    base = base_map(spec)
    for group in item_layers(spec, base):
        group.add_to(base.fmap)
    return use_vendored_assets(base.fmap)


#: the red halo of items past their deadline and not completed (geo.overdue)
OVERDUE_COLOR = "#e4002b"


def overdue_overlay(items: gpd.GeoDataFrame, lang: str, today=None) -> Overlay | None:
    """A red dashed halo under the overdue items of ``items`` (display geometry), or None."""
    late = items[overdue_mask(items, today)]
    if len(late) == 0:
        return None
    name = late["name_zh" if lang == "zh" else "name_en"].astype(str)
    label = name + " · " + t("app.overdue_since", lang) + " " + late["deadline"].astype(str)
    return Overlay(name=t("app.overdue", lang), gdf=late[["geometry"]].assign(label=label.to_numpy()),
                   color=OVERDUE_COLOR, weight=9.0, dash="6 5", fill_opacity=0.0,
                   style={"opacity": 0.9, "radius": 13})


def selection_overlay(spec: MapSpec, item_id: str | None, lang: str) -> Overlay | None:
    """A halo under the selected item (display geometry), or None."""
    if not item_id:
        return None
    items = display_items(spec)
    hit = items[items["id"] == item_id]
    if len(hit) == 0:
        return None
    gdf = hit[["geometry"]].assign(label="")
    return Overlay(name=t("app.selection", lang), gdf=gdf, color="#ffd400", weight=10.0,
                   fill_opacity=0.0, style={"opacity": 0.85, "radius": 11})


def overlay_display(overlay: Overlay, spec: MapSpec) -> gpd.GeoDataFrame:
    """The overlay's frame made light for the map at the base's level (memoised on the
    frame's content: a panel's rerun hands back equal overlays, which are not simplified
    again)."""
    level = display_level(spec.location[2] if spec.location else DEFAULT_ZOOM)
    key = (_frame_digest(overlay.gdf), level, spec.basemap)
    with _OVERLAY_LOCK:
        hit = _OVERLAY_DISPLAY.get(key)
    if hit is None:
        hit = _overlay_display(overlay.gdf, level, spec.basemap)
        with _OVERLAY_LOCK:
            _OVERLAY_DISPLAY[key] = hit
            while len(_OVERLAY_DISPLAY) > 32:
                _OVERLAY_DISPLAY.pop(next(iter(_OVERLAY_DISPLAY)))
    return hit


#: (frame digest, level, basemap) → display frame (read only); oldest dropped first
_OVERLAY_DISPLAY: dict = {}
_OVERLAY_LOCK = threading.Lock()


def _frame_digest(gdf: gpd.GeoDataFrame) -> str:
    """A digest of a frame's geometry (WKB), CRS and other columns."""
    h = hashlib.blake2b(digest_size=16)
    h.update(str(gdf.crs).encode())
    h.update(repr(list(gdf.columns)).encode())
    for wkb in shapely.to_wkb(np.asarray(gdf.geometry.values)):
        h.update(wkb or b"-")
    other = gdf.drop(columns=gdf.geometry.name)
    if len(other.columns):
        h.update(pd.util.hash_pandas_object(other.astype(str), index=False).to_numpy()
                 .tobytes())
    return h.hexdigest()


def _overlay_display(gdf: gpd.GeoDataFrame, level, basemap: str) -> gpd.GeoDataFrame:
    gdf = gdf.set_crs(4326) if gdf.crs is None else gdf.to_crs(4326)
    gdf = gdf[~(gdf.geometry.isna() | gdf.geometry.is_empty)]
    if (gdf.geom_type == "GeometryCollection").any():
        gdf = gdf.explode(index_parts=False)
    return for_display(gdf, tolerance_m=level.tolerance_m / 2,
                       decimals=level.decimals + 1, shift=_shift(basemap))


def folium_map(items, lang: str, *, basemap: str = "offline", sources=(),
               view: tuple | None = None, version=None, context: bool = False) -> folium.Map:
    """The app's map of ``items`` with an open layer control: what the HTML export
    saves. ``view`` is (lat, lon, zoom) or None for the whole YRD. The existing network
    (context layers, ``export = false`` in the registry) is left out unless ``context``."""
    import dataclasses

    spec = map_spec(items, lang, basemap, list(sources), view, view, version)
    spec = dataclasses.replace(spec, context=context)
    fmap = build_map(spec)
    folium.LayerControl(collapsed=False, position="topright").add_to(fmap)
    return fmap


def clear_cache() -> None:
    """Forget the cached display geometry (after the data folder changed)."""
    _background.cache_clear()
    _background_whole.cache_clear()
    _background_text.cache_clear()
    _projects.cache_clear()
    _projects_whole.cache_clear()
    _OVERLAY_DISPLAY.clear()
    _item_features.cache_clear()
    layer_collections.cache_clear()
    network.clear_cache()
