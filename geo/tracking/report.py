"""The 督办 report: per responsible unit (or province), what is overdue or due soon.

``yrdmap report overdue --format xlsx|pdf --by responsible_unit|province`` and the
进度 view's download both call :func:`write_report`. Rows are those of
:func:`geo.tracking.due.due_table` — every item, plan or imported, with its tracked
state — each with its plan clause and text, grouped by :func:`geo.tracking.due.grouped`.

- **XLSX** (openpyxl, through :mod:`geo.export.xlsx`'s sheet writer): 督办清单 (one row
  per item and group), 按单位汇总 (counts per group), 说明 (date, rules).
- **PDF**: a summary page, the table of each group (continued over pages as needed),
  and a map page of the listed items drawn by :func:`geo.export.static_map.make_figure`;
  text in Noto Sans SC (:mod:`geo.export.fonts`), embedded, selectable.

Both are written atomically (:func:`geo.export.atomic_path`).
"""
from __future__ import annotations

import datetime as dt
import os
import textwrap
from pathlib import Path

import geopandas as gpd
import pandas as pd

from geo.errors import choice
from geo.export._atomic import ExportError, atomic_path
from geo.i18n import t
from geo.overdue import DUE_SOON_DAYS
from geo.tracking.due import due_table, grouped
from geo.tracking.fields import progress_label

__all__ = ["REPORT_FORMATS", "report_table", "summary_table", "write_report"]

REPORT_FORMATS = ("xlsx", "pdf")
_ROWS_PER_PAGE = 14


def _text(v) -> str:
    if v is None or (isinstance(v, float) and v != v):
        return ""
    return str(v)


def report_table(items: pd.DataFrame, by: str = "responsible_unit", lang: str = "zh",
                 today: dt.date | None = None, days: int = DUE_SOON_DAYS) -> pd.DataFrame:
    """The report's rows, headed in ``lang`` (one per item and group, groups in order)."""
    rows = due_table(items, today, days)
    group_col = t("tracking.col_group_unit" if by == "responsible_unit"
                  else "tracking.col_group_province", lang)
    out = []
    for group, part in grouped(rows, by, lang):
        for r in part.to_dict("records"):
            name = r.get("name_zh") if lang == "zh" else (r.get("name_en") or r.get("name_zh"))
            out.append({
                group_col: group,
                t("tracking.col_kind", lang): t(f"tracking.kind_{r['kind']}", lang),
                t("tracking.col_id", lang): r["id"],
                t("tracking.col_name", lang): _text(name),
                t("tracking.field_progress", lang): progress_label(r.get("progress"), lang),
                t("tracking.field_percent", lang): (None if r.get("percent") is None
                                                     or r.get("percent") != r.get("percent")
                                                     else int(r["percent"])),
                **({} if by == "responsible_unit" else
                   {t("tracking.field_responsible_unit", lang): _text(r.get("responsible_unit"))}),
                t("tracking.field_deadline", lang): _text(r.get("deadline")),
                t("tracking.col_days", lang): int(r["days"]),
                t("tracking.field_expected_result", lang): _text(r.get("expected_result")),
                t("tracking.col_clause", lang): _text(r.get("clause")),
                t("tracking.col_plan_text", lang): _text(r.get("plan_text")),
            })
    columns = [group_col] + [t(k, lang) for k in (
        "tracking.col_kind", "tracking.col_id", "tracking.col_name", "tracking.field_progress",
        "tracking.field_percent", "tracking.field_responsible_unit", "tracking.field_deadline",
        "tracking.col_days", "tracking.field_expected_result", "tracking.col_clause",
        "tracking.col_plan_text")]
    if by == "responsible_unit":     # the group is the unit
        del columns[columns.index(t("tracking.field_responsible_unit", lang), 1)]
    return pd.DataFrame(out, columns=columns)


def summary_table(table: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """Counts of overdue and due-soon items per group."""
    group_col, kind = table.columns[0], t("tracking.col_kind", lang)
    over, soon = t("tracking.kind_overdue", lang), t("tracking.kind_due_soon", lang)
    rows = [{group_col: g, t("tracking.col_overdue_n", lang): int((p[kind] == over).sum()),
             t("tracking.col_due_soon_n", lang): int((p[kind] == soon).sum())}
            for g, p in table.groupby(group_col, sort=False)]
    return pd.DataFrame(rows, columns=[group_col, t("tracking.col_overdue_n", lang),
                                       t("tracking.col_due_soon_n", lang)])


def _subtitle(table: pd.DataFrame, lang: str, today: dt.date, days: int) -> str:
    kind = table[t("tracking.col_kind", lang)] if len(table) else pd.Series(dtype=object)
    ids = t("tracking.col_id", lang)
    over = table.loc[kind == t("tracking.kind_overdue", lang), ids].nunique() if len(table) else 0
    soon = table.loc[kind == t("tracking.kind_due_soon", lang), ids].nunique() if len(table) else 0
    return t("tracking.report_subtitle", lang, date=today.isoformat(), overdue=over, soon=soon,
             days=days)


def _write_xlsx(table, path, lang, today, days) -> None:
    from openpyxl import Workbook

    from geo.export.xlsx import _write_sheet, save_with_about

    wb = Workbook()
    ws = wb.active
    ws.title = t("tracking.report_sheet", lang)
    _write_sheet(ws, table)
    _write_sheet(wb.create_sheet(t("tracking.report_summary_sheet", lang)),
                 summary_table(table, lang))
    save_with_about(wb, path, t("tracking.report_about_sheet", lang),
                    (t("tracking.report_title", lang), _subtitle(table, lang, today, days),
                     t("tracking.report_about", lang, days=days)))


def _wrap(text: str, width: int, lines: int = 3) -> str:
    out = textwrap.wrap(text, width) or [""]
    if len(out) > lines:
        out = out[:lines]
        out[-1] = out[-1][: max(0, width - 1)] + "…"
    return "\n".join(out)


def _wrap_pt(text: str, width_pt: float, lines: int = 3, size: float = 7.0) -> str:
    from geo.export._cartography import wrap_text

    out = wrap_text(text, width_pt, size).split("\n")
    if len(out) > lines:
        out = out[:lines]
        out[-1] = out[-1][:-1] + "…"
    return "\n".join(out)


def _table_page(heading: str, subtitle: str, header: list, rows: list, widths: list):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from geo.export.page import page_size, page_table

    fig = Figure(figsize=page_size("a4", "landscape", 100), dpi=100)
    FigureCanvasAgg(fig)
    fig.text(0.04, 0.95, heading, fontsize=15, va="top")
    fig.text(0.04, 0.905, subtitle, fontsize=8.5, va="top", color="#444444")
    ax = fig.add_axes((0.04, 0.05, 0.92, 0.82))
    ax.axis("off")
    if rows:
        table = page_table(ax, header, rows, widths, align="left", header_align="left",
                           fontsize=7)
        for (r, _), cell in table.get_celld().items():
            cell.set_height(0.055 if r else 0.045)
    return fig


def _write_pdf(items, table, path, lang, today, days, by) -> None:
    from matplotlib import rc_context
    from matplotlib.backends.backend_pdf import PdfPages

    from geo.export import fonts
    from geo.export.static_map import make_figure

    title = t("tracking.report_title", lang)
    subtitle = _subtitle(table, lang, today, days)
    rc = fonts.rc()
    pages = []
    with rc_context(rc):
        if not len(table):
            pages.append(_table_page(title, t("tracking.report_none", lang,
                                              date=today.isoformat()), [], [], []))
        else:
            summary = summary_table(table, lang)
            pages.append(_table_page(title, subtitle, list(summary.columns),
                                     [[_wrap(str(v), 40, 2) for v in r]
                                      for r in summary.itertuples(index=False)],
                                     [0.6, 0.2, 0.2]))
            keep = list(table.columns[1:])      # the group is the page's heading
            widths_by = {t("tracking.col_kind", lang): 5, t("tracking.col_id", lang): 12,
                         t("tracking.col_name", lang): 16, t("tracking.field_progress", lang): 6,
                         t("tracking.field_percent", lang): 5,
                         t("tracking.field_responsible_unit", lang): 10,
                         t("tracking.field_deadline", lang): 7, t("tracking.col_days", lang): 6,
                         t("tracking.field_expected_result", lang): 12,
                         t("tracking.col_clause", lang): 7, t("tracking.col_plan_text", lang): 22}
            total = sum(widths_by[c] for c in keep)
            widths = [widths_by[c] / total for c in keep]
            # a cell line: the column's width on an A4 landscape page (0.92 of 842 pt),
            # less matplotlib's cell padding (10 % each side)
            points = {c: w * 0.92 * 842 * 0.78 for c, w in zip(keep, widths)}
            for group, part in table.groupby(table.columns[0], sort=False):
                cells = [[_wrap_pt(_text(v), points[c]) for c, v in zip(keep, r)]
                         for r in part[keep].itertuples(index=False)]
                for start in range(0, len(cells), _ROWS_PER_PAGE):
                    head = f"{table.columns[0]}：{group}" + (
                        t("tracking.report_continued", lang) if start else "")
                    pages.append(_table_page(head, subtitle, keep,
                                             cells[start:start + _ROWS_PER_PAGE], widths))
    listed = items[items["id"].isin(set(table[t("tracking.col_id", lang)]))] if len(table) \
        else items.iloc[0:0]
    if len(listed):
        pages.append(make_figure(gpd.GeoDataFrame(listed, geometry="geometry", crs=items.crs),
                                 dpi=100, lang=lang, title=t("tracking.report_map_title", lang),
                                 subtitle=subtitle, date=today))
    with atomic_path(path) as tmp, rc_context(rc):
        with PdfPages(tmp, metadata={"Creator": "yrdmap", "Title": title}) as pdf:
            for page in pages:
                pdf.savefig(page)


def write_report(items: gpd.GeoDataFrame, path: str | os.PathLike, *, fmt: str | None = None,
                 by: str = "responsible_unit", lang: str = "zh", today: dt.date | None = None,
                 days: int = DUE_SOON_DAYS) -> Path:
    """Write the 督办 report of ``items`` (with tracked state and computed regions).

    Parameters
    ----------
    items : every item to consider (:func:`geo.tracking.service.with_tracking` of
        :func:`geo.store.load_all_with_regions`, or a filtered part of it).
    path : the target; ``fmt`` (``xlsx``/``pdf``) defaults to its suffix.
    by : ``responsible_unit`` or ``province``.
    today : the report date (default today); ``days``: the due-soon horizon.
    """
    from geo.i18n import check_lang

    check_lang(lang)
    fmt = (fmt or Path(path).suffix.lstrip(".")).lower()
    choice("report format", fmt, REPORT_FORMATS, error=ExportError)
    today = pd.Timestamp(today or dt.date.today()).date()
    table = report_table(items, by, lang, today, days)
    if fmt == "xlsx":
        _write_xlsx(table, path, lang, today, days)
    else:
        _write_pdf(items, table, path, lang, today, days, by)
    return Path(path)
