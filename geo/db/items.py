"""Project items ↔ rows of the ``projects`` table (the one place that maps columns).

The catalog's schema fields (:data:`geo.schema.PROJECT_FIELDS`), the planning fields and
the store's own fields are columns; any other property of an imported item goes to the
``extra`` JSON column and comes back as a column of its own. Geometries travel as WKB.
"""
from __future__ import annotations

import json

import geopandas as gpd
import pandas as pd
import shapely

from geo.jsonable import plain
from geo.store.contract import ITEM_FIELDS

__all__ = ["ITEM_COLUMNS", "insert_items", "read_items", "plain"]

#: the columns of ``projects`` an item's properties map to: :data:`~geo.store.ITEM_FIELDS`
#: but ``source`` (a column of its own, checked by the schema)
ITEM_COLUMNS = tuple(f for f in ITEM_FIELDS if f != "source")
_INT_LISTS = ("cities", "member_adcodes")
_TEXT_LISTS = ("waypoints",)
_STORE_ONLY = ("source", "version", "seq", "length_km", "area_km2", "extra", "updated_at")


def _list(v, kind):
    v = plain(v)
    if v is None:
        return None
    if not isinstance(v, list):
        raise ValueError(f"expected a list, got {v!r}")
    return [kind(x) for x in v]


def _row(rec: dict, geom, source: str) -> tuple:
    values = []
    for col in ITEM_COLUMNS:
        v = rec.get(col)
        if col in _INT_LISTS:
            values.append(_list(v, int))
        elif col in _TEXT_LISTS:
            values.append(_list(v, str))
        elif col == "sea":
            v = plain(v)
            values.append(None if v is None else bool(v))
        else:
            v = plain(v)
            values.append(None if v is None else str(v))
    extra = {k: plain(v) for k, v in rec.items()
             if k not in ITEM_COLUMNS and k not in _STORE_ONLY}
    wkb = shapely.to_wkb(shapely.force_2d(geom))
    return (*values, rec.get("source") or source, json.dumps(extra, ensure_ascii=False), wkb)


def insert_items(conn, items: gpd.GeoDataFrame, source: str) -> int:
    """Insert ``items`` (WGS84, with ``id``) as rows of ``source`` (catalog/user) on
    ``conn``; a duplicate id raises the driver's UniqueViolation (the caller's
    transaction then keeps nothing)."""
    if items.crs is not None and items.crs.to_epsg() != 4326:
        items = items.to_crs(4326)
    cols = [c for c in items.columns if c != items.geometry.name]
    rows = [_row(rec, geom, source)
            for rec, geom in zip(items[cols].to_dict("records"), items.geometry.values)]
    if not rows:
        return 0
    names = ", ".join(ITEM_COLUMNS)
    marks = ", ".join(["%s"] * len(ITEM_COLUMNS))
    with conn.cursor() as cur:
        cur.executemany(
            f"INSERT INTO projects ({names}, source, extra, geom) "
            f"VALUES ({marks}, %s, %s::jsonb, ST_SetSRID(ST_GeomFromWKB(%s), 4326))", rows)
    return len(rows)


def read_items(conn, where: str = "TRUE", params: dict | tuple | None = None,
               computed: bool = False) -> gpd.GeoDataFrame:
    """Items matching the SQL condition ``where`` (on alias ``p``), in insertion order,
    as the file store returns them (``source``, ``version`` columns; ``extra`` expanded).
    ``computed`` adds the stored ``length_km``/``area_km2`` (unrounded) as
    ``_length_km``/``_area_km2``."""
    names = ", ".join(f"p.{c}" for c in ITEM_COLUMNS)
    # most items have no extra properties: no JSON to decode for them
    sql = (f"SELECT {names}, p.source, p.version, "
           "CASE WHEN p.extra = '{}'::jsonb THEN NULL ELSE p.extra END, "
           f"p.length_km, p.area_km2, ST_AsBinary(p.geom) FROM projects p WHERE {where} "
           "ORDER BY p.seq")
    rows = conn.execute(sql, params).fetchall()
    n = len(ITEM_COLUMNS)
    records, extras_cols = [], []
    for r in rows:
        rec = dict(zip(ITEM_COLUMNS, r[:n]))
        rec["source"], rec["version"] = r[n], r[n + 1]
        for k, v in (r[n + 2] or {}).items():
            if k not in extras_cols:
                extras_cols.append(k)
            rec[k] = v
        if computed:
            rec["_length_km"], rec["_area_km2"] = r[n + 3], r[n + 4]
        records.append(rec)
    columns = list(ITEM_FIELDS) + extras_cols + ["version"]
    if computed:
        columns += ["_length_km", "_area_km2"]
    frame = pd.DataFrame(records, columns=columns)
    geoms = shapely.from_wkb([bytes(r[-1]) for r in rows]) if rows else []
    return gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries(geoms, crs=4326).values, crs=4326)
