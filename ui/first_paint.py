"""The map first (setting ``map_first``, on unless ``YRDMAP_MAP_FIRST=0``): a browser
session's first run draws the map alone, the rest follows.

A fresh page spends most of its first seconds in the browser rendering the sidebar's
widgets, the tabs and the results table, and the map frame is created only after them
(issue 14: the first painted map was ~2× the stack floor). So the first run of a
session with a browser behind it draws the page's head, the count badges and the map
(with the details panel), and puts a one-line "loading" note where the sidebar will be.
A timer fragment in that note runs the whole page :data:`FULL_PAGE_AFTER` seconds after
the first run reached the browser: by then the map has drawn its first picture. (Not on
the map's first report: ``st_folium`` reports as soon as the map's script has run,
before its data layers are drawn, and the whole page's rendering would then hold up
that picture.)

It costs no bytes: the map's element in the whole page's run is the one the first run
sent (same script, layers and header, :func:`layers.assets.preload_data`), and
Streamlit sends an unchanged large message as a reference to the browser's copy.

The map sits at the same place in both runs (the sidebar is its own tree, the tabs come
after the map), so the second run updates the map's frame and never reloads it.

Not deferred: a script run with no browser behind it (``AppTest``, bare
mode) has nothing to paint and gets the whole page at once; nor is a page that needs
sign-in (the sign-in box is the page then).
"""
from __future__ import annotations

import streamlit as st

from geo.i18n import t

__all__ = ["FULL_KEY", "FULL_PAGE_AFTER", "map_first", "sidebar_note"]

#: session key: the whole page has been drawn in this session
FULL_KEY = "_yrd_full_page"
#: seconds from the first run's arrival in the browser to the whole page's run
FULL_PAGE_AFTER = 0.8


def _has_browser() -> bool:
    """Whether a browser is behind this session (its HTTP headers; none under AppTest)."""
    try:
        return bool(st.context.headers)
    except Exception:       # no script run context (bare mode)
        return False


def map_first(gated: bool = False) -> bool:
    """Whether this run draws the map alone (see the module docstring): the setting is
    on (the default) and this is the first run of a session with a browser behind it.

    ``gated``: viewing needs a sign-in nobody has given yet, so the whole page (its
    sign-in box) runs now."""
    from geo import config

    ss = st.session_state
    if ss.get(FULL_KEY):
        return False
    if gated or not config.get("map_first") or not _has_browser():
        ss[FULL_KEY] = True
        return False
    return True


def _run_whole_page() -> None:
    if not st.session_state.get(FULL_KEY):
        st.session_state[FULL_KEY] = True
        st.rerun(scope="app")


#: session key: the timer has started (its first call is the run that draws it)
_ARMED_KEY = "_yrd_full_page_timer"


@st.fragment(run_every=FULL_PAGE_AFTER)
def _timer() -> None:
    """Runs with the first run (arms itself), then after :data:`FULL_PAGE_AFTER` (or in
    any full run before): the whole page, which no longer draws this fragment, so its
    timer stops."""
    ss = st.session_state
    if ss.get(_ARMED_KEY):
        _run_whole_page()
    ss[_ARMED_KEY] = True


def sidebar_note(lang: str) -> None:
    """The sidebar's stand-in while the map draws, with the timer of the whole page."""
    with st.sidebar:
        st.caption(t("app.loading_panels", lang))
        _timer()

