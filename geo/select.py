"""Select projects, with the provinces and cities they lie in — from the store.

Which provinces and cities an item lies in is computed from its geometry, never
typed in: a line counts in a region where more than ``MIN_KM`` of it lies, a
polygon where more than ``MIN_KM2`` of it lies, a point where it falls
(:func:`geo.item_regions.with_regions`). The measuring itself (clipped km and km²,
parts outside the YRD under adcode ``0``) is :func:`geo.measure.measure_by_region`.

:func:`filter_projects` without ``projects`` asks the configured store
(:func:`geo.store.get_store`): the catalog plus imported items, filtered in SQL when
the store is PostGIS. With ``projects`` it filters the frame given, in Python.
"""
from __future__ import annotations

from collections.abc import Iterable

import geopandas as gpd

from geo.criteria import check_layers, filter_items, layer_keys, status_keys, status_to_zh
from geo.item_regions import with_regions
from geo.measure import MIN_KM, MIN_KM2, OUTSIDE, measure_by_region

__all__ = ["MIN_KM", "MIN_KM2", "OUTSIDE", "measure_by_region", "with_regions",
           "filter_projects", "layer_keys", "status_keys", "check_layers", "status_to_zh"]


def filter_projects(projects: gpd.GeoDataFrame | None = None, *,
                    provinces: Iterable = (), cities: Iterable = (),
                    layers: Iterable[str] = (), status: Iterable[str] = (),
                    text: str | None = None,
                    cross_provincial: bool = False) -> gpd.GeoDataFrame:
    """Items matching every given criterion (an empty criterion matches all).

    Parameters
    ----------
    projects : items (with or without :func:`with_regions`' columns); default every
        item of the configured store (catalog and imported), selected by the store.
    provinces, cities : names, English names or adcodes (see :func:`geo.regions.resolve`);
        an item matches if it lies in any of them.
    layers : layer keys (``rail``, ``waterway`` …).
    status : status in Chinese (开工建设) or English (construction started).
    text : case-insensitive substring of name_zh, name_en, plan_text or id.
    cross_provincial : only items lying in two or more provinces.

    Raises
    ------
    geo.regions.RegionError for an unknown or ambiguous place; ValueError for an
    unknown layer or status, naming the accepted values; geo.store.StoreError when
    the store cannot be read.

    Examples
    --------
    >>> rail = filter_projects(layers=["rail"], provinces=["浙江"])
    >>> bool(len(rail)) and set(rail.layer) == {"rail"}
    True
    """
    criteria = dict(provinces=provinces, cities=cities, layers=layers, status=status,
                    text=text, cross_provincial=cross_provincial)
    if projects is None:
        from geo.store import get_store

        return get_store().select(**criteria)
    if "provinces" not in projects.columns:
        projects = with_regions(projects)
    return filter_items(projects, **criteria)
