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
from layers.i18n import LANGS, layer_label, status_label, t
from ui.state import KEYS

__all__ = ["language_switch", "filter_sidebar", "basemap_sidebar"]

_LANG_NAMES = {"zh": "中文", "en": "English"}


def language_switch() -> str:
    """The language radio (top of the sidebar); returns ``zh`` or ``en``."""
    lang = st.session_state.get(KEYS["lang"], "zh")
    st.sidebar.radio(t("language", lang), LANGS, key=KEYS["lang"], horizontal=True,
                     format_func=_LANG_NAMES.get)
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
    sb.header(t("filters", lang))
    names = {r.adcode: r.label(lang) for r in regions()}
    provinces = [r.adcode for r in regions("province")]
    sb.multiselect(t("provinces", lang), provinces, key=KEYS["provinces"],
                   format_func=names.get, placeholder=t("all", lang))
    chosen = set(st.session_state.get(KEYS["provinces"]) or [])
    cities = [r.adcode for r in regions("city") if not chosen or r.province_adcode in chosen]
    # a city of a province no longer chosen would break the widget: drop it first
    kept = [c for c in st.session_state.get(KEYS["cities"]) or [] if c in cities]
    if kept != (st.session_state.get(KEYS["cities"]) or []):
        st.session_state[KEYS["cities"]] = kept
    sb.multiselect(t("cities", lang), cities, key=KEYS["cities"], format_func=names.get,
                   placeholder=t("all", lang))
    sb.pills(t("layers", lang), list(LAYERS), selection_mode="multi", key=KEYS["layers"],
             format_func=lambda k: layer_label(k, lang))
    sb.multiselect(t("status", lang), list(STATUS), key=KEYS["status"],
                   format_func=lambda s: status_label(s, lang), placeholder=t("all", lang))
    sb.toggle(t("cross_only", lang), key=KEYS["cross"])
    sb.text_input(t("search_text", lang), key=KEYS["text"], help=t("search_help", lang))
    sb.button(t("reset", lang), on_click=_reset)


def basemap_sidebar(lang: str) -> str | None:
    """Basemap choice (+ Tianditu key or custom URL when needed).

    Returns the Tianditu key (from the sidebar or ``TIANDITU_KEY``); the key is
    kept out of the URL state.
    """
    sb = st.sidebar
    sb.selectbox(t("basemap", lang), list(BASEMAPS), key=KEYS["basemap"],
                 format_func=lambda b: BASEMAPS[b].title(lang))
    basemap = st.session_state[KEYS["basemap"]]
    key = None
    if basemap == "tianditu":
        key = sb.text_input(t("tianditu_key", lang), type="password", key="w_tdt_key",
                            help=t("tianditu_key_help", lang)) or config.get("tianditu_key")
    if basemap == "custom":
        sb.text_input(t("custom_url", lang), key=KEYS["tiles"], help=t("custom_url_help", lang))
    return key
