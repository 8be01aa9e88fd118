"""GeoPackage export: one table per map layer (``rail``, ``hub`` …), WGS84.

Each table is named by its layer key and carries the layer's Chinese and English
title as its GeoPackage identifier (what QGIS and ArcGIS list). Lists and dicts
are stored as JSON text, booleans as GeoPackage booleans. A layer that mixes
geometry types (points and polygons) is stored with the generic ``GEOMETRY``
type, which QGIS reads; ArcGIS users should take the zipped Shapefile, which is
split by geometry type.
"""
from __future__ import annotations

import os
from pathlib import Path

import geopandas as gpd
import pandas as pd

import geo.export._table as _table
from geo.export._atomic import atomic_path
from geo.schema import LAYERS

__all__ = ["write_gpkg", "read_gpkg"]


def _flat(items: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    kinds = _table.kinds(items)
    out = gpd.GeoDataFrame({c: [_table.encode(v, kinds[c]) for v in items[c]]
                            for c in _table.property_columns(items)},
                           geometry=items.geometry.values, crs=items.crs, index=items.index)
    for c, k in kinds.items():
        if k == "bool" and out[c].notna().all():
            out[c] = out[c].astype(bool)
        elif k == "float":
            out[c] = pd.to_numeric(out[c], errors="coerce").astype(float)
        elif k == "int" and out[c].notna().all():
            out[c] = out[c].astype("int64")
    return out


def write_gpkg(items: gpd.GeoDataFrame, path: str | os.PathLike) -> Path:
    """Write ``items`` to a GeoPackage with one table per value of ``items.layer``.

    Parameters
    ----------
    items : GeoDataFrame with a CRS (reprojected to WGS84) and a ``layer`` column
        (without one, everything goes to a table named ``items``).
    path : target ``.gpkg``; replaced only once the new file is complete.

    See Also
    --------
    read_gpkg : reads every table back into one frame.
    """
    import pyogrio

    items = _table.wgs84(items)
    keys = list(dict.fromkeys(items["layer"])) if "layer" in items else ["items"]
    order = {k: i for i, k in enumerate(LAYERS)}
    keys.sort(key=lambda k: order.get(k, len(order)))
    with atomic_path(path) as tmp:
        for i, key in enumerate(keys):
            part = items[items["layer"] == key] if "layer" in items else items
            title = f"{LAYERS[key]['zh']} {LAYERS[key]['en']}" if key in LAYERS else str(key)
            pyogrio.write_dataframe(_flat(part), tmp, layer=str(key), driver="GPKG",
                                    append=i > 0, promote_to_multi=False,
                                    layer_options={"IDENTIFIER": title})
    return Path(path)


def read_gpkg(path: str | os.PathLike) -> gpd.GeoDataFrame:
    """Read every table of a GeoPackage written by :func:`write_gpkg` into one frame."""
    import pyogrio

    parts = [pyogrio.read_dataframe(path, layer=name) for name, _ in pyogrio.list_layers(path)]
    gdf = gpd.GeoDataFrame(pd.concat(parts, ignore_index=True), crs=parts[0].crs)
    return _table.decode(gdf)
