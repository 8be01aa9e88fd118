"""The 进度 / Progress view: items by deadline, overdue and due-soon lists, the 督办 report.

:func:`timeline_frame` (pure) gives one bar per item with a deadline — from when its
tracking started (its first edit, or its import) to its deadline — with its state
(overdue, due soon, done, on schedule); :func:`progress_panel` draws it with altair and
lists the overdue and due-soon items of the same filtered selection the map shows, with
downloads of the 督办 report (:func:`geo.tracking.report.write_report`).
"""
from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

from geo.i18n import t
from geo.store import StoreError
from geo.overdue import DUE_SOON_DAYS, done_mask, due_soon_mask, overdue_mask
from geo.tracking.due import due_table
from geo.tracking.fields import progress_label

__all__ = ["timeline_frame", "progress_panel"]

_COLOURS = {"overdue": "#d62728", "due_soon": "#ff7f0e", "done": "#2ca02c", "other": "#4c78a8"}


def timeline_frame(items: pd.DataFrame, starts: dict, lang: str = "zh",
                   today: dt.date | None = None) -> pd.DataFrame:
    """One row per item with a deadline: name, start, deadline, state, progress, percent.

    ``starts``: item id → ISO date its tracking started. A bar needs a length: an item
    whose tracking started on or after its deadline (or never) starts 30 days before it.

    Examples
    --------
    >>> df = pd.DataFrame({"id": ["a", "b"], "name_zh": ["甲", "乙"], "name_en": ["A", "B"],
    ...     "status": ["在建", "在建"], "progress": ["在建", None],
    ...     "deadline": ["2025-01-01", None]})
    >>> timeline_frame(df, {"a": "2024-06-01"}, "en", dt.date(2025, 3, 1))[["name", "start", "state"]].to_dict("records")
    [{'name': 'A', 'start': '2024-06-01', 'state': 'overdue'}]
    >>> timeline_frame(df, {"a": "2025-02-01"}, "en", dt.date(2025, 3, 1))["start"].tolist()
    ['2024-12-02']
    """
    today = today or dt.date.today()
    if "deadline" not in items.columns:
        return pd.DataFrame(columns=["id", "name", "start", "deadline", "state", "progress",
                                     "percent"])
    over, soon, done = overdue_mask(items, today), due_soon_mask(items, today), done_mask(items)
    due = pd.to_datetime(items["deadline"].astype("string"), errors="coerce", format="%Y-%m-%d")
    rows = []
    for i, r in items[due.notna()].iterrows():
        end = due[i].date()
        start = starts.get(r["id"])
        if not start or start >= end.isoformat():
            start = (end - dt.timedelta(days=30)).isoformat()
        state = ("overdue" if over[i] else "due_soon" if soon[i] else "done" if done[i]
                 else "other")
        pct = r.get("percent")
        rows.append({"id": r["id"], "name": r["name_zh"] if lang == "zh" else r["name_en"],
                     "start": start, "deadline": end.isoformat(),
                     "state": state, "progress": progress_label(r.get("progress"), lang),
                     "percent": None if pct is None or pct != pct else int(pct)})
    return pd.DataFrame(rows, columns=["id", "name", "start", "deadline", "state", "progress",
                                       "percent"]).sort_values(["deadline", "id"])


def _state_label(state: str, lang: str) -> str:
    return {"overdue": t("tracking.kind_overdue", lang),
            "due_soon": t("tracking.kind_due_soon", lang),
            "done": t("tracking.state_done", lang), "other": t("tracking.state_other", lang)}[state]


def _chart(frame: pd.DataFrame, lang: str):
    import altair as alt

    data = frame.assign(state_label=[_state_label(s, lang) for s in frame["state"]])
    states = [s for s in _COLOURS if s in set(frame["state"])]
    scale = alt.Scale(domain=[_state_label(s, lang) for s in states],
                      range=[_COLOURS[s] for s in states])
    today = pd.DataFrame({"today": [dt.date.today().isoformat()]})
    base = alt.Chart(data).encode(
        y=alt.Y("name:N", sort=list(data["name"]), title=None,
                axis=alt.Axis(labelLimit=260, labelOverlap=False)))
    bars = base.mark_bar(height=12).encode(
        x=alt.X("start:T", title=None, axis=alt.Axis(format="%Y-%m", labelOverlap=True)),
        x2="deadline:T",
        color=alt.Color("state_label:N", scale=scale, title=None,
                        legend=alt.Legend(orient="top")),
        tooltip=[alt.Tooltip("name:N", title=t("tracking.col_name", lang)),
                 alt.Tooltip("deadline:T", title=t("tracking.field_deadline", lang)),
                 alt.Tooltip("progress:N", title=t("tracking.field_progress", lang)),
                 alt.Tooltip("percent:Q", title=t("tracking.field_percent", lang))])
    ends = base.mark_tick(thickness=2, size=18, color="#222").encode(x="deadline:T")
    rule = alt.Chart(today).mark_rule(color="#555", strokeDash=[4, 3]).encode(x="today:T")
    return (bars + ends + rule).properties(height=26 * len(data))


def _list(rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    return pd.DataFrame({
        t("tracking.col_id", lang): rows["id"],
        t("tracking.col_name", lang): rows["name_zh"] if lang == "zh" else rows["name_en"],
        t("tracking.field_progress", lang): [progress_label(p, lang) for p in rows["progress"]],
        t("tracking.field_responsible_unit", lang): rows["responsible_unit"],
        t("tracking.field_deadline", lang): rows["deadline"],
        t("tracking.col_days", lang): rows["days"],
        t("tracking.col_clause", lang): rows["clause"],
    })


@st.cache_data(max_entries=4, show_spinner=False)
def _report_bytes(_items, key, fmt: str, by: str, lang: str) -> bytes:
    from geo.tracking.report import write_report

    with tempfile.TemporaryDirectory(prefix="yrdmap-report-") as tmp:
        path = Path(tmp) / f"report.{fmt}"
        write_report(_items, path, fmt=fmt, by=by, lang=lang)
        return path.read_bytes()


def progress_panel(lang: str, items: pd.DataFrame, log=None) -> None:
    """The view (``items``: the filtered selection, with tracked state)."""
    from geo.tracking.service import edit_log

    log = log or edit_log()
    starts = {}
    try:
        edits = log.edits()
    except StoreError as exc:          # the store cannot be read: the page's banner says why
        st.caption(t("tracking.store_unreadable", lang, e=exc))
        edits = []
    for e in edits:
        starts.setdefault(e.item, e.when[:10])
    if "imported_at" in items.columns:
        for i, v in zip(items["id"], items["imported_at"]):
            if isinstance(v, str) and v:
                starts.setdefault(i, v[:10])
    frame = timeline_frame(items, starts, lang)
    st.markdown(f"**{t('tracking.timeline_title', lang)}**")
    if len(frame):
        st.altair_chart(_chart(frame, lang), width="stretch", height=60 + 26 * len(frame))
    else:
        st.caption(t("tracking.timeline_none", lang))
    rows = due_table(items)
    over, soon = rows[rows["kind"] == "overdue"], rows[rows["kind"] == "due_soon"]
    headings = (t("tracking.overdue_list", lang, n=len(over)),
                t("tracking.due_soon_list", lang, n=len(soon), days=DUE_SOON_DAYS))
    for col, heading, part, key in zip(st.columns(2), headings, (over, soon),
                                       ("yrdmap_progress_overdue", "yrdmap_progress_soon")):
        with col:
            st.markdown(f"**{heading}**")
            if len(part):
                st.dataframe(_list(part, lang), hide_index=True, key=key)
            else:
                st.caption(t("tracking.list_none", lang))
    by = st.radio(t("tracking.report_by", lang), ["responsible_unit", "province"],
                  format_func=lambda b: t(f"tracking.by_{b}", lang), horizontal=True,
                  key="yrdmap_report_by")
    key = (tuple(items["id"]), tuple(rows["id"]), tuple(rows["days"]), dt.date.today())
    cols = st.columns(2)
    for col, fmt, mime in ((cols[0], "xlsx", "application/vnd.openxmlformats-officedocument."
                            "spreadsheetml.sheet"), (cols[1], "pdf", "application/pdf")):
        with col:
            if st.button(t("tracking.report_make", lang) + f" · {fmt.upper()}",
                         key=f"yrdmap_report_make_{fmt}"):
                st.session_state[f"yrdmap_report_{fmt}"] = (key, by, _report_bytes(
                    items, key, fmt, by, lang))
            made = st.session_state.get(f"yrdmap_report_{fmt}")
            if made and made[0] == key and made[1] == by:
                st.download_button(t("tracking.report_download", lang, fmt=fmt.upper()),
                                   made[2], file_name=f"督办_{by}_{dt.date.today()}.{fmt}",
                                   mime=mime, key=f"yrdmap_report_dl_{fmt}")
