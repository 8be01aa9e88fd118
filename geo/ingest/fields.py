"""From the file's columns to the project schema: header row, column mapping, cell values.

Every schema field has Chinese and English header names (``项目名称``/``name``,
``责任单位``/``responsible_unit`` …); unknown columns are kept as extra
properties under their own (cleaned) names. Cell parsers return the stored
value or raise :class:`geo.ingest.locate.CellError` with the reason and what
would be accepted. The layer, status and precision vocabularies are those of
:mod:`geo.schema`; a deadline is stored as an ISO date (``2025-12-31``).
"""
from __future__ import annotations

import calendar
import datetime as dt
import math
import re
import unicodedata

import numpy as np
import pandas as pd

from geo.ingest.locate import HEADER_ALIASES, CellError, norm_header
from geo.ingest.report import msg
from geo.item_regions import COMPUTED
from geo.schema import LAYERS, PRECISION, STATUS
from geo.store.contract import ITEM_FIELDS

__all__ = ["FIELD_ALIASES", "RESERVED", "ID_PATTERN", "header_index", "map_columns", "is_empty",
           "clean_text", "parse_id", "parse_layer", "parse_status", "parse_precision",
           "parse_deadline", "extra_value", "clean_header"]

FIELD_ALIASES: dict[str, set[str]] = {
    "id": {"id", "编号", "项目编号", "项目代码", "itemid", "projectid", "编码"},
    "name_zh": {"namezh", "name", "名称", "项目名称", "项目", "事项", "事项名称", "任务",
                "任务名称", "工作任务", "标题", "中文名称", "title"},
    "name_en": {"nameen", "englishname", "英文名称", "英文名", "nameenglish"},
    "layer": {"layer", "图层", "类别", "项目类别", "类型", "项目类型", "分类"},
    "clause": {"clause", "条款", "规划条款", "条目"},
    "plan_text": {"plantext", "规划原文", "规划内容", "原文", "建设内容", "主要内容", "内容",
                  "工作内容", "任务内容"},
    "status": {"status", "状态", "进展", "建设状态", "项目状态", "进展情况", "推进状态"},
    "precision": {"precision", "精度", "位置精度"},
    "note": {"note", "notes", "备注", "说明", "description", "描述"},
    "responsible_unit": {"responsibleunit", "责任单位", "牵头单位", "责任部门", "牵头部门",
                         "责任主体", "实施主体", "主体单位", "牵头单位责任单位"},
    "deadline": {"deadline", "完成时限", "完成时间", "时限", "截止时间", "截止日期",
                 "计划完成时间", "完成期限", "时间节点"},
    "expected_result": {"expectedresult", "预期成果", "预期目标", "目标成果", "成果",
                        "预期效果", "工作目标", "目标"},
}

#: property names an extra column may not take (stored fields and computed columns)
RESERVED = {*ITEM_FIELDS, "geometry", *COMPUTED, "overdue"}
ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
MAX_NAME = 200
MAX_TEXT = 10_000
_ALL_ALIASES = set().union(*FIELD_ALIASES.values(), *HEADER_ALIASES.values())


def header_index(grid: list[list]) -> int:
    """Index of the header row among the first rows of a grid (title rows skipped).

    The header is the row among the first 10 with the most recognised names;
    the first row when none is recognised.

    Examples
    --------
    >>> header_index([["长三角重点项目清单", None], ["项目名称", "经度", "纬度"], ["a", 1, 2]])
    1
    """
    best, best_score = 0, 0
    for i, row in enumerate(grid[:10]):
        score = sum(1 for c in row if c is not None and norm_header(c) in _ALL_ALIASES)
        if score > best_score:
            best, best_score = i, score
    return best


def clean_header(value, position: int) -> str:
    """A printable column name; empty headers become ``column_<n>`` (1-based)."""
    text = "" if value is None else unicodedata.normalize("NFC", str(value))
    text = "".join(ch for ch in text if ch.isprintable()).strip()[:64]
    return text or f"column_{position + 1}"


def map_columns(headers: list[str]) -> dict[str, str]:
    """Schema field → the header naming it (first match wins).

    Examples
    --------
    >>> map_columns(["序号", "项目名称", "责任单位", "完成时限", "Status"])
    {'name_zh': '项目名称', 'status': 'Status', 'responsible_unit': '责任单位', 'deadline': '完成时限'}
    """
    out: dict[str, str] = {}
    for fld, aliases in FIELD_ALIASES.items():
        for h in headers:
            if norm_header(h) in aliases and h not in out.values():
                out[fld] = h
                break
    return out


def is_empty(value) -> bool:
    """True for None, NaN, NaT and blank text (an empty cell)."""
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    if value is pd.NaT:
        return True
    return isinstance(value, str) and not value.strip()


def _python(value):
    """A cell as a plain Python value: ``None`` if empty (:func:`is_empty`), numpy scalars
    as their Python equivalent."""
    if is_empty(value):
        return None
    return value.item() if isinstance(value, np.generic) else value


def clean_text(value, limit: int = MAX_TEXT) -> str | None:
    """A cell as stored text: ``None`` if empty; numbers without ``.0``; dates ISO.

    Raises :class:`CellError` for control characters or text over ``limit``.

    Examples
    --------
    >>> clean_text(" 沪苏湖铁路 "), clean_text(3.0), clean_text(float("nan"))
    ('沪苏湖铁路', '3', None)
    """
    value = _python(value)
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (dt.datetime, pd.Timestamp)):
        value = value.date() if value.time() == dt.time(0) else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        value = value.isoformat()
    text = str(value).strip()
    bad = next((ch for ch in text if ord(ch) < 32 and ch not in "\t\r\n" or ord(ch) == 127), None)
    if bad is not None:
        raise CellError(msg("ingest.control_char", code=f"U+{ord(bad):04X}"), msg("ingest.plain_text"))
    hidden = next((ch for ch in text if unicodedata.category(ch) in ("Cf", "Co", "Cs")), None)
    if hidden is not None:   # zero-width, bidi overrides, BOM, private use: text that lies
        what = unicodedata.name(hidden, "invisible character")
        raise CellError(msg("ingest.invisible_char", code=f"U+{ord(hidden):04X}", what=what),
                        msg("ingest.invisible_char_ok"))
    if len(text) > limit:
        raise CellError(msg("ingest.too_long", n=len(text)), msg("ingest.too_long_ok", limit=limit))
    return text


def parse_id(value) -> str | None:
    """An item id as given (``None`` if empty).

    Examples
    --------
    >>> parse_id("SH-001"), parse_id(12.0)
    ('SH-001', '12')
    """
    text = clean_text(value, 64)
    if text is None:
        return None
    if not ID_PATTERN.match(text):
        raise CellError(msg("ingest.bad_id"), msg("ingest.bad_id_ok"))
    return text


def _vocab(value, table: dict[str, dict[str, str]] | dict[str, str], what: str) -> str:
    text = clean_text(value, 200)
    if text is None:
        return None
    low = text.lower()
    for key, titles in table.items():
        names = {key.lower()}
        names |= {t.lower() for t in titles.values()} if isinstance(titles, dict) else {titles.lower()}
        if low in names:
            return key
    listed = "; ".join(f"{k} ({v['zh']})" if isinstance(v, dict) else f"{k} ({v})"
                       for k, v in table.items())
    raise CellError(msg(f"ingest.unknown_{what}"), listed)


def parse_layer(value) -> str | None:
    """A layer key from its key, Chinese or English title.

    Examples
    --------
    >>> parse_layer("轨道交通"), parse_layer("Rail"), parse_layer("hub")
    ('rail', 'rail', 'hub')
    """
    return _vocab(value, LAYERS, "layer")


def parse_status(value) -> str | None:
    """A status (Chinese key) from Chinese or English.

    Examples
    --------
    >>> parse_status("在建"), parse_status("Under construction")
    ('在建', '在建')
    """
    return _vocab(value, STATUS, "status")


def parse_precision(value) -> str | None:
    """A precision key from its key, Chinese or English title."""
    return _vocab(value, PRECISION, "precision")


_ONGOING = {"长期", "持续", "持续推进", "长期坚持", "常态化", "长期推进", "持续实施", "ongoing"}
_DEADLINE_ACCEPTED = msg("ingest.deadline_ok")
_YMD = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")
_YM = re.compile(r"^(\d{4})[-/.年](\d{1,2})月?(?:底|末)?$")
_Y = re.compile(r"^(\d{4})(?:年)?(底|末|年底|年末|内|全年)?$")
_HALF = re.compile(r"^(\d{4})年?(上半年|下半年|一季度|二季度|三季度|四季度|第[一二三四]季度)(?:末|底)?$")
_QUARTER_END = {"一": 3, "二": 6, "三": 9, "四": 12}


def _date(y: int, m: int, d: int | None = None) -> str:
    if not 1900 <= y <= 2100:
        raise CellError(f"has the year {y}", _DEADLINE_ACCEPTED)
    if not 1 <= m <= 12:
        raise CellError(f"has the month {m}", _DEADLINE_ACCEPTED)
    last = calendar.monthrange(y, m)[1]
    if d is None:
        d = last
    if not 1 <= d <= last:
        raise CellError(f"has the day {d}, but {y}-{m:02d} has {last} days", _DEADLINE_ACCEPTED)
    return f"{y:04d}-{m:02d}-{d:02d}"


def parse_deadline(value) -> str | None:
    """A deadline as an ISO date (end of the period for a month or year).

    Returns ``None`` for an empty cell or an ongoing task (``长期``, ``持续推进``).

    Examples
    --------
    >>> parse_deadline("2025年底"), parse_deadline("2026年6月"), parse_deadline("2025/3/1")
    ('2025-12-31', '2026-06-30', '2025-03-01')
    >>> parse_deadline(dt.datetime(2027, 1, 15)), parse_deadline("2025年上半年"), parse_deadline("长期")
    ('2027-01-15', '2025-06-30', None)
    """
    if is_empty(value):
        return None
    if isinstance(value, (dt.datetime, pd.Timestamp)):
        value = value.date()
    if isinstance(value, dt.date):
        return _date(value.year, value.month, value.day)
    if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool):
        if float(value).is_integer() and 1900 <= int(value) <= 2100:
            return _date(int(value), 12)
        raise CellError(msg("ingest.number_not_date"), _DEADLINE_ACCEPTED)
    text = unicodedata.normalize("NFKC", str(value)).strip()
    text = re.sub(r"\s+", "", text)
    text = re.sub(r"(之前|以前|前)$", "", text)
    if text.lower() in _ONGOING:
        return None
    if m := re.match(r"^(\d{4}-\d{2}-\d{2})[T ]", str(value).strip()):
        text = m.group(1)
    if m := _YMD.match(text):
        return _date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    if m := _YM.match(text):
        return _date(int(m.group(1)), int(m.group(2)))
    if m := _Y.match(text):
        return _date(int(m.group(1)), 12)
    if m := _HALF.match(text):
        part = m.group(2)
        month = 6 if part == "上半年" else 12 if part == "下半年" else _QUARTER_END[part.strip("第")[0]]
        return _date(int(m.group(1)), month)
    raise CellError(msg("ingest.not_a_date"), _DEADLINE_ACCEPTED)


def extra_value(value):
    """An extra column's cell as a JSON value (text, number, bool or ``None``)."""
    value = _python(value)
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return value if abs(value) < 2**53 else str(value)
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, (list, tuple, np.ndarray, dict)):
        return clean_text(str(list(value) if not isinstance(value, dict) else value))
    return clean_text(value)
