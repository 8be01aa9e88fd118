"""Select projects, with the provinces and cities they lie in.

Which provinces and cities an item lies in is computed from its geometry, never
typed in: a line counts in a region where more than ``MIN_KM`` of it lies, a
polygon where more than ``MIN_KM2`` of it lies, a point where it falls. The
measuring itself (clipped km and km², parts outside the YRD under adcode ``0``)
is :func:`geo.measure.measure_by_region`, re-exported here.
"""
from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo import crs
from geo.catalog import load_projects
from geo.errors import InputError
from geo.measure import MIN_KM, MIN_KM2, OUTSIDE, lies_in, measure_by_region
from geo.regions import Region, resolve

__all__ = ["MIN_KM", "MIN_KM2", "OUTSIDE", "measure_by_region", "with_regions",
           "filter_projects", "layer_keys", "status_keys", "check_layers", "status_to_zh"]


def layer_keys() -> list[str]:
    from geo.schema import LAYERS

    return list(LAYERS)


def check_layers(layers: Iterable[str]) -> list[str]:
    """``layers`` as a list, or ValueError naming the first unknown one and the accepted keys."""
    layers = list(layers)
    unknown = [v for v in layers if v not in layer_keys()]
    if unknown:
        raise InputError(f"unknown layer {unknown[0]!r}; accepted: {', '.join(layer_keys())}")
    return layers


def status_to_zh(status: Iterable[str]) -> list[str]:
    """Statuses given in Chinese or English → the Chinese vocabulary keys, or ValueError
    naming the unknown one and every accepted value."""
    vocab = status_keys()
    en_to_zh = {en.lower(): zh for zh, en in vocab.items()}
    out = []
    for s in status:
        if s in vocab:
            out.append(s)
        elif str(s).lower() in en_to_zh:
            out.append(en_to_zh[str(s).lower()])
        else:
            raise InputError(f"unknown status {s!r}; accepted: "
                             + ", ".join(f"{k} ({v})" for k, v in vocab.items()))
    return out


def status_keys() -> dict[str, str]:
    """Status vocabulary zh → en."""
    from geo.schema import STATUS

    return dict(STATUS)


def _lies_in(parts: pd.DataFrame) -> pd.Series:
    """Rows of a :func:`measure_by_region` table that make the item count in the region."""
    return lies_in(parts)


def _has_members(items: gpd.GeoDataFrame) -> pd.Series:
    """Polygon items that list ``member_adcodes`` (admin-derived; measured exactly)."""
    if "member_adcodes" not in items:
        return pd.Series(False, index=items.index)
    dims = shapely.get_dimensions(items.geometry.values)
    listed = items["member_adcodes"].map(lambda v: v is not None and not isinstance(v, float)
                                         and len(v) > 0).astype(bool)
    return listed & (dims == 2)


def with_regions(items: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Add computed columns: ``provinces``, ``cities_in`` (adcode lists),
    ``km_by_province``, ``km2_by_province`` (dicts adcode → value),
    ``length_km``, ``area_km2`` and ``cross_provincial``."""
    out = items.copy()
    prov = measure_by_region(items, "province")
    city = measure_by_region(items, "city")
    inside = prov[_lies_in(prov)]

    def per_item(df: pd.DataFrame, col: str) -> dict:
        return {k: {int(a): round(float(v), 3) for a, v in zip(g.adcode, g[col]) if v}
                for k, g in df.groupby("id")}

    codes_p = {k: sorted(int(a) for a in g.adcode) for k, g in inside.groupby("id")}
    codes_c = {k: sorted(int(a) for a in g.adcode)
               for k, g in city[_lies_in(city)].groupby("id")}
    km, km2 = per_item(prov, "km"), per_item(prov, "km2")
    out["provinces"] = [codes_p.get(i, []) for i in out["id"]]
    out["cities_in"] = [codes_c.get(i, []) for i in out["id"]]
    out["km_by_province"] = [km.get(i, {}) for i in out["id"]]
    out["km2_by_province"] = [km2.get(i, {}) for i in out["id"]]
    metric = items.geometry.to_crs(crs.METRIC)
    dims = shapely.get_dimensions(items.geometry.values)
    out["length_km"] = np.where(dims == 1, (metric.length / 1e3).round(3), np.nan)
    area = items.geometry.to_crs(crs.EQUAL_AREA).area / 1e6
    exact = prov.groupby("id")["km2"].sum()
    members = _has_members(items)
    if members.any():
        area[members] = items.loc[members, "id"].map(exact).to_numpy()
    out["area_km2"] = np.where(dims == 2, area.round(3), np.nan)
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
    layers = check_layers(layers)
    if layers:
        mask &= items["layer"].isin(layers)
    status = status_to_zh(status)
    if status:
        mask &= items["status"].isin(status)
    if text:
        needle = text.strip().lower()
        hay = (items["id"].astype(str) + "\n" + items["name_zh"].astype(str) + "\n"
               + items["name_en"].astype(str) + "\n" + items["plan_text"].astype(str)).str.lower()
        mask &= hay.str.contains(needle, regex=False)
    if cross_provincial:
        mask &= items["cross_provincial"]
    return items[mask]
