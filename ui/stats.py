"""The "统计 / Statistics" view: 查询统计 · 对比分析 of the items the filters let through.

``stats_panel(lang, items)`` is the whole boundary: the page calls it in a tab
with the current selection. It shows, from :mod:`geo.stats` (the same numbers as
``yrdmap stats``): the summary table by province or by city, grouped bars
(region × layer), a stacked bar by status, a choropleth of one chosen measure by
city with a classed legend, the 对比分析 picker, and the plan's 2025 targets
("仅目标 / target only": never a current value). Every table downloads as CSV
(UTF-8 with BOM) and XLSX, every chart as PNG and SVG.
"""
from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
import shapely
import streamlit as st

from geo.i18n import check_lang, t
from geo.regions import RegionError, regions
from geo.stats import (AREA_MEASURES, LENGTH_MEASURES, MEASURES, SUM_MEASURES, compare,
                       measure_label, statistics)
from geo.targets import CLAUSE, target_records
from ui.downloads import download_row
from ui.state import bind_to_language
from ui.tables import styled
from ui.stats_charts import city_choropleth, layer_bars, status_bars

__all__ = ["stats_panel", "summary_frame", "compare_frame", "targets_frame"]

_BY = {"province": "stats.province", "city": "stats.city"}
bind_to_language("stats-by", "stats-map-measure", "stats-compare")
_MAP_MEASURES = ["items", *LENGTH_MEASURES, *AREA_MEASURES, "cross_share"]


def summary_frame(summary: pd.DataFrame, lang: str, sums: bool = False) -> pd.DataFrame:
    """The summary table for people: region name, then every measure with its
    localised title and unit; km/km² rounded to 0.1, shares to 0.1 %. km and km² are
    the covered figures (overlaps merged); ``sums`` adds the labelled per-item sums."""
    out = pd.DataFrame({t("stats.region", lang): summary[f"name_{lang}"].to_numpy()})
    for key in MEASURES:
        if key in SUM_MEASURES and not sums:
            continue
        values = summary[key]
        out[measure_label(key, lang)] = (values.round(1) if values.dtype.kind == "f"
                                         else values).to_numpy()
    return out


def compare_frame(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The :func:`geo.stats.compare` table for people: counts as integers,
    amounts to 0.1."""
    out = table.drop(columns="measure").rename(columns={"label": t("stats.col_measure", lang),
                                                         "unit": t("stats.col_unit", lang)})
    counts = table["unit"].isin(["项", "count"]).to_numpy()
    for c in out.columns[2:]:
        out[c] = [int(v) if is_count else round(float(v), 1)
                  for v, is_count in zip(out[c], counts)]
        out[c] = out[c].astype(object)
    return out


def targets_frame(lang: str) -> pd.DataFrame:
    """The 2025 targets: clause, indicator, target, status (target only), note."""
    recs = target_records(lang)
    return pd.DataFrame({
        t("stats.col_clause", lang): [r["clause"] for r in recs],
        t("stats.col_indicator", lang): [r[f"indicator_{lang}"] for r in recs],
        t("stats.col_target", lang): [r["target"] for r in recs],
        t("stats.col_status", lang): [r["status"] for r in recs],
        t("stats.col_note", lang): [r["note"] for r in recs],
    })


@st.cache_data(show_spinner=False, max_entries=32)
def _statistics(ids: tuple, shape: bytes, within: tuple, _items) -> dict:
    """The statistics of a selection, cached by its item ids and a cheap fingerprint
    of their geometries (bounds and vertex counts); the frame itself is not hashed."""
    return statistics(_items, within)


def _shape_key(items) -> bytes:
    geoms = items.geometry.values
    return (shapely.bounds(geoms).round(6).tobytes()
            + shapely.get_num_coordinates(geoms).tobytes())


def _place_options(lang: str) -> dict[int, str]:
    """Adcode → label of every province, then every city (上海市 the city, which is
    上海市 the province, is left out)."""
    province_names = {r.adcode: r.name_zh for r in regions("province")}
    return {r.adcode: r.label(lang) for level in ("province", "city") for r in regions(level)
            if level == "province" or r.name_zh != province_names[r.province_adcode]}


def stats_panel(lang: str, items, within: Iterable = ()) -> None:
    """Show the statistics view of ``items`` (the current selection).

    Parameters
    ----------
    lang : "zh" or "en".
    items : GeoDataFrame of catalog items (as the filters return them).
    within : provinces the filters chose, to restrict the rows to (optional).
    """
    check_lang(lang)
    st.subheader(t("stats.title", lang))
    if len(items) == 0:
        st.info(t("stats.empty", lang))
    try:
        stats = _statistics(tuple(items["id"]), _shape_key(items), tuple(within), items)
    except (RegionError, ValueError) as exc:
        st.warning(str(exc))
        return
    by = st.segmented_control(t("stats.by", lang), ["province", "city"], default="province",
                              format_func=lambda k: t(_BY[k], lang), key="stats-by") or "province"
    summary = stats[by].summary
    st.markdown(f"**{t('stats.summary', lang, n=int(summary.iloc[-1]['items']))}**")
    sums = st.toggle(t("stats.show_sums", lang), key="stats-sums",
                     help=t("stats.show_sums_help", lang))
    table = summary_frame(summary, lang, sums=sums)
    st.dataframe(styled(table), hide_index=True, width="stretch", placeholder="")
    st.caption(t("stats.note", lang))
    download_row(f"yrdmap_stats_{by}", lang, table=table, key=f"stats-summary-{by}")

    st.markdown(f"**{t('stats.charts', lang)}**")
    prov = stats["province"]
    bars = layer_bars(prov.by_layer, lang)
    st.altair_chart(bars, width="stretch")
    download_row("yrdmap_layers_by_province", lang, chart=bars, key="stats-layer-bars")
    stacked = status_bars(prov.by_status, lang)
    st.altair_chart(stacked, width="stretch")
    download_row("yrdmap_status_by_province", lang, chart=stacked, key="stats-status-bars")

    col_m, col_k = st.columns([3, 1])
    with col_m:
        measure = st.selectbox(t("stats.map_measure", lang), _MAP_MEASURES, key="stats-map-measure",
                               format_func=lambda k: measure_label(k, lang))
    with col_k:
        k = st.number_input(t("stats.classes", lang), min_value=2, max_value=7, value=5, step=1,
                            key="stats-map-k")
    choropleth = city_choropleth(stats["city"].summary, measure, lang, int(k))
    st.altair_chart(choropleth)
    download_row(f"yrdmap_map_{measure}", lang, chart=choropleth, key="stats-map")

    st.markdown(f"**{t('stats.compare', lang)}**")
    options = _place_options(lang)
    picked = st.multiselect(t("stats.pick", lang), list(options), key="stats-compare",
                            format_func=options.get, max_selections=6,
                            placeholder=t("stats.pick_placeholder", lang))
    if len(picked) >= 2:
        try:
            table_c = compare_frame(compare(items, list(picked), lang), lang)
        except (RegionError, ValueError) as exc:
            st.warning(str(exc))
        else:
            st.dataframe(styled(table_c), hide_index=True, width="stretch", placeholder="")
            download_row("yrdmap_compare", lang, table=table_c, key="stats-compare-dl")
    elif picked:
        st.caption(t("stats.pick_more", lang))

    st.markdown(f"**{t('stats.targets', lang, c=CLAUSE)}**")
    targets = targets_frame(lang)
    st.dataframe(styled(targets), hide_index=True, width="stretch", placeholder="")
    st.caption(t("stats.targets_note", lang))
    download_row("yrdmap_targets_2025", lang, table=targets, key="stats-targets")
