"""Session glue between the URL (``st.query_params``), the widgets and :class:`ViewState`.

On a session's first run the query parameters are decoded into the widgets'
session-state keys (so a shared link restores the view); on every run the
widgets are read back into a :class:`ViewState` and the URL is rewritten when
it changed. The pure encode/decode lives in :mod:`ui.url_state`.
"""
from __future__ import annotations

import streamlit as st

from geo.regions import resolve
from geo.registry import load_registry
from layers.basemaps import BASEMAPS
from ui.url_state import PARAMS, Issue, ViewState, Vocabulary, decode, encode

__all__ = ["KEYS", "LANG_BOUND", "bind_to_language", "keep_choices", "vocabulary",
           "init_from_url", "current_state", "set_params", "write_url", "set_selected",
           "set_view", "selected", "view", "background_toggled", "set_background",
           "BACKGROUND_KEY", "MAP_SIZES", "DEFAULT_MAP_SIZE", "map_height"]

#: widget keys in st.session_state
KEYS = {"lang": "w_lang", "provinces": "w_provinces", "cities": "w_cities", "counties": "w_counties",
        "layers": "w_layers", "status": "w_status", "cross": "w_cross", "text": "w_text",
        "basemap": "w_basemap", "tiles": "w_tiles", "map_size": "w_map_size"}

#: the map's heights (px) the sidebar offers: ``medium`` fits under the title, counts and
#: source note of a 1366×768 screen; ``large`` is the roomier map of a big screen
MAP_SIZES = {"small": 440, "medium": 540, "large": 700}
DEFAULT_MAP_SIZE = "medium"

#: keys of widgets whose options are shown through a language-dependent ``format_func``
LANG_BOUND: set[str] = {KEYS["provinces"], KEYS["cities"], KEYS["counties"], KEYS["layers"], KEYS["status"],
                        KEYS["basemap"]}


def bind_to_language(*keys: str) -> None:
    """Declare widget keys whose option labels change with the language (see
    :func:`keep_choices`)."""
    LANG_BOUND.update(keys)


def keep_choices() -> None:
    """The language radio's ``on_change``: put each language-bound widget's value back
    into the session state.

    Streamlit's browser side keeps a select box's choice as its *label*; after a switch
    the old label matches no option in the new language and comes back as the label
    itself (``base=离线矢量底图（默认）`` in the link, the Chinese label in the English
    box). Read in the callback, the value is still decoded with the old labels (the
    option id); written back, it is what the widget shows in the new language.
    """
    ss = st.session_state
    for key in sorted(LANG_BOUND):
        if key in ss:
            try:
                ss[key] = ss[key]
            except st.errors.StreamlitAPIException:   # a widget that cannot be set
                pass


def vocabulary(items: frozenset | None = None) -> Vocabulary:
    """What the URL may name: layers, statuses, basemaps, regions and ``items`` (ids)."""
    from geo.schema import LAYERS, STATUS

    return Vocabulary(
        layers=tuple(LAYERS), status=dict(STATUS), basemaps=tuple(BASEMAPS),
        province=lambda v: resolve(v, level="province").adcode,
        city=lambda v: resolve(v, level="city").adcode,
        county=lambda v: resolve(v, level="county").adcode,
        items=items, background=tuple(e.id for e in load_registry().background))


def init_from_url(items: frozenset | None = None) -> list[Issue]:
    """First run of a session: put the URL's state into the widget keys.

    ``items`` are the item ids a ``sel`` parameter may name. Returns the
    problems found in the URL (empty on later runs).
    """
    if st.session_state.get("_initialised"):
        return []
    state, issues = decode(st.query_params.to_dict(), vocabulary(items))
    ss = st.session_state
    ss[KEYS["lang"]] = state.lang
    ss[KEYS["provinces"]] = list(state.provinces)
    ss[KEYS["cities"]] = list(state.cities)
    ss[KEYS["counties"]] = list(state.counties)
    ss[KEYS["layers"]] = list(vocabulary().layers if state.layers is None else state.layers)
    ss[KEYS["status"]] = list(state.status)
    ss[KEYS["cross"]] = state.cross
    ss[KEYS["text"]] = state.text
    ss[KEYS["basemap"]] = state.basemap
    ss[KEYS["tiles"]] = state.tiles
    ss["selected"] = state.selected
    ss[BACKGROUND_KEY] = {**{i: True for i in state.shown}, **{i: False for i in state.hidden}}
    ss["view"] = (state.lat, state.lon, state.zoom) if state.zoom is not None else None
    ss["_initialised"] = True
    ss["_url_issues"] = issues
    return issues


def map_height() -> int:
    """The map's height in px, from the sidebar's size choice (:data:`MAP_SIZES`)."""
    size = st.session_state.get(KEYS["map_size"], DEFAULT_MAP_SIZE)
    return MAP_SIZES.get(size, MAP_SIZES[DEFAULT_MAP_SIZE])


#: session key of the background layers the user switched in the layer control
BACKGROUND_KEY = "_background_toggled"


def background_toggled() -> dict:
    """{registry id: shown} of the background layers switched away from their start
    state (``show`` in layers/registry.toml) in the map's layer control, e.g.
    ``{"counties": True}``: kept in the link as ``show=``/``hide=``."""
    return dict(st.session_state.get(BACKGROUND_KEY) or {})


def set_background(layer_id: str, shown: bool, default: bool) -> None:
    """Record that the background layer ``layer_id`` is now ``shown`` (``default``:
    its start state; switching back to it drops the entry)."""
    toggled = background_toggled()
    if shown == default:
        toggled.pop(layer_id, None)
    else:
        toggled[layer_id] = shown
    st.session_state[BACKGROUND_KEY] = toggled


def selected() -> str | None:
    return st.session_state.get("selected")


def set_selected(item_id: str | None) -> None:
    st.session_state["selected"] = item_id


def view() -> tuple | None:
    """(lat, lon, zoom) of the map as last reported, or None for the default view."""
    return st.session_state.get("view")


def set_view(lat: float, lon: float, zoom: float) -> None:
    st.session_state["view"] = (round(float(lat), 4), round(float(lon), 4), float(zoom))


def current_state() -> ViewState:
    """The state shown now, from the widgets and the session."""
    ss = st.session_state
    from geo.schema import LAYERS

    all_layers = tuple(LAYERS)
    layers = tuple(ss.get(KEYS["layers"], all_layers) or ())
    v = view()
    return ViewState(
        lang=ss.get(KEYS["lang"], "zh"),
        provinces=tuple(ss.get(KEYS["provinces"], ())),
        cities=tuple(ss.get(KEYS["cities"], ())),
        counties=tuple(ss.get(KEYS["counties"], ())),
        layers=None if set(layers) == set(all_layers) else layers,
        status=tuple(ss.get(KEYS["status"], ())),
        cross=bool(ss.get(KEYS["cross"], False)),
        text=ss.get(KEYS["text"], "") or "",
        selected=selected(),
        basemap=ss.get(KEYS["basemap"], "offline"),
        tiles=ss.get(KEYS["tiles"], "") or "",
        shown=tuple(i for i, on in background_toggled().items() if on),
        hidden=tuple(i for i, on in background_toggled().items() if not on),
        lat=v[0] if v else None, lon=v[1] if v else None, zoom=v[2] if v else None)


def set_params(wanted: dict[str, str], owned) -> None:
    """The one URL writer: make the query parameters in ``owned`` (a panel's names)
    those of ``wanted``, writing only what changed and leaving every other parameter
    (other panels') alone."""
    qp = st.query_params
    for key in owned:
        if key in wanted:
            if qp.get(key) != wanted[key]:
                qp[key] = wanted[key]
        elif key in qp:
            del qp[key]


def write_url(state: ViewState) -> None:
    """Set the query parameters of ``state`` (:data:`ui.url_state.PARAMS`) where they
    changed, leaving other panels' parameters (``adj_*`` …) alone."""
    set_params(encode(state), PARAMS)
