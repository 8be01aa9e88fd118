"""Synthetic project lists for load tests: N items spread over the YRD's counties.

A province's 重大项目 list holds thousands of items, mostly sites (points), then roads,
rail and pipes (lines) and parks or zones (polygons). :func:`synthetic_items` makes
such a list, reproducibly from a seed, with every field an imported item carries, so
that a store can be loaded with it and measured (``python -m bench.store_scale``):

- positions: a county drawn at random (each county equally likely, so dense cities get
  as many items as large rural counties, as in real lists), then a point inside it;
- proportions: 70 % points, 20 % lines (3–8 vertices, about 5–60 km), 10 % polygons
  (rough hexagons, 0.5–5 km across);
- fields: layer, the plan's status words, a responsible unit, a deadline between 2021
  and 2027, names that say they are synthetic.

Pure: no I/O beyond the bundled boundaries, no streamlit.

Examples
--------
>>> items = synthetic_items(200, seed=1)
>>> len(items), items["id"].is_unique, items.crs.to_epsg()
(200, True, 4326)
>>> sorted(items.geom_type.unique())
['LineString', 'Point', 'Polygon']
>>> synthetic_items(200, seed=1)["id"].tolist() == items["id"].tolist()
True
"""
from __future__ import annotations

import datetime as dt

import geopandas as gpd
import numpy as np
import shapely

from geo.catalog import load_regions
from geo.schema import STATUS

__all__ = ["synthetic_items", "KIND_SHARES"]

#: share of points, lines and polygons in a synthetic list
KIND_SHARES = {"point": 0.7, "line": 0.2, "polygon": 0.1}
_LAYER_BY_KIND = {"point": ["hub", "zone"], "line": ["rail", "waterway", "ecological_corridor"],
                  "polygon": ["zone", "ecological_corridor", "metropolitan_area"]}
_UNITS = ("省发展改革委", "省交通运输厅", "省水利厅", "市人民政府", "省生态环境厅", "省自然资源厅")
_KM_PER_DEG = 111.32


def _points_in(counties: gpd.GeoDataFrame, which: np.ndarray,
               rng: np.random.Generator) -> np.ndarray:
    """One random point inside each county ``which[k]`` (rejection sampling in its box)."""
    geoms = np.asarray(counties.geometry.values, dtype=object)
    shapely.prepare(geoms)
    bounds = shapely.bounds(geoms)
    out = np.empty(len(which), dtype=object)
    todo = np.arange(len(which))
    while len(todo):
        b = bounds[which[todo]]
        pts = shapely.points(rng.uniform(b[:, 0], b[:, 2]), rng.uniform(b[:, 1], b[:, 3]))
        inside = shapely.contains(geoms[which[todo]], pts)
        out[todo[inside]] = pts[inside]
        todo = todo[~inside]
    return out


def _lines(starts: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    out = np.empty(len(starts), dtype=object)
    for k, p in enumerate(starts):
        n = int(rng.integers(3, 9))
        km = rng.uniform(5, 60)
        heading = rng.uniform(0, 2 * np.pi) + np.cumsum(rng.normal(0, 0.4, n - 1))
        step = km / (n - 1) / _KM_PER_DEG
        dx = np.cos(heading) * step / np.cos(np.radians(p.y))
        dy = np.sin(heading) * step
        out[k] = shapely.LineString(np.column_stack([p.x + np.r_[0, np.cumsum(dx)],
                                                     p.y + np.r_[0, np.cumsum(dy)]]))
    return out


def _polygons(centres: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    out = np.empty(len(centres), dtype=object)
    angles = np.linspace(0, 2 * np.pi, 7)[:-1]
    for k, p in enumerate(centres):
        r = rng.uniform(0.25, 2.5) / _KM_PER_DEG * rng.uniform(0.7, 1.3, 6)
        ring = np.column_stack([p.x + r * np.cos(angles) / np.cos(np.radians(p.y)),
                                p.y + r * np.sin(angles)])
        out[k] = shapely.Polygon(ring)
    return out


def synthetic_items(n: int, seed: int = 0) -> gpd.GeoDataFrame:
    """``n`` synthetic items over the YRD (see the module docstring), EPSG:4326.

    Parameters
    ----------
    n : number of items (≥ 0).
    seed : random seed; the same ``(n, seed)`` gives the same items.

    Returns
    -------
    GeoDataFrame with ``id`` (``syn-000001`` …), ``name_zh``, ``name_en``, ``layer``,
    ``status``, ``status_en``, ``precision`` (``approximate``), ``cities`` (the city
    adcode, as a list), ``responsible_unit``, ``deadline`` (ISO date), ``clause``
    (empty), ``plan_text`` (empty), ``note`` and the geometry.
    """
    if isinstance(n, bool) or int(n) != n or n < 0:
        raise ValueError(f"n {n!r} must be a whole number >= 0")
    n = int(n)
    rng = np.random.default_rng(seed)
    counties = load_regions("county", "s100")
    which = rng.integers(0, len(counties), n)
    kinds = rng.choice(list(KIND_SHARES), size=n, p=list(KIND_SHARES.values()))
    anchors = _points_in(counties, which, rng)
    geoms = anchors.copy()
    line, poly = kinds == "line", kinds == "polygon"
    geoms[line] = _lines(anchors[line], rng)
    geoms[poly] = _polygons(anchors[poly], rng)
    layers = np.array([rng.choice(_LAYER_BY_KIND[k]) for k in kinds])
    statuses = rng.choice(list(STATUS), size=n)
    start = dt.date(2021, 1, 1).toordinal()
    deadlines = [dt.date.fromordinal(int(d)).isoformat()
                 for d in rng.integers(start, dt.date(2027, 12, 31).toordinal(), n)]
    name = counties["name_zh"].to_numpy()[which]
    name_en = counties["name_en"].to_numpy()[which]
    ids = [f"syn-{k + 1:06d}" for k in range(n)]
    return gpd.GeoDataFrame({
        "id": ids,
        "name_zh": [f"{c}合成测试项目{k + 1}" for k, c in enumerate(name)],
        "name_en": [f"Synthetic test item {k + 1}, {c}" for k, c in enumerate(name_en)],
        "layer": layers,
        "clause": "",
        "plan_text": "",
        "status": statuses,
        "status_en": [STATUS[s] for s in statuses],
        "precision": "approximate",
        "cities": [[int(c)] for c in counties["city_adcode"].to_numpy()[which]],
        "responsible_unit": rng.choice(_UNITS, size=n),
        "deadline": deadlines,
        "note": "合成测试数据 / synthetic test data",
    }, geometry=list(geoms), crs=4326)

