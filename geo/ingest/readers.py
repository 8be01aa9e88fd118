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
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

import geo.ingest.encoding as enc
import geo.ingest.safety as safety
from geo.ingest.failures import as_ingest_error, scrub
from geo.ingest.report import IngestError, Issue, msg

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
_ACCEPTED_FORMATS = msg("ingest.formats_ok")
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
        raise IngestError(msg("ingest.xls"), msg("ingest.xls_ok"), value=name)
    if suffix not in FORMATS:
        raise IngestError(msg("ingest.bad_type", type=repr(suffix or '(none)')),
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
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise IngestError(msg("ingest.csv_nul", line=line), msg("ingest.csv_ok"),
                          field="encoding", value=used)
    delimiter = _sniff_delimiter(text)
    # a cell may hold a whole WKT polygon (an exported CSV): the file size bounds it, not 128 KiB
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    grid, rows, spans = [], [], []
    start = 1
    try:
        for cells in reader:
            if any(c.strip() for c in cells):
                grid.append(cells)
                rows.append(start)
                spans.append(reader.line_num - start)
                if len(grid) == 1 and len(cells) > limits.max_columns:
                    safety.check_columns(len(cells), limits)
                if len(grid) > limits.max_features + 50:
                    break
            start = reader.line_num + 1
    except csv.Error as exc:
        raise IngestError(f"line {reader.line_num}: the CSV is malformed ({exc})",
                          "a CSV as Excel writes it (comma-separated, quotes doubled)",
                          row=reader.line_num, field="file") from None
    if grid and spans[-1] > 0 and text.count('"') % 2:
        cells = grid[-1]
        col = next((i for i, c in enumerate(cells) if "\n" in c), len(cells) - 1)
        raise IngestError(msg("ingest.unclosed_quote", col=col + 1, n=spans[-1] + 1),
                          msg("ingest.unclosed_quote_ok"),
                          row=rows[-1], field=f"column {col + 1}", value=cells[col][:40])
    return Source(name, "csv", used, None, grid, rows)


def _refuse_doctype(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    """Refuse a package part that declares a DOCTYPE or entities (entity expansion)."""
    with zf.open(info) as fh:
        head = fh.read(4096)
        while fh.read(1 << 16):     # read to the end: the CRC is checked there
            pass
    texts = [head.upper()]
    if b"\x00" in head[:8]:
        texts.append(head.decode("utf-16", errors="ignore").upper().encode("utf-8"))
    if any(b"<!DOCTYPE" in t or b"<!ENTITY" in t for t in texts):
        raise IngestError(msg("ingest.xlsx_doctype", part=repr(info.filename)), msg("ingest.xlsx_ok"))


def _read_xlsx(path: Path, name: str, limits) -> Source:
    try:
        import openpyxl
    except ImportError as exc:  # optional: only .xlsx needs it
        raise IngestError(f"reading .xlsx needs openpyxl ({exc})",
                          "pip install openpyxl, or save the sheet as CSV") from None
    try:
        zf = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise IngestError("not a valid .xlsx workbook (it is not a zip package)",
                          "a workbook saved by Excel as .xlsx") from None
    with zf:
        for info in safety.inspect_zip(zf, limits):
            if info.filename.lower().endswith((".xml", ".rels", ".vml")):
                try:
                    _refuse_doctype(zf, info)
                except IngestError:
                    raise
                except Exception as exc:   # bad CRC, corrupt deflate data, lying size
                    raise as_ingest_error(exc, name, fmt="xlsx", member=info.filename) from None
    notes: list[Issue] = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for broken packages
        raise as_ingest_error(exc, name, fmt="xlsx") from None
    try:
        chosen, grid, rows, others = None, [], [], []
        for ws in wb.worksheets:
            if getattr(ws, "sheet_state", "visible") != "visible":
                continue
            if chosen is not None:
                if ws.max_row and ws.max_row > 1 or ws.max_column and ws.max_column > 1:
                    others.append(ws.title)
                continue
            number = 0
            try:
                for number, values in enumerate(ws.iter_rows(min_row=1, values_only=True), start=1):
                    if len(values) > limits.max_columns:
                        safety.check_columns(len(values), limits)
                    if any(v is not None and str(v).strip() for v in values):
                        grid.append(list(values))
                        rows.append(number)
                        if len(grid) > limits.max_features + 50:
                            break
            except IngestError:
                raise
            except Exception as exc:   # a bad number/date cell, truncated or hostile sheet XML
                raise as_ingest_error(exc, name, fmt="xlsx", row=number + 1,
                                      field=f"sheet {ws.title!r}") from None
            if grid:
                chosen = ws.title
    finally:
        wb.close()
    if chosen is None:
        raise IngestError(msg("ingest.no_sheet"), msg("ingest.no_data_rows_ok"))
    if others:
        notes.append(Issue("warning", None, "sheet", chosen,
                           msg("ingest.other_sheets", sheets=", ".join(map(repr, others))),
                           msg("ingest.other_sheets_ok")))
    return Source(name, "xlsx", None, None, grid, rows, notes=notes)


# --------------------------------------------------------------------------- geodata

def _read_archive(path: Path, name: str, fmt: str, encoding, limits) -> Source:
    try:
        zf = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise IngestError("not a valid zip archive", "a .zip made by Windows, ArcGIS or 7-Zip") from None
    with zf, safety.private_dir("import") as tmp:
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
            raise IngestError(msg("ingest.one_dataset", found=listed), msg("ingest.one_dataset_ok"))
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


def _cpg_text(shp: Path) -> str | None:
    cpg = next((p for p in shp.parent.iterdir()
                if p.stem == shp.stem and p.suffix.lower() == ".cpg"), None)
    try:
        return cpg.read_text(errors="replace").strip()[:40] or None if cpg else None
    except OSError:
        return None


def _geojson_nul(data: bytes, name: str) -> None:
    """Refuse a NUL (``\\u0000``) in a GeoJSON string: GDAL would cut the text there."""
    if b"\\u0000" not in data.lower():
        return
    import json

    try:
        doc = json.loads(data)
    except ValueError:
        return   # not JSON at all: GDAL's own message follows
    feats = doc.get("features") if isinstance(doc, dict) else None
    for n, feat in enumerate(feats if isinstance(feats, list) else [], start=1):
        props = feat.get("properties") if isinstance(feat, dict) else None
        for key, value in (props.items() if isinstance(props, dict) else ()):
            if "\x00" in str(key) or (isinstance(value, str) and "\x00" in value):
                raise IngestError(msg("ingest.nul_in_text"), msg("ingest.plain_text"), row=n, field=str(key).replace("\x00", ""),
                                  value=value if isinstance(value, str) else None)
    raise IngestError("the file contains a NUL character (U+0000) in its text", "plain text")


def _read_lenient(path: Path, layer, opts: dict, offset: int, notes: list) -> gpd.GeoDataFrame:
    """A layer whose geometries are decoded one at a time: a feature whose geometry GEOS
    refuses (a line of one point, an open ring) gets no geometry and a report line."""
    import numpy as np
    import pyogrio

    attrs = pyogrio.read_dataframe(path, layer=layer, read_geometry=False, **opts)
    meta, _, wkb, _ = pyogrio.raw.read(path, layer=layer, read_geometry=True, columns=[], **opts)
    geoms = []
    for n, blob in enumerate(wkb, start=offset + 1):
        try:
            geoms.append(None if blob is None else shapely.from_wkb(blob))
        except shapely.errors.GEOSException as exc:
            geoms.append(None)
            notes.append(Issue("error", n, "geometry", None,
                               msg("ingest.bad_feature_geometry", n=n, detail=" ".join(str(exc).split())[:160]),
                               msg("ingest.bad_feature_geometry_ok")))
    crs = meta.get("crs")
    return gpd.GeoDataFrame(attrs, geometry=np.array(geoms, dtype=object), crs=crs)


def _read_geodata(path: Path, name: str, fmt: str, encoding, limits) -> Source:
    import pyogrio

    notes: list[Issue] = []
    if fmt == "kml":
        from geo.ingest.kml import read_kml_checked

        if encoding is not None:
            notes.append(Issue("warning", None, "encoding", encoding,
                               "ignored: KML declares its own encoding (UTF-8)", ""))
        gdf, bad = read_kml_checked(path.read_bytes(), limits.max_features)
        notes += [Issue("error", n, "geometry", None, f"Placemark {n}: {why}",
                        "lon,lat[,alt] coordinates; a line of 2 or more points, a ring of 4 or more")
                  for n, why in bad.items()]
        safety.check_columns(len(gdf.columns) - 1, limits)
        return Source(name, "kml", "utf-8", gdf.crs, frame=gdf, notes=notes)
    if fmt == "shp":
        missing = [ext for ext in (".shx", ".dbf")
                   if not any(p.stem == path.stem and p.suffix.lower() == ext
                              for p in path.parent.iterdir())]
        if missing:
            raise IngestError(msg("ingest.shp_missing", parts=", ".join(missing)), msg("ingest.shp_missing_ok"))
    if fmt == "geojson":
        _geojson_nul(path.read_bytes(), name)
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
            enc_opt = {"encoding": kwargs["encoding"]} if kwargs.get("encoding") else {}
            total = sum(int(pyogrio.read_info(path, layer=ly, **enc_opt)["features"])
                        for ly in layers)
            safety.check_count(total, limits)
            frames = []
            opts = {k: v for k, v in kwargs.items() if v}
            for ly in layers:
                try:
                    gdf = pyogrio.read_dataframe(path, layer=ly, **opts)
                except shapely.errors.GEOSException:
                    # one feature's geometry cannot be built: read them one by one and
                    # report that feature, not a GEOS message for the whole file
                    gdf = _read_lenient(path, ly, opts, offset=sum(len(f) for f in frames),
                                        notes=notes)
                frames.append(gdf)
    except IngestError:
        raise
    except Exception as exc:  # GDAL's DataSourceError, FieldError, …
        # a .cpg (or --encoding) naming the wrong code page
        if (isinstance(exc, UnicodeError) or "decode" in str(exc).lower()
                or "encoding" in str(exc).lower()):
            used = kwargs.get("encoding") or _cpg_text(path) or "the .dbf's code page"
            raise IngestError(msg("ingest.dbf_decode", encoding=used, detail=scrub(exc, name)),
                              msg("ingest.dbf_decode_ok"),
                              field="encoding", value=used) from None
        raise IngestError(msg("ingest.geodata_unreadable", fmt=fmt, detail=scrub(exc, name)),
                          msg("ingest.geodata_unreadable_ok", fmt=fmt)) from None
    for f in frames:
        safety.check_columns(len(f.columns) - 1, limits)
    frames = [f for f in frames if len(f)]
    if not frames:
        raise IngestError(msg("ingest.no_features"), msg("ingest.no_features_ok"))
    crs = frames[0].crs
    gdf = gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), geometry="geometry", crs=crs)
    used = kwargs.get("encoding") or ("utf-8" if fmt == "geojson" else None)
    return Source(name, fmt, used, crs, frame=gdf, notes=notes)

