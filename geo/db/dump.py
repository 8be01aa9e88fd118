"""Dump the database to one GeoPackage (``yrdmap db dump --out FILE.gpkg``).

Layers: ``projects`` (catalog and imported items, with ``source`` and ``version``; list
fields as JSON text), ``provinces``, ``cities``, ``counties`` (full resolution) and
``lakes``. Read in one repeatable-read transaction (a consistent snapshot) and written
through :func:`geo.export._atomic.atomic_path`: the file appears complete or not at all.
"""
from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

from geo.db.connection import session
from geo.db.items import read_items
from geo.export._table import property_columns

__all__ = ["dump"]

_REGION_COLS = ["adcode", "name_zh", "name_en", "province_adcode", "city_adcode", "area_km2"]


def _regions(conn, table: str) -> gpd.GeoDataFrame:
    rows = conn.execute(f"SELECT {', '.join(_REGION_COLS)}, ST_AsBinary(geom) FROM {table} "
                        "ORDER BY adcode").fetchall()
    frame = pd.DataFrame([r[:-1] for r in rows], columns=_REGION_COLS)
    return gpd.GeoDataFrame(frame, geometry=shapely.from_wkb([bytes(r[-1]) for r in rows]),
                            crs=4326)


def _jsonable(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    out = frame.copy()
    for col in property_columns(out):
        if any(isinstance(v, (list, dict)) for v in out[col]):
            out[col] = [None if v is None else json.dumps(v, ensure_ascii=False)
                        if isinstance(v, (list, dict)) else v for v in out[col]]
    return out


def dump(out: Path | str, url: str | None = None) -> dict[str, int]:
    """Write every layer to the GeoPackage ``out``; return feature counts by layer."""
    from geo.export._atomic import atomic_path

    with session(url) as conn:
        conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        layers = {"projects": _jsonable(read_items(conn))}
        for table in ("provinces", "cities", "counties"):
            layers[table] = _regions(conn, table)
        rows = conn.execute("SELECT name_zh, name_en, area_km2, ST_AsBinary(geom) FROM lakes "
                            "ORDER BY name_zh").fetchall()
        layers["lakes"] = gpd.GeoDataFrame(
            pd.DataFrame([r[:3] for r in rows], columns=["name_zh", "name_en", "area_km2"]),
            geometry=shapely.from_wkb([bytes(r[-1]) for r in rows]), crs=4326)
    with atomic_path(out) as tmp:
        for name, frame in layers.items():
            frame.to_file(tmp, layer=name, driver="GPKG", engine="pyogrio")
    return {name: len(frame) for name, frame in layers.items()}
