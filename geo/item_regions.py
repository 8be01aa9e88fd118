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

__all__ = ["with_regions", "region_columns", "set_computed", "COMPUTED"]

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


def region_columns(ids, prov: pd.DataFrame, city: pd.DataFrame) -> dict[str, list]:
    """``provinces``, ``cities_in``, ``km_by_province`` and ``km2_by_province`` of the
    items ``ids``, from their per-province and per-city measures.

    Parameters
    ----------
    ids : item ids, in the order of the rows the columns are for.
    prov, city : :func:`geo.measure.measure_by_region` tables (``id``, ``adcode``,
        ``km``, ``km2``, ``points``) at the province and the city level, as the file
        store computes them or the PostGIS store reads them.

    Returns
    -------
    dict
        column name → one value an id: the sorted adcodes of the provinces and of the
        cities the item lies in (:func:`geo.measure.lies_in`), and adcode → km / km² of
        it in each province (0 = outside the four provinces), zero amounts left out,
        rounded to 3 decimals. An id with no measure row gets ``[]`` and ``{}``.

    Examples
    --------
    >>> prov = pd.DataFrame({"id": ["a", "a"], "adcode": [310000, 320000],
    ...                      "km": [12.0, 0.05], "km2": 0.0, "points": 0})
    >>> city = prov.assign(adcode=[310100, 320500])
    >>> region_columns(["a", "b"], prov, city)  # doctest: +NORMALIZE_WHITESPACE
    {'provinces': [[310000], []], 'cities_in': [[310100], []],
     'km_by_province': [{310000: 12.0, 320000: 0.05}, {}], 'km2_by_province': [{}, {}]}
    """

    def per_item(df: pd.DataFrame, col: str) -> dict:
        # one pass over the rows (sorted by item, then adcode): no per-group frames
        out: dict = {}
        for k, a, v in zip(df["id"].tolist(), df["adcode"].tolist(), df[col].tolist()):
            if v:
                out.setdefault(k, {})[int(a)] = round(float(v), 3)
        return out

    def codes(df: pd.DataFrame) -> dict:
        out: dict = {}
        for k, a in zip(df["id"].tolist(), df["adcode"].tolist()):
            out.setdefault(k, []).append(int(a))
        return {k: sorted(v) for k, v in out.items()}

    codes_p, codes_c = codes(prov[lies_in(prov)]), codes(city[lies_in(city)])
    km, km2 = per_item(prov, "km"), per_item(prov, "km2")
    ids = list(ids)
    return {"provinces": [codes_p.get(i, []) for i in ids],
            "cities_in": [codes_c.get(i, []) for i in ids],
            "km_by_province": [km.get(i, {}) for i in ids],
            "km2_by_province": [km2.get(i, {}) for i in ids]}


def set_computed(out: pd.DataFrame, prov: pd.DataFrame, city: pd.DataFrame, dims,
                 length_km, area_km2, members) -> pd.DataFrame:
    """Set the :data:`COMPUTED` columns of the items ``out`` (in place) and return it.

    The one assembly both stores share: the file store measures the geometries
    (:func:`with_regions`), the PostGIS store reads the stored measures
    (:func:`geo.db.queries.with_regions`).

    Parameters
    ----------
    out : the items, with an ``id`` column.
    prov, city : their :func:`geo.measure.measure_by_region` tables (see
        :func:`region_columns`).
    dims : each item's geometry dimension (:func:`shapely.get_dimensions`).
    length_km, area_km2 : each item's whole length and area; kept for lines (dimension
        1) and polygons (dimension 2) only, rounded to 3 decimals.
    members : which items are admin-derived polygons: their area is the sum of their
        per-province parts, measured exactly.

    Examples
    --------
    >>> prov = pd.DataFrame({"id": ["a", "b", "b"], "adcode": [310000, 320000, 330000],
    ...                      "km": [12.0, 0.0, 0.0], "km2": [0.0, 4.0, 6.0], "points": 0})
    >>> out = set_computed(pd.DataFrame({"id": ["a", "b"]}), prov, prov, dims=[1, 2],
    ...                    length_km=[12.0004, 0.0], area_km2=[0.0, 9.9], members=[False, True])
    >>> out[["length_km", "area_km2", "cross_provincial"]].to_dict("list")
    {'length_km': [12.0, nan], 'area_km2': [nan, 10.0], 'cross_provincial': [False, True]}
    """
    for col, values in region_columns(out["id"], prov, city).items():
        out[col] = values
    dims = np.asarray(dims)
    members = np.asarray(members, dtype=bool)
    out["length_km"] = np.where(dims == 1, np.round(np.asarray(length_km, dtype=float), 3),
                                np.nan)
    area = np.array(area_km2, dtype=float)
    if members.any():
        exact = prov.groupby("id")["km2"].sum()
        area[members] = out.loc[members, "id"].map(exact).to_numpy()
    out["area_km2"] = np.where(dims == 2, area.round(3), np.nan)
    out["cross_provincial"] = out["provinces"].map(len) > 1
    return out


def with_regions(items: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """``items`` plus the :data:`COMPUTED` columns (see the module docstring).

    Examples
    --------
    >>> from geo.catalog import load_projects
    >>> out = with_regions(load_projects().head(3))
    >>> [c for c in COMPUTED if c not in out.columns]
    []
    """
    prov = measure_by_region(items, "province")
    city = measure_by_region(items, "city")
    return set_computed(items.copy(), prov, city, shapely.get_dimensions(items.geometry.values),
                        length_km=items.geometry.to_crs(crs.METRIC).length / 1e3,
                        area_km2=items.geometry.to_crs(crs.EQUAL_AREA).area / 1e6,
                        members=_has_members(items))
