"""Download buttons for tables (CSV with BOM, XLSX) and charts (PNG, SVG).

The converters are pure and return bytes: CSV is UTF-8 with a byte-order mark
so Excel on a Chinese Windows opens it as UTF-8; XLSX is written by openpyxl;
PNG/SVG are rendered offline by vl-convert from the chart's Vega-Lite spec, with
the project's CJK font (:mod:`geo.export.fonts`) registered so Chinese labels
render the same on any machine. :func:`download_row` puts the buttons on the
page; the bytes are made only when a button is clicked.
"""
from __future__ import annotations

import io
import json
from functools import lru_cache

import pandas as pd
import streamlit as st

__all__ = ["table_csv", "table_xlsx", "chart_png", "chart_svg", "download_row"]

_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_LABELS = {"zh": {"csv": "CSV", "xlsx": "Excel", "png": "PNG 图片", "svg": "SVG 矢量图"},
           "en": {"csv": "CSV", "xlsx": "Excel", "png": "PNG image", "svg": "SVG"}}


def table_csv(df: pd.DataFrame) -> bytes:
    """CSV, UTF-8 with BOM (``utf-8-sig``), no index.

    Examples
    --------
    >>> table_csv(pd.DataFrame({"省": ["浙江省"], "项目数": [41]}))[:3] == b"\\xef\\xbb\\xbf"
    True
    """
    return df.to_csv(index=False).encode("utf-8-sig")


def table_xlsx(df: pd.DataFrame, sheet: str = "yrdmap") -> bytes:
    """An .xlsx workbook with one sheet (name cut to Excel's 31 characters)."""
    try:
        import openpyxl  # noqa: F401
    except ImportError as exc:
        raise ImportError(f"XLSX export needs openpyxl: pip install openpyxl ({exc})") from exc
    bad = set('[]:*?/\\')
    name = "".join("_" if c in bad else c for c in sheet)[:31] or "yrdmap"
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        df.to_excel(writer, sheet_name=name, index=False)
    return buf.getvalue()


@lru_cache(maxsize=1)
def _vl_convert():
    try:
        import vl_convert as vlc
    except ImportError as exc:
        raise ImportError("chart export needs vl-convert-python: "
                          f"pip install vl-convert-python ({exc})") from exc
    try:
        from geo.export.fonts import font_path

        vlc.register_font_directory(str(font_path().parent))
    except ImportError:
        pass  # no bundled CJK font: the system's fonts are used
    return vlc


def _spec(chart) -> str:
    from ui.stats_charts import FONT

    spec = chart.to_dict()
    spec.setdefault("config", {})["font"] = FONT.split(",")[0]
    if spec.get("width") == "container":  # no container outside the browser
        spec["width"] = 640
    return json.dumps(spec)


def chart_png(chart, scale: float = 2.0) -> bytes:
    """PNG of an Altair chart (rendered offline; ``scale`` 2 ≈ 144 dpi)."""
    return _vl_convert().vegalite_to_png(_spec(chart), scale=scale)


def chart_svg(chart) -> bytes:
    """SVG of an Altair chart (text as ``<text>`` in the CJK font)."""
    return _vl_convert().vegalite_to_svg(_spec(chart)).encode("utf-8")


def download_row(name: str, lang: str, *, table: pd.DataFrame | None = None,
                 chart=None, key: str) -> None:
    """CSV + XLSX buttons for ``table`` and/or PNG + SVG buttons for ``chart``.

    ``name`` is the file name without extension; ``key`` keeps widget ids unique.
    The files are generated on click (Streamlit's deferred download data).
    """
    labels = _LABELS[lang]
    buttons = []
    if table is not None:
        buttons += [("csv", lambda: table_csv(table), "text/csv"),
                    ("xlsx", lambda: table_xlsx(table, name), _XLSX)]
    if chart is not None:
        buttons += [("png", lambda: chart_png(chart), "image/png"),
                    ("svg", lambda: chart_svg(chart), "image/svg+xml")]
    for col, (ext, data, mime) in zip(st.columns(len(buttons) + 2, gap="small"), buttons):
        with col:
            st.download_button(f"⬇ {labels[ext]}", data=data, file_name=f"{name}.{ext}",
                               mime=mime, key=f"{key}-{ext}", on_click="ignore",
                               width="stretch")
