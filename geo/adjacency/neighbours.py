"""Neighbours of a province, city or county, at its own level or another one."""
from __future__ import annotations

from functools import lru_cache

import geopandas as gpd
import numpy as np
import pandas as pd

from geo import crs
from geo.adjacency._catalog import (ancestor, as_region, check_contact, check_level,
                                    county_borders, finer, merge_borders, members)
from geo.adjacency.contiguity import contiguity
from geo.catalog import load_regions
from geo.regions import Region

__all__ = ["graph", "neighbours", "NEIGHBOUR_COLUMNS"]

NEIGHBOUR_COLUMNS = ["adcode", "name_zh", "name_en", "level", "province_adcode",
                     "shared_km", "contact", "geometry"]


@lru_cache(maxsize=None)
def _graph(level: str, contact: str) -> gpd.GeoDataFrame:
    return contiguity(load_regions(level, "full"), contact, borders=True,
                      metric=crs.METRIC)


def graph(level: str = "county", contact: str = "edge") -> gpd.GeoDataFrame:
    """The contiguity graph of the bundled units at one level (cached per level and rule).

    Parameters
    ----------
    level : {"province", "city", "county"}
    contact : {"edge", "point"}
        ``edge``: a shared border of positive length; ``point``: any shared point.

    Returns
    -------
    GeoDataFrame of unordered pairs ``a < b`` (adcodes) with ``shared_km`` (measured
    in :data:`geo.crs.METRIC`), ``contact`` and the shared border as WGS84 geometry,
    sorted by ``a``, ``b``. Shared frame: copy before mutating.

    Examples
    --------
    >>> g = graph("province")
    >>> g[["a", "b"]].values.tolist()
    [[310000, 320000], [310000, 330000], [320000, 330000], [320000, 340000], [330000, 340000]]
    >>> len(graph("county")), len(graph("county", "point"))
    (827, 832)
    """
    return _graph(check_level(level), check_contact(contact))


def neighbours(region: Region | str | int, level: str | None = None,
               contact: str = "edge") -> gpd.GeoDataFrame:
    """Units at ``level`` that border ``region``, with the length of each shared border.

    Parameters
    ----------
    region : a :class:`~geo.regions.Region`, a name (zh, short, English) or an adcode.
    level : level of the neighbours; default the region's own. At another level the
        units nested with the region (those containing it or inside it) are left out,
        so ``neighbours("上海", "city")`` are the cities outside Shanghai that touch it.
    contact : {"edge", "point"}

    Returns
    -------
    GeoDataFrame with columns ``adcode``, ``name_zh``, ``name_en``, ``level``,
    ``province_adcode``, ``shared_km``, ``contact`` and the shared border as WGS84
    ``geometry``, sorted by adcode. Empty if the region has no neighbour.

    Raises
    ------
    geo.regions.RegionError for an unknown or ambiguous name; ValueError for a bad
    ``level`` or ``contact``.

    Examples
    --------
    >>> neighbours("上海")[["name_zh", "shared_km"]].round(0)
      name_zh  shared_km
    0     江苏省      286.0
    1     浙江省      115.0
    >>> list(neighbours("Shanghai", level="city").name_zh)
    ['苏州市', '南通市', '嘉兴市', '舟山市']
    """
    r = as_region(region)
    level = check_level(level or r.level)
    check_contact(contact)
    if level == r.level:
        g = graph(level, contact)
        hit = (g["a"] == r.adcode) | (g["b"] == r.adcode)
        other = np.where(g["a"][hit] == r.adcode, g["b"][hit], g["a"][hit])
        found = pd.DataFrame({"adcode": other.astype("int64"),
                              "shared_km": g["shared_km"][hit].to_numpy(),
                              "contact": g["contact"][hit].to_numpy(),
                              "geometry": g.geometry[hit].to_numpy()})
    else:
        found = _across_levels(r, level, contact)
    units = load_regions(level, "s1000")[["adcode", "name_zh", "name_en", "level",
                                          "province_adcode"]]
    out = units.merge(found, on="adcode").sort_values("adcode").reset_index(drop=True)
    return gpd.GeoDataFrame(out[NEIGHBOUR_COLUMNS], geometry="geometry", crs=crs.STORAGE)


def _across_levels(r: Region, level: str, contact: str) -> pd.DataFrame:
    """Neighbours at another level, summed from the county borders."""
    borders = county_borders()
    inside = np.isin(borders["a"], members(r)), np.isin(borders["b"], members(r))
    cross = inside[0] ^ inside[1]
    outer = np.where(inside[0][cross], borders["b"][cross], borders["a"][cross])
    pieces = pd.DataFrame({"adcode": ancestor(outer, level),
                           "shared_km": borders["shared_km"][cross].to_numpy(),
                           "geometry": borders.geometry[cross].to_numpy()})
    if not finer(level, r.level):   # drop the unit that contains the region
        own = ancestor(np.array([members(r)[0]]), level)[0]
        pieces = pieces[pieces["adcode"] != own]
    rows = []
    for adcode, group in pieces.groupby("adcode", sort=True):
        km = float(group["shared_km"].sum())
        if contact == "edge" and km <= 0:
            continue
        rows.append({"adcode": int(adcode), "shared_km": km,
                     "contact": "edge" if km > 0 else "point",
                     "geometry": merge_borders(group["geometry"])})
    return pd.DataFrame(rows, columns=["adcode", "shared_km", "contact", "geometry"])
