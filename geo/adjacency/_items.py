"""Shared helpers for the project queries: pick items, look one up, reproject."""
from __future__ import annotations

import difflib
from collections.abc import Iterable
from functools import lru_cache

import geopandas as gpd
import shapely

from geo import crs
from geo.errors import InputError

__all__ = ["select_items", "find_item", "to_metric", "to_storage"]


def select_items(items: gpd.GeoDataFrame | None, layers: Iterable[str] = ()) -> gpd.GeoDataFrame:
    """``items`` (default: every item of the configured store, :func:`geo.store.get_store`)
    restricted to ``layers``, checked against the schema."""
    if items is None:
        from geo.store import get_store

        items = get_store().load_all()
    from geo.criteria import check_layers

    layers = check_layers(layers)
    if layers:
        items = items[items["layer"].isin(layers)]
    if items.crs is None:
        raise InputError("items have no CRS; expected WGS84 (EPSG:4326)")
    return items.to_crs(crs.STORAGE) if not items.crs.equals(crs.STORAGE) else items


def find_item(item_id: str, items: gpd.GeoDataFrame | None = None):
    """The row of project ``item_id``; ValueError with the closest ids if unknown."""
    items = select_items(items)
    hit = items[items["id"] == item_id]
    if len(hit) == 1:
        return hit.iloc[0]
    close = difflib.get_close_matches(str(item_id), list(items["id"]), n=5, cutoff=0.4)
    if not close:
        needle = str(item_id).lower()
        close = [i for i in items["id"] if needle in i
                 or needle in str(items.loc[items["id"] == i, "name_zh"].iloc[0])][:5]
    raise InputError(f"unknown project id {item_id!r}. Closest: {', '.join(close) or 'none'}")


@lru_cache(maxsize=None)
def _fn(direction: str):
    return crs.coordinate_fn(*{"to_metric": (crs.STORAGE, crs.METRIC),
                        "to_storage": (crs.METRIC, crs.STORAGE)}[direction])


def to_metric(geom):
    """WGS84 → :data:`geo.crs.METRIC` (scalar or array)."""
    return shapely.transform(geom, _fn("to_metric"))


def to_storage(geom):
    """:data:`geo.crs.METRIC` → WGS84."""
    return shapely.transform(geom, _fn("to_storage"))
