"""The "Export / 导出" panel: map snapshots, offline HTML and data files, with download buttons.

:func:`export_panel` is the only code here that calls ``st.*``; the files come from
:mod:`geo.export` (and :func:`layers.map_builder.folium_map`, the same folium map the
app shows, for the HTML export). A render starts on the button, shows progress, and its
bytes are kept in the session until an option or the selection changes, so the
download button does not re-render on every rerun.
"""
from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Mapping
from pathlib import Path

import geopandas as gpd
import streamlit as st

from layers.map_builder import folium_map

from geo.export import (DATA_FORMATS, FORMATS, MAP_FORMATS, ExportError, default_title,
                        export_filename, get_format)

__all__ = ["export_panel", "export_bytes", "TEXT"]

TEXT = {
    "head": {"zh": "导出", "en": "Export"},
    "kind": {"zh": "导出内容", "en": "What"},
    "map": {"zh": "地图", "en": "Map"},
    "data": {"zh": "数据", "en": "Data"},
    "format": {"zh": "格式", "en": "Format"},
    "page": {"zh": "纸张", "en": "Paper"},
    "orientation": {"zh": "方向", "en": "Orientation"},
    "landscape": {"zh": "横向", "en": "Landscape"},
    "portrait": {"zh": "纵向", "en": "Portrait"},
    "dpi": {"zh": "分辨率 (dpi)", "en": "Resolution (dpi)"},
    "summary_page": {"zh": "附第 2 页：分省统计表", "en": "Add page 2: summary table by province"},
    "title": {"zh": "标题", "en": "Title"},
    "extent": {"zh": "范围", "en": "Extent"},
    "view": {"zh": "当前地图视图", "en": "Current map view"},
    "filtered": {"zh": "筛选结果范围", "en": "Filtered items"},
    "region": {"zh": "指定行政区", "en": "A named region"},
    "region_name": {"zh": "行政区（省、市或区县）", "en": "Region (province, city or county)"},
    "tiles": {"zh": "包含在线底图瓦片（打开时需联网）", "en": "Include the online tiles (needs internet)"},
    "make": {"zh": "生成文件", "en": "Make the file"},
    "download": {"zh": "下载", "en": "Download"},
    "empty": {"zh": "没有符合筛选条件的项目，无可导出内容。", "en": "No items match the filters: nothing to export."},
    "preparing": {"zh": "准备数据…", "en": "Preparing…"},
    "rendering": {"zh": "正在绘制…", "en": "Rendering…"},
    "saving": {"zh": "正在保存…", "en": "Saving…"},
    "done": {"zh": "完成", "en": "Done"},
    "failed": {"zh": "导出失败：{e}", "en": "Export failed: {e}"},
}


def _t(key: str, lang: str, **kw) -> str:
    return TEXT[key][lang].format(**kw)


def export_bytes(fmt: str, items: gpd.GeoDataFrame, *, lang: str = "zh",
                 filters: Mapping | None = None, title: str | None = None,
                 map_options: Mapping | None = None, html_map=None,
                 allow: tuple = ()) -> bytes:
    """The bytes of one export (the same writers as the CLI, through a temporary file)."""
    from geo.export import write_data, write_html, write_map

    f = get_format(fmt)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"export.{f.ext}"
        if f.key == "html":
            write_html(html_map if html_map is not None else folium_map(items, lang), path,
                       title=title or default_title(filters, lang), allow=allow)
        elif f.key in MAP_FORMATS:
            write_map(items, path, fmt=f.key, lang=lang, filters=filters, title=title,
                      **dict(map_options or {}))
        else:
            write_data(f.key, items, path, lang=lang, filters=filters, title=title)
        return path.read_bytes()


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
    st.subheader(_t("head", lang))
    if len(items) == 0:
        st.info(_t("empty", lang))
        return
    kind = st.radio(_t("kind", lang), ["map", "data"], horizontal=True, key="exp_kind",
                    format_func=lambda k: _t(k, lang))
    keys = MAP_FORMATS if kind == "map" else DATA_FORMATS
    fmt = st.selectbox(_t("format", lang), keys, key=f"exp_fmt_{kind}",
                       format_func=lambda k: FORMATS[k].title(lang))
    title = st.text_input(_t("title", lang), value="", key="exp_title",
                          placeholder=default_title(filters, lang)) or None
    options: dict = {}
    allow: tuple = ()
    html_basemap, sources = "offline", []
    if fmt in ("png", "pdf", "svg"):
        c1, c2, c3 = st.columns(3)
        options["page"] = c1.selectbox(_t("page", lang), ["a4", "a3"], key="exp_page",
                                       format_func=str.upper)
        options["orientation"] = c2.selectbox(_t("orientation", lang),
                                              ["landscape", "portrait"], key="exp_orient",
                                              format_func=lambda o: _t(o, lang))
        options["dpi"] = int(c3.number_input(_t("dpi", lang), 72, 600, 300, step=50,
                                             key="exp_dpi", disabled=fmt != "png"))
        if fmt == "pdf":
            options["summary_page"] = st.checkbox(_t("summary_page", lang), key="exp_summary")
        choices = (["view"] if view_bounds else []) + ["filtered", "region"]
        where = st.radio(_t("extent", lang), choices, horizontal=True, key="exp_extent",
                         format_func=lambda c: _t(c, lang))
        if where == "view":
            options["extent"] = tuple(view_bounds)
        elif where == "region":
            name = st.text_input(_t("region_name", lang), value="", key="exp_region")
            options["extent"] = f"region:{name}" if name.strip() else "filtered"
        else:
            options["extent"] = "filtered"
    elif fmt == "html":
        basemap, tile_sources = _current_basemap()
        if basemap != "offline" and st.checkbox(_t("tiles", lang), key="exp_tiles"):
            html_basemap, sources = basemap, tile_sources
            allow = tuple(s.url for s in tile_sources) + tuple(
                u for s in tile_sources for u in _links(s.attribution))

    spec = repr((fmt, lang, title, sorted(options.items()), html_basemap, tuple(items["id"]),
                 sorted((k, repr(v)) for k, v in filters.items()), view_bounds))
    key = hashlib.sha1(spec.encode("utf-8")).hexdigest()
    done = st.session_state.get("_export_result")
    if done and done[0] != key:
        st.session_state["_export_result"] = done = None
    if st.button(_t("make", lang), key="exp_make", type="primary"):
        bar = st.progress(0, text=_t("preparing", lang))
        try:
            html_map = None
            if fmt == "html":
                html_map = folium_map(items, lang, basemap=html_basemap, sources=sources,
                                      view=_view_of(view_bounds))
            bar.progress(25, text=_t("rendering", lang))
            data = export_bytes(fmt, items, lang=lang, filters=filters, title=title,
                                map_options=options, html_map=html_map, allow=allow)
            bar.progress(100, text=_t("done", lang))
            name = export_filename(get_format(fmt).ext, filters=filters, lang=lang, label=title)
            st.session_state["_export_result"] = done = (key, name, data, get_format(fmt).mime)
        except (ExportError, ValueError, LookupError, OSError) as exc:
            bar.empty()
            st.error(_t("failed", lang, e=exc))
    if done:
        _, name, data, mime = done
        st.download_button(f"{_t('download', lang)} {name} ({len(data) / 1e6:.1f} MB)",
                           data=data, file_name=name, mime=mime, key="exp_download")
