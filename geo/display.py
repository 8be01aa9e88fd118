"""Geometry for the screen: detail by zoom, view windows, simplification, rounding, picking.

A web map needs far less than the stored geometry. :func:`display_level` says
which boundary file, simplification tolerance and coordinate precision a zoom
level needs; :func:`view_window` gives the snapped lon/lat box to clip to when
zoomed in; :func:`for_display` applies them; :func:`pick` finds the item under
a click. Pure functions on GeoDataFrames (WGS84 in, WGS84 out); no streamlit,
no folium.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import shapely

from geo import crs

__all__ = ["DisplayLevel", "display_level", "metres_per_pixel", "view_window", "for_display", "clip_display",
           "pick", "round_geometry", "zoom_to_fit"]

#: metres per pixel at the equator at zoom 0 (Web Mercator, 256 px tiles)
_M_PER_PX_Z0 = 156543.03392804097


@dataclass(frozen=True)
class DisplayLevel:
    """What the screen needs at a zoom level."""

    resolution: str      # boundary file: "s1000", "s100" or "full" (geo.catalog.RESOLUTIONS)
    tolerance_m: float   # simplification of other polygons/lines, metres
    decimals: int        # coordinate decimals sent to the browser
    clip: bool           # clip to a view window (zoomed in) or send the whole YRD


def metres_per_pixel(zoom: float, latitude: float = 31.0) -> float:
    """Ground metres one screen pixel covers at ``zoom`` and ``latitude`` (Web Mercator,
    256 px tiles); the default latitude is the YRD's middle.

    Examples
    --------
    >>> round(metres_per_pixel(0, 0.0), 2)
    156543.03
    >>> round(metres_per_pixel(6.5))
    1483
    """
    return _M_PER_PX_Z0 * math.cos(math.radians(latitude)) / 2 ** float(zoom)


def display_level(zoom: float) -> DisplayLevel:
    """Detail needed at ``zoom`` (one pixel ≈ 1.0–1.2 km at z7 in the YRD).

    Examples
    --------
    >>> display_level(7)
    DisplayLevel(resolution='s1000', tolerance_m=1000.0, decimals=3, clip=False)
    >>> display_level(8).tolerance_m
    500.0
    >>> display_level(10).resolution, display_level(13).resolution
    ('s100', 'full')
    """
    if not isinstance(zoom, (int, float)) or zoom != zoom:
        raise ValueError(f"zoom {zoom!r} is not a number")
    if zoom <= 7:
        return DisplayLevel("s1000", 1000.0, 3, False)
    if zoom <= 8:
        return DisplayLevel("s1000", 500.0, 3, False)
    if zoom <= 11:
        return DisplayLevel("s100", 50.0, 4, True)
    return DisplayLevel("full", 5.0, 5, True)


def view_window(lon: float, lat: float, zoom: float, *, width_px: int = 1200,
                height_px: int = 800) -> tuple[float, float, float, float]:
    """A lon/lat box around the view, about three screens wide, snapped to a grid.

    Snapping makes small pans return the same box, so the map is not rebuilt
    until the view leaves it.

    Examples
    --------
    >>> view_window(121.47, 31.23, 10)
    (118.0, 29.0, 124.0, 33.0)
    """
    deg_per_px = 360.0 / (256 * 2 ** zoom)
    half_w = 1.5 * width_px * deg_per_px
    half_h = 1.5 * height_px * deg_per_px * math.cos(math.radians(lat))
    step = 2.0 ** math.ceil(math.log2(max(half_w, half_h) / 4))
    x0 = math.floor((lon - half_w) / step) * step
    x1 = math.ceil((lon + half_w) / step) * step
    y0 = math.floor((lat - half_h) / step) * step
    y1 = math.ceil((lat + half_h) / step) * step
    return (x0, y0, x1, y1)


def round_geometry(geoms, decimals: int):
    """Snap coordinates to ``decimals`` decimal places, keeping geometries valid.

    Repeated vertices are dropped and parts that collapse (a ring thinner than
    the grid) disappear; a vertex shared by two polygons snaps to the same
    place in both, so shared borders stay shared.

    Examples
    --------
    >>> round_geometry(shapely.LineString([(120.12344, 30.1), (120.12321, 30.1), (121, 31)]), 3).wkt
    'LINESTRING (120.123 30.1, 121 31)'
    """
    out = shapely.set_precision(geoms, 10.0 ** -decimals)
    # snapping leaves binary noise (30.100000000000001); round it away for short JSON
    return shapely.transform(out, lambda xy: np.round(xy, decimals))


def for_display(gdf: gpd.GeoDataFrame, *, tolerance_m: float = 0.0, decimals: int = 4,
                bbox: tuple | None = None, shift=None) -> gpd.GeoDataFrame:
    """A copy of ``gdf`` made light for the browser.

    Parameters
    ----------
    gdf : WGS84 frame.
    tolerance_m : Douglas–Peucker tolerance in metres (in :data:`geo.crs.METRIC`,
        topology preserved); 0 keeps every vertex (use it for coverage-simplified
        boundary files, whose shared borders must stay shared).
    decimals : coordinate decimals kept (3 ≈ 100 m, 4 ≈ 10 m, 5 ≈ 1 m).
    bbox : (lon0, lat0, lon1, lat1) to clip to, or None.
    shift : a function on shapely geometry arrays applied after simplification
        (e.g. :func:`geo.datum.geometry_wgs84_to_gcj02` for GCJ-02 basemaps).

    Rows whose geometry becomes empty (outside ``bbox``) are dropped.
    """
    if gdf.crs is None or gdf.crs.to_epsg() != 4326:
        raise ValueError(f"gdf CRS is {gdf.crs}; expected EPSG:4326")
    if tolerance_m < 0:
        raise ValueError(f"tolerance_m {tolerance_m!r} is negative")
    geoms = gdf.geometry.values
    if bbox is not None:
        geoms = shapely.clip_by_rect(np.asarray(geoms), *bbox)
        geoms = gpd.array.from_shapely(geoms, crs=gdf.crs)
    if tolerance_m > 0:
        metric = crs.project(np.asarray(geoms), gdf.crs, crs.METRIC)
        simple = shapely.simplify(metric, tolerance_m, preserve_topology=True)
        geoms = crs.project(simple, crs.METRIC, gdf.crs)
    arr = np.asarray(geoms)
    if shift is not None:
        arr = shift(arr)
    arr = round_geometry(arr, decimals)
    out = gdf.copy()
    out["geometry"] = gpd.array.from_shapely(arr, crs=gdf.crs)
    keep = ~(out.geometry.isna() | out.geometry.is_empty)
    return out[keep.to_numpy()]


def clip_display(frame: gpd.GeoDataFrame, bbox: tuple | None) -> gpd.GeoDataFrame:
    """The rows of a display frame (:func:`for_display`'s output for the whole region)
    inside ``bbox``, clipped to it; ``bbox`` None returns ``frame`` itself.

    Clipping what is already simplified and rounded costs milliseconds, where
    simplifying each new view window afresh costs a tenth of a second a layer: the
    map's layers are made light once per detail level and cut per window. Vertices
    the clip adds on the window's edge keep their float value (the map's encoder
    rounds every coordinate to the level's decimals).

    Examples
    --------
    >>> from shapely import LineString, Point
    >>> f = gpd.GeoDataFrame({"n": [1, 2]}, geometry=[LineString([(0, 0), (4, 0)]),
    ...                       Point(9, 9)], crs=4326)
    >>> out = clip_display(f, (1, -1, 3, 1))
    >>> list(out["n"]), out.geometry.iloc[0].wkt
    ([1], 'LINESTRING (1 0, 3 0)')
    >>> clip_display(f, None) is f
    True
    """
    if bbox is None:
        return frame
    geoms = shapely.clip_by_rect(np.asarray(frame.geometry.values), *bbox)
    keep = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    out = frame[keep].copy()
    out["geometry"] = gpd.array.from_shapely(geoms[keep], crs=frame.crs)
    return out


def pick(items: gpd.GeoDataFrame, lon: float, lat: float, *, tolerance_m: float,
         labels=None, label_column: str | None = None):
    """Index label of the item under a click at (lon, lat), or None.

    Points and lines within ``tolerance_m`` win over polygons (they are drawn on
    top); among them the nearest. Otherwise the smallest polygon containing the
    click, then the nearest polygon within the tolerance. ``labels`` (e.g. the
    clicked tooltip text) narrows the candidates when it matches any of them.

    Examples
    --------
    >>> g = gpd.GeoDataFrame({"id": ["a", "b"]}, crs=4326, geometry=[
    ...     shapely.box(120, 30, 122, 32), shapely.LineString([(121, 30), (121, 32)])])
    >>> pick(g, 121.001, 31, tolerance_m=500), pick(g, 120.5, 31, tolerance_m=500)
    (1, 0)
    >>> pick(g, 100, 10, tolerance_m=500) is None
    True
    """
    if len(items) == 0:
        return None
    if labels is not None and label_column is not None:
        wanted = {labels} if isinstance(labels, str) else set(labels)
        hit = items[label_column].isin(wanted)
        if hit.any():
            items = items[hit.to_numpy()]
    metric = items.geometry.to_crs(crs.METRIC)
    click = crs.project(shapely.Point(lon, lat), crs.STORAGE, crs.METRIC)
    dims = shapely.get_dimensions(metric.values)
    dist = shapely.distance(metric.values, click)
    near = (dims < 2) & (dist <= tolerance_m)
    if near.any():
        return items.index[np.flatnonzero(near)[np.argmin(dist[near])]]
    inside = (dims == 2) & (dist == 0)
    if inside.any():
        areas = shapely.area(metric.values)
        return items.index[np.flatnonzero(inside)[np.argmin(areas[inside])]]
    close = (dims == 2) & (dist <= tolerance_m)
    if close.any():
        return items.index[np.flatnonzero(close)[np.argmin(dist[close])]]
    return None


def zoom_to_fit(bounds: tuple, *, width_px: int = 900, height_px: int = 600,
                min_zoom: float = 6, max_zoom: float = 13, snap: float = 0.5) -> tuple:
    """(lat, lon, zoom) that shows ``bounds`` (lon0, lat0, lon1, lat1) whole, like
    Leaflet's ``fitBounds`` with the given zoom snap.

    Examples
    --------
    >>> zoom_to_fit((120.0, 30.0, 122.0, 32.0))
    (31.0052, 121.0, 8.0)
    >>> zoom_to_fit((121.5, 31.2, 121.5, 31.2))[2]      # a point: the closest zoom allowed
    13
    """
    lon0, lat0, lon1, lat1 = bounds

    def merc_y(lat):
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    # the centre in projected (Mercator) space, as Leaflet's fitBounds takes it
    lat_c = math.degrees(2 * math.atan(math.exp((merc_y(lat0) + merc_y(lat1)) / 2))
                         - math.pi / 2)
    lon_c = (lon0 + lon1) / 2

    dx = max(lon1 - lon0, 1e-9) / 360.0
    dy = max(merc_y(lat1) - merc_y(lat0), 1e-9) / (2 * math.pi)
    zoom = math.log2(min(width_px / (256 * dx), height_px / (256 * dy)))
    zoom = math.floor(zoom / snap) * snap
    return (round(lat_c, 4), round(lon_c, 4), max(min_zoom, min(max_zoom, zoom)))


def view_bounds(lat: float, lon: float, zoom: float, *, width_px: int = 900,
                height_px: int = 600) -> tuple:
    """(lon0, lat0, lon1, lat1) a Web Mercator map of ``width_px`` × ``height_px``
    shows around (lat, lon) at ``zoom``: the inverse of :func:`zoom_to_fit`.

    Examples
    --------
    >>> b = view_bounds(31.0, 121.0, 8.0)
    >>> lat, lon, z = zoom_to_fit(b)
    >>> (lat, lon, z) == (31.0, 121.0, 8.0)
    True
    """
    scale = 256 * 2 ** zoom
    half_dx = width_px / scale * 360.0 / 2
    y = math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))
    half_dy = height_px / scale * 2 * math.pi / 2

    def lat_of(yy):
        return math.degrees(2 * math.atan(math.exp(yy)) - math.pi / 2)

    return (lon - half_dx, lat_of(y - half_dy), lon + half_dx, lat_of(y + half_dy))
