"""Count badges and the sortable results table (row selection zooms the map).

:func:`results_frame` is pure (a DataFrame for the table, one column per
province that has any km or km²); :func:`results_table` shows it with
``st.dataframe`` — cells are text, never HTML — and hands the id of a newly
selected row to a callback.
"""
from __future__ import annotations

import hashlib
from functools import partial

import pandas as pd
import streamlit as st

from geo.overdue import overdue_mask
from geo.records import region_name
from ui.tables import shown_table
from geo.i18n import t
from layers.i18n import layer_label, status_label

__all__ = ["results_frame", "count_badges", "results_table"]

_BADGE_COLORS = ("violet", "orange", "red", "blue", "green", "gray", "primary")


def results_frame(items, lang: str, text: str | None = None) -> pd.DataFrame:
    """One row per item: name, layer, status, provinces, length, area, then
    ``<province> km`` / ``<province> km²`` columns, clause; index = item id.

    With the search ``text``, the rows are ranked (:func:`geo.search.rank_items`):
    items whose name matches first, those only the plan's text mentions last."""
    if text and text.strip() and len(items):
        from geo.search import rank_items

        score = rank_items(items, text)
        items = items.loc[score.sort_values(ascending=False, kind="stable").index]
    name_col = "name_zh" if lang == "zh" else "name_en"
    provinces = sorted({int(a) for d in list(items["km_by_province"]) + list(items["km2_by_province"])
                        for a, v in d.items() if v})
    frame = pd.DataFrame({
        t("app.col_name", lang): items[name_col].astype(str).to_numpy(),
        t("app.col_layer", lang): [layer_label(v, lang) for v in items["layer"]],
        t("app.col_status", lang): [status_label(v, lang) for v in items["status"]],
        t("app.col_provinces", lang): [", ".join(region_name(a, lang) for a in ps)
                                   for ps in items["provinces"]],
        t("app.col_length", lang): items["length_km"].round(1).to_numpy(),
        t("app.col_area", lang): items["area_km2"].round(1).to_numpy(),
    }, index=pd.Index(items["id"].to_numpy(), name="id"))
    for key, unit in (("km_by_province", "app.col_km_in"), ("km2_by_province", "app.col_km2_in")):
        for a in provinces:
            values = [round(float(d.get(a, 0) or 0), 1) or None for d in items[key]]
            if any(values):
                frame[t(unit, lang, p=region_name(a, lang))] = values
    frame[t("app.col_clause", lang)] = items["clause"].to_numpy()
    late = overdue_mask(items).to_numpy()
    if late.any():  # imported planning fields: deadline, responsible unit, overdue flag
        frame.insert(0, t("app.col_overdue", lang), ["⚠ " + t("app.col_overdue", lang) if v else ""
                                                 for v in late])
        frame[t("app.col_deadline", lang)] = items["deadline"].astype("string").fillna("").to_numpy()
        if "responsible_unit" in items.columns:
            frame[t("app.col_responsible", lang)] = (items["responsible_unit"].astype("string")
                                                 .fillna("").to_numpy())
    return frame


def count_badges(items, lang: str) -> None:
    """Total, cross-provincial and per-layer counts as badges."""
    parts = [f":primary-badge[{t('app.results_count', lang, n=len(items))}]",
             f":gray-badge[{t('app.results_cross', lang, n=int(items['cross_provincial'].sum()))}]"]
    late = int(overdue_mask(items).sum())
    if late:
        parts.append(f":red-badge[{t('app.overdue_count', lang, n=late)}]")
    counts = items["layer"].value_counts()
    from geo.schema import LAYERS

    for i, key in enumerate(LAYERS):
        n = int(counts.get(key, 0))
        if n:
            label = layer_label(key, lang).replace("[", "(").replace("]", ")")
            parts.append(f":{_BADGE_COLORS[i % len(_BADGE_COLORS)]}-badge[{label} {n}]")
    st.markdown(" ".join(parts))


def results_table(items, lang: str, on_pick=None) -> None:
    """The table. Selecting a row calls ``on_pick(item id)`` before the next run (so
    the map, drawn before the table, already shows the pick)."""
    from ui.state import KEYS

    frame = results_frame(items, lang, st.session_state.get(KEYS["text"]))
    st.caption(t("app.table_help", lang))
    # a new set of rows is a new table: an old row selection must not carry over
    key = "table_" + hashlib.sha1(f"{lang}|{'|'.join(frame.index)}".encode()).hexdigest()[:12]
    shown = frame.reset_index(drop=True)
    flag = t("app.col_overdue", lang)
    late = None
    if flag in shown.columns:  # overdue rows in red
        def late(row):
            return ["background-color: #fde2e4" if row[flag] else "" for _ in row]
    shown, formats = shown_table(shown, row_style=late)
    st.dataframe(shown, column_config=formats,
                 on_select=partial(_picked, key, list(frame.index), on_pick),
                 selection_mode="single-row", hide_index=True, width="stretch",
                 placeholder="",            # an empty cell, not "None"
                 key=key)


def _picked(key: str, ids: list, on_pick) -> None:
    """The table's selection changed: hand a newly selected row's item id on."""
    event = st.session_state.get(key)
    rows = list(event["selection"]["rows"]) if event else []
    picked = ids[rows[0]] if rows and rows[0] < len(ids) else None
    if picked is not None and on_pick is not None:
        on_pick(picked)
