"""Projects that cross the border between two regions, and projects near it."""
from __future__ import annotations

from collections.abc import Iterable

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo import crs
from geo.adjacency._catalog import metric_regions
from geo.adjacency._items import select_items, to_metric
from geo.adjacency.border import Border, border
from geo.errors import InputError
from geo.regions import Region

__all__ = ["crossings", "near_border", "CROSSING_COLUMNS", "NEAR_COLUMNS"]

CROSSING_COLUMNS = ["id", "name_zh", "name_en", "layer", "kind", "crossings", "points",
                    "km_a", "km_b", "km2_a", "km2_b", "border_km", "km_by_province",
                    "km2_by_province", "geometry"]
#: half the width below which a polygon's part on one side counts as a sliver (m)
SLIVER_M = 200.0
NEAR_COLUMNS = ["id", "name_zh", "name_en", "layer", "distance_km", "crosses_border",
               "geometry"]


def _border_of(a, b) -> Border:
    return a if isinstance(a, Border) and b is None else border(a, b)


def crossings(a: Region | str | int | Border, b: Region | str | int | None = None, *,
              items: gpd.GeoDataFrame | None = None,
              layers: Iterable[str] = ()) -> gpd.GeoDataFrame:
    """Projects that cross from ``a`` to ``b``: lines meeting their border, and
    polygons lying in both.

    A line's crossing points are where it meets the border; a stretch running along
    the border counts once, at its midpoint. Kilometres and km² per side are clipped
    in :data:`geo.crs.METRIC` / :data:`geo.crs.EQUAL_AREA` with the sides'
    full-resolution boundaries; ``km_by_province`` / ``km2_by_province`` are the same
    figures per province (adcode → value, 0 = outside the four provinces), all from
    :func:`geo.measure.measure_by_region` (which splits polygons drawn as unions of
    admin units by their members' areas). A polygon counts only if it is more than a
    sliver on each side (see :data:`SLIVER_M`). Points cannot cross and are left out.

    Parameters
    ----------
    a, b : two bordering regions (names, adcodes or Regions), or a :class:`Border` as
        ``a`` alone.
    items : projects (WGS84, columns ``id``, ``name_zh``, ``name_en``, ``layer``);
        default every item of the configured store (catalog and imported).
    layers : only these layer keys (``rail``, ``waterway`` …).

    Returns
    -------
    GeoDataFrame with columns ``id``, ``name_zh``, ``name_en``, ``layer``, ``kind``
    (``line``/``polygon``), ``crossings`` (count; 0 for polygons), ``points`` (a WGS84
    MultiPoint of the crossings, None for polygons), ``km_a``, ``km_b``, ``km2_a``,
    ``km2_b``, ``border_km`` (length of the border inside a polygon), the per-province
    dicts and the item ``geometry``; sides ``a``/``b`` as in ``border(a, b)`` (by
    adcode). Sorted by id.

    Examples
    --------
    >>> x = crossings("上海", "浙江", layers=["rail"])
    >>> row = x.set_index("id").loc["rail-hu-zha-hang"]
    >>> int(row.crossings), round(row.km_a), round(row.km_b)
    (1, 57, 118)
    """
    line = _border_of(a, b)
    items = select_items(items, layers)
    geoms = items.geometry.values
    dims = shapely.get_dimensions(geoms)
    cand = items[shapely.intersects(geoms, line.geometry) & (dims >= 1)]
    rows = []
    if len(cand):
        from geo.measure import measure_by_region

        parts = {lv: measure_by_region(cand, lv).set_index(["id", "adcode"])
                 for lv in {line.a.level, line.b.level, "province"}}

        def side(item_id, region, col):
            table = parts[region.level]
            key = (item_id, region.adcode)
            return float(table.at[key, col]) if key in table.index else 0.0

        border_m = to_metric(line.geometry)
        for item in cand.itertuples(index=False):
            km = [side(item.id, r, "km") for r in (line.a, line.b)]
            km2 = [side(item.id, r, "km2") for r in (line.a, line.b)]
            if shapely.get_dimensions(item.geometry) == 1:
                points = _crossing_points(item.geometry, line.geometry)
                rows.append(_row(item, "line", len(shapely.get_parts(points)), points,
                                 km, km2, 0.0))
            elif min(km2) > 0 and _wide_on_both(item.geometry, line):
                rows.append(_row(item, "polygon", 0, None, km, km2,
                                 shapely.intersection(border_m, to_metric(item.geometry))
                                 .length / 1e3))
        prov = parts["province"].reset_index()
        by_km = {i: {int(a): round(float(v), 3) for a, v in zip(g.adcode, g.km) if v}
                 for i, g in prov.groupby("id")}
        by_km2 = {i: {int(a): round(float(v), 3) for a, v in zip(g.adcode, g.km2) if v}
                  for i, g in prov.groupby("id")}
    out = pd.DataFrame(rows, columns=[c for c in CROSSING_COLUMNS
                                      if c not in ("km_by_province", "km2_by_province")])
    out["km_by_province"] = [by_km.get(i, {}) for i in out["id"]] if rows else []
    out["km2_by_province"] = [by_km2.get(i, {}) for i in out["id"]] if rows else []
    out = out.sort_values("id").reset_index(drop=True)
    return gpd.GeoDataFrame(out[CROSSING_COLUMNS], geometry="geometry", crs=crs.STORAGE)


def _wide_on_both(geom, line: Border) -> bool:
    """False when the polygon's part on a side is only a sliver narrower than
    ``2 * SLIVER_M`` (e.g. an item drawn from simplified boundaries overlapping the
    full-resolution ones): its inward buffer must still reach into both sides."""
    core = shapely.buffer(to_metric(geom), -SLIVER_M)
    if core.is_empty:
        return True   # a polygon too thin to judge: trust the areas
    return all(shapely.intersects(core, metric_regions(r.level).loc[r.adcode].geometry)
               for r in (line.a, line.b))


def _row(item, kind, count, points, km, km2, border_km) -> dict:
    return {"id": item.id, "name_zh": item.name_zh, "name_en": item.name_en,
            "layer": item.layer, "kind": kind, "crossings": int(count), "points": points,
            "km_a": km[0], "km_b": km[1], "km2_a": km2[0], "km2_b": km2[1],
            "border_km": border_km, "geometry": item.geometry}


def _crossing_points(geom, border_geom) -> shapely.MultiPoint:
    """Where a line meets the border: its points, and one midpoint per shared stretch."""
    hit = shapely.get_parts(shapely.intersection(geom, border_geom))
    kinds = shapely.get_type_id(hit)
    lines = hit[np.isin(kinds, (1, 2))]
    stretch = shapely.get_parts(shapely.line_merge(shapely.multilinestrings(lines))) \
        if len(lines) else np.array([], dtype=object)
    along = shapely.multilinestrings(stretch) if len(stretch) else None
    points = [p for p in hit[kinds == 0] if along is None or not shapely.intersects(p, along)]
    points += [shapely.line_interpolate_point(s, 0.5, normalized=True) for s in stretch]
    return shapely.normalize(shapely.MultiPoint(points))


def near_border(a: Region | str | int | Border, b: Region | str | int | None = None,
                km: float = 0.0, *, items: gpd.GeoDataFrame | None = None,
                layers: Iterable[str] = ()) -> gpd.GeoDataFrame:
    """Projects of any kind within ``km`` of the a–b border (distance in METRIC).

    ``crosses_border`` marks the lines meeting the border and the polygons lying on both
    sides (as :func:`crossings`). Sorted by distance, then id.

    Examples
    --------
    >>> near = near_border("上海", "浙江", 2, layers=["hub"])
    >>> near[["id", "distance_km", "crosses_border"]].round(1)
                                  id  distance_km  crosses_border
    0  hub-water-village-living-room          0.9           False
    """
    if isinstance(km, bool) or not isinstance(km, (int, float)) or not np.isfinite(km) \
            or km < 0:
        raise InputError(f"km {km!r} must be a number >= 0")
    line = _border_of(a, b)
    items = select_items(items, layers)
    border_m = to_metric(line.geometry)
    geoms_m = np.array([to_metric(g) for g in items.geometry.values], dtype=object)
    dist = shapely.distance(geoms_m, border_m) / 1e3 if len(items) else np.zeros(0)
    near = items[dist <= km].copy()
    near["distance_km"] = np.where(dist[dist <= km] < 1e-9, 0.0, dist[dist <= km])
    crossing_ids = set(crossings(line, items=near)["id"]) if len(near) else set()
    near["crosses_border"] = near["id"].isin(crossing_ids)
    near = near.sort_values(["distance_km", "id"], kind="stable").reset_index(drop=True)
    return gpd.GeoDataFrame(near[NEAR_COLUMNS], geometry="geometry", crs=crs.STORAGE)
