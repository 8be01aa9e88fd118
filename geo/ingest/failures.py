"""The one place where a reader's, archive's, XML parser's or codec's exception becomes a report line.

Readers raise :class:`~geo.ingest.report.IngestError` for what they check
themselves; everything else a library can throw on hostile or broken input
(``zipfile.BadZipFile`` for a bad CRC or a lying size, ``zlib.error`` for
corrupt deflate data, ``xml.etree.ElementTree.ParseError`` for truncated sheet
XML, ``UnicodeDecodeError``, ``csv.Error``, ``OSError`` such as
``PermissionError``, GDAL's errors, a ``ValueError`` from a cell converter …)
goes through :func:`as_ingest_error`, which names the file (the user's name,
never a private temporary copy), the row/feature and field when known, what
went wrong in words, and what would be accepted.

Examples
--------
>>> import zipfile
>>> err = as_ingest_error(zipfile.BadZipFile("Bad CRC-32 for file 'xl/sheet1.xml'"), "清单.xlsx",
...                       member="xl/sheet1.xml")
>>> err.issue.line()
"error: file '清单.xlsx': archive member 'xl/sheet1.xml' is damaged (Bad CRC-32 for file 'xl/sheet1.xml'); accepted: the file saved again from the program that made it (Excel, ArcGIS, 7-Zip)"
"""
from __future__ import annotations

import csv
import re
import tempfile
import zipfile
import zlib
from pathlib import Path
from xml.etree.ElementTree import ParseError

from geo.ingest.report import IngestError

__all__ = ["as_ingest_error", "scrub"]

_TMP_PATH = re.compile(r"(?:[A-Za-z]:)?[/\\][^\s'\"]*?yrdmap-(?:read|upload|import)-[^\s'\"]*")


def scrub(text: str, name: str) -> str:
    """``text`` with private temporary paths replaced by the user's file ``name``, on one line.

    >>> scrub("/tmp/yrdmap-read-1-abc/copy.gpkg: file is not a database", "规划.gpkg")
    '规划.gpkg: file is not a database'
    """
    text = " ".join(str(text).split())
    text = _TMP_PATH.sub(name, text)
    tmp = tempfile.gettempdir()
    return text.replace(tmp, "<temp>")[:300]


def _resaved(fmt: str) -> str:
    return {"xlsx": "a workbook saved again by Excel or WPS as .xlsx (Excel 工作簿)",
            "csv": "a CSV saved as UTF-8, UTF-8 with BOM or GBK",
            "kml": "KML as Google Earth or 奥维 exports it"}.get(
        fmt, "the file saved again from the program that made it (Excel, ArcGIS, 7-Zip)")


def as_ingest_error(exc: BaseException, name: str, *, fmt: str = "", row: int | None = None,
                    field: str | None = None, member: str | None = None) -> IngestError:
    """An :class:`IngestError` for ``exc`` raised while reading the file ``name``.

    Parameters
    ----------
    exc : what a reader or library raised.
    name : the user's file name (shown instead of any temporary copy).
    fmt : the format being read (``"xlsx"`` …), to say what would be accepted.
    row, field : the row/feature and column being read when it happened, if known.
    member : the archive member being read, if any.
    """
    if isinstance(exc, IngestError):
        return exc
    detail = scrub(exc, name) or type(exc).__name__
    where = f"archive member {member!r}" if member else "the file"
    accepted = _resaved(fmt)
    if isinstance(exc, (zipfile.BadZipFile, zlib.error, EOFError)):
        reason = f"{where} is damaged ({detail})"
    elif isinstance(exc, ParseError):
        reason = f"{where} is not well-formed XML ({detail})"
        if "undefined entity" in detail or "DOCTYPE" in detail.upper():
            reason = f"{where} declares a DOCTYPE or entities, which are refused ({detail})"
    elif isinstance(exc, UnicodeError):
        reason = f"the text of {where} does not decode ({detail})"
        accepted = ("UTF-8, UTF-8 with BOM or GBK; for a Shapefile a .cpg naming the .dbf's "
                    "real code page (UTF-8 or 936), or --encoding / 文字编码")
    elif isinstance(exc, csv.Error):
        reason = f"the CSV is malformed ({detail})"
        accepted = "a CSV as Excel writes it (comma-separated, quotes doubled)"
    elif isinstance(exc, PermissionError):
        reason = f"permission denied while reading {where}"
        accepted = "a file and folder the app may read"
    elif isinstance(exc, MemoryError):
        reason = f"{where} needs more memory than is available"
        accepted = "a smaller file: split the list"
    elif isinstance(exc, RecursionError):
        reason = f"{where} nests elements too deeply"
        accepted = _resaved(fmt)
    elif isinstance(exc, (ValueError, TypeError, KeyError, IndexError, AttributeError)) and row:
        reason = f"a cell cannot be read ({type(exc).__name__}: {detail})"
        accepted = "a number, date or text typed in the cell (not a broken cell format)"
    else:
        reason = f"{where} cannot be read ({type(exc).__name__}: {detail})"
    return IngestError(reason, accepted, field=field or "file", value=None if row else name,
                       row=row)

