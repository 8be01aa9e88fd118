"""Zipped Shapefile export for ArcGIS: split by geometry type, UTF-8 with ``.cpg``.

A Shapefile holds one geometry type, so the zip holds up to four:
``yrdmap_polygons``, ``yrdmap_lines``, ``yrdmap_points`` and
``yrdmap_multipoints`` (each ``.shp .shx .dbf .prj .cpg``; the ``.cpg`` says
``UTF-8`` so ArcGIS and QGIS read Chinese names right), plus ``fields.csv``
(UTF-8 with BOM) that maps every DBF field to its full column name. Member
names are ASCII so any unzip tool on Windows keeps them.

DBF field names have at most 10 characters. The catalog's columns map to:

================  ==========  ================================================
column            DBF field   note
================  ==========  ================================================
member_adcodes    members     JSON list of adcodes
km_by_province    km_by_prov  JSON object adcode → km
km2_by_province   km2_by_prv  JSON object adcode → km²
cross_provincial  cross_prov  1 / 0
sea               sea         1 / 0
================  ==========  ================================================

Other names of 10 ASCII characters or fewer are kept; longer ones are cut to
10 bytes and numbered when that collides. A DBF text field holds 254 bytes:
longer text (the plan's sentence in UTF-8 Chinese) continues in numbered
fields (``plan_text``, ``plan_tex_2``, ``plan_tex_3`` …) that
:func:`read_shapefile` joins back. Lists and dicts are JSON text; booleans 1/0.
DBF readers trim spaces at both ends of a text, so such spaces are lost (the
catalog has none); everything else round-trips exactly.
"""
from __future__ import annotations

import csv
import io
import os
import tempfile
import zipfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

from geo import crs
import geo.export._table as _table
from geo.export._atomic import atomic_path

__all__ = ["FIELD_NAMES", "DBF_TEXT_BYTES", "write_shapefile", "read_shapefile", "field_map"]

#: catalog columns whose DBF names differ from the column names
FIELD_NAMES = {"member_adcodes": "members", "km_by_province": "km_by_prov",
               "km2_by_province": "km2_by_prv", "cross_provincial": "cross_prov"}
DBF_TEXT_BYTES = 254
_FILES = {2: "yrdmap_polygons", 1: "yrdmap_lines", 0: "yrdmap_points", -1: "yrdmap_multipoints"}
_FIELDS_FILE = "fields.csv"


def _short(name: str, used: set) -> str:
    base = FIELD_NAMES.get(name, name)
    raw = base.encode("utf-8")
    if len(raw) > 10 or not base.isascii():
        raw = raw[:10]
        base = raw.decode("utf-8", errors="ignore")
    cand, n = base, 1
    while cand.lower() in used:
        n += 1
        suffix = f"_{n}"
        cand = base.encode()[: 10 - len(suffix)].decode("utf-8", errors="ignore") + suffix
    used.add(cand.lower())
    return cand


def _chunks(text: str, limit: int = DBF_TEXT_BYTES) -> list[str]:
    """Cut ``text`` into pieces of at most ``limit`` UTF-8 bytes on character
    boundaries, never beside a space (the DBF driver trims spaces at both ends)."""
    out, cur, size = [], [], 0
    for ch in text:
        b = len(ch.encode("utf-8"))
        if size + b > limit:
            k = len(cur)
            nxt = ch
            while k > 1 and (cur[k - 1].isspace() or nxt.isspace()):
                k -= 1
                nxt = cur[k]
            k = k if k > 1 else len(cur)
            out.append("".join(cur[:k]))
            cur = cur[k:]
            size = len("".join(cur).encode("utf-8"))
        cur.append(ch)
        size += b
    out.append("".join(cur))
    return out


def field_map(items: gpd.GeoDataFrame) -> list[dict]:
    """Rows of ``fields.csv``: DBF field, column, kind and part number (1, 2 … for
    continuations of long text)."""
    kinds = _table.kinds(items)
    used: set = set()
    rows = []
    for col in _table.property_columns(items):
        texts = [_table.encode(v, kinds[col]) for v in items[col]]
        longest = max((len(t.encode("utf-8")) for t in texts if isinstance(t, str)), default=0)
        parts = max(1, -(-longest // DBF_TEXT_BYTES))
        first = _short(col, used)
        rows.append({"field": first, "column": col, "kind": kinds[col], "part": 1})
        for p in range(2, parts + 1):
            suffix = f"_{p}"
            used_name = _short(first[: 10 - len(suffix)] + suffix, used)
            rows.append({"field": used_name, "column": col, "kind": kinds[col], "part": p})
    return rows


def _dbf_frame(items: gpd.GeoDataFrame, fields: list[dict]) -> pd.DataFrame:
    kinds = _table.kinds(items)
    data = {}
    for f in fields:
        col, kind = f["column"], f["kind"]
        values = []
        for v in items[col]:
            enc = _table.encode(v, kind)
            if kind in ("str", "json"):
                chunks = _chunks(enc) if isinstance(enc, str) else []
                enc = chunks[f["part"] - 1] if f["part"] <= len(chunks) else None
            elif kind == "bool" and enc is not None:
                enc = int(enc)
            values.append(enc)
        data[f["field"]] = values
    frame = pd.DataFrame(data, index=items.index)
    for f in fields:
        if kinds[f["column"]] == "float":
            frame[f["field"]] = pd.to_numeric(frame[f["field"]], errors="coerce").astype(float)
    return frame


def write_shapefile(items: gpd.GeoDataFrame, path: str | os.PathLike) -> Path:
    """Write ``items`` as a zip of Shapefiles (one per geometry type), atomically.

    See Also
    --------
    read_shapefile : reads the zip back into the same items.
    """
    import pyogrio

    items = _table.wgs84(items)
    fields = field_map(items)
    dims = shapely.get_dimensions(items.geometry.values)
    multipoint = shapely.get_type_id(items.geometry.values) == 4
    groups = {d: (dims == d) & ~multipoint for d in (2, 1, 0)}
    groups[-1] = multipoint
    buf = io.StringIO()
    writer = csv.DictWriter(buf, ["field", "column", "kind", "part"], lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(fields)
    with tempfile.TemporaryDirectory() as tmpdir, atomic_path(path) as tmp:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
            for key, mask in groups.items():
                if not mask.any():
                    continue
                part = items[mask]
                frame = gpd.GeoDataFrame(_dbf_frame(part, fields), geometry=part.geometry.values,
                                         crs=crs.STORAGE)
                shp = Path(tmpdir) / f"{_FILES[key]}.shp"
                pyogrio.write_dataframe(frame, shp, driver="ESRI Shapefile", encoding="UTF-8",
                                        promote_to_multi=False)
                for f in sorted(Path(tmpdir).glob(f"{_FILES[key]}.*")):
                    zf.write(f, f.name)
            zf.writestr(_FIELDS_FILE, "\ufeff" + buf.getvalue())
    return Path(path)


def read_shapefile(path: str | os.PathLike) -> gpd.GeoDataFrame:
    """Read a zip written by :func:`write_shapefile` back into one frame (EPSG:4326)."""
    import pyogrio

    with tempfile.TemporaryDirectory() as tmpdir:
        with zipfile.ZipFile(path) as zf:
            zf.extractall(tmpdir)
        with open(Path(tmpdir) / _FIELDS_FILE, encoding="utf-8-sig", newline="") as fh:
            fields = [{**r, "part": int(r["part"])} for r in csv.DictReader(fh)]
        parts = [pyogrio.read_dataframe(Path(tmpdir) / f"{name}.shp")
                 for name in _FILES.values() if (Path(tmpdir) / f"{name}.shp").exists()]
    frame = pd.concat(parts, ignore_index=True)
    data, kinds = {}, {}
    for col in dict.fromkeys(f["column"] for f in fields):
        own = sorted((f for f in fields if f["column"] == col), key=lambda f: f["part"])
        kinds[col] = own[0]["kind"]
        if kinds[col] in ("str", "json"):
            data[col] = ["".join(str(frame[f["field"]].iloc[i] or "")
                                 for f in own if pd.notna(frame[f["field"]].iloc[i]))
                         for i in range(len(frame))]
        else:
            data[col] = frame[own[0]["field"]].tolist()
    gdf = gpd.GeoDataFrame(data, geometry=frame.geometry.values, crs=crs.STORAGE)
    return _table.decode(gdf, kinds)
