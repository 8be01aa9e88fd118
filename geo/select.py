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
           "filter_projects", "in_counties", "layer_keys", "status_keys", "check_layers",
           "status_to_zh"]


def filter_projects(projects: gpd.GeoDataFrame | None = None, *,
                    provinces: Iterable = (), cities: Iterable = (),
                    layers: Iterable[str] = (), status: Iterable[str] = (),
                    text: str | None = None,
                    cross_provincial: bool = False,
                    counties: Iterable = ()) -> gpd.GeoDataFrame:
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
    counties : county names or adcodes; an item matches if it touches any of them
        (:func:`in_counties`).

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

        out = get_store().select(**criteria)
    else:
        if "provinces" not in projects.columns:
            projects = with_regions(projects)
        out = filter_items(projects, **criteria)
    counties = list(counties or ())
    return out[in_counties(out, counties)] if counties else out


def in_counties(items: gpd.GeoDataFrame, counties: Iterable):
    """A boolean Series: which ``items`` touch (intersect) any of ``counties`` (names,
    English names or adcodes, :func:`geo.regions.resolve` at county level). An item
    lies in a county where any part of it does: a county has no km threshold, its
    polygons are small beside the schematic lines.

    Raises :class:`geo.regions.RegionError` for an unknown county.

    Examples
    --------
    >>> from geo.catalog import load_projects
    >>> items = load_projects()
    >>> hit = items[in_counties(items, ["吴江区"])]
    >>> bool(len(hit)) and "长三角生态绿色一体化发展示范区" in set(hit["name_zh"])
    True
    """
    import pandas as pd

    from geo.catalog import load_regions
    from geo.criteria import resolve_all

    wanted = {r.adcode for r in resolve_all(counties, "county")}
    if not wanted or not len(items):
        return pd.Series(bool(not wanted), index=items.index)
    polys = load_regions("county", "s100")
    area = polys[polys["adcode"].isin(wanted)].geometry.union_all()
    geoms = items.geometry if items.crs is None else items.geometry.to_crs(polys.crs)
    return pd.Series(geoms.intersects(area).to_numpy(), index=items.index)
