"""Limits and defences against oversized and hostile input.

- :class:`Limits`: upload size, feature count, vertex count and zip limits,
  each overridable by an environment variable (``YRDMAP_MAX_UPLOAD_MB``,
  ``YRDMAP_MAX_FEATURES``, ``YRDMAP_MAX_VERTICES``).
- :func:`check_size`, :func:`check_count`: clear refusals naming the limit.
- :func:`inspect_zip`, :func:`extract_zip`: refuse path traversal, absolute
  paths, links, encrypted members and zip bombs (high compression ratio or too
  much uncompressed data, counted while extracting, not trusted from headers).
- :func:`safe_filename`: a file name from user text (exports, temp copies).
"""
from __future__ import annotations

import os
import re
import stat
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from geo.ingest.report import IngestError, msg

__all__ = ["Limits", "check_size", "check_count", "check_vertices", "check_columns", "inspect_zip",
           "extract_zip", "safe_filename"]

_MB = 1024 * 1024


def _env_number(name: str, default: float) -> float:
    """A positive number from the environment variable ``name`` (``default`` when unset).

    Raises :class:`IngestError` naming the variable for a value that is not a
    positive finite number (``0``, ``-5``, ``50MB``), instead of ignoring it.
    """
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = float(raw.strip())
    except ValueError:
        value = None
    if value is None or not value > 0 or value == float("inf"):
        raise IngestError(msg("ingest.bad_limit"), msg("ingest.bad_limit_ok", default=default),
                          field=name, value=raw)
    return value


@dataclass(frozen=True)
class Limits:
    """What an import may contain.

    Parameters
    ----------
    max_bytes : size of the uploaded file (default 50 MB, ``YRDMAP_MAX_UPLOAD_MB``).
    max_features : rows or features (default 20,000, ``YRDMAP_MAX_FEATURES``).
    max_vertices : coordinates over all geometries (default 2,000,000, ``YRDMAP_MAX_VERTICES``).
    max_unzipped_bytes : total uncompressed size of an archive's members (default 200 MB).
    max_ratio : compression ratio above which a member larger than ``ratio_floor``
        bytes is treated as a zip bomb (default 100).
    max_members : entries in an archive (default 1,000; an .xlsx has about a dozen).
    max_columns : columns of a table or properties of a feature (default 500).
    max_parts : parts of one item's geometry, after any repair (default 1,000).
    max_names_per_cell : region names in one cell (default 30).
    max_region_names : region names in cells naming two or more, over the whole file
        (default 300): the boundary unions an upload asks for stay bounded (a cell
        with one region costs no union).

    Every limit must be a positive number (:class:`IngestError` otherwise).
    """

    max_bytes: int = field(default_factory=lambda: int(_env_number("YRDMAP_MAX_UPLOAD_MB", 50) * _MB))
    max_features: int = field(default_factory=lambda: int(_env_number("YRDMAP_MAX_FEATURES", 20_000)))
    max_vertices: int = field(default_factory=lambda: int(_env_number("YRDMAP_MAX_VERTICES", 2_000_000)))
    max_unzipped_bytes: int = 200 * _MB
    max_ratio: float = 100.0
    ratio_floor: int = 1 * _MB
    max_members: int = 1_000
    max_columns: int = 500
    max_parts: int = 1_000
    max_names_per_cell: int = 30
    max_region_names: int = 300

    def __post_init__(self):
        for name, value in vars(self).items():
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:
                raise IngestError(msg("ingest.bad_limit"),
                                  "a number above 0", field=name, value=value)


def _mb(n: int) -> str:
    return f"{n / _MB:.1f} MB" if n >= _MB / 10 else f"{n:,} bytes"


def check_size(n_bytes: int, limits: Limits) -> None:
    """Refuse a file larger than ``limits.max_bytes``."""
    if n_bytes > limits.max_bytes:
        raise IngestError(msg("ingest.too_large", size=_mb(n_bytes), limit=_mb(limits.max_bytes)),
                          msg("ingest.too_large_ok"))
    if n_bytes == 0:
        raise IngestError(msg("ingest.empty_file"), msg("ingest.empty_file_ok"))


def _at_most(n: int, limit: int, key: str, ok_key: str) -> None:
    """Refuse ``n`` above ``limit``: :class:`IngestError` with the message ``key`` (given
    ``n`` and ``limit``) and the hint ``ok_key``."""
    if n > limit:
        raise IngestError(msg(key, n=n, limit=limit), msg(ok_key))


def check_count(n: int, limits: Limits) -> None:
    """Refuse more than ``limits.max_features`` rows/features."""
    _at_most(n, limits.max_features, "ingest.too_many_rows", "ingest.too_many_rows_ok")


def check_columns(n: int, limits: Limits) -> None:
    """Refuse more than ``limits.max_columns`` columns, before any cell is looked at."""
    _at_most(n, limits.max_columns, "ingest.too_many_columns", "ingest.too_many_columns_ok")


def check_vertices(n: int, limits: Limits) -> None:
    """Refuse geometries with more than ``limits.max_vertices`` coordinates in total."""
    _at_most(n, limits.max_vertices, "ingest.too_many_vertices", "ingest.too_many_vertices_ok")


def _unsafe_name(name: str) -> str | None:
    """Why a member name is unsafe, or None."""
    if not name or "\x00" in name:
        return "has an empty name or a NUL byte"
    norm = name.replace("\\", "/")
    if norm.startswith("/") or re.match(r"^[A-Za-z]:", norm):
        return "is an absolute path"
    if ".." in PurePosixPath(norm).parts:
        return "escapes the archive's folder (path traversal)"
    return None


def inspect_zip(zf: zipfile.ZipFile, limits: Limits) -> list[zipfile.ZipInfo]:
    """Check every member of an open archive before anything is extracted.

    Returns the file members (directories left out). Raises :class:`IngestError`
    for traversal, absolute paths, symbolic links, encryption, too many members,
    too much uncompressed data or a compression ratio typical of zip bombs.
    """
    infos = zf.infolist()
    if len(infos) > limits.max_members:
        raise IngestError(f"archive has {len(infos):,} entries, over the limit of {limits.max_members:,}",
                          "a zip holding one dataset (e.g. .shp .shx .dbf .prj .cpg)")
    total = 0
    files = []
    for info in infos:
        why = _unsafe_name(info.filename)
        if why:
            raise IngestError(f"archive member {info.filename!r} {why}; the archive is refused",
                              "a zip whose members are plain relative names")
        mode = info.external_attr >> 16
        if stat.S_ISLNK(mode):
            raise IngestError(f"archive member {info.filename!r} is a symbolic link; the archive is refused",
                              "a zip of regular files")
        if info.flag_bits & 0x1:
            raise IngestError(f"archive member {info.filename!r} is encrypted",
                              "a zip without a password")
        if info.is_dir():
            continue
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > limits.ratio_floor and ratio > limits.max_ratio:
            raise IngestError(
                f"archive member {info.filename!r} expands {ratio:,.0f}× "
                f"({_mb(info.compress_size)} → {_mb(info.file_size)}): refused as a zip bomb",
                f"a compression ratio under {limits.max_ratio:,.0f}×")
        files.append(info)
    if total > limits.max_unzipped_bytes:
        raise IngestError(f"archive expands to {_mb(total)}, over the limit of {_mb(limits.max_unzipped_bytes)}",
                          "a smaller archive")
    return files


def extract_zip(zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo], dest: Path,
                limits: Limits) -> list[Path]:
    """Extract ``infos`` (from :func:`inspect_zip`) flat into ``dest``, counting real bytes.

    Names are reduced to safe base names (the folder structure inside the
    archive is dropped); a header that lies about the size is caught while
    reading, so no more than the limits is ever written.
    """
    out = []
    budget = limits.max_unzipped_bytes
    for info in infos:
        target = dest / safe_filename(PurePosixPath(info.filename.replace("\\", "/")).name,
                                      default=f"member{len(out)}")
        if target.exists():
            raise IngestError(f"archive has two members named {target.name!r}",
                              "a zip holding one dataset")
        written = 0
        with zf.open(info) as src, open(target, "wb") as dst:
            while chunk := src.read(1 << 16):
                written += len(chunk)
                budget -= len(chunk)
                if written > info.file_size or budget < 0:
                    raise IngestError(f"archive member {info.filename!r} expands beyond its declared "
                                      "size or the archive limit: refused as a zip bomb",
                                      "an ordinary zip")
                dst.write(chunk)
        out.append(target)
    return out


_WIN_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)),
                 *(f"LPT{i}" for i in range(1, 10))}


def safe_filename(text: str, default: str = "export", max_len: int = 80) -> str:
    """A file name made from user text, safe on Windows, macOS and Linux.

    Keeps letters of any script (Chinese included), digits, ``-_.`` and spaces;
    drops path separators, control and reserved characters, leading dots and
    Windows device names; truncates to ``max_len`` characters.

    Examples
    --------
    >>> safe_filename("../../etc/passwd")
    'etc_passwd'
    >>> safe_filename('沪苏湖铁路<script>.csv')
    '沪苏湖铁路_script_.csv'
    >>> safe_filename("CON"), safe_filename("   "), safe_filename("a" * 100)[-3:]
    ('_CON', 'export', 'aaa')
    """
    text = unicodedata.normalize("NFKC", str(text))
    text = "".join(ch if (ch.isalnum() or ch in "-_. ()（）") else "_" for ch in text)
    text = re.sub(r"_+", "_", text).strip(" ._")
    text = re.sub(r"\.{2,}", ".", text)
    if not text:
        return default
    stem = text.split(".")[0].upper()
    if stem in _WIN_RESERVED:
        text = "_" + text
    if len(text) > max_len:
        root, dot, ext = text.rpartition(".")
        if dot and 0 < len(ext) <= 8 and root:
            text = root[: max_len - len(ext) - 1].rstrip(" .") + "." + ext
        else:
            text = text[:max_len].rstrip(" .")
    return text


# --------------------------------------------------------------------------- private temp folders

_PRIVATE_PREFIX = "yrdmap-"
_STALE_AFTER = 60.0     # seconds: a dead owner's folder older than this is swept


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True        # exists (another user's), or cannot tell: keep
    return True


def sweep_private_dirs(root: Path | None = None) -> list[Path]:
    """Remove private temp folders (``yrdmap-<kind>-<pid>-…``) left by a killed import.

    A folder is removed only when the process named in it is gone and it is
    older than a minute, so a concurrent import's folder is never touched.
    Returns the folders removed.
    """
    import shutil
    import tempfile
    import time

    root = Path(root or tempfile.gettempdir())
    removed = []
    try:
        entries = list(root.glob(f"{_PRIVATE_PREFIX}*-*-*"))
    except OSError:
        return removed
    now = time.time()
    for p in entries:
        m = re.match(rf"^{_PRIVATE_PREFIX}(read|upload|import)-(\d+)-", p.name)
        if not m or not p.is_dir():
            continue
        try:
            if now - p.stat().st_mtime < _STALE_AFTER or _alive(int(m.group(2))):
                continue
            shutil.rmtree(p, ignore_errors=True)
            removed.append(p)
        except OSError:
            continue
    return removed


def private_dir(kind: str):
    """A private temporary folder ``yrdmap-<kind>-<pid>-…`` (removed on exit; swept by
    :func:`sweep_private_dirs` when the process was killed before it could remove it)."""
    import tempfile

    return tempfile.TemporaryDirectory(prefix=f"{_PRIVATE_PREFIX}{kind}-{os.getpid()}-")
