"""Check a file and, when clean, add its items to the store: the one path for CLI and app.

:func:`check_file` reads and validates without writing anything;
:func:`import_file` does the same and then calls the store's transactional
``add_items``. Both return ``(items, report)``; a file-level refusal (too
large, unsafe archive, undecodable) becomes the report's one error line.
The source file is only ever opened for reading; a GeoPackage (SQLite, which
may write journal files beside the database) is read from a private copy.
"""
from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import geopandas as gpd

import geo.ingest.coords as coords
import geo.ingest.readers as readers
import geo.ingest.safety as safety
from geo.ingest.failures import as_ingest_error
from geo.ingest.report import IngestError, Report, msg
from geo.ingest.validate import validate
from geo.store import DuplicateIdError, ProjectStore, get_store

__all__ = ["check_file", "import_file", "check_bytes"]


def _digest(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def check_file(path: Path | str, *, datum: str = "wgs84", encoding: str | None = None,
               crs: str | None = None, store: ProjectStore | None = None,
               limits: safety.Limits | None = None,
               name: str | None = None) -> tuple[gpd.GeoDataFrame | None, Report]:
    """Read and validate ``path``; return ``(items, report)``. Writes nothing.

    Parameters
    ----------
    path : the file (CSV, XLSX, GeoJSON, GPKG, zipped Shapefile, KML/KMZ).
    datum : ``"wgs84"`` (default) or ``"gcj02"`` for Amap/Tencent coordinates.
    encoding : text encoding of a CSV or .dbf; detected when ``None``.
    crs : the CRS of a table's coordinates (``"EPSG:4549"``); geodata files use their own.
    store : the store whose ids count as taken (default :func:`geo.store.get_store`).
    limits : size and count limits (default from the environment).
    name : the name to report (an upload's original file name).

    Raises
    ------
    IngestError
        Only for bad arguments (unknown datum, encoding or CRS); everything
        about the file's content is in the report.
    """
    path = Path(path)
    name = name or path.name
    limits = limits or safety.Limits()
    report = Report(name, "", None, datum=datum)
    # argument errors are raised, not reported
    if datum not in coords.DATUMS:
        raise IngestError(f"unknown datum {datum!r}", " or ".join(coords.DATUMS),
                          field="datum", value=datum)
    declared = coords.parse_crs(crs)
    if datum == "gcj02" and declared is not None and not declared.is_geographic:
        raise IngestError(f"GCJ-02 applies to lon/lat degrees, not to the projected CRS {crs!r}",
                          "--datum wgs84 with a projected --crs", field="datum", value=datum)
    if encoding is not None:
        from geo.ingest.encoding import normalise_name

        normalise_name(encoding)
    store = store or get_store()
    safety.sweep_private_dirs()
    try:
        report.format = readers.format_of(name)
        with safety.private_dir("read") as tmp:
            target = path
            if report.format == "gpkg" and path.is_file():
                safety.check_size(path.stat().st_size, limits)
                target = Path(tmp) / "copy.gpkg"
                shutil.copyfile(path, target)
            src = readers.read_source(target, encoding=encoding, limits=limits, name=name)
        report.format, report.encoding = src.format, src.encoding
        digest = _digest(path)
        taken = _taken(store)
        items, report = validate(src, datum=datum, crs=crs, taken=taken, digest=digest,
                                 limits=limits, report=report)
    except _StoreFailure as err:
        report.issues.append(err.error.issue)
        return None, report
    except Exception as exc:   # the one funnel: every reader/archive/XML/codec failure
        report.issues.append(as_ingest_error(exc, name, fmt=report.format).issue)
        return None, report
    return items, report


class _StoreFailure(Exception):
    def __init__(self, error: IngestError):
        self.error = error


def store_failure(exc: BaseException, store) -> IngestError:
    """A report line for a store that cannot be read or written (read-only folder, database
    down): what failed and what to do, with no server address or user name in it."""
    from geo.store import StoreError

    if isinstance(exc, PermissionError):
        reason, accepted = msg("ingest.store_denied"), msg("ingest.store_denied_ok")
    elif type(exc).__name__ == "DatabaseUnavailable":
        reason, accepted = msg("ingest.db_down"), msg("ingest.later_ok")
    elif isinstance(exc, (OSError, StoreError)):
        reason, accepted = msg("ingest.store_failed", kind=type(exc).__name__), msg("ingest.later_ok")
    else:
        raise exc
    return IngestError(reason, accepted, field="store")


def _taken(store) -> dict:
    try:
        return store.ids()
    except Exception as exc:
        raise _StoreFailure(store_failure(exc, store)) from None


def import_file(path: Path | str, *, dry_run: bool = False, store: ProjectStore | None = None,
                **kwargs) -> tuple[gpd.GeoDataFrame | None, Report]:
    """:func:`check_file`, then add the items to ``store`` if the report is clean.

    All or nothing: with any error nothing is written; ids taken by a
    concurrent import between the check and the write are reported as errors
    and nothing is written either.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from geo.store.files import FileStore
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "list.csv").write_text("项目名称,经度,纬度\\n测试点,121.47,31.23\\n", encoding="utf-8")
    >>> items, report = import_file(d / "list.csv", store=FileStore(d / "store"))
    >>> report.ok, report.imported, items.iloc[0]["layer"]
    (True, 1, 'hub')
    """
    store = store or get_store()
    items, report = check_file(path, store=store, **kwargs)
    report.dry_run = dry_run
    if not report.ok or dry_run or items is None:
        return items, report
    try:
        report.imported = store.add_items(items)
    except DuplicateIdError as err:
        for item_id, where in err.ids.items():
            report.error(None, "id", item_id, f"the id was taken while importing: {where}",
                         "a new id")
    except Exception as exc:    # read-only store folder, database gone, disk full …
        report.issues.append(store_failure(exc, store).issue)
    return items, report


def check_bytes(data: bytes, name: str, *, dry_run: bool = True, **kwargs):
    """:func:`import_file` for an upload held in memory (the app's uploader).

    The bytes are written to a private temporary folder under a safe name with
    the original extension, read from there, and deleted.
    """
    report = Report(name, "", None, datum=kwargs.get("datum", "wgs84"))
    try:
        limits = kwargs.get("limits") or safety.Limits()
        safety.check_size(len(data), limits)
        suffix = Path(name).suffix.lower()
        readers.format_of(name)
    except IngestError as err:
        report.issues.append(err.issue)
        return None, report
    with safety.private_dir("upload") as tmp:
        stem = safety.safe_filename(Path(name).stem, default="upload")
        path = Path(tmp) / f"{stem}{suffix}"
        path.write_bytes(data)
        return import_file(path, dry_run=dry_run, name=name, **kwargs)
