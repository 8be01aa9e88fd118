"""Text encodings of uploaded tables: detected, and overridable.

What Windows offices produce: Excel's "CSV (逗号分隔)" on Chinese Windows writes
GBK (code page 936) without a BOM; "CSV UTF-8" writes UTF-8 with a BOM;
"Unicode 文本" writes UTF-16 with a BOM (tab-separated). Detection is
deterministic, in this order: a BOM; strict UTF-8; strict GB18030 (a superset
of GBK and GB2312). Anything else must be named with ``encoding=`` (CLI
``--encoding``).
"""
from __future__ import annotations

import codecs

from geo.ingest.report import IngestError, msg

__all__ = ["ACCEPTED", "detect", "decode", "normalise_name"]

#: encodings offered in the app and accepted without question
ACCEPTED = ("utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16")
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))
_ACCEPTED_TEXT = msg("ingest.encodings_ok")


def normalise_name(encoding: str) -> str:
    """Check an encoding name and return Python's canonical name.

    Examples
    --------
    >>> normalise_name("GBK"), normalise_name("UTF8"), normalise_name("cp936")
    ('gbk', 'utf-8', 'gbk')
    """
    try:
        return codecs.lookup(encoding.strip()).name
    except (LookupError, AttributeError):
        raise IngestError(f"unknown encoding {encoding!r}", ", ".join(ACCEPTED),
                          field="encoding", value=encoding) from None


def detect(data: bytes) -> str:
    """Name the encoding of ``data``: a BOM, else UTF-8, else GB18030.

    Examples
    --------
    >>> detect("名称,经度".encode("utf-8-sig")), detect("名称".encode("gbk"))
    ('utf-8-sig', 'gb18030')
    >>> detect(b"name,lon")
    'utf-8'
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    for name in ("utf-8", "gb18030"):
        try:
            data.decode(name)
            return name
        except UnicodeDecodeError:
            continue
    raise IngestError(msg("ingest.not_utf8_gbk"), _ACCEPTED_TEXT, field="encoding")


def _refuse_mixed(data: bytes) -> None:
    """Refuse a GBK file with a line in UTF-8 (pasted from a web page or a UTF-8 file):
    decoded as GBK that line would be stored as mojibake."""
    for number, line in enumerate(data.split(b"\n"), start=1):
        if max(line, default=0) < 0x80:
            continue
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            continue
        if any(ord(ch) > 0x7F for ch in text):
            raise IngestError(msg("ingest.mixed_encoding", line=number), msg("ingest.mixed_encoding_ok"),
                              field="encoding", value=text.strip()[:40], row=number)


def decode(data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """Decode ``data`` strictly with ``encoding`` (or the detected one).

    Returns ``(text, encoding_used)``. A byte that does not decode raises
    :class:`IngestError` naming the line, the bytes and the encoding tried.
    A leading BOM is dropped whatever the encoding.

    Examples
    --------
    >>> decode("经度".encode("gbk"))
    ('经度', 'gb18030')
    """
    name = detect(data) if encoding is None else normalise_name(encoding)
    if name == "utf-8" and data.startswith(codecs.BOM_UTF8):
        name = "utf-8-sig"
    if encoding is None and name == "gb18030":
        _refuse_mixed(data)
    try:
        text = data.decode(name)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        bad = data[exc.start: exc.end + 3]
        raise IngestError(msg("ingest.bad_bytes", line=line, bytes=repr(bad), encoding=name),
                          _ACCEPTED_TEXT, field="encoding", value=name) from None
    return text.lstrip("\ufeff"), name
