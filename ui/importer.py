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
import logging
import math
import re

import pandas as pd
import streamlit as st

from geo.i18n import t as _t
from geo.ingest import IngestError, Limits, Report, check_bytes
from geo.ingest.encoding import ACCEPTED
from geo.ingest.readers import FORMATS
from geo.store import StoreError, get_store

_log = logging.getLogger(__name__)
#: report lines shown in the panel (the rest are counted, and all are in the CLI's report)
MAX_SHOWN = 60

__all__ = ["import_panel"]

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def _md(text: str) -> str:
    """Escape user text for Streamlit Markdown (no links, images, HTML or emphasis)."""
    return _MD_SPECIAL.sub(r"\\\1", str(text))


def _t_(key: str, lang: str, **kw) -> str:
    return _t(f"ingest.ui_{key}", lang, **kw)


def issue_block(issue, lang: str) -> str:
    r"""One report line as escaped Markdown that wraps in a narrow sidebar.

    ``**错误** · 第 3 行 · 经度 = '12134.5'`` then the reason and what is accepted,
    each on its own line; never "None" or "nan" for what is missing.

    >>> from geo.ingest.report import Issue
    >>> issue_block(Issue("error", 3, "经度", "x", "is not a number"), "en").split("  \n")
    ["**error** · row 3 · 经度 \\= 'x'", 'is not a number']
    """
    head = [f"**{_t_(issue.severity, lang)}**"]
    if issue.row is not None:
        head.append(_md(_t_("row", lang, n=issue.row)))
    elif issue.field in (None, "file"):
        head.append(_md(_t_("file", lang)))
    if issue.field not in (None, "file"):
        shown = _md(issue.field)
        if issue.value is not None and not (isinstance(issue.value, float) and math.isnan(issue.value)):
            text = repr(issue.value)
            shown += " \\= " + _md(text if len(text) <= 80 else text[:79] + "…")
        head.append(shown)
    lines = [" · ".join(head), _md(issue.reason_in(lang))]
    accepted = issue.accepted_in(lang)
    if accepted:
        lines.append(_md(_t_("accepted", lang, text=accepted)))
    return "  \n".join(lines)


def _show_report(report: Report, lang: str, n_items: int) -> None:
    if report.ok:
        st.success(_t_("ok", lang, n=n_items, w=len(report.warnings)))
    else:
        st.error(_t_("bad", lang, e=len(report.errors), w=len(report.warnings)))
    issues = report.sorted()
    with st.container(key="yrdmap_import_report"):
        for issue in issues[:MAX_SHOWN]:
            st.markdown(issue_block(issue, lang))
        if len(issues) > MAX_SHOWN:
            st.caption(_t_("more", lang, n=len(issues) - MAX_SHOWN))
    st.caption(_md(report.summary(lang)))


def _store_down(lang: str, exc: BaseException) -> None:
    """Say the store is unavailable, without its address, user or paths (logged instead)."""
    _log.warning("import panel: project store unavailable: %s", exc)
    st.warning(_t_("store_down", lang))


def _imported_list(lang: str, store) -> None:
    user = store.load_user()
    # a constant label, keyed: a label holding the count made Streamlit re-create (and
    # close) the box; the count is inside
    with st.expander(_t_("imported_box", lang), key="w_imported_box"):
        st.caption(_t_("imported", lang, n=len(user)))
        if not len(user):
            st.caption(_t_("none", lang))
            return
        cols = [c for c in ("id", "name_zh", "layer", "status", "responsible_unit", "deadline",
                            "expected_result", "source_file") if c in user.columns]
        frame = pd.DataFrame(user[cols]).astype(object)
        if "layer" in frame:
            from geo.schema import LAYERS

            frame["layer"] = frame["layer"].map(lambda k: LAYERS.get(k, {}).get(lang, k) if k else k)
        frame = frame.where(frame.notna(), "").rename(columns={c: _t_(f"col_{c}", lang) for c in cols})
        st.dataframe(frame, hide_index=True)
        labels = {i: f"{i} · {n}" for i, n in zip(user["id"], user["name_zh"])}
        chosen = st.multiselect(_t_("pick", lang), list(labels), format_func=labels.get,
                                key="yrdmap_import_remove_pick")
        if chosen and st.button(_t_("remove", lang), key="yrdmap_import_remove"):
            from geo.auth import AuthError
            from geo.tracking.service import guarded  # the role check (#16)
            from ui.signin import current_user

            try:
                for item_id in chosen:
                    guarded(store, current_user()).remove(item_id)
            except AuthError as exc:
                st.error(_md(str(exc)))
                return
            st.session_state["yrdmap_import_flash"] = _t_("removed", lang, n=len(chosen))
            st.rerun()


def import_panel(lang: str = "zh") -> None:
    """Upload, check and import a user's project list (the app's import panel).

    Parameters
    ----------
    lang : ``"zh"`` or ``"en"``: the panel and the report's reasons in that language.

    A bad limit setting, or a store that cannot be reached (PostGIS down), is
    one message in the panel, never a traceback; it names no server, user or path.
    """
    lang = "en" if lang == "en" else "zh"
    st.subheader(_t_("title", lang))
    try:
        limits = Limits()
    except IngestError as err:
        st.error(_md(_t_("bad_setting", lang, name=err.issue.field, value=repr(err.issue.value),
                         accepted=err.issue.accepted_in(lang))))
        return
    try:
        store = get_store()
        version = store.version()
    except (StoreError, OSError) as exc:
        _store_down(lang, exc)
        return
    flash = st.session_state.pop("yrdmap_import_flash", None)
    if flash:
        st.success(_md(flash))
    exts = sorted({e.lstrip(".") for e in FORMATS})
    generation = st.session_state.setdefault("yrdmap_import_generation", 0)
    mb = limits.max_bytes / 2**20
    upload = st.file_uploader(_t_("upload", lang), type=exts, key=f"yrdmap_import_file_{generation}",
                              max_upload_size=max(1, math.ceil(mb)),
                              help=_t_("limits", lang, mb=mb, n=limits.max_features))
    # one control per line: three columns in a 300 px sidebar wrap every label
    datum = st.radio(_t_("datum", lang), ["wgs84", "gcj02"], format_func=lambda d: _t_(d, lang),
                     key="yrdmap_import_datum")
    encoding = st.selectbox(_t_("encoding", lang), ["auto", *ACCEPTED],
                            format_func=lambda e: _t_("auto", lang) if e == "auto" else e,
                            key="yrdmap_import_encoding")
    crs = st.text_input(_t_("crs", lang), key="yrdmap_import_crs",
                        placeholder="EPSG:4549").strip() or None
    if upload is not None:
        data = upload.getvalue()
        options = dict(datum=datum, encoding=None if encoding == "auto" else encoding, crs=crs,
                       limits=limits, store=store)
        key = (hashlib.sha256(data).hexdigest(), upload.name, datum, encoding, crs, version, lang)
        cached = st.session_state.get("yrdmap_import_check")
        if not cached or cached[0] != key:
            try:
                items, report = check_bytes(data, upload.name, dry_run=True, **options)
            except IngestError as err:  # an option's value (CRS text, encoding) is wrong
                st.error(_md(_t_("bad_option", lang, name=err.issue.field, value=repr(err.issue.value),
                                 reason=err.issue.reason_in(lang), accepted=err.issue.accepted_in(lang))))
                items, report = None, None
            cached = (key, items, report)
            st.session_state["yrdmap_import_check"] = cached
        _, items, report = cached
        if report is not None:
            _show_report(report, lang, 0 if items is None else len(items))
        if report is not None and report.ok and items is not None and len(items):
            if st.button(_t_("import", lang, n=len(items)), type="primary", key="yrdmap_import_go"):
                from geo.auth import AuthError
                from geo.tracking.service import guarded  # the role check (#16)
                from ui.signin import current_user

                try:
                    _, done = check_bytes(data, upload.name, dry_run=False, **{
                        **options, "store": guarded(options["store"], current_user())})
                except AuthError as exc:
                    st.error(_md(str(exc)))
                    return
                st.session_state.pop("yrdmap_import_check", None)
                if done.ok:
                    st.session_state["yrdmap_import_generation"] = generation + 1  # empty the uploader
                    st.session_state["yrdmap_import_flash"] = _t_("done", lang, n=done.imported,
                                                                  name=upload.name)
                    st.rerun()
                else:
                    _show_report(done, lang, 0)
    try:
        _imported_list(lang, store)
    except (StoreError, OSError) as exc:
        _store_down(lang, exc)
