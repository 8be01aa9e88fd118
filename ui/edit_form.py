"""The tracked state of the selected item, its edit form and its history (details panel).

Thin wrapper over :mod:`geo.tracking.service`: the form is shown to those
:func:`geo.auth.authorise` allows; saving calls :func:`geo.tracking.service.edit_item`
with the version the form was opened at, so a save that lost the race shows the
conflict (who changed what) and writes nothing. Values are shown as text, never
rendered (``st.dataframe`` and escaped markdown).
"""
from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from geo.auth import PermissionDenied, authorise
from geo.i18n import t
from geo.store import StoreError
from geo.tracking.fields import PROGRESS, TRACKED_FIELDS, TrackingError, progress_label
from geo.tracking.log import EditConflict
from geo.tracking.service import edit_item, edit_log, with_tracking
from ui.signin import current_user

__all__ = ["edit_panel", "tracked_lines", "history_frame", "conflict_text", "refusal_text"]


def _field(f: str, lang: str) -> str:
    return t(f"tracking.field_{f}", lang)


def _shown(f: str, v, lang: str) -> str:
    if v is None or (isinstance(v, float) and v != v) or v == "":
        return t("tracking.none_value", lang)
    if f == "progress":
        return progress_label(v, lang)
    if f == "percent":
        return f"{int(v)}%"
    return str(v)


def tracked_lines(row, lang: str) -> list[tuple[str, str]]:
    """(label, text) of each tracked field of ``row`` (a :func:`with_tracking` row)."""
    return [(_field(f, lang), _shown(f, row.get(f), lang)) for f in TRACKED_FIELDS]


def history_frame(edits, lang: str) -> pd.DataFrame:
    """The history table (newest first), headed in ``lang``."""
    cols = [t(f"tracking.col_{k}", lang) for k in ("when", "who", "field", "old", "new",
                                                  "comment")]
    rows = [[e.when.replace("T", " ")[:16] + " UTC", e.who, _field(e.field, lang),
             _shown(e.field, e.old, lang), _shown(e.field, e.new, lang), e.comment]
            for e in reversed(edits)]
    return pd.DataFrame(rows, columns=cols)


def conflict_text(exc: EditConflict, lang: str) -> str:
    """The conflict in ``lang``: who changed which fields when."""
    sep = "、" if lang == "zh" else ", "
    who = sep.join(dict.fromkeys(e.who for e in exc.edits)) or "?"
    when = max((e.when for e in exc.edits), default="").replace("T", " ")[:16] + " UTC"
    fields = sep.join(dict.fromkeys(_field(e.field, lang) for e in exc.edits))
    return t("tracking.conflict", lang, who=who, when=when, fields=fields)


def refusal_text(user, item, lang: str) -> str:
    """Why ``user`` may not edit ``item``, in ``lang``."""
    from geo.auth import scope_names

    if user.role == "viewer":
        return t("tracking.refused_viewer", lang)
    sep = "、" if lang == "zh" else ", "
    codes = list(item.get("provinces") or []) + list(item.get("cities_in") or [])
    return t("tracking.refused_scope", lang, where=sep.join(scope_names(codes, lang)) or "—",
             scope=sep.join(scope_names(user.scope, lang)))


def _form(item, row, lang: str, log) -> None:
    item_id = str(item["id"])
    base_key = f"yrdmap_edit_base_{item_id}"
    version = st.session_state.setdefault(base_key, int(row["tracking_version"]))
    opened = row
    with st.form(f"yrdmap_edit_{item_id}_{version}"):
        st.markdown(f"**{t('tracking.edit_title', lang)}**")
        options = [""] + list(PROGRESS)
        cur = opened.get("progress") or ""
        progress = st.selectbox(_field("progress", lang), options,
                                index=options.index(cur) if cur in options else 0,
                                format_func=lambda v: progress_label(v, lang) or "—",
                                key=f"yrdmap_edit_progress_{item_id}_{version}")
        pct = opened.get("percent")
        percent = st.number_input(_field("percent", lang), min_value=0, max_value=100, step=1,
                                  value=None if pct is None or pct != pct else int(pct),
                                  key=f"yrdmap_edit_percent_{item_id}_{version}")
        unit = st.text_input(_field("responsible_unit", lang),
                             value=opened.get("responsible_unit") or "",
                             key=f"yrdmap_edit_unit_{item_id}_{version}")
        dl = opened.get("deadline")
        try:
            dl_value = dt.date.fromisoformat(dl) if isinstance(dl, str) and dl else None
        except ValueError:
            dl_value = None
        deadline = st.date_input(_field("deadline", lang), value=dl_value,
                                 min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 12, 31),
                                 key=f"yrdmap_edit_deadline_{item_id}_{version}")
        result = st.text_area(_field("expected_result", lang),
                              value=opened.get("expected_result") or "", height=68,
                              key=f"yrdmap_edit_result_{item_id}_{version}")
        note = st.text_area(_field("progress_note", lang), value=opened.get("progress_note") or "",
                            height=68, key=f"yrdmap_edit_note_{item_id}_{version}")
        comment = st.text_input(t("tracking.edit_comment", lang),
                                key=f"yrdmap_edit_comment_{item_id}_{version}")
        if not st.form_submit_button(t("tracking.edit_save", lang), type="primary"):
            return
    new = {"progress": progress or None, "percent": percent, "responsible_unit": unit,
           "deadline": deadline, "expected_result": result, "progress_note": note}
    changes = {f: v for f, v in new.items() if _changed(opened.get(f), v)}
    if not changes:
        st.info(t("tracking.edit_nothing", lang))
        return
    try:
        rows = edit_item(item_id, changes, user=current_user(), comment=comment or None,
                         expected_version=version, log=log, item=item)
    except EditConflict as exc:
        st.error(conflict_text(exc, lang))
        st.session_state.pop(base_key, None)           # show the current state next run
        return
    except (TrackingError, PermissionDenied) as exc:
        st.error(str(exc))
        st.session_state.pop(base_key, None)           # show the current state next run
        return
    st.session_state.pop(base_key, None)
    st.session_state["yrdmap_edit_flash"] = t("tracking.edit_saved", lang,
                                              v=rows[0].version if rows else version)
    st.rerun()


def _changed(old, new) -> bool:
    from geo.tracking.fields import check_value

    def norm(v):
        return None if v is None or (isinstance(v, float) and v != v) or v == "" else v
    if isinstance(new, dt.date):
        new = new.isoformat()
    if isinstance(new, float) and new == int(new):
        new = int(new)
    old, new = norm(old), norm(new)
    if isinstance(new, str):
        new = new.strip() or None
    return old != new and not (old is not None and new is not None and str(old) == str(new))


def edit_panel(item, lang: str, md) -> None:
    """The tracked state, the form (for those allowed) and the history of ``item``;
    ``md`` escapes text for markdown (:func:`ui.details.md_text`)."""
    log = edit_log()
    try:
        row = with_tracking(pd.DataFrame([item]), log).iloc[0]
    except StoreError as exc:          # the store cannot be read: the page's banner says why
        st.caption(t("tracking.store_unreadable", lang, e=exc))
        return
    st.markdown(f"**{md(t('tracking.tracked_state', lang))}**")
    st.markdown("  \n".join(f"**{md(k)}**: {md(v)}" for k, v in tracked_lines(row, lang)))
    flash = st.session_state.pop("yrdmap_edit_flash", None)
    if flash:
        st.success(flash)
    try:
        authorise(current_user(), "edit", item, log=log)
    except PermissionDenied:
        if current_user() is None:
            st.caption(t("tracking.edit_signin_hint", lang))
        else:
            st.text(t("tracking.edit_refused", lang, e=refusal_text(current_user(), item, lang)))
    else:
        _form(item, row, lang, log)
    edits = log.edits(str(item["id"]))
    with st.expander(t("tracking.history", lang, n=len(edits))):
        if edits:
            st.dataframe(history_frame(edits, lang), hide_index=True)
        else:
            st.caption(t("tracking.history_none", lang))
