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

import html

import streamlit as st
from streamlit_folium import st_folium

from geo.datum import gcj02_to_wgs84, wgs84_to_gcj02
from geo.display import metres_per_pixel, pick, zoom_to_fit
from layers import basemaps
from layers.folium_layers import overlay_to_folium
from layers.assets import data_urls, preload_data, use_vendored_assets
from layers.clusters import MAX_SHAPES
from layers.controls import LayerControl
from layers.map_builder import (DEFAULT_ZOOM, YRD_BOUNDS, MapSpec, base_map, base_spec,
                                build_map, display_items, item_layers, map_spec,
                                overlay_display, selection_overlay)
from layers.overlay import Overlay
from geo.i18n import t
from geo.registry import load_registry
from ui import state

__all__ = ["MapSpec", "YRD_BOUNDS", "DEFAULT_ZOOM", "MAP_HEIGHT", "MAP_KEY", "RETURNED",
           "map_spec", "build_map", "display_items", "selection_overlay", "item_view", "go_to",
           "show_map"]

MAP_HEIGHT = state.MAP_SIZES[state.DEFAULT_MAP_SIZE]   # the sidebar chooses (#17.10)
#: what st_folium sends back: a click on a feature (point + tooltip) and the view
RETURNED = ["last_object_clicked", "last_object_clicked_tooltip", "center", "zoom",
            "selected_layers"]   # layer-control clicks (layers.controls.LayerControl)
MAP_KEY = "map"
_CLICK_PX = 8


def _shift(basemap: str):
    return basemaps.display_shift(basemap)


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
        ss["_map_view"] = new               # what the map shows now (its detail level)
        if new != state.view():
            cmd = ss.get("_map_cmd")
            if cmd is not None and not _same(new, cmd):
                ss["_map_cmd"] = None           # the user moved on: stop steering
            state.set_view(*new)
    _absorb_layer_clicks(out.get("selected_layers"))
    click = out.get("last_object_clicked")
    tip = out.get("last_object_clicked_tooltip")
    key = (click.get("lat"), click.get("lng"), tip) if click else None
    if key is None or key == ss.get("_last_click"):
        return
    ss["_last_click"] = key
    lat, lon = _to_wgs84(float(click["lat"]), float(click["lng"]), basemap)
    zoom_now = (state.view() or (0, 0, DEFAULT_ZOOM))[2]
    tol = _CLICK_PX * metres_per_pixel(zoom_now, lat)
    spec = map_spec(items, lang, basemap, sources, ss.get("_map_view") or state.view(), None,
                    version)
    shown = display_items(spec)
    if len(shown) > MAX_SHAPES:
        return                  # counted circles (a click zooms in), no item to pick
    hit = pick(shown.set_index("id", drop=False), lon, lat, tolerance_m=tol,
               labels=_tip_label(tip), label_column="name_zh" if lang == "zh" else "name_en")
    if hit is not None:
        state.set_selected(hit)


def _background_names() -> dict:
    """{layer-control name in either language: registry entry} of the background layers."""
    return {html.escape(e.title(lg)): e for e in load_registry().background for lg in ("zh", "en")}


def _absorb_layer_clicks(clicked) -> None:
    """Background layers switched in the layer control → the session (and the link)."""
    names = _background_names()
    for got in clicked or []:
        entry = names.get((got or {}).get("name"))
        if entry is not None and got.get("url") in ("on", "off"):
            state.set_background(entry.id, got["url"] == "on", bool(entry.show))


def layer_control_start(lang: str) -> dict:
    """{layer-control name: shown} of the background layers the session (or a link's
    ``show=``/``hide=``) switched away from their start state."""
    registry = load_registry()
    return {html.escape(registry.layer(i).title(lang)): on
            for i, on in state.background_toggled().items()}


def show_map(items, lang: str, basemap: str, sources: list, overlays: list[Overlay],
             version=None) -> None:
    """Draw the map (one ``st_folium`` call) after taking in what it last returned.

    The component's last value (view, click) is read from the session before
    the map is built, so a click shows its halo and a zoom past a detail level
    gets the finer data in the same run. The base map (tiles, background,
    tools) depends only on language, basemap and the view it started at, so
    its script — and the component's identity — stays the same while filters,
    selection, overlays and zoom change: those go as ``feature_group_to_add``
    and the frame is never reloaded. The data of layers hidden at start is not
    sent: the browser fetches it (a static file) when the layer is switched on.
    """
    ss = st.session_state
    _absorb(ss.get(MAP_KEY), items, lang, basemap, sources, version)
    view = state.view()
    # what the base script depends on: the basemap and, through the offline basemap's
    # place names (layers.basemap_layers), the language — a new base starts at the view
    key = (lang, basemap, tuple(sources))
    built = ss.get("_map_built")
    fresh = built is None or built[0] != key      # a new frame draws this base
    if fresh:
        ss["_map_built"] = built = (key, view)
        ss["_map_view"] = view
    # the detail level of the view the map shows (a go_to moves it after this run; the
    # finer data follows when the map reports its new view)
    spec = map_spec(items, lang, basemap, sources, ss.get("_map_view"), built[1], version)
    start = base_spec(spec)
    base = base_map(start, lazy_hidden=True)

    extra = []
    halo = selection_overlay(spec, state.selected(), lang)
    if halo is not None:
        extra.append(overlay_to_folium(halo, pane="yrdHalo"))
    for ov in overlays:
        extra.append(overlay_to_folium(ov, overlay_display(ov, spec)))
        if ov.fit and len(ov.gdf):
            bounds = tuple(round(float(b), 4) for b in ov.gdf.total_bounds)
            if ss.get("_fit_done") != (ov.name, bounds):
                ss["_fit_done"] = (ov.name, bounds)
                go_to(zoom_to_fit(bounds))
    groups = item_layers(spec, base, base_level=start, extra=extra, by_url=True)
    # a new frame's data files load while its map script runs; the same links on every
    # run of that frame keep its element unchanged when nothing else changed
    if fresh or ss.get("_map_preload") is None:
        ss["_map_preload"] = data_urls(groups)
    preload_data(base.fmap, ss["_map_preload"])
    cmd = ss.get("_map_cmd")
    center = zoom = None
    if cmd is not None:
        lat, lon, zoom = cmd
        if _shift(basemap) is not None:
            lon, lat = (float(v) for v in wgs84_to_gcj02(lon, lat))
        center = [lat, lon]
    # render=False: st_folium still renders the map (its header and html), but skips
    # rendering the whole figure into a page nobody reads (that compiled every script
    # as a template; layers.folium_layers keeps that text uncompiled until used)
    st_folium(use_vendored_assets(base.fmap), key=MAP_KEY, height=state.map_height(),
              render=False,
              use_container_width=True, returned_objects=RETURNED, center=center, zoom=zoom,
              feature_group_to_add=groups,
              layer_control=LayerControl(collapsed=True, position="topright",
                                         start=layer_control_start(lang)))
    in_view = len(display_items(spec))
    if in_view > MAX_SHAPES:
        st.caption(t("app.clusters_note", lang, n=f"{in_view:,}"))


def _tip_label(tip: str | None) -> str | None:
    """The name part of a clicked tooltip (``name · layer``)."""
    if not tip:
        return None
    return tip.rsplit(" · ", 1)[0].strip() or None


def _same(a: tuple, b: tuple) -> bool:
    return abs(a[0] - b[0]) < 1e-3 and abs(a[1] - b[1]) < 1e-3 and a[2] == b[2]
