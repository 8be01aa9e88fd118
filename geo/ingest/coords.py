"""Bring located geometries to WGS84 and flag coordinates that cannot be right.

- A declared CRS (a Shapefile's .prj, a GeoPackage's SRS, a GeoJSON ``crs``,
  the ``crs=`` option for tables) is honoured: geometries are transformed to
  EPSG:4326. Without one, lon/lat WGS84 degrees are assumed.
- ``datum="gcj02"`` converts GCJ-02 lon/lat (Amap, Tencent exports) to WGS84
  with :func:`geo.datum.geometry_gcj02_to_wgs84` after any CRS transform.
- Per row: projected metres given as degrees (with a guess at the CRS that
  would put them in the YRD), swapped lon/lat (or swapped X/Y of a survey
  grid, where X is northing), and positions outside the YRD box are errors;
  positions inside the box but outside 上海/江苏/浙江/安徽 are warnings.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np
import shapely
from pyproj import CRS, Transformer

from geo import crs
from geo.datum import geometry_gcj02_to_wgs84
from geo.ingest.report import IngestError, Report, msg
from geo.schema import BOUNDS

__all__ = ["DATUMS", "parse_crs", "to_wgs84", "guess_crs"]

DATUMS = ("wgs84", "gcj02")
#: projected CRSs tried when numbers look like metres (CGCS2000 GK zones, UTM, Web Mercator)
_GUESSES = (4549, 4548, 4550, 4547, 4528, 4527, 4529, 4526, 4498, 4499, 32650, 32651, 3857)
_BOX = f"lon {BOUNDS['lon'][0]:g}–{BOUNDS['lon'][1]:g}, lat {BOUNDS['lat'][0]:g}–{BOUNDS['lat'][1]:g}"


def parse_crs(text) -> CRS | None:
    """A CRS from user text (``EPSG:4549``, ``4549``, WKT, PROJ); ``None`` for empty.

    Examples
    --------
    >>> parse_crs("4549").to_epsg(), parse_crs(None)
    (4549, None)
    """
    if text is None or (isinstance(text, str) and not text.strip()):
        return None
    if isinstance(text, CRS):
        return text
    s = str(text).strip()
    try:
        return CRS.from_user_input(int(s) if s.isdigit() else s)
    except Exception:
        raise IngestError(f"unknown CRS {s!r}",
                          "an EPSG code such as EPSG:4549 (CGCS2000 / 3-degree GK CM 120E), "
                          "EPSG:4490 or EPSG:4326", field="crs", value=s) from None


def _box():
    return msg("ingest.box", lon0=BOUNDS["lon"][0], lon1=BOUNDS["lon"][1],
               lat0=BOUNDS["lat"][0], lat1=BOUNDS["lat"][1])


def _in_box(x0, y0, x1, y1) -> bool:
    (lo0, lo1), (la0, la1) = BOUNDS["lon"], BOUNDS["lat"]
    return lo0 <= x0 and x1 <= lo1 and la0 <= y0 and y1 <= la1


def _to_wgs(epsg) -> Transformer:
    return crs.transformer(epsg, crs.STORAGE)


def guess_crs(x: float, y: float) -> list[str]:
    """Projected CRSs under which ``(x, y)`` lands in the YRD box (best first).

    Examples
    --------
    >>> guess_crs(40_500_000, 3_450_000)[0]
    'EPSG:4528 (CGCS2000 / 3-degree Gauss-Kruger zone 40)'
    """
    out = []
    for swapped in (False, True):
        a, b = (y, x) if swapped else (x, y)
        for code in _GUESSES:
            lon, lat = _to_wgs(code).transform(a, b)
            if np.isfinite(lon) and np.isfinite(lat) and _in_box(lon, lat, lon, lat):
                name = CRS.from_epsg(code).name
                out.append(f"EPSG:{code} ({name})" + (" with X/Y swapped" if swapped else ""))
    return out


@lru_cache(maxsize=1)
def _yrd_land():
    from geo.catalog import load_regions

    land = shapely.union_all(load_regions("province", "s1000").geometry.values)
    shapely.prepare(land)
    return land


def _swap(geom):
    return shapely.transform(geom, lambda c: c[:, ::-1])


def to_wgs84(geoms: list, rows: list[int], src_crs: CRS | None, datum: str,
             report: Report, field: str = "geometry") -> list:
    """Return ``geoms`` in WGS84 (``None`` where a row is flagged as an error).

    Parameters
    ----------
    geoms : shapely geometries (or ``None`` for rows already in error), in ``src_crs``.
    rows : the report's row number of each geometry.
    src_crs : the declared CRS, or ``None`` for WGS84 lon/lat.
    datum : ``"wgs84"`` or ``"gcj02"`` (lon/lat only).
    report : where the per-row flags go.
    field : the column named in the report (``"经度/纬度"``, ``"WKT"`` …).
    """
    if datum not in DATUMS:
        raise IngestError(f"unknown datum {datum!r}", " or ".join(DATUMS), field="datum", value=datum)
    geographic = src_crs is None or src_crs.is_geographic
    if datum == "gcj02" and not geographic:
        raise IngestError(f"GCJ-02 applies to lon/lat degrees, but the file declares the projected "
                          f"CRS {src_crs.name!r}", "--datum wgs84 for a projected file",
                          field="datum", value=datum)
    to_storage = None   # the coordinate function from a declared CRS to WGS84
    if src_crs is not None and src_crs.to_epsg() != 4326:
        to_storage = crs.coordinate_fn(src_crs, crs.STORAGE)
    fast = _fast_rows(geoms, geographic and to_storage is None and datum == "wgs84")
    land = _yrd_land()
    out = []
    for geom, row, quick in zip(geoms, rows, fast):
        if geom is None:
            out.append(None)
            continue
        # quick: checked in bulk (finite, lon/lat inside the YRD box); else row by row
        wgs, problem = (geom, None) if quick else _row_to_wgs84(geom, geographic, src_crs,
                                                                 to_storage, datum)
        if problem is not None:
            report.error(row, field, _coord_text(geom), *problem)
        elif not land.intersects(wgs):
            report.warning(row, field, _coord_text(geom), msg("ingest.outside_provinces"),
                           msg("ingest.outside_provinces_ok"))
        out.append(wgs)
    return out


def _row_to_wgs84(geom, geographic: bool, src_crs, to_storage, datum: str):
    """One row's geometry in WGS84 (through ``to_storage``, the coordinate function from
    ``src_crs``, unless ``None``) and ``None``, or ``None`` and what is wrong with its
    coordinates: the (reason, accepted) of its report error."""
    coords = shapely.get_coordinates(geom)
    if not np.isfinite(coords).all():
        return None, (msg("ingest.coord_nonfinite"), msg("ingest.coord_nonfinite_ok"))
    x0, y0, x1, y1 = geom.bounds
    if geographic and not _in_box(x0, y0, x1, y1) and _in_box(y0, x0, y1, x1):
        return None, (msg("ingest.lonlat_swapped"),
                      msg("ingest.lonlat_swapped_ok", lon0=BOUNDS['lon'][0], lon1=BOUNDS['lon'][1],
                          lat0=BOUNDS['lat'][0], lat1=BOUNDS['lat'][1]))
    if geographic and (max(abs(x0), abs(x1)) > 180 or max(abs(y0), abs(y1)) > 90):
        guesses = guess_crs(coords[0, 0], coords[0, 1])
        return None, (msg("ingest.metres_as_degrees_fit", crs=" / ".join(guesses[:3])) if guesses
                      else msg("ingest.metres_as_degrees"),
                      msg("ingest.metres_as_degrees_ok", box=_box()))
    wgs = geom
    if to_storage is not None:
        wgs = shapely.transform(geom, to_storage)
        if not np.isfinite(shapely.get_coordinates(wgs)).all():
            return None, (msg("ingest.cannot_transform", crs=src_crs.name),
                          msg("ingest.cannot_transform_ok"))
        if not geographic and not _in_box(*wgs.bounds):
            swapped = shapely.transform(_swap(geom), to_storage)
            if np.isfinite(shapely.get_coordinates(swapped)).all() and _in_box(*swapped.bounds):
                return None, (msg("ingest.xy_swapped", crs=src_crs.name), msg("ingest.xy_swapped_ok"))
    if datum == "gcj02":
        wgs = geometry_gcj02_to_wgs84(wgs)
    if not _in_box(*wgs.bounds):
        return None, (msg("ingest.outside_yrd") if wgs.geom_type == "Point" else
                      msg("ingest.outside_yrd_bounds", bounds=_fmt_bounds(wgs.bounds)),
                      msg("ingest.outside_yrd_ok", box=_box()))
    return wgs, None


def _fast_rows(geoms: list, plain: bool) -> np.ndarray:
    """Which rows need no per-row checks: WGS84 lon/lat with finite bounds inside the YRD
    box (the common case, checked for all rows at once; the others take the slow path)."""
    fast = np.zeros(len(geoms), dtype=bool)
    if not plain or not geoms:
        return fast
    idx = np.array([i for i, g in enumerate(geoms) if g is not None], dtype=int)
    if not len(idx):
        return fast
    arr = np.empty(len(idx), dtype=object)
    arr[:] = [geoms[i] for i in idx]
    b = shapely.bounds(arr)
    (lo0, lo1), (la0, la1) = BOUNDS["lon"], BOUNDS["lat"]
    with np.errstate(invalid="ignore"):
        ok = (np.isfinite(b).all(axis=1) & (b[:, 0] >= lo0) & (b[:, 2] <= lo1)
              & (b[:, 1] >= la0) & (b[:, 3] <= la1))
    ok &= np.array([np.isfinite(shapely.get_coordinates(g)).all() if g.geom_type != "Point"
                    else True for g in arr], dtype=bool)
    fast[idx[ok]] = True
    return fast


def _fmt_bounds(b) -> str:
    return ", ".join(f"{v:.4f}" for v in b)


def _coord_text(geom) -> str:
    """A short text of a geometry for the report (a point's numbers, else type + first vertex)."""
    if geom.geom_type == "Point":
        return f"{geom.x:.10g}, {geom.y:.10g}"
    first = shapely.get_coordinates(geom)[0]
    return f"{geom.geom_type} starting {first[0]:.10g}, {first[1]:.10g}"
