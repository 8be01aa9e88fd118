"""The statistics summary as a PDF page: appended after the map page on request.

The numbers are :func:`geo.stats.region_stats` of the exported items by province —
the same the Statistics view and ``yrdmap stats`` show.
"""
from __future__ import annotations

import datetime as dt

import geopandas as gpd

import geo.export.fonts as fonts
from geo.export.page import page_size, page_table
from geo.i18n import t
from geo.stats import measure_label, region_stats

__all__ = ["SUMMARY_COLUMNS", "summary_rows", "summary_figure"]

#: the measures on the page, in order
SUMMARY_COLUMNS = ("items", "cross_provincial", "rail_km", "waterway_km", "demonstration_km2",
                   "metropolitan_km2", "ecological_km2", "zone_km2")


def _header(key: str, lang: str) -> str:
    """A column title wrapped to fit a narrow cell, the unit on its own line."""
    import textwrap

    from geo.stats import MEASURES

    width = 8 if lang == "zh" else 16
    unit = MEASURES[key]["unit"] if lang == "zh" else MEASURES[key]["unit_en"]
    title = "\n".join(textwrap.wrap(measure_label(key, lang, unit=False), width))
    return f"{title}\n({unit})"


def summary_rows(items: gpd.GeoDataFrame, lang: str = "zh") -> tuple[list[str], list[list[str]]]:
    """(header, rows) of the summary table, numbers formatted for print.

    Examples
    --------
    >>> from geo.select import filter_projects
    >>> header, rows = summary_rows(filter_projects(layers=["rail"]))
    >>> header[0], header[3], rows[-1][0]
    ('地区', '轨道交通里程\\n(km)', '合计')
    """
    summary = region_stats(items, "province").summary
    header = [t("mapdoc.region", lang)] + [_header(k, lang) for k in SUMMARY_COLUMNS]
    name = "name_zh" if lang == "zh" else "name_en"
    rows = []
    for rec in summary.to_dict("records"):
        cells = [str(rec[name])]
        for key in SUMMARY_COLUMNS:
            v = rec[key]
            cells.append(f"{int(v):,d}" if key in ("items", "cross_provincial") else f"{v:,.1f}")
        rows.append(cells)
    return header, rows


def summary_figure(items: gpd.GeoDataFrame, *, page: str = "a4", orientation: str = "landscape",
                   lang: str = "zh", title: str | None = None, date: dt.date | None = None):
    """A page with the per-province summary table of ``items`` (a matplotlib Figure)."""
    from matplotlib import rc_context
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    w_in, h_in = page_size(page, orientation, 100)
    rc = fonts.rc()
    with rc_context(rc):
        fig = Figure(figsize=(w_in, h_in), dpi=100)
        FigureCanvasAgg(fig)
        heading = title or t("mapdoc.summary_title", lang)
        fig.text(0.05, 0.93, heading, fontsize=16, va="top")
        day = (date or dt.date.today()).isoformat()
        note = t("mapdoc.summary_note", lang, area=t("stats.area_union", lang), day=day)
        fig.text(0.05, 0.05, note, fontsize=7, color="#555555", va="bottom", wrap=True)
        header, rows = summary_rows(items, lang)
        ax = fig.add_axes((0.05, 0.12, 0.9, 0.76))
        ax.axis("off")
        first = 0.2
        widths = [first] + [(1 - first) / (len(header) - 1)] * (len(header) - 1)
        table = page_table(ax, header, rows, widths, align="right", header_align="center",
                           fontsize=8)
        table.scale(1, 1.6)
        for (r, c), cell in table.get_celld().items():
            if r == 0:
                cell.set_height(cell.get_height() * 3.2)
            if c == 0:
                cell.get_text().set_horizontalalignment("left")
    fig._yrd_rc = rc
    return fig
