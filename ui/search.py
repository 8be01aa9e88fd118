"""The sidebar's hits for the search text: items and places, ranked (:mod:`geo.search`).

Under the 搜索 box, when it holds text: up to :data:`MAX_HITS` buttons, items whose
name matches first, places (provinces, cities, counties by name, English name or
pinyin initials) by how well they match, then items that only the plan's text
mentions. A click on an item selects it (details beside the map) and steers the map
to it; a click on a place steers the map to the place. With no match at all, the
names most alike are offered ("没有找到 … 是否要找").
"""
from __future__ import annotations

import streamlit as st

from geo.i18n import t
from geo.search import Hit, search
from ui.state import KEYS

__all__ = ["MAX_HITS", "hit_label", "search_hits"]

MAX_HITS = 6
_LEVEL = {"province": "search.level_province", "city": "search.level_city",
          "county": "search.level_county"}


def hit_label(hit: Hit, lang: str) -> str:
    """The button text: what the hit is, then its name (markdown-inert)."""
    from ui.details import md_text

    if hit.kind == "place":
        return t("search.place", lang, name=md_text(hit.label(lang)),
                 level=t(_LEVEL[hit.level], lang))
    return t("search.item", lang, name=md_text(hit.label(lang)))


def _place_view(adcode: int, level: str) -> tuple:
    from geo.catalog import load_regions
    from ui.map_view import item_view

    shapes = load_regions(level, "s100").set_index("adcode")
    return item_view(shapes.loc[int(adcode)].geometry)


def _pick(kind: str, key, view: tuple, text: str | None) -> None:
    from ui import map_view, state

    if text is not None:           # a suggestion: search for it, so the item is shown
        st.session_state[KEYS["text"]] = text
    if kind == "item":
        state.set_selected(key)
    map_view.go_to(view)


def search_hits(lang: str, items) -> list[Hit]:
    """Show the hits for the sidebar's search text among ``items`` (every item, not
    only the filtered ones); returns them."""
    from ui.map_view import item_view

    text = (st.session_state.get(KEYS["text"]) or "").strip()
    if not text:
        return []
    hits = search(text, items, limit=MAX_HITS)
    sb = st.sidebar
    if not hits:
        sb.caption(t("search.nothing", lang, q=text))
        return hits
    similar = hits[0].match == "similar"
    sb.caption(t("search.similar", lang, q=text) if similar else t("search.hits", lang))
    geometry = dict(zip(items["id"], items.geometry))
    for i, hit in enumerate(hits):
        view = (_place_view(hit.key, hit.level) if hit.kind == "place"
                else item_view(geometry[hit.key]))
        sb.button(hit_label(hit, lang), key=f"w_hit_{i}", on_click=_pick,
                  args=(hit.kind, hit.key, view, hit.label_zh if similar else None),
                  type="tertiary")
    return hits
