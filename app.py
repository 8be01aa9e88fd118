"""yrdmap — 长三角一体化 项目一张图 (Streamlit page; composes geo/ and layers/).

Layout: sidebar (language, filters, basemap, import) · title and source note ·
count badges · map with the details panel beside it · tabs: results table,
统计 / Statistics, 邻接分析 / Adjacency, 导出 / Export. A browser session's first run
draws the head and the map alone (ui.first_paint, setting map_first), the rest
follows. Every piece lives in ui/ (Streamlit panels), layers/ (what the map draws) and
geo/ (the engine); this file only wires them.
"""
from __future__ import annotations

import logging

import streamlit as st

from geo import i18n
from geo.display import view_bounds
from geo.select import filter_projects
from geo.store import StoreError, get_store, load_all_with_regions
from layers import basemaps
from geo.i18n import t
from ui import map_view, state
from ui.adjacency import adjacency_panel, map_overlays
from ui.details import details_panel
from ui.export import export_panel
from ui.filters import (basemap_sidebar, filter_sidebar, follow_filters, language_switch,
                        map_size_sidebar, tianditu_key)
from ui import first_paint
from ui.importer import import_panel
from ui.results import count_badges, results_table
from ui.search import search_hits
from ui.stats import stats_panel
from geo.tracking.service import edit_log, with_tracking
from ui.progress import progress_panel
from ui.signin import signin_sidebar, viewing_gated

st.set_page_config(page_title="长三角一体化 项目一张图 · YRD Projects Map", layout="wide")
# a compact head (less top padding, a smaller title): at 1366×768 the map fits above the fold
st.html("<style>[data-testid='stMainBlockContainer']{padding-top:1.6rem}"
        "[data-testid='stMainBlockContainer'] h1{font-size:1.9rem;padding:0.2rem 0 0.4rem}</style>")


@st.cache_resource(show_spinner="加载数据 / Loading data…", max_entries=4)
def _items_at(version):
    return load_all_with_regions()


@st.cache_resource(show_spinner=False, max_entries=4)
def _tracked_at(version, log_stamp):
    """The items with their tracked state (progress, deadline, … from the edit log)."""
    return with_tracking(_items_at(version), edit_log())


@st.cache_resource(show_spinner=False)
def _plan_only():
    """The bundled catalog alone, for when the store cannot be read."""
    from geo.catalog import load_projects
    from geo.select import with_regions

    return with_regions(load_projects())


def store_version():
    """The store's version (and its edit log's), or None when it cannot be read."""
    try:
        return (get_store().version(), edit_log().stamp())
    except StoreError:
        return None


def catalog():
    """Every item — the plan's catalog and the imported ones (geo.store) — with its
    computed provinces, cities, km and km² (cached until the store changes)."""
    try:
        return _tracked_at(get_store().version(), edit_log().stamp())
    except StoreError as exc:                   # a broken store / down database: say so, show the plan
        # the details (database user, host, port, paths) go to the server's log, not to
        # every visitor's page
        logging.getLogger("yrdmap").warning("the project store cannot be read: %s", exc)
        st.error(t("app.store_down", st.session_state.get(state.KEYS["lang"], "zh")))
        return _plan_only()


def select_items(s: state.ViewState):
    """The items the filters let through (the layer pills off = nothing)."""
    items = catalog()
    if s.layers == ():
        return items.iloc[0:0]
    return filter_projects(items, provinces=s.provinces, cities=s.cities,
                           layers=s.layers or (), status=s.status, text=s.text or None,
                           cross_provincial=s.cross, counties=s.counties)


def choose_basemap(s: state.ViewState, key: str | None, lang: str):
    """(basemap id, tile sources); falls back to offline with a warning."""
    try:
        return s.basemap, basemaps.tile_sources(s.basemap, key=key, url=s.tiles)
    except basemaps.BasemapError:
        st.warning(t("app.tianditu_needs_key" if s.basemap == "tianditu" else "app.custom_needs_url",
                     lang))
        return basemaps.DEFAULT_BASEMAP, []


@st.fragment
def map_and_details(items, lang: str, basemap: str, sources: list, overlays: list) -> None:
    """Map and details side by side; map interactions rerun only this part."""
    col_map, col_details = st.columns([3.4, 1], gap="small")
    with col_map:
        map_view.show_map(items, lang, basemap, sources, overlays, version=store_version())
        if basemaps.display_shift(basemap) is not None:
            st.caption(t("app.gcj_note", lang))
        elif basemaps.is_offline(basemap):
            st.caption(t("app.map_help", lang) + " " + t("app.minimap_offline_note", lang))
    with col_details:
        chosen = state.selected()
        item = None
        if chosen:
            hits = catalog()[catalog()["id"] == chosen]
            item = hits.iloc[0] if len(hits) else None
            if item is not None and chosen not in set(items["id"]):
                st.info(t("app.selected_hidden", lang))
        details_panel(item, lang)
        if item is not None:
            st.button(t("app.clear_selection", lang), on_click=state.set_selected, args=(None,))
    state.write_url(state.current_state())


issues = state.init_from_url(frozenset(catalog()["id"]))
# a browser session's first run draws the head and the map alone, with a note in the
# sidebar; the whole page follows 0.8 s later (ui.first_paint; setting map_first)
MAP_FIRST = first_paint.map_first(gated=viewing_gated())
if MAP_FIRST:
    first = state.current_state()
    lang = first.lang
    first_paint.sidebar_note(lang)
    tdt_key = tianditu_key(first.basemap)
else:
    lang = language_switch()
    signin_sidebar(lang)
    filter_sidebar(lang)
    search_hits(lang, catalog())              # ranked items and places for the search text
    tdt_key = basemap_sidebar(lang)
    map_size_sidebar(lang)
    st.sidebar.caption(t("app.share", lang))
    with st.sidebar.expander(t("app.import", lang), key="w_import_box"):  # keyed: stays open
        import_panel(lang)

st.title(t("app.page_title", lang))
st.caption(t("app.source_note", lang))
for issue in st.session_state.get("_url_issues", []):
    st.warning(t(issue.code, lang, k=issue.param, v=issue.value))

current = state.current_state()
try:
    items = select_items(current)
except (LookupError, ValueError) as exc:          # a bad filter value: say so, show all
    st.warning(t("app.data_error", lang, e=exc))
    items = catalog()
basemap, sources = choose_basemap(current, tdt_key, lang)

count_badges(items, lang)
if len(items) == 0:
    st.info(t("app.no_results", lang))
map_slot = st.container()
if MAP_FIRST:
    # the chosen regions' outline and the map; the tabs come with the whole page
    with map_slot:
        map_and_details(items, lang, basemap, sources,
                        follow_filters(lang, items, current.provinces + current.cities
                                       + current.counties, current.text))
    st.stop()
# lazy tabs: only the open one runs (its key keeps it open across reruns and languages)
TABS = ("app.results", "app.stats", "app.adjacency", "app.export", "progress")


def _tab_label(k: str, lg: str) -> str:
    return i18n.t("tracking.progress_tab", lg) if k == "progress" else t(k, lg)


labels = [_tab_label(k, lang) for k in TABS]
if "w_tab" not in st.session_state and any(k.startswith("adj_") for k in st.query_params):
    st.session_state["w_tab"] = t("app.adjacency", lang)      # a shared adjacency link
if st.session_state.get("w_tab") not in labels:
    old = st.session_state.get("w_tab")
    st.session_state["w_tab"] = next((_tab_label(k, lang) for k in TABS for lg in ("zh", "en")
                                      if _tab_label(k, lg) == old), labels[0])
tab_table, tab_stats, tab_adjacency, tab_export, tab_progress = st.tabs(
    labels, key="w_tab", on_change="rerun")
# 邻接分析 / Adjacency: its overlays are worked out first, its panel drawn after the map
overlays = map_overlays(lang, items) if tab_adjacency.open else []
# the chosen regions / search text bring the map to the results, their outline drawn
overlays = follow_filters(lang, items, current.provinces + current.cities + current.counties,
                          current.text) + overlays
# the map runs before the other tabs (it sits above them): its delta reaches the browser
# without waiting for the table or a panel
with map_slot:
    map_and_details(items, lang, basemap, sources, overlays)


def pick_item(item_id: str) -> None:
    """A table row was selected: select the item and bring the map to it."""
    state.set_selected(item_id)
    hit = catalog()[catalog()["id"] == item_id]
    if len(hit):
        map_view.go_to(map_view.item_view(hit.geometry.iloc[0]))


if tab_adjacency.open:
    with tab_adjacency:
        adjacency_panel(lang, items)
if tab_table.open and len(items):
    with tab_table:
        results_table(items, lang, on_pick=pick_item)
if tab_stats.open:
    with tab_stats:
        stats_panel(lang, items)
if tab_export.open:
    with tab_export:
        shown = (view_bounds(current.lat, current.lon, current.zoom)
                 if current.zoom is not None else None)
        export_panel(lang, items, shown, dict(
            provinces=current.provinces, cities=current.cities, counties=current.counties,
            layers=current.layers or (),
            status=current.status, text=current.text or None, cross_provincial=current.cross))
if tab_progress.open:
    with tab_progress:
        progress_panel(lang, items)          # 进度: timeline, overdue / due soon, 督办 report
state.write_url(state.current_state())
