"""Where a table row is: lon/lat columns, a lon,lat column, a WKT column or a region.

Header names are matched after normalising (full-width → half-width, case,
spaces, underscores, units in brackets dropped), so ``经度（°）``, ``Longitude``,
``lng`` and ``X`` all name the longitude. A row is located by the first of these
that it fills in: lon/lat (or one ``经纬度``/``location`` column holding
``lon,lat``, as Amap exports), WKT, region. A region cell holds a name (full,
short or English), an adcode, several of them (``青浦区、吴江区``: their union),
or a chain (``江苏省南京市鼓楼区``); other region columns of the row
(``城市`` next to ``区县``) settle an ambiguous name.
"""
from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

import shapely

from geo.errors import YrdmapError
from geo.ingest.report import msg as _msg
from geo.regions import Region, RegionError, resolve

__all__ = ["GeometryColumns", "CellError", "norm_header", "find_geometry_columns",
           "parse_coordinate", "parse_lonlat", "parse_wkt", "resolve_regions",
           "region_geometry", "count_names", "HEADER_ALIASES"]


class CellError(YrdmapError, ValueError):
    """A cell that cannot be used: ``reason`` and ``accepted`` go into the report."""

    def __init__(self, reason: str, accepted: str = ""):
        super().__init__(reason)
        self.reason = reason
        self.accepted = accepted


def norm_header(text) -> str:
    """Normalise a header for matching.

    Examples
    --------
    >>> norm_header(" 经度（°） "), norm_header("Point_X"), norm_header("完成时限*")
    ('经度', 'pointx', '完成时限')
    """
    s = unicodedata.normalize("NFKC", str(text if text is not None else "")).strip().lower()
    s = re.sub(r"[\(\[【<].*?[\)\]】>]", "", s)
    return re.sub(r"[\s_\-\*:：/\\.·]", "", s)


HEADER_ALIASES: dict[str, set[str]] = {
    "lon": {"lon", "lng", "long", "longitude", "x", "经度", "东经", "x坐标", "pointx",
            "中心经度", "经度坐标", "wgs84经度", "gcj02经度"},
    "lat": {"lat", "latitude", "y", "纬度", "北纬", "y坐标", "pointy", "中心纬度",
            "纬度坐标", "wgs84纬度", "gcj02纬度"},
    "lonlat": {"经纬度", "坐标", "lonlat", "lnglat", "location", "经纬度坐标", "coordinates",
               "位置坐标", "中心点坐标"},
    "wkt": {"wkt", "geometry", "geom", "thegeom", "shape", "几何", "空间信息", "wkt坐标",
            "几何图形", "空间范围"},
    "region": {"region", "区域", "地区", "行政区", "行政区划", "所在地区", "所在区域",
               "所属地区", "所在行政区", "所在地", "实施地区", "涉及地区", "adcode",
               "行政区划代码", "区划代码", "行政代码"},
    "province": {"province", "省", "省份", "所在省份", "所属省份", "省市"},
    "city": {"city", "市", "城市", "地市", "所在城市", "所属城市", "设区市", "所在市"},
    "county": {"county", "district", "区县", "县区", "县市区", "区", "县", "县(市、区)",
               "县市区", "所在区县", "所属区县"},
}
_LEVEL_OF = {"province": "province", "city": "city", "county": "county", "region": None}
_ORDER = {"province": 0, "city": 1, "county": 2, None: 3}


@dataclass
class GeometryColumns:
    """The columns that locate rows (source column names)."""

    lon: str | None = None
    lat: str | None = None
    lonlat: str | None = None
    wkt: str | None = None
    regions: list[tuple[str, str | None]] = field(default_factory=list)  # (column, level)

    @property
    def any(self) -> bool:
        return bool((self.lon and self.lat) or self.lonlat or self.wkt or self.regions)

    def used(self) -> set[str]:
        return {c for c in (self.lon, self.lat, self.lonlat, self.wkt) if c}


def find_geometry_columns(headers) -> GeometryColumns:
    """Pick the locating columns among ``headers``.

    Named ``lon``/``lat`` headers win over ``x``/``y``.

    Examples
    --------
    >>> g = find_geometry_columns(["项目名称", "经度", "纬度", "区县"])
    >>> g.lon, g.lat, g.regions
    ('经度', '纬度', [('区县', 'county')])
    """
    found = GeometryColumns()
    normed = [(h, norm_header(h)) for h in headers]
    for kind in ("lon", "lat", "lonlat", "wkt"):
        hits = [h for h, n in normed if n in HEADER_ALIASES[kind]]
        hits.sort(key=lambda h: norm_header(h) in ("x", "y"))
        if hits:
            setattr(found, kind, hits[0])
    if bool(found.lon) != bool(found.lat):
        found.lon = found.lat = None
    for h, n in normed:
        for kind in ("province", "city", "county", "region"):
            if n in HEADER_ALIASES[kind]:
                found.regions.append((h, _LEVEL_OF[kind]))
                break
    found.regions.sort(key=lambda cl: _ORDER[cl[1]])
    return found


_DMS = re.compile(r"^(\d+(?:\.\d+)?)\s*[°度]\s*(?:(\d+(?:\.\d+)?)\s*['′分]\s*)?"
                  r"(?:(\d+(?:\.\d+)?)\s*(?:\"|″|′′|''|秒)\s*)?$")
_HEMI = re.compile(r"^(东经|北纬|西经|南纬|[ensw])\s*|\s*(东经|北纬|西经|南纬|[ensw])$")


def parse_coordinate(value) -> float | None:
    """A coordinate from a cell: a number, ``121.5°``, ``东经121°30′``, ``121度30分00秒E``.

    Returns ``None`` for an empty cell; raises :class:`CellError` otherwise.

    Examples
    --------
    >>> parse_coordinate("121°30'36\\""), parse_coordinate("１２１.５"), parse_coordinate(" ")
    (121.51, 121.5, None)
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, bool):
        raise CellError("is a true/false value, not a coordinate", "decimal degrees such as 121.4737")
    if isinstance(value, (int, float)):
        out = float(value)
    else:
        s = unicodedata.normalize("NFKC", str(value)).strip().lower().replace("−", "-")
        if not s:
            return None
        sign = 1.0
        m = _HEMI.search(s)
        if m:
            hemi = m.group(1) or m.group(2)
            sign = -1.0 if hemi in ("w", "s", "西经", "南纬") else 1.0
            s = _HEMI.sub("", s).strip()
        try:
            out = float(s.rstrip("°度"))
        except ValueError:
            d = _DMS.match(s)
            if not d:
                raise CellError(_msg("ingest.not_a_number"), _msg("ingest.not_a_number_ok"))
            deg, mins, secs = (float(g) if g else 0.0 for g in d.groups())
            if mins >= 60 or secs >= 60:
                raise CellError("has minutes or seconds of 60 or more", "121°28′25″ with minutes and seconds under 60")
            out = deg + mins / 60 + secs / 3600
        out *= sign
    if not math.isfinite(out):
        raise CellError("is not a finite number", "decimal degrees such as 121.4737")
    return out


def parse_lonlat(value) -> tuple[float, float] | None:
    """``"121.47,31.23"`` (lon first, as Amap's ``location``) → ``(121.47, 31.23)``.

    Examples
    --------
    >>> parse_lonlat("121.47，31.23"), parse_lonlat("")
    ((121.47, 31.23), None)
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    s = unicodedata.normalize("NFKC", str(value)).strip()
    if not s:
        return None
    parts = [p for p in re.split(r"[,;\s]+", s.strip("()[]")) if p]
    if len(parts) != 2:
        raise CellError(_msg("ingest.not_lonlat_pair"), _msg("ingest.not_lonlat_pair_ok"))
    lon, lat = (parse_coordinate(p) for p in parts)
    return lon, lat


def parse_wkt(value):
    """A shapely geometry from WKT text (``None`` for an empty cell).

    Examples
    --------
    >>> parse_wkt("POINT (121.47 31.23)").wkt
    'POINT (121.47 31.23)'
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    s = str(value).strip()
    if not s:
        return None
    if len(s) > 5_000_000:
        raise CellError("is longer than 5,000,000 characters", "a simpler geometry")
    try:
        geom = shapely.from_wkt(s)
    except Exception as exc:  # shapely.errors.GEOSException and friends
        msg = " ".join(str(exc).split())[:120]
        raise CellError(_msg("ingest.bad_wkt", detail=msg), _msg("ingest.bad_wkt_ok")) from None
    if geom is None or geom.is_empty:
        raise CellError("is an empty geometry", "a WKT geometry with coordinates")
    return geom


_SPLIT = re.compile(r"[;；、,，/|]+")
_CHAIN = re.compile(r".+?(?:自治区|省|新区|市|区|县)")


def _context_pick(err: RegionError, context: list[Region]) -> Region | None:
    if not context or not err.candidates:
        return None
    codes = {r.adcode for r in context}
    for fit in ([c for c in err.candidates if c.city_adcode in codes],
                [c for c in err.candidates if c.province_adcode in codes]):
        if len(fit) == 1:
            return fit[0]
    return None


def _resolve_one(text: str, level: str | None, context: list[Region]) -> Region:
    key = text.strip()
    if key.isdigit():
        return resolve(int(key), level)
    try:
        return resolve(key, level)
    except RegionError as err:
        picked = _context_pick(err, context)
        if picked:
            return picked
        parts = _CHAIN.findall(key)
        if len(parts) > 1 and "".join(parts) == key:
            chain: list[Region] = list(context)
            last = None
            for part in parts:
                try:
                    last = resolve(part)
                except RegionError as sub:
                    last = _context_pick(sub, chain)
                    if last is None:
                        raise err from None
                chain.append(last)
            if level is None or last.level == level:
                return last
        raise


def count_names(value) -> int:
    """How many region names a cell holds (``"青浦区、吴江区"`` → 2).

    >>> count_names("青浦区、吴江区；嘉善县"), count_names(320000)
    (3, 1)
    """
    text = unicodedata.normalize("NFKC", str(value)).strip()
    return sum(1 for p in _SPLIT.split(text) if p.strip())


def resolve_regions(cells: list[tuple[object, str | None]]) -> list[Region]:
    """Resolve a row's region cells (``(value, level)``, least specific first).

    Returns the regions of the most specific filled cell; the others only
    disambiguate. Raises :class:`CellError` naming the candidates.

    Examples
    --------
    >>> [r.adcode for r in resolve_regions([("南京", "city"), ("鼓楼区", "county")])]
    [320106]
    >>> [r.name_zh for r in resolve_regions([("青浦区、吴江区", None)])]
    ['青浦区', '吴江区']
    """
    context: list[Region] = []
    found: list[Region] = []
    for value, level in cells:
        if value is None or (isinstance(value, float) and math.isnan(value)):
            continue
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = unicodedata.normalize("NFKC", str(value)).strip()
        if not text:
            continue
        out = []
        for part in [p for p in _SPLIT.split(text) if p.strip()]:
            try:
                out.append(_resolve_one(part, level, context))
            except RegionError as err:
                raise CellError(str(err).rstrip(". "), _REGION_ACCEPTED) from None
        if out:
            found = out
            context = context + out
    return found


_REGION_ACCEPTED = _msg("ingest.region_ok")


@lru_cache(maxsize=None)
def _region_shapes(level: str) -> dict[int, object]:
    from geo.catalog import load_regions

    gdf = load_regions(level, "full")
    return dict(zip(gdf["adcode"].astype(int), gdf.geometry.values))


def region_geometry(regions: list[Region]):
    """The union of the regions' full-resolution boundaries (WGS84); the same set of
    regions in another row costs nothing (the union is cached)."""
    return _union(tuple(sorted({(r.level, r.adcode) for r in regions})))


@lru_cache(maxsize=256)
def _union(keys: tuple):
    geoms = [_region_shapes(level)[adcode] for level, adcode in keys]
    if len(geoms) == 1:
        return geoms[0]
    # the boundaries form a coverage (shared borders are identical): its union is ~10x faster
    return shapely.coverage_union_all(geoms)
