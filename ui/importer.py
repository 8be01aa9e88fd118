"""The upload panel: check a user's file, show the report, add the items to the store.

``import_panel(lang)`` is the whole boundary: the page calls it (in a sidebar
expander or a tab). It runs the same :func:`geo.ingest.check_bytes` as
``yrdmap import`` — first as a dry run whose report is shown row by row, then,
on the button, for real (the store re-checks ids inside its lock, so a
concurrent import cannot slip a duplicate in). User text is shown only through
``st.dataframe`` cells or escaped Markdown, never as HTML.
"""
from __future__ import annotations

import hashlib
import re

import pandas as pd
import streamlit as st

from geo.ingest import Limits, Report, check_bytes
from geo.ingest.encoding import ACCEPTED
from geo.ingest.readers import FORMATS
from geo.store import StoreError, get_store

__all__ = ["import_panel"]

_T = {
    "zh": {
        "title": "导入项目清单", "upload": "上传文件（CSV、Excel、GeoJSON、GeoPackage、Shapefile 压缩包、KML）",
        "limits": "不超过 {mb:g} MB、{n:,} 行；表格以 经度/纬度、WKT 或 区县/城市 列定位",
        "datum": "坐标系", "wgs84": "WGS84（GPS、天地图）", "gcj02": "GCJ-02（高德、腾讯）",
        "encoding": "文字编码", "auto": "自动识别", "crs": "表格坐标的投影（可选）",
        "ok": "检查通过：{n} 个项目可导入，{w} 条提示。", "bad": "发现 {e} 个错误、{w} 条提示：不会导入任何内容，请修改文件后重新上传。",
        "import": "导入 {n} 个项目", "done": "已导入 {n} 个项目（{name}）。",
        "imported": "已导入的项目", "none": "尚未导入项目。", "remove": "删除所选", "pick": "选择要删除的项目",
        "removed": "已删除 {n} 个项目。",
        "cols": {"severity": "级别", "row": "行", "field": "字段", "value": "值", "reason": "问题",
                 "accepted": "可接受的值"},
    },
    "en": {
        "title": "Import your projects", "upload": "Upload a file (CSV, Excel, GeoJSON, GeoPackage, zipped Shapefile, KML)",
        "limits": "Up to {mb:g} MB and {n:,} rows; tables are located by lon/lat, WKT or region columns",
        "datum": "Datum", "wgs84": "WGS84 (GPS, Tianditu)", "gcj02": "GCJ-02 (Amap, Tencent)",
        "encoding": "Text encoding", "auto": "detect", "crs": "CRS of table coordinates (optional)",
        "ok": "Check passed: {n} item(s) can be imported, {w} warning(s).",
        "bad": "{e} error(s), {w} warning(s): nothing will be imported; fix the file and upload it again.",
        "import": "Import {n} item(s)", "done": "Imported {n} item(s) from {name}.",
        "imported": "Imported items", "none": "No items imported yet.", "remove": "Remove selected",
        "pick": "Items to remove", "removed": "Removed {n} item(s).",
        "cols": {"severity": "severity", "row": "row", "field": "field", "value": "value",
                 "reason": "reason", "accepted": "accepted"},
    },
}

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def _md(text: str) -> str:
    """Escape user text for Streamlit Markdown (no links, images, HTML or emphasis)."""
    return _MD_SPECIAL.sub(r"\\\1", str(text))


def _report_frame(report: Report, lang: str) -> pd.DataFrame:
    rows = [i.to_dict() for i in report.sorted()]
    frame = pd.DataFrame(rows, columns=["severity", "row", "field", "value", "reason", "accepted"])
    frame["value"] = frame["value"].map(lambda v: "" if v is None else repr(v))
    frame["row"] = frame["row"].astype("Int64")
    return frame.rename(columns=_T[lang]["cols"])


def _show_report(report: Report, lang: str, n_items: int) -> None:
    t = _T[lang]
    if report.ok:
        st.success(t["ok"].format(n=n_items, w=len(report.warnings)))
    else:
        st.error(t["bad"].format(e=len(report.errors), w=len(report.warnings)))
    if report.issues:
        st.dataframe(_report_frame(report, lang), hide_index=True)
    st.caption(_md(report.summary()))


def _imported_list(lang: str) -> None:
    t = _T[lang]
    store = get_store()
    try:
        user = store.load_user()
    except StoreError:      # the store cannot be read: the page's banner already says why
        return
    with st.expander(f"{t['imported']} ({len(user)})"):
        if not len(user):
            st.caption(t["none"])
            return
        cols = [c for c in ("id", "name_zh", "layer", "status", "responsible_unit", "deadline",
                            "expected_result", "source_file") if c in user.columns]
        st.dataframe(pd.DataFrame(user[cols]), hide_index=True)
        labels = {i: f"{i} · {n}" for i, n in zip(user["id"], user["name_zh"])}
        chosen = st.multiselect(t["pick"], list(labels), format_func=labels.get,
                                key="yrdmap_import_remove_pick")
        if chosen and st.button(t["remove"], key="yrdmap_import_remove"):
            for item_id in chosen:
                store.remove(item_id)
            st.session_state["yrdmap_import_flash"] = t["removed"].format(n=len(chosen))
            st.rerun()


def import_panel(lang: str = "zh") -> None:
    """Upload, check and import a user's project list (the app's import panel).

    Parameters
    ----------
    lang : ``"zh"`` or ``"en"`` for the panel's labels (the report's reasons are English).
    """
    t = _T["en" if lang == "en" else "zh"]
    lang = "en" if lang == "en" else "zh"
    limits = Limits()
    st.subheader(t["title"])
    flash = st.session_state.pop("yrdmap_import_flash", None)
    if flash:
        st.success(_md(flash))
    exts = sorted({e.lstrip(".") for e in FORMATS})
    generation = st.session_state.setdefault("yrdmap_import_generation", 0)
    upload = st.file_uploader(t["upload"], type=exts, key=f"yrdmap_import_file_{generation}",
                              help=t["limits"].format(mb=limits.max_bytes / 2**20, n=limits.max_features))
    c1, c2, c3 = st.columns(3)
    datum = c1.radio(t["datum"], ["wgs84", "gcj02"], format_func=lambda d: t[d],
                     key="yrdmap_import_datum")
    encoding = c2.selectbox(t["encoding"], ["auto", *ACCEPTED],
                            format_func=lambda e: t["auto"] if e == "auto" else e,
                            key="yrdmap_import_encoding")
    crs = c3.text_input(t["crs"], key="yrdmap_import_crs", placeholder="EPSG:4549").strip() or None
    if upload is not None:
        data = upload.getvalue()
        options = dict(datum=datum, encoding=None if encoding == "auto" else encoding, crs=crs,
                       limits=limits)
        key = (hashlib.sha256(data).hexdigest(), upload.name, datum, encoding, crs,
               get_store().version())
        cached = st.session_state.get("yrdmap_import_check")
        if not cached or cached[0] != key:
            try:
                items, report = check_bytes(data, upload.name, dry_run=True, **options)
            except ValueError as err:  # an option's value (CRS text) is wrong
                st.error(_md(str(err)))
                items, report = None, None
            cached = (key, items, report)
            st.session_state["yrdmap_import_check"] = cached
        _, items, report = cached
        if report is not None:
            _show_report(report, lang, 0 if items is None else len(items))
        if report is not None and report.ok and items is not None and len(items):
            if st.button(t["import"].format(n=len(items)), type="primary", key="yrdmap_import_go"):
                _, done = check_bytes(data, upload.name, dry_run=False, **options)
                st.session_state.pop("yrdmap_import_check", None)
                if done.ok:
                    st.session_state["yrdmap_import_generation"] = generation + 1  # empty the uploader
                    st.session_state["yrdmap_import_flash"] = t["done"].format(
                        n=done.imported, name=upload.name)
                    st.rerun()
                else:
                    _show_report(done, lang, 0)
    _imported_list(lang)
