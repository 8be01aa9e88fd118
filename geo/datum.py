"""GCJ-02 ⇄ WGS84 conversion (the datum shift of Chinese web maps).

GCJ-02 is WGS84 plus a deterministic, smooth offset of a few hundred metres
published in no standard but reproduced by every open implementation
(eviltransform and others). Forward, for a WGS84 point (λ, φ) in degrees inside
China, with x = λ − 105 and y = φ − 35:

    dφ' = −100 + 2x + 3y + 0.2y² + 0.1xy + 0.2√|x|
          + (20 sin 6πx + 20 sin 2πx)·2/3 + (20 sin πy + 40 sin(πy/3))·2/3
          + (160 sin(πy/12) + 320 sin(πy/30))·2/3
    dλ' = 300 + x + 2y + 0.1x² + 0.1xy + 0.1√|x|
          + (20 sin 6πx + 20 sin 2πx)·2/3 + (20 sin πx + 40 sin(πx/3))·2/3
          + (150 sin(πx/12) + 300 sin(πx/30))·2/3

(the trigonometric arguments are in radians of x·π etc.), then, on the
Krasovsky 1940 ellipsoid (a = 6378245 m, e² = 0.00669342162296594323) with
W = 1 − e² sin²φ:

    dφ = dφ'·180 / ((a(1 − e²) / W^1.5)·π)
    dλ = dλ'·180 / ((a / √W)·cos φ·π)
    GCJ = (λ + dλ, φ + dφ)

The inverse has no closed form; :func:`gcj02_to_wgs84` solves it by fixed-point
iteration ``w ← w − (f(w) − g)``. Each step gains about three orders of
magnitude (the offset's gradient is ~1e-3), so a fixed 8 steps leave an error far
below 1e-10° (≈ 0.01 mm). The count is fixed, not adaptive, so that a vertex maps
to the same output whichever array it is converted in: shared borders stay shared. Points outside China's rough bounding box are left
unchanged, as in the reference implementations.
"""
from __future__ import annotations

import numpy as np
import shapely

__all__ = [
    "wgs84_to_gcj02",
    "gcj02_to_wgs84",
    "geometry_wgs84_to_gcj02",
    "geometry_gcj02_to_wgs84",
]

_A = 6378245.0
_EE = 0.00669342162296594323


def _out_of_china(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    return (lon < 72.004) | (lon > 137.8347) | (lat < 0.8293) | (lat > 55.8271)


def _offset(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    x = lon - 105.0
    y = lat - 35.0
    pi = np.pi
    common = (20.0 * np.sin(6.0 * x * pi) + 20.0 * np.sin(2.0 * x * pi)) * 2.0 / 3.0
    dlat = (-100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y
            + 0.2 * np.sqrt(np.abs(x)) + common
            + (20.0 * np.sin(y * pi) + 40.0 * np.sin(y / 3.0 * pi)) * 2.0 / 3.0
            + (160.0 * np.sin(y / 12.0 * pi) + 320 * np.sin(y * pi / 30.0)) * 2.0 / 3.0)
    dlon = (300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y
            + 0.1 * np.sqrt(np.abs(x)) + common
            + (20.0 * np.sin(x * pi) + 40.0 * np.sin(x / 3.0 * pi)) * 2.0 / 3.0
            + (150.0 * np.sin(x / 12.0 * pi) + 300.0 * np.sin(x / 30.0 * pi)) * 2.0 / 3.0)
    rad = lat / 180.0 * pi
    magic = 1 - _EE * np.sin(rad) ** 2
    sqrt_magic = np.sqrt(magic)
    dlat = (dlat * 180.0) / ((_A * (1 - _EE)) / (magic * sqrt_magic) * pi)
    dlon = (dlon * 180.0) / (_A / sqrt_magic * np.cos(rad) * pi)
    return dlon, dlat


def wgs84_to_gcj02(lon, lat):
    """Convert WGS84 lon/lat (degrees, scalars or arrays) to GCJ-02.

    Examples
    --------
    >>> lon, lat = wgs84_to_gcj02(121.5272106, 31.1774276)
    >>> round(float(lon), 9), round(float(lat), 9)
    (121.531541859, 31.175303984)
    """
    lon = np.asarray(lon, dtype="float64")
    lat = np.asarray(lat, dtype="float64")
    dlon, dlat = _offset(lon, lat)
    outside = _out_of_china(lon, lat)
    return np.where(outside, lon, lon + dlon), np.where(outside, lat, lat + dlat)


def gcj02_to_wgs84(lon, lat, *, iterations: int = 8):
    """Convert GCJ-02 lon/lat (degrees, scalars or arrays) to WGS84 by iteration.

    Examples
    --------
    >>> lon, lat = gcj02_to_wgs84(121.531541859215, 31.17530398364597)
    >>> round(float(lon), 7), round(float(lat), 7)
    (121.5272106, 31.1774276)
    """
    g_lon = np.asarray(lon, dtype="float64")
    g_lat = np.asarray(lat, dtype="float64")
    w_lon, w_lat = g_lon.copy(), g_lat.copy()
    for _ in range(iterations):
        f_lon, f_lat = wgs84_to_gcj02(w_lon, w_lat)
        w_lon = w_lon - (f_lon - g_lon)
        w_lat = w_lat - (f_lat - g_lat)
    return w_lon, w_lat


def _transform_geometry(geometry, fn):
    def _xy(coords: np.ndarray) -> np.ndarray:
        if len(coords) == 0:
            return coords
        lon, lat = fn(coords[:, 0], coords[:, 1])
        return np.column_stack([lon, lat])

    return shapely.transform(geometry, _xy)


def geometry_gcj02_to_wgs84(geometry):
    """Shift every vertex of shapely geometries (scalar or array) from GCJ-02 to WGS84.

    A vertex maps to the same output wherever it occurs, so borders shared by
    two polygons stay shared.
    """
    return _transform_geometry(geometry, gcj02_to_wgs84)


def geometry_wgs84_to_gcj02(geometry):
    """Shift every vertex of shapely geometries (scalar or array) from WGS84 to GCJ-02."""
    return _transform_geometry(geometry, wgs84_to_gcj02)
