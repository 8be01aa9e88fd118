"""The columns computed from an item's geometry: where it lies and how much of it.

:func:`with_regions` adds ``provinces`` and ``cities_in`` (the adcodes of the regions
the item lies in, :func:`geo.measure.lies_in`), ``km_by_province`` / ``km2_by_province``
(adcode → clipped km / km², 0 = outside the four provinces), ``length_km``, ``area_km2``
and ``cross_provincial``. Pure: takes and returns GeoDataFrames. The PostGIS store
computes the same columns in SQL (:func:`geo.db.queries.with_regions`).
"""
from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo import crs
from geo.measure import lies_in, measure_by_region

__all__ = ["with_regions", "COMPUTED"]

#: the columns :func:`with_regions` adds
COMPUTED = ("provinces", "cities_in", "km_by_province", "km2_by_province", "length_km",
            "area_km2", "cross_provincial")


def _has_members(items: gpd.GeoDataFrame) -> pd.Series:
    """Polygon items that list ``member_adcodes`` (admin-derived; measured exactly)."""
    if "member_adcodes" not in items:
        return pd.Series(False, index=items.index)
    dims = shapely.get_dimensions(items.geometry.values)
    listed = items["member_adcodes"].map(lambda v: v is not None and not isinstance(v, float)
                                         and len(v) > 0).astype(bool)
    return listed & (dims == 2)


def with_regions(items: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """``items`` plus the :data:`COMPUTED` columns (see the module docstring).

    Examples
    --------
    >>> from geo.catalog import load_projects
    >>> out = with_regions(load_projects().head(3))
    >>> [c for c in COMPUTED if c not in out.columns]
    []
    """
    out = items.copy()
    prov = measure_by_region(items, "province")
    city = measure_by_region(items, "city")
    inside = prov[lies_in(prov)]

    def per_item(df: pd.DataFrame, col: str) -> dict:
        return {k: {int(a): round(float(v), 3) for a, v in zip(g.adcode, g[col]) if v}
                for k, g in df.groupby("id")}

    codes_p = {k: sorted(int(a) for a in g.adcode) for k, g in inside.groupby("id")}
    codes_c = {k: sorted(int(a) for a in g.adcode)
               for k, g in city[lies_in(city)].groupby("id")}
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
