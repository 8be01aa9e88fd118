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

from geo.ingest.report import IngestError, msg

__all__ = ["as_ingest_error", "scrub"]

_TMP_PATH = re.compile(r"(?:[A-Za-z]:)?[/\\][^\s'\":]*?yrdmap-(?:read|upload|import)-[^\s'\":]*")


def scrub(text: str, name: str) -> str:
    """``text`` with private temporary paths replaced by the user's file ``name``, on one line.

    >>> scrub("/tmp/yrdmap-read-1-abc/copy.gpkg: file is not a database", "规划.gpkg")
    '规划.gpkg: file is not a database'
    """
    text = " ".join(str(text).split())
    text = _TMP_PATH.sub(name, text)
    tmp = tempfile.gettempdir()
    return text.replace(tmp, "<temp>")[:300]


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
    where = msg("ingest.where_member", member=repr(member)) if member else msg("ingest.where_file")
    accepted = msg(f"ingest.resaved_{fmt}" if fmt in ("xlsx", "csv", "kml") else "ingest.resaved")
    kind = type(exc).__name__
    if isinstance(exc, (zipfile.BadZipFile, zlib.error, EOFError)):
        reason = msg("ingest.damaged", where=where, detail=detail)
    elif isinstance(exc, ParseError):
        reason = msg("ingest.bad_xml", where=where, detail=detail)
    elif isinstance(exc, UnicodeError):
        reason, accepted = msg("ingest.no_decode", where=where, detail=detail), msg("ingest.no_decode_ok")
    elif isinstance(exc, csv.Error):
        reason, accepted = msg("ingest.bad_csv", detail=detail), msg("ingest.bad_csv_ok")
    elif isinstance(exc, PermissionError):
        reason, accepted = msg("ingest.read_denied", where=where), msg("ingest.read_denied_ok")
    elif isinstance(exc, MemoryError):
        reason, accepted = msg("ingest.no_memory", where=where), msg("ingest.too_many_rows_ok")
    elif isinstance(exc, RecursionError):
        reason = msg("ingest.too_deep", where=where)
    elif isinstance(exc, (ValueError, TypeError, KeyError, IndexError, AttributeError)) and row:
        reason, accepted = msg("ingest.bad_cell", kind=kind, detail=detail), msg("ingest.bad_cell_ok")
    else:
        reason = msg("ingest.unreadable", where=where, kind=kind, detail=detail)
    return IngestError(reason, accepted, field=field or "file", value=None if row else name,
                       row=row)

