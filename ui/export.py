"""The "Export / 导出" panel: map snapshots, offline HTML and data files, with download buttons.

:func:`export_panel` is the only code here that calls ``st.*``; the files come from
:mod:`geo.export` (and :func:`layers.map_builder.folium_map`, the same folium map the
app shows, for the HTML export). A render starts on the button, shows progress, and its
bytes are kept in the session until an option or the selection changes, so the
download button does not re-render on every rerun.
"""
from __future__ import annotations

import hashlib
from collections.abc import Mapping

import geopandas as gpd
import streamlit as st

from geo.i18n import t
from layers.map_builder import folium_map
from ui.state import bind_to_language

from geo.export import (DATA_FORMATS, FORMATS, MAP_FORMATS, ExportError, default_title,
                        export_filename, get_format)

__all__ = ["export_panel", "export_bytes"]

#: panel choice → string key
_CHOICE = {"map": "export.map", "data": "export.data", "landscape": "export.landscape",
           "portrait": "export.portrait", "view": "export.view", "filtered": "export.filtered",
           "region": "export.region"}
bind_to_language("exp_kind", "exp_fmt_map", "exp_fmt_data", "exp_orient", "exp_extent")


def export_bytes(fmt: str, items: gpd.GeoDataFrame, *, lang: str = "zh",
                 filters: Mapping | None = None, title: str | None = None,
                 map_options: Mapping | None = None, html_map=None,
                 allow: tuple = ()) -> bytes:
    """The bytes of one export: :func:`geo.export.to_bytes`, the function the CLI's
    ``yrdmap export`` writes with (the HTML export gets the app's folium map)."""
    from geo.export import to_bytes

    f = get_format(fmt)
    options = dict(lang=lang, filters=filters, title=title)
    if f.kind == "html":
        options.update(html_map=html_map if html_map is not None else folium_map(items, lang),
                       allow=allow)
    elif f.kind == "map":
        options.update(map_options or {})
    return to_bytes(f.key, items, **options)


def _links(text: str) -> list[str]:
    import re

    return re.findall(r"https?://[^\s\"'<>]+", text or "")


def _view_of(bounds) -> tuple | None:
    if not bounds:
        return None
    from geo.display import zoom_to_fit

    return zoom_to_fit(tuple(bounds))


def _current_basemap() -> tuple[str, list]:
    try:
        from layers import basemaps
        from ui import state

        s = state.current_state()
        return s.basemap, basemaps.tile_sources(s.basemap, url=s.tiles)
    except Exception:  # no app state (tests) or a basemap that needs a key: offline
        return "offline", []


def export_panel(lang: str, items: gpd.GeoDataFrame, view_bounds: tuple | None,
                 filters: dict) -> None:
    """The Export / 导出 panel.

    Parameters
    ----------
    lang : ``"zh"`` or ``"en"``.
    items : the filtered items (what the map shows).
    view_bounds : the map's current view ``(minlon, minlat, maxlon, maxlat)``, or None.
    filters : the :func:`geo.select.filter_projects` arguments behind ``items``.
    """
    st.subheader(t("export.head", lang))
    if len(items) == 0:
        st.info(t("export.empty", lang))
        return
    kind = st.radio(t("export.kind", lang), ["map", "data"], horizontal=True, key="exp_kind",
                    format_func=lambda k: t(_CHOICE[k], lang))
    keys = MAP_FORMATS if kind == "map" else DATA_FORMATS
    fmt = st.selectbox(t("export.format", lang), keys, key=f"exp_fmt_{kind}",
                       format_func=lambda k: FORMATS[k].title(lang))
    title = st.text_input(t("export.title", lang), value="", key="exp_title",
                          placeholder=default_title(filters, lang)) or None
    options: dict = {}
    allow: tuple = ()
    html_basemap, sources = "offline", []
    if fmt in ("png", "pdf", "svg"):
        c1, c2, c3 = st.columns(3)
        options["page"] = c1.selectbox(t("export.page", lang), ["a4", "a3"], key="exp_page",
                                       format_func=str.upper)
        options["orientation"] = c2.selectbox(t("export.orientation", lang),
                                              ["landscape", "portrait"], key="exp_orient",
                                              format_func=lambda o: t(_CHOICE[o], lang))
        options["dpi"] = int(c3.number_input(t("export.dpi", lang), 72, 600, 300, step=50,
                                             key="exp_dpi", disabled=fmt != "png"))
        if fmt == "pdf":
            options["summary_page"] = st.checkbox(t("export.summary_page", lang), key="exp_summary")
        choices = (["view"] if view_bounds else []) + ["filtered", "region"]
        where = st.radio(t("export.extent", lang), choices, horizontal=True, key="exp_extent",
                         format_func=lambda c: t(_CHOICE[c], lang))
        if where == "view":
            options["extent"] = tuple(view_bounds)
        elif where == "region":
            name = st.text_input(t("export.region_name", lang), value="", key="exp_region")
            options["extent"] = f"region:{name}" if name.strip() else "filtered"
        else:
            options["extent"] = "filtered"
    elif fmt == "html":
        basemap, tile_sources = _current_basemap()
        if basemap != "offline" and st.checkbox(t("export.tiles", lang), key="exp_tiles"):
            html_basemap, sources = basemap, tile_sources
            allow = tuple(s.url for s in tile_sources) + tuple(
                u for s in tile_sources for u in _links(s.attribution))

    spec = repr((fmt, lang, title, sorted(options.items()), html_basemap, tuple(items["id"]),
                 sorted((k, repr(v)) for k, v in filters.items()), view_bounds))
    key = hashlib.sha1(spec.encode("utf-8")).hexdigest()
    done = st.session_state.get("_export_result")
    if done and done[0] != key:
        st.session_state["_export_result"] = done = None
    if st.button(t("export.make", lang), key="exp_make", type="primary"):
        bar = st.progress(0, text=t("export.preparing", lang))
        try:
            html_map = None
            if fmt == "html":
                html_map = folium_map(items, lang, basemap=html_basemap, sources=sources,
                                      view=_view_of(view_bounds))
            bar.progress(25, text=t("export.rendering", lang))
            data = export_bytes(fmt, items, lang=lang, filters=filters, title=title,
                                map_options=options, html_map=html_map, allow=allow)
            bar.progress(100, text=t("export.done", lang))
            name = export_filename(get_format(fmt).ext, filters=filters, lang=lang, label=title)
            st.session_state["_export_result"] = done = (key, name, data, get_format(fmt).mime)
        except (ExportError, ValueError, LookupError, OSError) as exc:
            bar.empty()
            st.error(t("export.failed", lang, e=exc))
    if done:
        _, name, data, mime = done
        st.download_button(f"{t('export.download', lang)} {name} ({len(data) / 1e6:.1f} MB)",
                           data=data, file_name=name, mime=mime, key="exp_download")
