"""Read an uploaded file into a :class:`Source`: a grid of cells or a GeoDataFrame.

Tables (CSV, XLSX) come back as a ``grid`` (list of rows of raw cell values)
with the row number each row has in the user's spreadsheet, so that the report
can point at it; :mod:`geo.ingest.fields` finds the header. Geodata (GeoJSON,
GeoPackage, zipped or bare Shapefile, KML/KMZ) comes back as a GeoDataFrame in
its declared CRS (``crs`` is ``None`` when the file declares none). Nothing is
written next to the source file: archives are unpacked, after
:mod:`geo.ingest.safety` checks, into a private temporary folder.
"""
from __future__ import annotations

import csv
import io
import tempfile
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd

import geo.ingest.encoding as enc
import geo.ingest.safety as safety
from geo.ingest.report import IngestError, Issue

__all__ = ["FORMATS", "Source", "format_of", "read_source"]

#: file extension → format
FORMATS = {
    ".csv": "csv", ".txt": "csv", ".tsv": "csv",
    ".xlsx": "xlsx", ".xlsm": "xlsx",
    ".geojson": "geojson", ".json": "geojson",
    ".gpkg": "gpkg",
    ".zip": "zip", ".shp": "shp",
    ".kml": "kml", ".kmz": "kmz",
}
_ACCEPTED_FORMATS = ("CSV (.csv/.txt), Excel (.xlsx), GeoJSON (.geojson/.json), GeoPackage (.gpkg), "
                     "zipped Shapefile (.zip), KML/KMZ")
_SHP_SIDECARS = (".shp", ".shx", ".dbf", ".prj", ".cpg", ".qpj")


@dataclass
class Source:
    """What was read from one file, before any interpretation."""

    name: str
    format: str
    encoding: str | None = None
    crs: object | None = None
    grid: list[list] | None = None
    grid_rows: list[int] | None = None
    frame: gpd.GeoDataFrame | None = None
    notes: list[Issue] = field(default_factory=list)

    @property
    def is_table(self) -> bool:
        return self.grid is not None

    def __len__(self) -> int:
        return len(self.grid) if self.grid is not None else len(self.frame)


def format_of(name: str) -> str:
    """The format of a file by its extension; raise :class:`IngestError` if unsupported.

    Examples
    --------
    >>> format_of("清单.XLSX"), format_of("rail.shp.zip")
    ('xlsx', 'zip')
    """
    suffix = Path(name).suffix.lower()
    if suffix == ".xls":
        raise IngestError("the old Excel format .xls is not read",
                          "save it from Excel as .xlsx (Excel 工作簿) or CSV", value=name)
    if suffix not in FORMATS:
        raise IngestError(f"file type {suffix or '(none)'!r} is not supported",
                          _ACCEPTED_FORMATS, value=name)
    return FORMATS[suffix]


def read_source(path: Path, *, encoding: str | None = None,
                limits: safety.Limits | None = None, name: str | None = None) -> Source:
    """Read ``path`` (never modifying it) after the size and archive checks.

    Parameters
    ----------
    path : the file to read.
    encoding : text encoding of a CSV or of a Shapefile's .dbf; detected when ``None``.
    limits : :class:`geo.ingest.safety.Limits` (defaults from the environment).
    name : the name to report and to take the format from (an upload's original
        name, when ``path`` is a temporary copy).
    """
    limits = limits or safety.Limits()
    path = Path(path)
    name = name or path.name
    fmt = format_of(name)
    if not path.is_file():
        raise IngestError("file not found", "an existing file", value=str(path))
    safety.check_size(path.stat().st_size, limits)
    if encoding is not None:
        encoding = enc.normalise_name(encoding)
    if fmt == "csv":
        return _read_csv(path, name, encoding, limits)
    if fmt == "xlsx":
        return _read_xlsx(path, name, limits)
    if fmt in ("zip", "kmz"):
        return _read_archive(path, name, fmt, encoding, limits)
    src = _read_geodata(path, name, fmt, encoding, limits)
    return src


# --------------------------------------------------------------------------- tables

def _sniff_delimiter(text: str) -> str:
    sample = "\n".join(text.splitlines()[:30])
    try:
        return csv.Sniffer().sniff(sample, delimiters=",\t;|").delimiter
    except csv.Error:
        return "\t" if sample.count("\t") > sample.count(",") else ","


def _read_csv(path: Path, name: str, encoding: str | None, limits) -> Source:
    data = path.read_bytes()
    text, used = enc.decode(data, encoding)
    if "\x00" in text:
        raise IngestError("text contains NUL characters (a binary file, or UTF-16 without a BOM?)",
                          "a CSV saved as UTF-8, UTF-8 with BOM or GBK; or name the encoding",
                          field="encoding", value=used)
    delimiter = _sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    grid, rows = [], []
    try:
        for number, cells in enumerate(reader, start=1):
            if any(c.strip() for c in cells):
                grid.append(cells)
                rows.append(number)
                if len(grid) > limits.max_features + 50:
                    break
    except csv.Error as exc:
        raise IngestError(f"CSV is malformed near row {reader.line_num}: {exc}",
                          "a CSV as Excel writes it (comma-separated, quotes doubled)") from None
    return Source(name, "csv", used, None, grid, rows)


def _read_xlsx(path: Path, name: str, limits) -> Source:
    try:
        import openpyxl
    except ImportError as exc:  # optional: only .xlsx needs it
        raise IngestError(f"reading .xlsx needs openpyxl ({exc})",
                          "pip install openpyxl, or save the sheet as CSV") from None
    try:
        with zipfile.ZipFile(path) as zf:
            safety.inspect_zip(zf, limits)
    except zipfile.BadZipFile:
        raise IngestError("not a valid .xlsx workbook (it is not a zip package)",
                          "a workbook saved by Excel as .xlsx") from None
    notes: list[Issue] = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for broken packages
        raise IngestError(f"the workbook cannot be opened: {type(exc).__name__}: {exc}",
                          "a workbook saved by Excel as .xlsx") from None
    try:
        chosen, grid, rows, others = None, [], [], []
        for ws in wb.worksheets:
            if getattr(ws, "sheet_state", "visible") != "visible":
                continue
            if chosen is not None:
                if ws.max_row and ws.max_row > 1 or ws.max_column and ws.max_column > 1:
                    others.append(ws.title)
                continue
            for number, values in enumerate(ws.iter_rows(min_row=1, values_only=True), start=1):
                if any(v is not None and str(v).strip() for v in values):
                    grid.append(list(values))
                    rows.append(number)
                    if len(grid) > limits.max_features + 50:
                        break
            if grid:
                chosen = ws.title
    finally:
        wb.close()
    if chosen is None:
        raise IngestError("the workbook has no visible sheet with data",
                          "a sheet with a header row and one item per row")
    if others:
        notes.append(Issue("warning", None, "sheet", chosen,
                           f"only the first sheet with data was read; not read: {', '.join(map(repr, others))}",
                           "one list per workbook, or import each sheet saved as its own file"))
    return Source(name, "xlsx", None, None, grid, rows, notes=notes)


# --------------------------------------------------------------------------- geodata

def _read_archive(path: Path, name: str, fmt: str, encoding, limits) -> Source:
    try:
        zf = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise IngestError("not a valid zip archive", "a .zip made by Windows, ArcGIS or 7-Zip") from None
    with zf, tempfile.TemporaryDirectory(prefix="yrdmap-import-") as tmp:
        infos = safety.inspect_zip(zf, limits)
        wanted_ext = (".kml",) if fmt == "kmz" else (
            _SHP_SIDECARS + (".geojson", ".json", ".gpkg", ".kml", ".csv", ".xlsx"))
        infos = [i for i in infos if Path(i.filename).suffix.lower() in wanted_ext
                 and not Path(i.filename).name.startswith(("._", "."))]
        datasets = [i for i in infos if Path(i.filename).suffix.lower() in
                    (".shp", ".geojson", ".json", ".gpkg", ".kml", ".csv", ".xlsx")]
        if fmt == "zip" and any(i.filename.lower().endswith(".shp") for i in datasets):
            datasets = [i for i in datasets if i.filename.lower().endswith(".shp")]
        if len(datasets) != 1:
            listed = ", ".join(repr(i.filename) for i in datasets) or "none"
            raise IngestError(f"the archive must hold exactly one dataset; found {listed}",
                              "a zip of one Shapefile (.shp .shx .dbf, with .prj and .cpg) "
                              "or one KML/GeoJSON/GeoPackage/CSV/XLSX")
        main = datasets[0]
        if main.filename.lower().endswith(".shp"):
            stem = Path(main.filename).stem
            infos = [i for i in infos if Path(i.filename).stem == stem]
        else:
            infos = [main]
        files = safety.extract_zip(zf, infos, Path(tmp), limits)
        target = next(f for f in files if f.suffix.lower() == Path(main.filename).suffix.lower())
        inner = format_of(target.name)
        if inner == "csv":
            src = _read_csv(target, name, encoding, limits)
        elif inner == "xlsx":
            src = _read_xlsx(target, name, limits)
        else:
            src = _read_geodata(target, name, inner, encoding, limits)
        src.name = name
        return src


def _dbf_encoding(shp: Path) -> str | None:
    """For a Shapefile without .cpg and without a code page byte: detect the .dbf's text."""
    if shp.with_suffix(".cpg").exists() or any(
            p.suffix.lower() == ".cpg" and p.stem == shp.stem for p in shp.parent.iterdir()):
        return None
    dbf = next((p for p in shp.parent.iterdir()
                if p.stem == shp.stem and p.suffix.lower() == ".dbf"), None)
    if dbf is None:
        return None
    head = dbf.read_bytes()
    if len(head) < 32 or head[29] != 0:
        return None  # a code page byte (LDID) is set: GDAL honours it
    header_len = int.from_bytes(head[8:10], "little")
    try:
        return "GB18030" if enc.detect(head[header_len:]) == "gb18030" else None
    except IngestError:
        return None


def _read_geodata(path: Path, name: str, fmt: str, encoding, limits) -> Source:
    import pyogrio

    notes: list[Issue] = []
    if fmt == "kml":
        from geo.ingest.kml import read_kml

        if encoding is not None:
            notes.append(Issue("warning", None, "encoding", encoding,
                               "ignored: KML declares its own encoding (UTF-8)", ""))
        gdf = read_kml(path.read_bytes(), limits.max_features)
        return Source(name, "kml", "utf-8", gdf.crs, frame=gdf, notes=notes)
    if fmt == "shp":
        missing = [ext for ext in (".shx", ".dbf")
                   if not any(p.stem == path.stem and p.suffix.lower() == ext
                              for p in path.parent.iterdir())]
        if missing:
            raise IngestError(f"the Shapefile lacks its {', '.join(missing)} file",
                              "a zip of the .shp with its .shx, .dbf, .prj and .cpg")
    kwargs = {}
    if fmt == "shp":
        kwargs["encoding"] = encoding or _dbf_encoding(path)
    elif encoding is not None:
        notes.append(Issue("warning", None, "encoding", encoding,
                           f"ignored: {fmt} text is always UTF-8", ""))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            layers = [str(row[0]) for row in pyogrio.list_layers(path)]
            if not layers:
                raise IngestError("the file holds no layer", "a file with features")
            if fmt == "gpkg":
                layers = [ly for ly in layers
                          if pyogrio.read_info(path, layer=ly)["geometry_type"] is not None]
                if len(layers) != 1:
                    raise IngestError(
                        f"the GeoPackage has {len(layers)} feature layers ({', '.join(map(repr, layers))})",
                        "a GeoPackage with one feature layer (export the layer you mean)")
            total = sum(int(pyogrio.read_info(path, layer=ly)["features"]) for ly in layers)
            safety.check_count(total, limits)
            frames = []
            for ly in layers:
                gdf = pyogrio.read_dataframe(path, layer=ly, **{k: v for k, v in kwargs.items() if v})
                frames.append(gdf)
    except IngestError:
        raise
    except Exception as exc:  # GDAL's DataSourceError, FieldError, …
        raise IngestError(f"the {fmt} file cannot be read: {' '.join(str(exc).split())[:300]}",
                          f"a valid {fmt} file") from None
    frames = [f for f in frames if len(f)]
    if not frames:
        raise IngestError("the file has no features", "a file with at least one feature")
    crs = frames[0].crs
    gdf = gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), geometry="geometry", crs=crs)
    used = kwargs.get("encoding") or ("utf-8" if fmt == "geojson" else None)
    return Source(name, fmt, used, crs, frame=gdf, notes=notes)

