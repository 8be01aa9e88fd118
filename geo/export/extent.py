"""The extent of a static map: the current view, the filtered items, a region, or a box.

Accepted specifications (:func:`parse_extent` turns CLI text into them):

- ``"filtered"`` — the bounds of the items drawn (the default);
- ``"yrd"`` — the four provinces;
- ``"region:NAME"`` or a :class:`geo.regions.Region` — a province, city or county
  by any name :func:`geo.regions.resolve` accepts;
- ``"bbox:minlon,minlat,maxlon,maxlat"`` or a 4-tuple — WGS84 degrees (the map
  view the app reports).

:func:`metric_extent` returns the box in :data:`geo.crs.METRIC` metres, padded,
with a minimum size so a single point still gets a readable map.
"""
from __future__ import annotations

import geopandas as gpd
import shapely

from geo import crs
from geo.errors import InputError
from geo.i18n import t
from geo.catalog import load_regions
from geo.regions import Region, resolve

__all__ = ["MIN_SPAN_M", "parse_extent", "metric_extent", "describe_extent"]

#: the smallest map side, metres (a lone point gets 20 km around it)
MIN_SPAN_M = 20_000.0
_PAD = 0.04
_YRD_LONLAT = (113.0, 26.0, 124.5, 36.5)


def parse_extent(text: str):
    """CLI text → an extent spec; raise ``ValueError`` naming what is accepted.

    A bare name is a region.

    Examples
    --------
    >>> parse_extent("bbox:120,30,122,32")
    (120.0, 30.0, 122.0, 32.0)
    >>> parse_extent("region:苏州").name_zh, parse_extent("浙江").adcode
    ('苏州市', 330000)
    >>> parse_extent("filtered")
    'filtered'
    """
    text = str(text).strip()
    if text.lower() in ("filtered", "yrd"):
        return text.lower()
    if text.lower().startswith("bbox:"):
        try:
            box = tuple(float(v) for v in text[5:].split(","))
        except ValueError:
            box = ()
        if len(box) != 4:
            raise InputError(f"extent {text!r}: expected bbox:minlon,minlat,maxlon,maxlat "
                             "(four numbers, WGS84 degrees)")
        return _check_box(box)
    name = text[7:] if text.lower().startswith("region:") else text
    return resolve(name)


def _check_box(box) -> tuple:
    x0, y0, x1, y1 = (float(v) for v in box)
    if not (x0 < x1 and y0 < y1):
        raise InputError(f"extent bbox {box!r}: expected minlon < maxlon and minlat < maxlat")
    lx0, ly0, lx1, ly1 = _YRD_LONLAT
    if x1 < lx0 or x0 > lx1 or y1 < ly0 or y0 > ly1:
        raise InputError(f"extent bbox {box!r} lies outside the YRD (lon {lx0}–{lx1}, "
                         f"lat {ly0}–{ly1})")
    return (x0, y0, x1, y1)


def _region_geometry(region: Region):
    gdf = load_regions(region.level, "s1000")
    return gdf.loc[gdf["adcode"] == region.adcode].geometry


def metric_extent(spec, items: gpd.GeoDataFrame | None = None, *,
                  pad: float = _PAD) -> tuple[float, float, float, float]:
    """The map box in :data:`geo.crs.METRIC` metres for an extent ``spec``.

    Parameters
    ----------
    spec : ``"filtered"``, ``"yrd"``, ``"region:NAME"``, ``"bbox:…"``, a Region or a
        WGS84 ``(minlon, minlat, maxlon, maxlat)``.
    items : the items drawn (needed for ``"filtered"``).
    pad : fraction of the span added on each side (not for a bbox: a view is exact).
    """
    if isinstance(spec, str):
        spec = parse_extent(spec)
    if isinstance(spec, Region):
        geom = _region_geometry(spec)
    elif isinstance(spec, str) and spec == "yrd":
        geom = load_regions("province", "s1000").geometry
    elif isinstance(spec, str):  # "filtered"
        if items is None or len(items) == 0:
            raise InputError("extent 'filtered' needs at least one item; "
                             "choose a region or a bbox instead")
        geom = items.geometry
    else:
        x0, y0, x1, y1 = _check_box(tuple(spec))
        box = shapely.segmentize(shapely.box(x0, y0, x1, y1), 0.05)
        geom = gpd.GeoSeries([box], crs=crs.STORAGE)
        pad = 0.0
    bx0, by0, bx1, by1 = gpd.GeoSeries(geom).to_crs(crs.METRIC).total_bounds
    w, h = bx1 - bx0, by1 - by0
    cx, cy = (bx0 + bx1) / 2, (by0 + by1) / 2
    half_w = max(w * (1 + 2 * pad), MIN_SPAN_M) / 2
    half_h = max(h * (1 + 2 * pad), MIN_SPAN_M) / 2
    return (cx - half_w, cy - half_h, cx + half_w, cy + half_h)


def describe_extent(spec, lang: str = "zh") -> str:
    """A short phrase for the extent (for notes): e.g. ``范围：苏州市``."""
    if isinstance(spec, str):
        spec = parse_extent(spec)
    if isinstance(spec, Region):
        what = spec.label(lang)
    elif spec == "yrd":
        what = t("mapdoc.extent_yrd", lang)
    elif spec == "filtered":
        what = t("mapdoc.extent_filtered", lang)
    else:
        what = t("mapdoc.extent_view", lang, v=", ".join(f"{v:.2f}" for v in spec))
    return t("mapdoc.extent", lang, v=what)
