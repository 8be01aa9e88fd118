"""The project's coordinate reference systems, in one place.

- ``STORAGE``: every committed file and every in-memory layer is WGS84 lon/lat
  (EPSG:4326), as RFC 7946 requires of GeoJSON.
- ``METRIC``: a Lambert conformal conic fitted to the YRD (standard parallels
  28°N and 34°N, origin 31°N 119°E, CGCS2000/GRS80 ellipsoid). Used for lengths,
  buffers, clipping and simplification. Its scale error inside the region
  (27°N–35.2°N) is under 0.15%, against ~0.3% for a single 3-degree
  Gauss–Krüger zone (EPSG:4549) at Anhui's western edge.
- ``EQUAL_AREA``: an Albers equal-area conic with the same parallels, for km².
"""
from __future__ import annotations

from pyproj import CRS

__all__ = ["STORAGE", "METRIC", "EQUAL_AREA"]

STORAGE = CRS.from_epsg(4326)
METRIC = CRS.from_proj4(
    "+proj=lcc +lat_1=28 +lat_2=34 +lat_0=31 +lon_0=119 +x_0=0 +y_0=0 "
    "+ellps=GRS80 +units=m +no_defs"
)
EQUAL_AREA = CRS.from_proj4(
    "+proj=aea +lat_1=28 +lat_2=34 +lat_0=31 +lon_0=119 +x_0=0 +y_0=0 "
    "+ellps=GRS80 +units=m +no_defs"
)
