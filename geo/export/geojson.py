"""GeoJSON export (RFC 7946): WGS84 lon/lat, counter-clockwise exterior rings, no ``crs``.

Properties are written as native JSON: lists and dicts stay lists and objects
(``km_by_province`` keys are adcodes as text, as JSON requires), missing values
are ``null``. Coordinates keep full double precision.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import geopandas as gpd
import shapely

from geo import crs
import geo.export._table as _table
from geo.errors import InputError
from geo.export._atomic import atomic_path

__all__ = ["write_geojson", "read_geojson", "feature_collection"]


def feature_collection(items: gpd.GeoDataFrame) -> dict:
    """The RFC 7946 FeatureCollection of ``items`` as a Python dict.

    Examples
    --------
    >>> import geopandas as gpd, shapely
    >>> g = gpd.GeoDataFrame({"id": ["a"]}, geometry=[shapely.Point(121.5, 31.2)], crs=4326)
    >>> feature_collection(g)["features"][0]["geometry"]
    {'type': 'Point', 'coordinates': (121.5, 31.2)}
    """
    items = _table.wgs84(items)
    geoms = shapely.orient_polygons(items.geometry.values, exterior_cw=False)
    props = _table.records(items)
    features = []
    for p, g in zip(props, geoms):
        p = {k: ({str(a): b for a, b in v.items()} if isinstance(v, dict) else v)
             for k, v in p.items()}
        features.append({"type": "Feature", "properties": p,
                         "geometry": None if g is None else g.__geo_interface__})
    return {"type": "FeatureCollection", "features": features}


def write_geojson(items: gpd.GeoDataFrame, path: str | os.PathLike) -> Path:
    """Write ``items`` as an RFC 7946 GeoJSON file (UTF-8), atomically.

    Parameters
    ----------
    items : GeoDataFrame with a CRS (reprojected to WGS84 if needed).
    path : target file; replaced only once the new file is complete.

    Returns
    -------
    Path of the written file.

    See Also
    --------
    read_geojson : the reader that restores the same items.
    """
    fc = feature_collection(items)
    with atomic_path(path) as tmp:
        with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
            json.dump(fc, fh, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return Path(path)


def read_geojson(path: str | os.PathLike) -> gpd.GeoDataFrame:
    """Read a file written by :func:`write_geojson` back to the same items (EPSG:4326)."""
    with open(path, encoding="utf-8") as fh:
        fc = json.load(fh)
    if fc.get("type") != "FeatureCollection":
        raise InputError(f"{path}: type is {fc.get('type')!r}, expected 'FeatureCollection'")
    rows = [f.get("properties") or {} for f in fc["features"]]
    geoms = [None if f.get("geometry") is None else shapely.geometry.shape(f["geometry"])
             for f in fc["features"]]
    gdf = gpd.GeoDataFrame(rows, geometry=geoms, crs=crs.STORAGE)
    kinds = {c: k for c, k in _table.KNOWN.items() if k in ("json", "bool", "float")}
    return _table.decode(gdf, kinds)
