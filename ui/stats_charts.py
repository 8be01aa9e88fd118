"""Altair charts of the statistics view, with Chinese or English labels.

Pure: every function takes the tables of :mod:`geo.stats` and returns an
``altair.Chart`` (no streamlit), so tests and the PNG/SVG export use the same
specs the page shows. The choropleth's classes come from mapclassify (Fisher–
Jenks on the non-zero values; zero is its own "无 / none" class).
"""
from __future__ import annotations

import warnings
from functools import lru_cache

import altair as alt
import numpy as np
import pandas as pd
import shapely

from geo.i18n import check_lang, t
from geo.schema import LAYERS, STATUS
from geo.stats import MEASURES, measure_label

__all__ = ["FONT", "layer_colors", "layer_bars", "status_bars", "classify", "city_choropleth"]

#: the family registered for PNG/SVG export (see ui.downloads); browsers fall back
FONT = "Noto Sans SC, Microsoft YaHei, PingFang SC, sans-serif"


def layer_colors() -> list[str]:
    """The map's colour of each layer of :data:`geo.schema.LAYERS`, in that order (the
    registry's style), so a chart's bars match the map's lines and areas.

    >>> layer_colors()[2]   # rail
    '#c2185b'
    """
    from geo.registry import load_registry

    registry = load_registry()
    return [registry.project_entry(k).style["color"] for k in LAYERS]
def _regions_order(df: pd.DataFrame, name: str) -> list[str]:
    return list(dict.fromkeys(df.sort_values("adcode")[name]))


def _region_x(df: pd.DataFrame, name: str, lang: str) -> alt.X:
    """The bar charts' x axis: one group per region, in adcode order, labels upright."""
    return alt.X(f"{name}:N", title=t("stats.chart_region", lang), sort=_regions_order(df, name),
                 axis=alt.Axis(labelAngle=0))


def _tooltip(name: str, field: str, title: str, lang: str) -> list:
    """The bar charts' tooltip: the region, the bar's ``field`` (titled ``title``), the count."""
    return [alt.Tooltip(f"{name}:N", title=t("stats.chart_region", lang)),
            alt.Tooltip(f"{field}:N", title=title),
            alt.Tooltip("count:Q", title=t("stats.chart_count", lang))]


def layer_bars(by_layer: pd.DataFrame, lang: str = "zh") -> alt.Chart:
    """Grouped bars: one group per region, one bar per layer (item counts).

    Examples
    --------
    >>> from geo.catalog import load_projects
    >>> from geo.stats import region_stats
    >>> spec = layer_bars(region_stats(load_projects()).by_layer).to_dict()
    >>> spec["mark"]["type"], spec["encoding"]["xOffset"]["field"]
    ('bar', 'layer_zh')
    """
    check_lang(lang)
    name, layer = f"name_{lang}", f"layer_{lang}"
    domain = [v[lang] for v in LAYERS.values()]
    return alt.Chart(by_layer).mark_bar().encode(
        x=_region_x(by_layer, name, lang),
        xOffset=alt.XOffset(f"{layer}:N", sort=domain),
        y=alt.Y("count:Q", title=t("stats.chart_count", lang)),
        color=alt.Color(f"{layer}:N", title=t("stats.chart_layer", lang),
                        scale=alt.Scale(domain=domain, range=layer_colors())),
        tooltip=_tooltip(name, layer, t("stats.chart_layer", lang), lang),
    ).properties(title=t("stats.chart_layers_title", lang), width="container", height=320)


def status_bars(by_status: pd.DataFrame, lang: str = "zh") -> alt.Chart:
    """One bar per region, stacked by status (item counts), statuses in plan order."""
    check_lang(lang)
    name = f"name_{lang}"
    status = "status" if lang == "zh" else "status_en"
    domain = list(STATUS) if lang == "zh" else list(STATUS.values())
    data = by_status.assign(order=by_status["status"].map({s: i for i, s in enumerate(STATUS)}))
    return alt.Chart(data).mark_bar().encode(
        x=_region_x(by_status, name, lang),
        y=alt.Y("sum(count):Q", title=t("stats.chart_count", lang)),
        color=alt.Color(f"{status}:N", title=t("stats.chart_status", lang),
                        scale=alt.Scale(domain=domain, scheme="tableau20")),
        order=alt.Order("order:Q"),
        tooltip=_tooltip(name, status, t("stats.chart_status", lang), lang),
    ).properties(title=t("stats.chart_status_title", lang), width="container", height=320)


def _fmt(v: float, integer: bool = False) -> str:
    if integer or abs(v) >= 100:
        return f"{v:,.0f}"
    return f"{v:,.1f}" if abs(v) >= 1 else f"{v:.2g}"


def classify(values, k: int = 5, lang: str = "zh",
             integer: bool = False) -> tuple[list[str], list[str]]:
    """Class label of each value and the labels in order: zero (or missing) is its
    own class (listed only when present), the positive values are split by
    Fisher–Jenks into up to ``k`` classes (fewer when there are fewer distinct
    values). ``integer`` labels the bounds without decimals (counts).

    Examples
    --------
    >>> labels, order = classify([0, 1, 2, 10, 11, 50], k=3, integer=True)
    >>> order
    ['无', '1 – 2', '2 – 11', '11 – 50']
    >>> labels[0], labels[-1]
    ('无', '11 – 50')
    """
    check_lang(lang)
    if k < 1:
        raise ValueError(f"k {k!r} must be at least 1")
    import mapclassify

    v = np.nan_to_num(np.asarray(values, dtype=float), nan=0.0)
    none = t("stats.chart_none", lang)
    pos = v[v > 0]
    if not len(pos):
        return [none] * len(v), [none]
    k = int(min(k, len(np.unique(pos))))
    if k == 1:
        bins = np.array([pos.max()])
    else:
        with warnings.catch_warnings():  # "Numba not installed": 41 cities need no JIT
            warnings.simplefilter("ignore", UserWarning)
            bins = mapclassify.FisherJenks(pos, k=k).bins
    lows = np.concatenate([[pos.min()], bins[:-1]])
    names = [f"{_fmt(lo, integer)} – {_fmt(hi, integer)}" for lo, hi in zip(lows, bins)]
    idx = np.searchsorted(bins, v, side="left").clip(0, len(bins) - 1)
    labels = [none if x <= 0 else names[i] for x, i in zip(v, idx)]
    return labels, ([none] if (v <= 0).any() else []) + names


@lru_cache(maxsize=1)
def _city_shapes() -> pd.DataFrame:
    """s1000 city outlines as GeoJSON-like dicts, rings clockwise (d3's spherical
    convention: RFC 7946's counter-clockwise rings would fill the globe)."""
    from geo.catalog import load_regions

    cities = load_regions("city", "s1000")
    geoms = shapely.set_precision(cities.geometry.values, 0.001)
    geoms = shapely.orient_polygons(geoms, exterior_cw=True)
    return pd.DataFrame({"adcode": cities["adcode"].astype(int).to_numpy(),
                         "geometry": [shapely.geometry.mapping(g) for g in geoms]})


def city_choropleth(summary_city: pd.DataFrame, measure: str, lang: str = "zh",
                    k: int = 5) -> alt.Chart:
    """Choropleth of one measure of :func:`geo.stats.region_stats` (``by="city"``)
    on the s1000 city outlines, with a classed legend.

    Raises
    ------
    ValueError
        For an unknown measure (naming the accepted ones) or language.
    """
    check_lang(lang)
    if measure not in MEASURES:
        raise ValueError(f"unknown measure {measure!r}; accepted: {', '.join(MEASURES)}")
    rows = summary_city[summary_city["kind"] == "region"][["adcode", f"name_{lang}", measure]]
    shapes = _city_shapes().merge(rows, on="adcode", how="inner")
    labels, order = classify(shapes[measure], k, lang,
                             integer=MEASURES[measure]["unit"] == "项")
    title = measure_label(measure, lang)
    features = [{"type": "Feature", "geometry": g,
                 "properties": {"name": n, "value": round(float(v), 3), "class": c}}
                for g, n, v, c in zip(shapes["geometry"], shapes[f"name_{lang}"],
                                      shapes[measure], labels)]
    none = t("stats.chart_none", lang)
    colors = (["#eeeeee"] if order[0] == none else []) + _ramp(len(order) - (order[0] == none))
    data = alt.Data(values=features, format=alt.DataFormat(type="json"))
    return alt.Chart(data).mark_geoshape(stroke="white", strokeWidth=0.5).encode(
        color=alt.Color("properties.class:N", title=t("stats.chart_class", lang),
                        scale=alt.Scale(domain=order, range=colors),
                        legend=alt.Legend(orient="right", symbolType="square")),
        tooltip=[alt.Tooltip("properties.name:N", title=t("stats.chart_region", lang)),
                 alt.Tooltip("properties.value:Q", title=title, format=",.1f")],
    ).project(type="conicEqualArea", parallels=[28, 34], rotate=[-119, 0]).properties(
        title=t("stats.chart_map_title", lang, m=title), width=420, height=440)


def _ramp(n: int) -> list[str]:
    """``n`` blues from light to dark (ColorBrewer Blues)."""
    blues = ["#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c", "#08306b"]
    if n <= 0:
        return []
    idx = np.linspace(0, len(blues) - 1, n).round().astype(int)
    return [blues[i] for i in idx]
