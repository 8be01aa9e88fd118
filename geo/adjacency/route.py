"""Route: the regions a line passes through, in order along it, with km in each."""
from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.ops import substring

from geo import crs
from geo.adjacency._catalog import check_level
from geo.adjacency._items import find_item, to_metric, to_storage
from geo.catalog import load_regions
from geo.errors import InputError
from geo.measure import OUTSIDE, measured_units

__all__ = ["route", "ROUTE_COLUMNS"]

ROUTE_COLUMNS = ["seq", "adcode", "name_zh", "name_en", "level", "km", "from_km", "to_km",
                 "geometry"]
_EPS_M = 1e-6   # metres: gaps and overlaps below this are rounding, not places


def route(item: str | shapely.Geometry, level: str = "province", *,
          items: gpd.GeoDataFrame | None = None) -> gpd.GeoDataFrame:
    """The regions a line passes through at ``level``, in order along the line.

    The line is cut where it meets a unit boundary (in :data:`geo.crs.METRIC`, against
    the full-resolution units with their estuary waters, as every km of
    :mod:`geo.measure`), each piece goes to the unit holding its midpoint, and
    consecutive pieces in the same unit are joined. Stretches outside the four provinces (the
    sea) get adcode 0. A stretch running exactly along a border is given to the
    region met first. The rows tile the line, so their km add up to its length; a
    MultiLineString's parts follow each other in stored order.

    Parameters
    ----------
    item : a project id (looked up in ``items``) or a WGS84 LineString/MultiLineString.
    level : {"province", "city", "county"}
    items : projects to look ``item`` up in; default every item of the configured store
        (catalog and imported).

    Returns
    -------
    GeoDataFrame with ``seq`` (from 1), ``adcode``, ``name_zh``, ``name_en``,
    ``level``, ``km``, ``from_km``, ``to_km`` (along the line) and the stretch as WGS84
    ``geometry``.

    Raises
    ------
    ValueError for an unknown project id (listing the closest ids), a project that is
    not a line, or a bad ``level``.

    Examples
    --------
    >>> route("rail-hu-zha-hang")[["seq", "name_zh", "km"]].round(1)   # 沪乍杭铁路
       seq name_zh     km
    0    1     上海市   57.2
    1    2     浙江省  118.1
    """
    level = check_level(level)
    if isinstance(item, str):
        row = find_item(item, items)
        geom, label = row.geometry, f"project {item!r}"
    else:
        geom, label = item, "geometry"
    kind = getattr(geom, "geom_type", type(geom).__name__)
    if kind not in ("LineString", "MultiLineString") or geom.is_empty:
        raise InputError(f"{label} is a {kind}; route needs a LineString or MultiLineString "
                         "(layers rail, waterway, or a line ecological corridor)")
    units = measured_units(level)
    tree = shapely.STRtree(units.geometry.values)
    rows, offset = [], 0.0
    for part in shapely.get_parts(to_metric(geom)):
        for lo, hi, adcode in _stretches(part, units, tree):
            rows.append((adcode, offset + lo, offset + hi, substring(part, lo, hi)))
        offset += part.length
    rows = _join(rows)
    names = load_regions(level, "s1000").set_index("adcode")[["name_zh", "name_en"]]
    out = pd.DataFrame({
        "seq": np.arange(1, len(rows) + 1),
        "adcode": [r[0] for r in rows],
        "name_zh": [names.at[r[0], "name_zh"] if r[0] != OUTSIDE else "区外/海域"
                    for r in rows],
        "name_en": [names.at[r[0], "name_en"] if r[0] != OUTSIDE else "outside/sea"
                    for r in rows],
        "level": level,
        "km": [(r[2] - r[1]) / 1e3 for r in rows],
        "from_km": [r[1] / 1e3 for r in rows],
        "to_km": [r[2] / 1e3 for r in rows],
        "geometry": [to_storage(r[3]) for r in rows],
    })
    return gpd.GeoDataFrame(out[ROUTE_COLUMNS], geometry="geometry", crs=crs.STORAGE)


def _stretches(part: shapely.LineString, units: gpd.GeoDataFrame, tree) -> list[tuple]:
    """(start m, end m, adcode) tiling ``part`` from 0 to its length.

    The line is cut where its segments meet a unit boundary; positions are measured
    along each segment from its start vertex (never by projecting a point back onto
    the line, which is ambiguous for closed or self-crossing lines), and each piece
    goes to the unit holding its midpoint (the lowest adcode on a border; 0 outside).
    """
    xy = shapely.get_coordinates(part)
    starts = np.r_[0.0, np.cumsum(np.hypot(*np.diff(xy, axis=0).T))]
    length = starts[-1]
    segments = shapely.linestrings(np.stack([xy[:-1], xy[1:]], axis=1))
    geoms, codes = units.geometry.values, units["adcode"].to_numpy()
    near = tree.query(part)
    boundaries = shapely.boundary(geoms[near])
    seg_i, bnd_j = shapely.STRtree(segments).query(boundaries, predicate="intersects")[::-1]
    cuts = [0.0, length]
    hits = shapely.intersection(segments[seg_i], boundaries[bnd_j])
    for k, hit in zip(seg_i, hits):
        for x, y in shapely.get_coordinates(hit):
            cuts.append(starts[k] + np.hypot(x - xy[k, 0], y - xy[k, 1]))
    cuts = np.unique(np.clip(cuts, 0.0, length))
    cuts = cuts[np.r_[True, np.diff(cuts) > _EPS_M]]
    cuts[-1] = length
    mids = (cuts[:-1] + cuts[1:]) / 2
    k = np.clip(np.searchsorted(starts, mids, side="right") - 1, 0, len(segments) - 1)
    frac = np.where(starts[k + 1] > starts[k], (mids - starts[k]) / (starts[k + 1] - starts[k]),
                    0.0)[:, None]
    points = shapely.points(xy[k] + frac * (xy[k + 1] - xy[k]))
    where = np.full(len(points), OUTSIDE, dtype=np.int64)
    pt, unit = tree.query(points, predicate="intersects")
    for p, u in sorted(zip(pt, unit), key=lambda t: (t[0], -codes[t[1]])):
        where[p] = codes[u]                         # the lowest adcode wins
    return [(lo, hi, int(code)) for lo, hi, code in zip(cuts[:-1], cuts[1:], where)]


def _join(rows: list[tuple]) -> list[tuple]:
    """Merge consecutive stretches in the same region."""
    out = []
    for adcode, lo, hi, geom in rows:
        if out and out[-1][0] == adcode and abs(out[-1][2] - lo) <= _EPS_M:
            prev = out[-1]
            out[-1] = (adcode, prev[1], hi, shapely.line_merge(
                shapely.union(prev[3], geom)))
        else:
            out.append((adcode, lo, hi, geom))
    return out
