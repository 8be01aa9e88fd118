"""CSV export for Excel: every property, then the geometry as WKT, UTF-8 with BOM.

The byte-order mark makes Excel on Chinese Windows open the file as UTF-8
instead of GBK, so names stay readable; rows end in CRLF. Lists and dicts are
JSON text, booleans ``true``/``false``, missing values empty cells. The ``wkt``
column (WGS84 lon/lat) comes last: a large polygon's WKT can pass Excel's
32,767-character cell limit, and Excel then cuts that cell only — the file itself
keeps it whole for QGIS, ArcGIS or :func:`read_csv`. Text a spreadsheet would run as a
formula (``=``, ``+``, ``-``, ``@``, tab, CR first) gets a leading apostrophe
(:mod:`geo.export._formula`), which :func:`read_csv` removes again;
``guard_formulas=False`` writes every cell as it is.
"""
from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import geopandas as gpd
import shapely

from geo import crs
import geo.export._table as _table
from geo.errors import InputError
from geo.export._formula import guard, unguard
from geo.export._atomic import atomic_path

__all__ = ["WKT_COLUMN", "write_csv", "read_csv"]

WKT_COLUMN = "wkt"


def _cell(value, kind: str, guard_formulas: bool = True) -> str:
    text = isinstance(value, str)
    value = _table.encode(value, kind)
    if text and guard_formulas:
        value = guard(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return str(value)


def write_csv(items: gpd.GeoDataFrame, path: str | os.PathLike, *,
              guard_formulas: bool = True) -> Path:
    """Write ``items`` as CSV (UTF-8 with BOM, CRLF) with a trailing ``wkt`` column.

    ``guard_formulas``: prefix text cells a spreadsheet would run as formulas with an
    apostrophe (default); ``False`` writes them exactly as they are.

    See Also
    --------
    read_csv : reads the file back to the same items.
    """
    items = _table.wgs84(items)
    kinds = _table.kinds(items)
    cols = _table.property_columns(items)
    if WKT_COLUMN in cols:
        raise InputError(f"items already have a column {WKT_COLUMN!r}; rename it before export")
    wkt = shapely.to_wkt(items.geometry.values, rounding_precision=-1)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([*cols, WKT_COLUMN])
    for row, g in zip(items[cols].itertuples(index=False, name=None), wkt):
        writer.writerow([*(_cell(v, kinds[c], guard_formulas) for c, v in zip(cols, row)),
                         g or ""])
    with atomic_path(path) as tmp:
        tmp.write_text(buf.getvalue(), encoding="utf-8-sig", newline="")
    return Path(path)


def read_csv(path: str | os.PathLike, *, guarded: bool = True) -> gpd.GeoDataFrame:
    """Read a CSV written by :func:`write_csv` back to items (EPSG:4326).

    The catalog's columns get their kinds back; other columns stay text. ``guarded``:
    undo the formula guard (pass ``False`` for a file written with
    ``guard_formulas=False``).
    """
    limit = csv.field_size_limit()
    csv.field_size_limit(2**31 - 1)  # a county-union polygon's WKT runs to megabytes
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.reader(fh))
    finally:
        csv.field_size_limit(limit)
    if not rows or rows[0][-1:] != [WKT_COLUMN]:
        raise InputError(f"{path}: the last column is not {WKT_COLUMN!r}; not a yrdmap CSV")
    header, body = rows[0], rows[1:]
    undo = unguard if guarded else (lambda v: v)
    data = {c: [undo(r[i]) for r in body] for i, c in enumerate(header[:-1])}
    geoms = shapely.from_wkt([r[-1] or None for r in body])
    gdf = gpd.GeoDataFrame(data, geometry=geoms, crs=crs.STORAGE)
    return _table.decode(gdf)
