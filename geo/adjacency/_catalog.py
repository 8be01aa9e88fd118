"""The bundled boundaries as the adjacency queries need them (cached, full resolution).

Counties nest exactly in cities and cities in provinces, so the border between any
two units, whatever their levels, is the union of the borders between the counties
on either side: one county graph answers every cross-level question.
"""
from __future__ import annotations

from functools import lru_cache

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo import crs
from geo.adjacency.contiguity import CONTACTS, contiguity
from geo.catalog import LEVELS, load_regions
from geo.errors import YrdmapError, choice
from geo.regions import Region, resolve

__all__ = ["AdjacencyError", "as_region", "check_level", "check_contact", "county_table",
           "ancestor", "members", "county_borders", "metric_regions", "merge_borders",
           "finer"]


class AdjacencyError(YrdmapError, ValueError):
    """A query that has no answer as asked (e.g. two regions that do not border)."""


def as_region(value: Region | str | int, level: str | None = None) -> Region:
    """A :class:`~geo.regions.Region` as is, or a name/adcode resolved."""
    if isinstance(value, Region):
        if level is not None and value.level != level:
            raise AdjacencyError(f"{value.name_zh} is a {value.level}, not a {level}")
        return value
    return resolve(value, level=level)


def check_level(level: str) -> str:
    return choice("level", level, LEVELS)


def check_contact(contact: str) -> str:
    return choice("contact", contact, CONTACTS, hint="edge = rook, point = queen")


def finer(level: str, than: str) -> bool:
    """True if ``level`` is below ``than`` (county finer than city finer than province)."""
    return LEVELS.index(level) > LEVELS.index(than)


@lru_cache(maxsize=1)
def county_table() -> pd.DataFrame:
    """adcode → city_adcode, province_adcode for every county (indexed by adcode)."""
    c = load_regions("county", "s1000")
    return c[["adcode", "city_adcode", "province_adcode"]].astype("int64").set_index("adcode")


def ancestor(counties: np.ndarray, level: str) -> np.ndarray:
    """The unit at ``level`` containing each county adcode."""
    if level == "county":
        return np.asarray(counties, dtype=np.int64)
    col = "city_adcode" if level == "city" else "province_adcode"
    return county_table()[col].reindex(np.asarray(counties)).to_numpy()


def members(region: Region) -> np.ndarray:
    """Adcodes of the counties making up ``region`` (sorted)."""
    table = county_table()
    if region.level == "county":
        return np.array([region.adcode], dtype=np.int64)
    col = "city_adcode" if region.level == "city" else "province_adcode"
    return np.sort(table.index[table[col] == region.adcode].to_numpy())


@lru_cache(maxsize=1)
def county_borders() -> gpd.GeoDataFrame:
    """Every county pair in contact (``point`` rule), with ``shared_km`` and border geometry."""
    return contiguity(load_regions("county", "full"), "point", borders=True)


@lru_cache(maxsize=None)
def metric_regions(level: str) -> gpd.GeoDataFrame:
    """Full-resolution units of ``level`` in :data:`geo.crs.METRIC`, indexed by adcode."""
    return load_regions(check_level(level), "full").to_crs(crs.METRIC).set_index("adcode",
                                                                                 drop=False)


def merge_borders(pieces) -> shapely.Geometry:
    """One normalised geometry from border pieces: the merged lines if any piece has
    length, else the touching points."""
    pieces = np.asarray(list(pieces), dtype=object)
    parts = shapely.get_parts(pieces)
    kinds = shapely.get_type_id(parts)
    lines = parts[np.isin(kinds, (1, 2))]
    if len(lines):
        return shapely.normalize(shapely.line_merge(shapely.multilinestrings(lines)))
    points = parts[kinds == 0]
    if len(points):
        return shapely.normalize(shapely.union_all(points))
    return shapely.GeometryCollection()
