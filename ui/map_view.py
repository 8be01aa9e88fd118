"""The map: build the folium map for a selection and show it with ``st_folium`` once.

Display data (simplified, rounded, clipped to the view when zoomed in, shifted
for GCJ-02 basemaps) is cached per detail level, so a filter change only
subsets cached frames. The map script changes only when what it draws changes
(items, language, basemap, detail level); the selection halo and the panels'
overlays go through ``feature_group_to_add`` and a zoom-to-item through the
``center``/``zoom`` arguments, so they do not rebuild the map.
``st_folium`` returns only the clicked object and the view; panning reruns the
map fragment alone (see ``app.py``), which writes the view into the URL.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import folium
import geopandas as gpd
import streamlit as st
from streamlit_folium import st_folium

from geo.catalog import load_lakes, load_regions
from geo.datum import gcj02_to_wgs84, wgs84_to_gcj02
from geo.display import display_level, for_display, pick, view_window, zoom_to_fit
from geo.store import load_all
from layers import basemaps
from layers.assets import use_vendored_assets
from layers.controls import LandFill, MetricScale, MiniMap, SearchControl, fullscreen, measure
from layers.folium_layers import add_panes, feature_kinds, overlay_to_folium, to_folium
from layers.i18n import t
from layers.legend import Legend, legend_html, legend_rows
from layers.overlay import Overlay
from layers.registry import load_registry
from ui import state

__all__ = ["MapSpec", "YRD_BOUNDS", "DEFAULT_ZOOM", "MAP_HEIGHT", "MAP_KEY", "RETURNED",
           "map_spec", "build_map", "display_items", "selection_overlay", "item_view", "go_to",
           "show_map"]

#: lon0, lat0, lon1, lat1 of the four provinces (the default view fits it)
YRD_BOUNDS = (114.85, 27.1, 122.95, 35.15)
DEFAULT_ZOOM = 6.5
MAP_HEIGHT = 660
#: what st_folium sends back: a click on a feature (point + tooltip) and the view
RETURNED = ["last_object_clicked", "last_object_clicked_tooltip", "center", "zoom"]
MAP_KEY = "map"
_CLICK_PX = 8


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


def map_spec(items, lang: str, basemap: str, sources: list, view: tuple | None,
             location: tuple | None, version=None) -> MapSpec:
    zoom = view[2] if view else DEFAULT_ZOOM
    level = display_level(zoom)
    bbox = view_window(view[1], view[0], zoom) if (level.clip and view) else None
    return MapSpec(tuple(items["id"]), lang, basemap, tuple(sources), level.resolution,
                   level.tolerance_m, level.decimals, bbox, location, version)


def _shift(basemap: str):
    return basemaps.display_shift(basemap)


@st.cache_resource(show_spinner=False, max_entries=24)
def _background(entry_id: str, resolution: str, decimals: int, bbox, basemap: str):
    entry = load_registry().layer(entry_id)
    if entry.source == "lakes":
        gdf = load_lakes()
    else:
        gdf = load_regions(entry.source.split(":")[1], resolution)
    gdf = gdf[["geometry"]]
    # coverage-simplified files: no further simplification, so shared borders stay shared
    return for_display(gdf, tolerance_m=0, decimals=decimals, bbox=bbox, shift=_shift(basemap))


@st.cache_resource(show_spinner=False, max_entries=12)
def _projects(tolerance_m: float, decimals: int, bbox, basemap: str,
              version) -> gpd.GeoDataFrame:
    """Display geometry of every item in the store (catalog + imported) at one level."""
    cols = ["id", "name_zh", "name_en", "layer", "status", "geometry"]
    return for_display(load_all()[cols], tolerance_m=tolerance_m, decimals=decimals,
                       bbox=bbox, shift=_shift(basemap))


def display_items(spec: MapSpec) -> gpd.GeoDataFrame:
    """The display geometry of the items in ``spec`` (subset of the cached frame)."""
    frame = _projects(spec.tolerance_m, spec.decimals, spec.bbox, spec.basemap, spec.version)
    return frame[frame["id"].isin(set(spec.ids))]


def build_map(spec: MapSpec) -> folium.Map:
    """The folium map for ``spec``: background, project layers, tools, legend."""
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
    for tile in basemaps.tile_layers(list(spec.tiles)):
        tile.add_to(fmap)

    drawn: dict[str, set] = {}
    layer_objs: dict[str, object] = {}
    province_layer = None
    for entry in registry.background:
        if not offline and entry.source == "lakes":
            continue                      # tile basemaps draw their own water
        gdf = _background(entry.id, spec.resolution, spec.decimals, spec.bbox, spec.basemap)
        layer = to_folium(entry, gdf, lang)
        layer.add_to(fmap)
        drawn[entry.id] = {entry.legend}
        layer_objs[entry.id] = layer
        if entry.source == "regions:province":
            province_layer = layer
    if offline and province_layer is not None:
        LandFill(province_layer, basemaps.OFFLINE_COLORS["land"],
                 basemaps.OFFLINE_COLORS["sea"]).add_to(fmap)

    items = display_items(spec)
    project_layers = []
    statuses = set()
    for entry in registry.projects:
        part = items[items["layer"] == entry.project_layer]
        if len(part) == 0:
            continue
        layer = to_folium(entry, part, lang)
        layer.add_to(fmap)
        project_layers.append(layer)
        drawn[entry.id] = feature_kinds(part)
        layer_objs[entry.id] = layer
        statuses |= {registry.status_class(s).id for s in part["status"]}

    MetricScale().add_to(fmap)
    fullscreen(lang).add_to(fmap)
    measure(lang).add_to(fmap)
    if project_layers:
        SearchControl(project_layers, lang).add_to(fmap)
    if offline and province_layer is not None:
        MiniMap(lang, vector_layer=province_layer, land=basemaps.OFFLINE_COLORS["land"],
                sea=basemaps.OFFLINE_COLORS["sea"]).add_to(fmap)
    elif spec.tiles:
        MiniMap(lang, sources=spec.tiles[:1]).add_to(fmap)
    rows = legend_rows(registry, drawn, statuses, lang)
    Legend(legend_html(rows, lang), layer_objs, position="bottomleft").add_to(fmap)
    return use_vendored_assets(fmap)


def selection_overlay(spec: MapSpec, item_id: str | None, lang: str) -> Overlay | None:
    """A halo under the selected item (display geometry), or None."""
    if not item_id:
        return None
    items = display_items(spec)
    hit = items[items["id"] == item_id]
    if len(hit) == 0:
        return None
    gdf = hit[["geometry"]].assign(label="")
    return Overlay(name=t("selection", lang), gdf=gdf, color="#ffd400", weight=10.0,
                   fill_opacity=0.0, style={"opacity": 0.85, "radius": 11})


def _overlay_display(overlay: Overlay, spec: MapSpec) -> gpd.GeoDataFrame:
    level = display_level(spec.location[2] if spec.location else DEFAULT_ZOOM)
    gdf = overlay.gdf
    gdf = gdf.set_crs(4326) if gdf.crs is None else gdf.to_crs(4326)
    gdf = gdf[~(gdf.geometry.isna() | gdf.geometry.is_empty)]
    if (gdf.geom_type == "GeometryCollection").any():
        gdf = gdf.explode(index_parts=False)
    return for_display(gdf, tolerance_m=level.tolerance_m / 2,
                       decimals=level.decimals + 1, shift=_shift(spec.basemap))


def _to_wgs84(lat: float, lon: float, basemap: str) -> tuple[float, float]:
    if _shift(basemap) is None:
        return lat, lon
    wlon, wlat = gcj02_to_wgs84(lon, lat)
    return float(wlat), float(wlon)


def item_view(item_geometry) -> tuple:
    """(lat, lon, zoom) that frames one item."""
    lon0, lat0, lon1, lat1 = item_geometry.bounds
    pad_x, pad_y = max((lon1 - lon0) * 0.1, 0.02), max((lat1 - lat0) * 0.1, 0.02)
    return zoom_to_fit((lon0 - pad_x, lat0 - pad_y, lon1 + pad_x, lat1 + pad_y),
                       max_zoom=12)


def go_to(view: tuple) -> None:
    """Steer the map to (lat, lon, zoom) on its next draw (a table row was chosen)."""
    state.set_view(*view)
    st.session_state["_map_cmd"] = tuple(view)


def _absorb(out: dict | None, items, lang: str, basemap: str, sources: list,
            version=None) -> None:
    """Take a returned map value into the session: the view, and a click (→ selection)."""
    ss = st.session_state
    if not out or out == ss.get("_map_seen"):
        return                  # nothing new from the map (a stale value must not undo a go_to)
    ss["_map_seen"] = dict(out)
    c, z = out.get("center"), out.get("zoom")
    if c and z is not None:
        lat, lon = _to_wgs84(float(c["lat"]), float(c["lng"]), basemap)
        new = (round(lat, 4), round(lon, 4), float(z))
        if new != state.view():
            cmd = ss.get("_map_cmd")
            if cmd is not None and not _same(new, cmd):
                ss["_map_cmd"] = None           # the user moved on: stop steering
            state.set_view(*new)
    click = out.get("last_object_clicked")
    tip = out.get("last_object_clicked_tooltip")
    key = (click.get("lat"), click.get("lng"), tip) if click else None
    if key is None or key == ss.get("_last_click"):
        return
    ss["_last_click"] = key
    lat, lon = _to_wgs84(float(click["lat"]), float(click["lng"]), basemap)
    zoom_now = (state.view() or (0, 0, DEFAULT_ZOOM))[2]
    tol = _CLICK_PX * 156543.03 * math.cos(math.radians(lat)) / 2 ** zoom_now
    spec = map_spec(items, lang, basemap, sources, state.view(), None, version)
    hit = pick(display_items(spec).set_index("id", drop=False), lon, lat, tolerance_m=tol,
               labels=_tip_label(tip), label_column="name_zh" if lang == "zh" else "name_en")
    if hit is not None:
        state.set_selected(hit)


def show_map(items, lang: str, basemap: str, sources: list, overlays: list[Overlay],
             version=None) -> None:
    """Draw the map (one ``st_folium`` call) after taking in what it last returned.

    The component's last value (view, click) is read from the session before
    the map is built, so a click shows its halo and a zoom past a detail level
    gets the finer data in the same run.
    """
    ss = st.session_state
    _absorb(ss.get(MAP_KEY), items, lang, basemap, sources, version)
    view = state.view()
    # the map keeps the location it was built with until what it draws changes
    probe = map_spec(items, lang, basemap, sources, view, None, version)
    built = ss.get("_map_built")
    if built is None or built[0] != probe:
        ss["_map_built"] = (probe, view)
    spec = map_spec(items, lang, basemap, sources, view, ss["_map_built"][1], version)
    fmap = build_map(spec)

    groups = []
    halo = selection_overlay(spec, state.selected(), lang)
    if halo is not None:
        groups.append(overlay_to_folium(halo, pane="yrdHalo"))
    for ov in overlays:
        groups.append(overlay_to_folium(ov, _overlay_display(ov, spec)))
        if ov.fit and len(ov.gdf):
            bounds = tuple(round(float(b), 4) for b in ov.gdf.total_bounds)
            if ss.get("_fit_done") != (ov.name, bounds):
                ss["_fit_done"] = (ov.name, bounds)
                go_to(zoom_to_fit(bounds))
    cmd = ss.get("_map_cmd")
    center = zoom = None
    if cmd is not None:
        lat, lon, zoom = cmd
        if _shift(basemap) is not None:
            lon, lat = (float(v) for v in wgs84_to_gcj02(lon, lat))
        center = [lat, lon]
    st_folium(fmap, key=MAP_KEY, height=MAP_HEIGHT, use_container_width=True,
              returned_objects=RETURNED, center=center, zoom=zoom,
              feature_group_to_add=groups or None,
              layer_control=folium.LayerControl(collapsed=True, position="topright"))


def _tip_label(tip: str | None) -> str | None:
    """The name part of a clicked tooltip (``name · layer``)."""
    if not tip:
        return None
    return tip.rsplit(" · ", 1)[0].strip() or None


def _same(a: tuple, b: tuple) -> bool:
    return abs(a[0] - b[0]) < 1e-3 and abs(a[1] - b[1]) < 1e-3 and a[2] == b[2]
