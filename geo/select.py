"""Select projects and measure them by region.

Which provinces and cities an item lies in is computed from its geometry, never
typed in: a line counts in a region where more than ``MIN_KM`` of it lies, a
polygon where more than ``MIN_KM2`` of it lies, a point where it falls. Lengths
and areas are clipped in :data:`geo.crs.METRIC` and :data:`geo.crs.EQUAL_AREA`.
Parts of an item outside the four provinces (sea crossings) are reported under
adcode ``0`` so that the parts add up to the whole.
"""
from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo import crs
from geo.catalog import load_projects, load_regions
from geo.regions import Region, resolve

__all__ = ["MIN_KM", "MIN_KM2", "OUTSIDE", "measure_by_region", "with_regions",
           "filter_projects", "layer_keys", "status_keys"]

MIN_KM = 0.1
MIN_KM2 = 0.01
OUTSIDE = 0


def layer_keys() -> list[str]:
    from geo.schema import LAYERS

    return list(LAYERS)


def status_keys() -> dict[str, str]:
    """Status vocabulary zh → en."""
    from geo.schema import STATUS

    return dict(STATUS)


@lru_cache(maxsize=None)
def _regions_projected(level: str) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    regions = load_regions(level, "full")
    return regions.to_crs(crs.METRIC), regions.to_crs(crs.EQUAL_AREA)


def measure_by_region(items: gpd.GeoDataFrame, level: str = "province") -> pd.DataFrame:
    """Long table of each item's part in each region it touches.

    Returns columns ``id``, ``adcode`` (0 = outside the YRD), ``km`` (lines) and
    ``km2`` (polygons), ``points`` (count of points), one row per item × region
    with a positive share.
    """
    metric, equal_area = _regions_projected(level)
    items_m = items.to_crs(crs.METRIC)
    items_a = items.to_crs(crs.EQUAL_AREA)
    rows = []
    tree = shapely.STRtree(metric.geometry.values)
    for i, (geom_m, geom_a, item_id) in enumerate(zip(items_m.geometry.values,
                                                       items_a.geometry.values, items["id"])):
        dim = shapely.get_dimensions(geom_m)
        hits = tree.query(geom_m, predicate="intersects")
        inside_km = inside_km2 = 0.0
        for j in sorted(hits, key=lambda k: int(metric["adcode"].iloc[k])):
            adcode = int(metric["adcode"].iloc[j])
            if dim == 1:
                km = shapely.intersection(geom_m, metric.geometry.values[j]).length / 1e3
                if km > MIN_KM:
                    rows.append((item_id, adcode, km, 0.0, 0))
                inside_km += km
            elif dim == 2:
                km2 = shapely.intersection(geom_a, equal_area.geometry.values[j]).area / 1e6
                if km2 > MIN_KM2:
                    rows.append((item_id, adcode, 0.0, km2, 0))
                inside_km2 += km2
            else:
                n = int(shapely.get_num_geometries(
                    shapely.intersection(geom_m, metric.geometry.values[j])))
                if n:
                    rows.append((item_id, adcode, 0.0, 0.0, n))
        if dim == 1 and geom_m.length / 1e3 - inside_km > MIN_KM:
            rows.append((item_id, OUTSIDE, geom_m.length / 1e3 - inside_km, 0.0, 0))
        if dim == 2 and geom_a.area / 1e6 - inside_km2 > MIN_KM2:
            rows.append((item_id, OUTSIDE, 0.0, geom_a.area / 1e6 - inside_km2, 0))
    return pd.DataFrame(rows, columns=["id", "adcode", "km", "km2", "points"])


def with_regions(items: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Add computed columns: ``provinces``, ``cities_in`` (adcode lists),
    ``km_by_province``, ``km2_by_province`` (dicts adcode → value),
    ``length_km``, ``area_km2`` and ``cross_provincial``."""
    out = items.copy()
    prov = measure_by_region(items, "province")
    city = measure_by_region(items, "city")
    inside = prov[prov.adcode != OUTSIDE]

    def per_item(df: pd.DataFrame, col: str) -> dict:
        return {k: {int(a): round(float(v), 3) for a, v in zip(g.adcode, g[col]) if v}
                for k, g in df.groupby("id")}

    codes_p = {k: sorted(int(a) for a in g.adcode) for k, g in inside.groupby("id")}
    codes_c = {k: sorted(int(a) for a in g.adcode)
               for k, g in city[city.adcode != OUTSIDE].groupby("id")}
    km, km2 = per_item(prov, "km"), per_item(prov, "km2")
    out["provinces"] = [codes_p.get(i, []) for i in out["id"]]
    out["cities_in"] = [codes_c.get(i, []) for i in out["id"]]
    out["km_by_province"] = [km.get(i, {}) for i in out["id"]]
    out["km2_by_province"] = [km2.get(i, {}) for i in out["id"]]
    metric = items.geometry.to_crs(crs.METRIC)
    dims = shapely.get_dimensions(items.geometry.values)
    out["length_km"] = np.where(dims == 1, (metric.length / 1e3).round(3), np.nan)
    out["area_km2"] = np.where(dims == 2,
                               (items.geometry.to_crs(crs.EQUAL_AREA).area / 1e6).round(3),
                               np.nan)
    out["cross_provincial"] = out["provinces"].map(len) > 1
    return out


@lru_cache(maxsize=1)
def _catalog_with_regions() -> gpd.GeoDataFrame:
    return with_regions(load_projects())


def _resolve_all(names: Iterable, level: str) -> list[Region]:
    return [n if isinstance(n, Region) else resolve(n, level=level) for n in names]


def filter_projects(projects: gpd.GeoDataFrame | None = None, *,
                    provinces: Iterable = (), cities: Iterable = (),
                    layers: Iterable[str] = (), status: Iterable[str] = (),
                    text: str | None = None,
                    cross_provincial: bool = False) -> gpd.GeoDataFrame:
    """Items matching every given criterion (an empty criterion matches all).

    Parameters
    ----------
    projects : items with computed regions (:func:`with_regions`); default the catalog.
    provinces, cities : names, English names or adcodes (see :func:`geo.regions.resolve`);
        an item matches if it lies in any of them.
    layers : layer keys (``rail``, ``waterway`` …).
    status : status in Chinese (开工建设) or English (construction started).
    text : case-insensitive substring of name_zh, name_en, plan_text or id.
    cross_provincial : only items lying in two or more provinces.

    Raises
    ------
    geo.regions.RegionError for an unknown or ambiguous place; ValueError for an
    unknown layer or status, naming the accepted values.

    Examples
    --------
    >>> rail = filter_projects(layers=["rail"], provinces=["浙江"])
    >>> bool(len(rail)) and set(rail.layer) == {"rail"}
    True
    """
    items = _catalog_with_regions() if projects is None else projects
    if "provinces" not in items.columns:
        items = with_regions(items)
    mask = pd.Series(True, index=items.index)
    provs = _resolve_all(provinces, "province")
    if provs:
        wanted = {p.adcode for p in provs}
        mask &= items["provinces"].map(lambda ps: bool(wanted & set(ps)))
    cits = _resolve_all(cities, "city")
    if cits:
        wanted_c = {c.adcode for c in cits}
        mask &= items["cities_in"].map(lambda cs: bool(wanted_c & set(cs)))
    layers = list(layers)
    if layers:
        unknown = [v for v in layers if v not in layer_keys()]
        if unknown:
            raise ValueError(f"unknown layer {unknown[0]!r}; accepted: {', '.join(layer_keys())}")
        mask &= items["layer"].isin(layers)
    status = list(status)
    if status:
        vocab = status_keys()
        en_to_zh = {en.lower(): zh for zh, en in vocab.items()}
        zh = []
        for s in status:
            if s in vocab:
                zh.append(s)
            elif s.lower() in en_to_zh:
                zh.append(en_to_zh[s.lower()])
            else:
                raise ValueError(f"unknown status {s!r}; accepted: "
                                 + ", ".join(f"{k} ({v})" for k, v in vocab.items()))
        mask &= items["status"].isin(zh)
    if text:
        needle = text.strip().lower()
        hay = (items["id"].astype(str) + "\n" + items["name_zh"].astype(str) + "\n"
               + items["name_en"].astype(str) + "\n" + items["plan_text"].astype(str)).str.lower()
        mask &= hay.str.contains(needle, regex=False)
    if cross_provincial:
        mask &= items["cross_provincial"]
    return items[mask]
