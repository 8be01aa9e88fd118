"""The border between two regions, and the border zone (毗邻区域) along it."""
from __future__ import annotations

from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo import crs
from geo.adjacency._catalog import (AdjacencyError, ancestor, as_region, check_level,
                                    county_borders, finer, merge_borders, members,
                                    metric_regions)
from geo.adjacency._items import to_metric
from geo.catalog import LEVELS, RESOLUTIONS, load_regions
from geo.errors import InputError, choice
from geo.regions import Region

__all__ = ["Border", "border", "border_zone", "SIDE_COLUMNS", "ZONE_COLUMNS"]

SIDE_COLUMNS = ["side", "level", "adcode", "name_zh", "name_en", "shared_km", "contact"]
ZONE_COLUMNS = ["adcode", "name_zh", "name_en", "level", "side", "distance_km", "geometry"]


@dataclass(frozen=True)
class Border:
    """The border between regions ``a`` and ``b`` (ordered by adcode, so that
    ``border(x, y) == border(y, x)``).

    ``geometry`` is WGS84: merged lines, or the touching point(s) when ``contact`` is
    ``"point"``. ``length_km`` is measured in :data:`geo.crs.METRIC`. ``sides`` has
    one row per unit below either region (cities, counties) that touches the border:
    ``side`` (the adcode of ``a`` or ``b``), ``level``, ``adcode``, names,
    ``shared_km`` (its part of the border) and ``contact``.
    """

    a: Region
    b: Region
    geometry: shapely.Geometry = field(compare=False)
    length_km: float
    contact: str
    sides: pd.DataFrame = field(compare=False, repr=False)

    def __eq__(self, other) -> bool:
        return (isinstance(other, Border) and (self.a, self.b, self.length_km, self.contact)
                == (other.a, other.b, other.length_km, other.contact)
                and shapely.equals_exact(self.geometry, other.geometry, 0.0)
                and self.sides.equals(other.sides))

    __hash__ = None

    def to_frame(self) -> gpd.GeoDataFrame:
        """One row: names and adcodes of both sides, length, contact, geometry."""
        return gpd.GeoDataFrame(
            [{"a_adcode": self.a.adcode, "a_name_zh": self.a.name_zh,
              "a_name_en": self.a.name_en, "b_adcode": self.b.adcode,
              "b_name_zh": self.b.name_zh, "b_name_en": self.b.name_en,
              "length_km": self.length_km, "contact": self.contact}],
            geometry=[self.geometry], crs=crs.STORAGE)


def _disjoint(a: Region, b: Region) -> tuple[np.ndarray, np.ndarray]:
    ma, mb = members(a), members(b)
    if np.intersect1d(ma, mb).size:
        outer, inner = (a, b) if len(ma) >= len(mb) else (b, a)
        raise AdjacencyError(f"{outer.name_zh} contains {inner.name_zh}: a border needs two "
                             "regions that do not overlap")
    return ma, mb


def _pairs_between(ma: np.ndarray, mb: np.ndarray) -> pd.DataFrame:
    """County pairs (ca in a, cb in b) in contact, with km and border pieces."""
    g = county_borders()
    ab = np.isin(g["a"], ma) & np.isin(g["b"], mb)
    ba = np.isin(g["a"], mb) & np.isin(g["b"], ma)
    hit = ab | ba
    return pd.DataFrame({"ca": np.where(ab[hit], g["a"][hit], g["b"][hit]),
                         "cb": np.where(ab[hit], g["b"][hit], g["a"][hit]),
                         "shared_km": g["shared_km"][hit].to_numpy(),
                         "geometry": g.geometry[hit].to_numpy()})


def border(a: Region | str | int, b: Region | str | int) -> Border:
    """The border between two regions of any levels that do not overlap.

    Parameters
    ----------
    a, b : regions, names or adcodes (see :func:`geo.regions.resolve`).

    Returns
    -------
    :class:`Border`. ``length_km`` is 0 and ``contact`` ``"point"`` for regions that
    touch at points only.

    Raises
    ------
    AdjacencyError if the two regions overlap or do not touch (the message lists the
    neighbours of ``a``); geo.regions.RegionError for an unknown name.

    Examples
    --------
    >>> b = border("上海", "浙江")
    >>> b.a.name_zh, b.b.name_zh, round(b.length_km), b.contact
    ('上海市', '浙江省', 115, 'edge')
    >>> border("浙江", "上海") == b
    True
    >>> sorted(b.sides.query("level == 'city'").name_zh)
    ['上海市', '嘉兴市', '舟山市']
    """
    a, b = sorted((as_region(a), as_region(b)), key=lambda r: (r.adcode, r.level))
    ma, mb = _disjoint(a, b)
    pairs = _pairs_between(ma, mb)
    if pairs.empty:
        from geo.adjacency.neighbours import neighbours

        near = ", ".join(neighbours(a, level=b.level, contact="point").name_zh) or "none"
        raise AdjacencyError(f"{a.name_zh} and {b.name_zh} do not border each other; "
                             f"{a.name_zh} borders at {b.level} level: {near}")
    km = float(pairs["shared_km"].sum())
    return Border(a=a, b=b, geometry=merge_borders(pairs["geometry"]), length_km=km,
                  contact="edge" if km > 0 else "point", sides=_sides(a, b, pairs))


def _sides(a: Region, b: Region, pairs: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for side, col in ((a, "ca"), (b, "cb")):
        for level in LEVELS:
            if not finer(level, side.level):
                continue
            unit = ancestor(pairs[col].to_numpy(), level)
            for adcode, km in pd.Series(pairs["shared_km"].to_numpy()).groupby(unit).sum() \
                    .sort_index().items():
                rows.append({"side": side.adcode, "level": level, "adcode": int(adcode),
                             "shared_km": float(km), "contact": "edge" if km > 0 else "point"})
    out = pd.DataFrame(rows, columns=["side", "level", "adcode", "shared_km", "contact"])
    names = pd.concat([load_regions(lv, "s1000")[["adcode", "name_zh", "name_en"]]
                       for lv in LEVELS]).drop_duplicates("adcode")
    out = out.merge(names, on="adcode", how="left")
    order = out["level"].map(LEVELS.index)
    out = out.assign(_o=order).sort_values(["side", "_o", "adcode"]).drop(columns="_o")
    return out[SIDE_COLUMNS].reset_index(drop=True)


def border_zone(a: Region | str | int, b: Region | str | int, km: float,
                level: str = "county", resolution: str = "full") -> gpd.GeoDataFrame:
    """The border zone (毗邻区域): units at ``level`` within ``km`` of the a–b border.

    Distances are measured in :data:`geo.crs.METRIC` between the full-resolution unit
    and the border line; a unit touching the border is at 0 km. The zone only grows
    with ``km``.

    Parameters
    ----------
    a, b : two regions that border each other.
    km : distance from the border, ``>= 0``.
    level : {"province", "city", "county"}, the units listed.
    resolution : {"full", "s100", "s1000"}, of the returned geometry only.

    Returns
    -------
    GeoDataFrame with ``adcode``, ``name_zh``, ``name_en``, ``level``, ``side`` (the
    adcode of ``a`` or ``b`` for units inside either, 0 for units of a third region),
    ``distance_km`` and the unit's WGS84 ``geometry``, sorted by distance then adcode.

    Examples
    --------
    >>> zone = border_zone("上海", "浙江", 5)
    >>> zone[["name_zh", "side", "distance_km"]].round(1)
      name_zh    side  distance_km
    0    浦东新区  310000          0.0
    1     金山区  310000          0.0
    2     青浦区  310000          0.0
    3     吴江区       0          0.0
    4     嘉善县  330000          0.0
    5     平湖市  330000          0.0
    6     嵊泗县  330000          0.0
    7     松江区  310000          1.9
    """
    if isinstance(km, bool) or not isinstance(km, (int, float)) or not np.isfinite(km) \
            or km < 0:
        raise InputError(f"km {km!r} must be a number >= 0")
    check_level(level)
    choice("resolution", resolution, RESOLUTIONS)
    line = border(a, b)
    line_m = to_metric(line.geometry)
    units = metric_regions(level)
    geoms = units.geometry.values
    hits = shapely.STRtree(geoms).query(line_m, predicate="dwithin", distance=km * 1e3)
    hits = np.sort(hits)
    dist = np.array([_distance(geoms[k], line_m, km * 1e3) for k in hits]) / 1e3
    adcodes = units["adcode"].to_numpy()[hits]
    out = load_regions(level, resolution).set_index("adcode").loc[adcodes].reset_index()
    side = np.zeros(len(out), dtype=np.int64)
    for region in (line.a, line.b):
        if not finer(region.level, level):
            side[np.isin(adcodes, ancestor(members(region), level))] = region.adcode
    out["side"] = side
    out["distance_km"] = np.where(dist < 1e-9, 0.0, dist)
    out = out.sort_values(["distance_km", "adcode"], kind="stable").reset_index(drop=True)
    return gpd.GeoDataFrame(out[ZONE_COLUMNS], geometry="geometry", crs=crs.STORAGE)


def _distance(unit, line, reach: float) -> float:
    """Distance from ``unit`` to ``line`` when at most ``reach``: only the part of the
    line within ``reach`` of the unit's box can be nearest, so the rest is cut off."""
    x0, y0, x1, y1 = unit.bounds
    near = shapely.clip_by_rect(line, x0 - reach - 1, y0 - reach - 1, x1 + reach + 1,
                                y1 + reach + 1)
    return shapely.distance(unit, near if not near.is_empty else line)
