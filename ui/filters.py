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
from ui.state import KEYS, keep_choices

__all__ = ["language_switch", "filter_sidebar", "basemap_sidebar", "internet_note"]

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
    ss[KEYS["layers"]] = list(LAYERS)
    ss[KEYS["status"]] = []
    ss[KEYS["cross"]] = False
    ss[KEYS["text"]] = ""


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
    sb.pills(t("app.layers", lang), list(LAYERS), selection_mode="multi", key=KEYS["layers"],
             format_func=lambda k: layer_label(k, lang))
    sb.multiselect(t("app.status", lang), list(STATUS), key=KEYS["status"],
                   format_func=lambda s: status_label(s, lang), placeholder=t("app.all", lang))
    sb.toggle(t("app.cross_only", lang), key=KEYS["cross"])
    sb.text_input(t("app.search_text", lang), key=KEYS["text"], help=t("app.search_help", lang))


def basemap_sidebar(lang: str) -> str | None:
    """Basemap choice (+ Tianditu key or custom URL when needed).

    Returns the Tianditu key (from the sidebar or ``TIANDITU_KEY``); the key is
    kept out of the URL state.
    """
    sb = st.sidebar
    sb.selectbox(t("app.basemap", lang), list(BASEMAPS), key=KEYS["basemap"],
                 format_func=lambda b: BASEMAPS[b].title(lang), help=t("app.basemap_help", lang))
    basemap = st.session_state[KEYS["basemap"]]
    key = None
    if basemap == "tianditu":
        key = sb.text_input(t("app.tianditu_key", lang), type="password", key="w_tdt_key",
                            help=t("app.tianditu_key_help", lang)) or config.get("tianditu_key")
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
