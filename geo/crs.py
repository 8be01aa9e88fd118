"""The project's coordinate reference systems, in one place.

- ``STORAGE``: every committed file and every in-memory layer is WGS84 lon/lat
  (EPSG:4326), as RFC 7946 requires of GeoJSON.
- ``METRIC``: a Lambert conformal conic fitted to the YRD (standard parallels
  28°N and 34°N, origin 31°N 119°E, CGCS2000/GRS80 ellipsoid). Used for lengths,
  buffers, clipping and simplification. Its scale error inside the region
  (27°N–35.2°N) is under 0.15%, against ~0.3% for a single 3-degree
  Gauss–Krüger zone (EPSG:4549) at Anhui's western edge.
- ``EQUAL_AREA``: an Albers equal-area conic with the same parallels, for km².

Every reprojection goes through :func:`transformer` (one cached
:class:`pyproj.Transformer` per pair, lon/lat order) and :func:`project`
(geometries or x/y arrays).
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np
import shapely
from pyproj import CRS, Transformer

__all__ = ["STORAGE", "METRIC", "EQUAL_AREA", "transformer", "coordinate_fn", "project"]

STORAGE = CRS.from_epsg(4326)
METRIC = CRS.from_proj4(
    "+proj=lcc +lat_1=28 +lat_2=34 +lat_0=31 +lon_0=119 +x_0=0 +y_0=0 "
    "+ellps=GRS80 +units=m +no_defs"
)
EQUAL_AREA = CRS.from_proj4(
    "+proj=aea +lat_1=28 +lat_2=34 +lat_0=31 +lon_0=119 +x_0=0 +y_0=0 "
    "+ellps=GRS80 +units=m +no_defs"
)


@lru_cache(maxsize=64)
def _cached(src: CRS, dst: CRS) -> Transformer:
    return Transformer.from_crs(src, dst, always_xy=True)


def transformer(src, dst) -> Transformer:
    """The cached ``src`` → ``dst`` transformer, always in x/y (lon/lat) order.

    ``src`` and ``dst`` are anything :meth:`pyproj.CRS.from_user_input` takes
    (a :class:`~pyproj.CRS`, an EPSG code, ``"EPSG:4528"`` …); equal pairs share
    one transformer.

    Examples
    --------
    >>> t = transformer(4326, METRIC)
    >>> [round(v, 6) for v in t.transform(119.0, 31.0)]
    [0.0, 0.0]
    >>> transformer("EPSG:4326", METRIC) is t
    True
    """
    return _cached(CRS.from_user_input(src), CRS.from_user_input(dst))


def coordinate_fn(src, dst):
    """The coordinate function for :func:`shapely.transform` from ``src`` to ``dst``
    (anything :func:`transformer` takes): look the transformer up once, apply it to many
    geometries.

    Examples
    --------
    >>> to_metric = coordinate_fn(STORAGE, METRIC)
    >>> shapely.transform(shapely.Point(119, 31), to_metric).wkt
    'POINT (0 0)'
    """
    t = transformer(src, dst)
    return lambda xy: np.column_stack(t.transform(xy[:, 0], xy[:, 1]))


def project(geoms, src, dst):
    """``geoms`` reprojected from ``src`` to ``dst``.

    Parameters
    ----------
    geoms : a shapely geometry, an array of them (``None`` kept), or an
        ``(x, y)`` pair of numbers or arrays.
    src, dst : anything :func:`transformer` takes.

    Returns
    -------
    The same shape as ``geoms``: geometries, or an ``(x, y)`` tuple.

    Examples
    --------
    >>> [round(v, 6) for v in project((119.0, 31.0), STORAGE, METRIC)]
    [0.0, 0.0]
    >>> line = shapely.LineString([(119, 31), (119, 32)])
    >>> round(project(line, STORAGE, METRIC).length / 1000, 1)
    110.7
    >>> project(np.array([line, None]), STORAGE, METRIC)[1] is None
    True
    """
    if isinstance(geoms, tuple):
        return transformer(src, dst).transform(*geoms)
    return shapely.transform(geoms, coordinate_fn(src, dst))
