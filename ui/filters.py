"""The sidebar: language, filters and basemap widgets.

Widgets are keyed (:data:`ui.state.KEYS`) and take their initial values from the
session state that :func:`ui.state.init_from_url` filled, so the URL restores
them. Options are codes (adcodes, layer keys, status verbs) shown through a
``format_func`` in the UI language: switching language keeps every choice.
"""
from __future__ import annotations

import streamlit as st

from geo import config
from geo.regions import regions
from geo.schema import LAYERS, STATUS
from layers.basemaps import BASEMAPS
from geo.i18n import LANGS, t
from layers.i18n import layer_label, status_label
from ui.state import DEFAULT_MAP_SIZE, KEYS, MAP_SIZES, keep_choices, map_height

__all__ = ["language_switch", "filter_sidebar", "basemap_sidebar", "internet_note",
           "map_size_sidebar"]

_LANG_NAMES = {"zh": "中文", "en": "English"}


def language_switch() -> str:
    """The language radio (top of the sidebar); returns ``zh`` or ``en``."""
    lang = st.session_state.get(KEYS["lang"], "zh")
    st.sidebar.radio(t("app.language", lang), LANGS, key=KEYS["lang"], horizontal=True,
                     format_func=_LANG_NAMES.get, on_change=keep_choices)
    return st.session_state[KEYS["lang"]]


def _reset() -> None:
    ss = st.session_state
    ss[KEYS["provinces"]] = []
    ss[KEYS["cities"]] = []
    ss[KEYS["counties"]] = []
    ss[KEYS["layers"]] = list(LAYERS)
    ss[KEYS["status"]] = []
    ss[KEYS["cross"]] = False
    ss[KEYS["text"]] = ""


ONLY_KEY = "w_only_layer"


def _only_layer() -> None:
    """The 只看此图层 row's ``on_change``: that layer alone, the row cleared again."""
    ss = st.session_state
    pick = ss.get(ONLY_KEY)
    if pick:
        ss[KEYS["layers"]] = [pick]
    ss[ONLY_KEY] = None


def filter_sidebar(lang: str) -> None:
    """Province, city, layer, status, cross-provincial and text filters."""
    sb = st.sidebar
    # the reset button sits beside the heading, above the boxes: a multiselect that
    # shrinks when it loses focus (on the mousedown of a click) can't move it away
    # from under the pointer before the mouseup, which used to lose the first click
    head, button = sb.columns([1, 1], vertical_alignment="center")
    head.header(t("app.filters", lang))
    button.button(t("app.reset", lang), on_click=_reset, key="w_reset", width="stretch")
    names = {r.adcode: r.label(lang) for r in regions()}
    provinces = [r.adcode for r in regions("province")]
    sb.multiselect(t("app.provinces", lang), provinces, key=KEYS["provinces"],
                   format_func=names.get, placeholder=t("app.all", lang))
    chosen = set(st.session_state.get(KEYS["provinces"]) or [])
    cities = [r.adcode for r in regions("city") if not chosen or r.province_adcode in chosen]
    # a city of a province no longer chosen would break the widget: drop it first
    kept = [c for c in st.session_state.get(KEYS["cities"]) or [] if c in cities]
    if kept != (st.session_state.get(KEYS["cities"]) or []):
        st.session_state[KEYS["cities"]] = kept
    sb.multiselect(t("app.cities", lang), cities, key=KEYS["cities"], format_func=names.get,
                   placeholder=t("app.all", lang))
    in_cities = set(st.session_state.get(KEYS["cities"]) or [])
    counties = [r.adcode for r in regions("county")
                if (not in_cities or r.city_adcode in in_cities)
                and (not chosen or r.province_adcode in chosen)]
    kept = [c for c in st.session_state.get(KEYS["counties"]) or [] if c in counties]
    if kept != (st.session_state.get(KEYS["counties"]) or []):
        st.session_state[KEYS["counties"]] = kept
    county_names = _county_names(lang)
    sb.multiselect(t("app.counties", lang), counties, key=KEYS["counties"],
                   format_func=county_names.get, placeholder=t("app.all", lang))
    sb.pills(t("app.layers", lang), list(LAYERS), selection_mode="multi", key=KEYS["layers"],
             format_func=lambda k: layer_label(k, lang))
    # one click to see one layer alone (a button row: the pick is cleared at once)
    sb.pills(t("app.only_layer", lang), list(LAYERS), selection_mode="single", key=ONLY_KEY,
             format_func=lambda k: layer_label(k, lang), on_change=_only_layer,
             help=t("app.only_layer_help", lang))
    sb.multiselect(t("app.status", lang), list(STATUS), key=KEYS["status"],
                   format_func=lambda s: status_label(s, lang), placeholder=t("app.all", lang))
    sb.toggle(t("app.cross_only", lang), key=KEYS["cross"])
    sb.text_input(t("app.search_text", lang), key=KEYS["text"], help=t("app.search_help", lang))


def _county_names(lang: str) -> dict:
    """County adcode → its name, with its city where the name alone is ambiguous
    (鼓楼区 is in 南京 and in 徐州)."""
    from collections import Counter

    everything = regions()
    cities = {r.adcode: r for r in everything if r.level == "city"}
    counties = [r for r in everything if r.level == "county"]
    seen = Counter(r.label(lang) for r in counties)
    out = {}
    for r in counties:
        label = r.label(lang)
        city = cities.get(r.city_adcode)
        if seen[label] > 1 and city is not None:
            label = f"{label}（{city.label(lang)}）" if lang == "zh" else f"{label} ({city.label(lang)})"
        out[r.adcode] = label
    return out


#: the sidebar's Tianditu key box
TDT_KEY = "w_tdt_key"


def tianditu_key(basemap: str) -> str | None:
    """The Tianditu key for ``basemap``: the sidebar's box, else the ``tianditu_key``
    setting (``TIANDITU_KEY``); ``None`` for any other basemap."""
    if basemap != "tianditu":
        return None
    return st.session_state.get(TDT_KEY) or config.get("tianditu_key")


def basemap_sidebar(lang: str) -> str | None:
    """Basemap choice (+ Tianditu key or custom URL when needed).

    Returns the Tianditu key (from the sidebar or ``TIANDITU_KEY``); the key is
    kept out of the URL state.
    """
    sb = st.sidebar
    sb.selectbox(t("app.basemap", lang), list(BASEMAPS), key=KEYS["basemap"],
                 format_func=lambda b: BASEMAPS[b].title(lang), help=t("app.basemap_help", lang))
    basemap = st.session_state[KEYS["basemap"]]
    if basemap == "tianditu":
        sb.text_input(t("app.tianditu_key", lang), type="password", key=TDT_KEY,
                      help=t("app.tianditu_key_help", lang))
    key = tianditu_key(basemap)
    if basemap == "custom":
        sb.text_input(t("app.custom_url", lang), key=KEYS["tiles"], help=t("app.custom_url_help", lang))
    note = internet_note(basemap, lang, key=key, url=st.session_state.get(KEYS["tiles"]))
    if note:
        sb.caption(note)
    return key


def internet_note(basemap: str, lang: str, *, key: str | None = None,
                  url: str | None = None) -> str | None:
    """The note under the basemap box that a tile basemap needs its (internet) server,
    naming the host; None for the offline basemap (or tiles not yet configured).

    >>> internet_note("osm", "zh")
    '此底图需要联网：瓦片来自 tile.openstreetmap.org。'
    >>> internet_note("offline", "en") is None
    True
    """
    from layers.basemaps import BasemapError, tile_sources
    from layers.tile_status import source_hosts

    try:
        hosts = source_hosts(tile_sources(basemap, key=key, url=url))
    except BasemapError:
        hosts = ["tianditu.gov.cn"] if basemap == "tianditu" else []
    if not hosts:
        return None
    return t("app.basemap_needs_internet", lang, host=", ".join(hosts))


def map_size_sidebar(lang: str) -> None:
    """The map's size (small / medium / large, :data:`ui.state.MAP_SIZES`): medium, the
    default, keeps the whole map above the fold of a 1366×768 screen."""
    if KEYS["map_size"] not in st.session_state:
        st.session_state[KEYS["map_size"]] = DEFAULT_MAP_SIZE
    st.sidebar.segmented_control(t("app.map_size", lang), list(MAP_SIZES), key=KEYS["map_size"],
                                 format_func=lambda k: t(f"app.map_size_{k}", lang))


def region_outline(adcodes, lang: str):
    """The outline of the chosen provinces / cities / counties (``adcodes``) as an
    :class:`~layers.overlay.Overlay` drawn over the map, or None when none is chosen.

    >>> ov = region_outline([330000], "zh")
    >>> ov.name, list(ov.gdf["label"])
    ('所选区域', ['浙江省'])
    >>> region_outline([], "en") is None
    True
    """
    import pandas as pd

    from geo.catalog import load_regions
    from layers.overlay import Overlay

    wanted = {int(a) for a in adcodes}
    if not wanted:
        return None
    frames = [g[g["adcode"].isin(wanted)] for g in
              (load_regions(level, "s100") for level in ("province", "city", "county"))]
    import geopandas as gpd

    hits = gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), crs=frames[0].crs)
    name = "name_zh" if lang == "zh" else "name_en"
    gdf = hits[["geometry"]].assign(label=hits[name].astype(str).to_numpy())
    return Overlay(name=t("app.chosen_regions", lang), gdf=gdf, color="#e4572e", weight=3.0,
                   dash="8 4", fill_opacity=0.0, style={"opacity": 0.95})


def results_view(items, regions=None, *, width_px: int = 700,
                 height_px: int = MAP_SIZES[DEFAULT_MAP_SIZE]) -> tuple | None:
    """(lat, lon, zoom) that frames the chosen ``regions`` (an Overlay's frame) when there
    are any, else the ``items``; None when there is nothing to frame.

    A line running from 浙江 to 上海 is among 浙江's results: framing the province, not
    every result's whole extent, is what brings the map to the choice. ``width_px`` and
    ``height_px``: the map's size (the sidebar's size choice, the map column's width).

    >>> from shapely.geometry import Point
    >>> import geopandas as gpd
    >>> results_view(gpd.GeoDataFrame(geometry=[Point(120, 30), Point(121, 31)], crs=4326))
    (30.5016, 120.5, 9.0)
    """
    from geo.display import zoom_to_fit

    frame = regions if regions is not None and len(regions) else items
    if frame is None or not len(frame):
        return None
    lon0, lat0, lon1, lat1 = (float(v) for v in frame.total_bounds)
    pad_x, pad_y = max((lon1 - lon0) * 0.05, 0.02), max((lat1 - lat0) * 0.05, 0.02)
    return zoom_to_fit((lon0 - pad_x, lat0 - pad_y, lon1 + pad_x, lat1 + pad_y),
                       width_px=width_px, height_px=height_px, max_zoom=12)


def follow_filters(lang: str, items, regions: tuple, text: str) -> list:
    """When the chosen regions or the search text change, move the map to the results
    (:func:`results_view`, through :func:`ui.map_view.go_to`); return the overlays to draw
    (the chosen regions' outline). The first run (a shared link's view) does not move."""
    from ui import map_view

    outline = region_outline(regions, lang)
    wanted = (tuple(regions), (text or "").strip())
    before = st.session_state.get("_followed")
    st.session_state["_followed"] = wanted
    if before is not None and before != wanted:
        if wanted == ((), ""):
            from layers.map_builder import YRD_BOUNDS

            from geo.display import zoom_to_fit

            map_view.go_to(zoom_to_fit(YRD_BOUNDS))
        else:
            view = results_view(items, outline.gdf if outline is not None else None,
                                height_px=map_height())
            if view is not None:
                map_view.go_to(view)
    return [outline] if outline is not None else []
