"""Measure items by region: km of lines and km² of polygons clipped to each region,
points counted where they fall.

Lengths are clipped in :data:`geo.crs.METRIC`, areas in :data:`geo.crs.EQUAL_AREA`,
against the full-resolution boundaries. Each unit is measured with its *waters*
(``data/boundaries/waters.geojson``: the estuary and bay water inside the 长江口 and
杭州湾 mouth lines that no admin polygon covers, given to the nearest county), so a
channel in Shanghai's estuary counts for Shanghai. Parts of an item outside the four
provinces and their waters are reported under adcode :data:`OUTSIDE` (0) so that the
parts add up to the whole; :func:`outside_parts` says what they are: 海域 (the sea) or
a neighbouring province (山东, 河南, 湖北, 江西, 福建).

How it stays fast (the statistics view measures every item at two levels within
its 300 ms budget):

- a polygon whose geometry is exactly the union of its ``member_adcodes`` at one
  of the boundary resolutions (admin-derived items: metropolitan areas, the
  demonstration zone …, drawn from the 100 m outlines) is split by its members'
  full-resolution areas from the boundary files, with no overlay at all: exact,
  where clipping the simplified outline would leave slivers in the neighbours;
- lines are cut into their straight segments; a segment inside a region
  (prepared ``contains_properly``) counts whole, and only the few that cross a
  border are overlaid, with the region first cut down to the segment's box;
- regions are projected, prepared and indexed once (cached); provinces are exact
  coverage unions of their cities, so province km/km² are summed from the city
  parts rather than overlaid again;
- each item's parts are memoised by its geometry (WKB) and members, so a new
  filter over the same catalog only measures items not seen before.
"""
from __future__ import annotations

import weakref
from collections import OrderedDict
from functools import lru_cache

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo import crs
from geo.catalog import LEVELS, RESOLUTIONS, load_regions
from geo.errors import choice

__all__ = ["MIN_KM", "MIN_KM2", "OUTSIDE", "SEA_NAME", "measure_by_region", "lies_in",
           "outside_parts", "outside_name", "clear_measure_cache", "item_parts",
           "measured_units",
           "is_member_union"]

#: a line counts in a region where more than this many km of it lie
MIN_KM = 0.1
#: a polygon counts in a region where more than this many km² of it lie
MIN_KM2 = 0.01
#: adcode for the parts of an item outside the four provinces (the sea)
OUTSIDE = 0
#: what :func:`outside_parts` calls the part of :data:`OUTSIDE` in no neighbour province
SEA_NAME = {"zh": "海域", "en": "sea"}
#: smaller parts (1 mm, 1 m²) are floating-point noise on shared borders and dropped
EPS_KM = 1e-6
EPS_KM2 = 1e-6

NEIGHBOUR_SLACK_M = 500.0  # slivers narrower than this along land borders are not sea
_MARGIN = 10.0  # metres around a piece's box when cutting a region down to it
_CACHE_SIZE = 160_000  # item × level entries kept (a 50,000-item team store × 3 levels)
_COLUMNS = ["id", "adcode", "km", "km2", "points"]


# ── regions, projected and prepared once ──────────────────────────────────────

def _with_waters(gdf: gpd.GeoDataFrame, level: str) -> np.ndarray:
    """Each unit's polygon joined with its waters (geo.basemap.load_waters)."""
    from geo.basemap import load_waters

    waters = load_waters()
    key = {"province": "province_adcode", "city": "city_adcode", "county": "adcode"}[level]
    mine = {int(a): shapely.union_all(g.values) for a, g in waters.groupby(key).geometry}
    return np.array([shapely.union(g, mine[int(a)]) if int(a) in mine else g
                     for a, g in zip(gdf["adcode"], gdf.geometry.values)], dtype=object)


@lru_cache(maxsize=None)
def _regions(level: str, kind: str) -> tuple[np.ndarray, np.ndarray, shapely.STRtree]:
    """(adcodes, prepared geometries, STRtree) of ``level`` with their waters, in METRIC
    or EQUAL_AREA."""
    gdf = load_regions(level, "full")
    target = crs.METRIC if kind == "metric" else crs.EQUAL_AREA
    joined = gpd.GeoSeries(_with_waters(gdf, level), crs=gdf.crs)
    geoms = np.asarray(joined.to_crs(target).values, dtype=object)
    shapely.prepare(geoms)
    return gdf["adcode"].astype("int64").to_numpy(), geoms, shapely.STRtree(geoms)


@lru_cache(maxsize=None)
def measured_units(level: str) -> gpd.GeoDataFrame:
    """The units of ``level`` as every measure sees them (each with its waters), in
    :data:`geo.crs.METRIC`, indexed by adcode: what :func:`geo.adjacency.route` cuts a
    line with, so its km per region agree with :func:`measure_by_region`'s."""
    choice("level", level, LEVELS, error=ValueError)
    adcodes, geoms, _ = _regions(level, "metric")
    return gpd.GeoDataFrame({"adcode": adcodes}, geometry=list(geoms), crs=crs.METRIC
                            ).set_index("adcode", drop=False)


@lru_cache(maxsize=1)
def _admin() -> dict[int, tuple]:
    """adcode → (level, province adcode, city adcode, km² from the full-resolution
    boundary files, planar areas in degrees² at each of :data:`RESOLUTIONS`); the
    last check that a geometry is its members' union at one resolution."""
    out: dict[int, tuple] = {}
    for level in LEVELS:
        gdf = load_regions(level, "full")
        cities = (gdf["city_adcode"] if level == "county" else
                  gdf["adcode"] if level == "city" else pd.Series(0, index=gdf.index))
        deg2 = [dict(zip(r["adcode"].astype(int), shapely.area(r.geometry.values)))
                for r in (load_regions(level, res) for res in RESOLUTIONS)]
        for a, p, c, km2 in zip(gdf["adcode"], gdf["province_adcode"], cities, gdf["area_km2"]):
            a = int(a)
            out[a] = (level, int(p), int(c), float(km2),
                      tuple(d.get(a, np.nan) for d in deg2))
    return out


@lru_cache(maxsize=None)
def _member_parts(adcode: int, level: str) -> tuple[tuple[int, float], ...]:
    """A member unit's km² by region of ``level``: its ancestor, or its descendants."""
    rec = _admin().get(adcode)
    if rec is None:
        return ()
    own, province, city, km2, _ = rec
    if LEVELS.index(own) >= LEVELS.index(level):  # same or finer: the ancestor holds it all
        return ((adcode if own == level else province if level == "province" else city, km2),)
    key = 1 if own == "province" else 2
    return tuple((a, r[3]) for a, r in _admin().items() if r[0] == level and r[key] == adcode)


def _members_exact(geom, members: tuple) -> bool:
    """True when ``geom`` is the union of the admin units ``members`` at one of the
    boundary resolutions (planar areas agree to 1e-9): the item is then those
    units, whatever outline it is drawn with, and their full-resolution km² are exact."""
    admin = _admin()
    if not members or any(m not in admin for m in members):
        return False
    area = shapely.area(geom)
    for k in range(len(RESOLUTIONS)):
        total = sum(admin[m][4][k] for m in members)
        if abs(area - total) <= 1e-9 * total:
            return True
    return False


def _project(geoms: np.ndarray, kind: str) -> np.ndarray:
    return crs.project(geoms, crs.STORAGE, crs.METRIC if kind == "metric" else crs.EQUAL_AREA)


# ── clipping ──────────────────────────────────────────────────────────────────

def _segments(lines: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every straight segment of ``lines`` (2-point LineStrings) and its line's index."""
    parts, part_of = shapely.get_parts(lines, return_index=True)
    xy, vertex_of = shapely.get_coordinates(parts, return_index=True)
    same = vertex_of[1:] == vertex_of[:-1]
    segs = shapely.linestrings(np.stack([xy[:-1][same], xy[1:][same]], axis=1))
    return segs, part_of[vertex_of[:-1][same]]


def _overlay_near(pieces: np.ndarray, regions: np.ndarray) -> np.ndarray:
    """``intersection(piece, region)`` with each region first cut to its piece's box
    plus a margin: exact for the piece, with far fewer vertices to overlay. The cut
    may leave collapsed edges on the box (never near the piece); an overlay that
    rejects one is redone on the repaired cut."""
    boxes = shapely.bounds(pieces) + np.array([-_MARGIN, -_MARGIN, _MARGIN, _MARGIN])
    near = np.array([shapely.clip_by_rect(r, *b) for r, b in zip(regions, boxes)],
                    dtype=object)
    try:
        return shapely.intersection(pieces, near)
    except shapely.errors.GEOSException:
        # repair only the rejected cuts (make_valid returns a valid one unchanged),
        # then one vectorised overlay again instead of one call per pair
        bad = np.flatnonzero(~shapely.is_valid(near))
        near[bad] = shapely.make_valid(near[bad])
        return shapely.intersection(pieces, near)


def _clip(geoms: np.ndarray, level: str, kind: str):
    """(item index, region adcode, km or km²) for each item × region it meets."""
    adcodes, regions, tree = _regions(level, kind)
    if kind == "metric":
        pieces, piece_of = _segments(geoms)
        measure, scale = shapely.length, 1e3
    else:
        pieces, piece_of = geoms, np.arange(len(geoms))
        measure, scale = shapely.area, 1e6
    p_idx, r_idx = tree.query(pieces)  # boxes only: the prepared regions test below
    hit = shapely.intersects(regions[r_idx], pieces[p_idx])
    p_idx, r_idx = p_idx[hit], r_idx[hit]
    value = np.zeros(len(p_idx))
    inside = shapely.contains_properly(regions[r_idx], pieces[p_idx])
    value[inside] = measure(pieces[p_idx[inside]])
    cut = np.flatnonzero(~inside)
    if len(cut):
        value[cut] = measure(_overlay_near(pieces[p_idx[cut]], regions[r_idx[cut]]))
    return piece_of[p_idx], adcodes[r_idx], value / scale


def _count_points(geoms: np.ndarray, level: str):
    """(item index, region adcode, number of points) where each point falls."""
    adcodes, regions, tree = _regions(level, "metric")
    parts, part_of = shapely.get_parts(geoms, return_index=True)
    parts = _project(parts, "metric")
    p_idx, r_idx = tree.query(parts)  # boxes; the prepared regions test below
    hit = shapely.intersects(regions[r_idx], parts[p_idx])
    return part_of[p_idx[hit]], adcodes[r_idx[hit]], np.ones(int(hit.sum()), dtype="int64")


def lies_in(parts: pd.DataFrame) -> pd.Series:
    """Rows of a :func:`measure_by_region` table that make the item count in the
    region: inside the YRD, with more than :data:`MIN_KM` km or :data:`MIN_KM2` km²
    of it there, or a point.

    Examples
    --------
    >>> parts = pd.DataFrame({"id": ["a", "a", "a"], "adcode": [310000, 320000, 0],
    ...                       "km": [12.0, 0.05, 3.0], "km2": 0.0, "points": 0})
    >>> lies_in(parts).tolist()
    [True, False, False]
    """
    return (parts["adcode"] != OUTSIDE) & ((parts["km"] > MIN_KM) | (parts["km2"] > MIN_KM2)
                                           | (parts["points"] > 0))


# ── raw parts per item, memoised ──────────────────────────────────────────────

# (level, wkb, members) → (adcodes, km, km2, points, total km, total km²), unthresholded
_CACHE: OrderedDict[tuple, tuple] = OrderedDict()


def clear_measure_cache() -> None:
    """Forget every memoised item measurement (for benchmarks and tests)."""
    _CACHE.clear()
    _WKB.clear()


# ── what the outside part is ──────────────────────────────────────────────────

@lru_cache(maxsize=1)
def _neighbours() -> tuple[np.ndarray, np.ndarray, np.ndarray, dict]:
    """(adcodes, names zh, names en, {kind: prepared geometries}) of the neighbours."""
    from geo.basemap import load_neighbours

    gdf = load_neighbours()
    geoms = {}
    for kind, target in (("metric", crs.METRIC), ("equal_area", crs.EQUAL_AREA)):
        geoms[kind] = np.asarray(gdf.geometry.to_crs(target).values, dtype=object)
        shapely.prepare(geoms[kind])
        # what is neither neighbour nor (roughly) YRD is the sea; slivers between the
        # simplified neighbours and the YRD's outlines are not
        yrd = shapely.union_all(load_regions("province", "s1000").to_crs(target).geometry.values)
        geoms[kind + "_land"] = shapely.union(shapely.union_all(geoms[kind]),
                                              yrd).buffer(NEIGHBOUR_SLACK_M)
        shapely.prepare(geoms[kind + "_land"])
    return (gdf["adcode"].astype("int64").to_numpy(), gdf["name_zh"].to_numpy(),
            gdf["name_en"].to_numpy(), geoms)


def outside_name(adcode: int, lang: str = "zh") -> str:
    """Name of a part of :func:`outside_parts`: ``海域`` / ``sea`` for :data:`OUTSIDE`,
    else the neighbouring province.

    Examples
    --------
    >>> outside_name(0), outside_name(360000), outside_name(410000, "en")
    ('海域', '江西省', 'Henan')
    """
    if adcode == OUTSIDE:
        return SEA_NAME[lang]
    codes, zh, en, _ = _neighbours()
    hit = np.flatnonzero(codes == adcode)
    if not len(hit):
        raise KeyError(f"adcode {adcode} is not the sea (0) or a neighbouring province "
                       f"({', '.join(str(c) for c in codes)})")
    return str((zh if lang == "zh" else en)[hit[0]])


def outside_parts(items: gpd.GeoDataFrame, parts: pd.DataFrame | None = None) -> pd.DataFrame:
    """What each item's :data:`OUTSIDE` part is: km / km² in each neighbouring province
    (its adcode) and the rest at sea (adcode :data:`OUTSIDE`).

    ``parts`` is the items' :func:`measure_by_region` table (computed if omitted). Returns
    columns ``id``, ``adcode``, ``km``, ``km2``, ``points``; for each item the rows add up
    to its :data:`OUTSIDE` row.

    Examples
    --------
    >>> line = shapely.LineString([(115.90, 29.75), (116.40, 29.90)])  # 九江 → 宿松
    >>> items = gpd.GeoDataFrame({"id": ["x"]}, geometry=[line], crs=4326)
    >>> out = outside_parts(items)
    >>> [outside_name(a) for a in out.adcode]
    ['江西省', '湖北省']
    """
    if parts is None:
        parts = measure_by_region(items, "province")
    out_rows = parts[parts["adcode"] == OUTSIDE]
    cols = {"id": [], "adcode": [], "km": [], "km2": [], "points": []}
    if len(out_rows) == 0:
        return pd.DataFrame(cols).astype({"adcode": "int64", "km": float, "km2": float,
                                          "points": "int64"})
    codes, _, _, geoms = _neighbours()
    by_id = dict(zip(items["id"], items.geometry.to_crs(crs.STORAGE).values))
    for r in out_rows.itertuples(index=False):
        geom = by_id[r.id]
        dim = int(shapely.get_dimensions(geom))
        kind = "equal_area" if dim == 2 else "metric"
        metric = _project(np.array([geom], dtype=object), kind)[0]
        ngeoms = geoms[kind]
        left = {"km": r.km, "km2": r.km2, "points": r.points}
        got: list[int] = []
        for code, ng in zip(codes, ngeoms):
            if not shapely.intersects(ng, metric):
                continue
            piece = shapely.intersection(ng, metric)
            value = {"km": shapely.length(piece) / 1e3 if dim == 1 else 0.0,
                     "km2": shapely.area(piece) / 1e6 if dim == 2 else 0.0,
                     "points": int(len(shapely.get_parts(piece))) if dim == 0 else 0}
            value = {k: min(v, left[k]) for k, v in value.items()}
            if not any(v > (EPS_KM if k == "km" else EPS_KM2) for k, v in value.items()):
                continue
            for k in left:
                left[k] -= value[k]
            for k, v in (("id", r.id), ("adcode", int(code)), *value.items()):
                cols[k].append(v)
            got.append(len(cols["id"]) - 1)
        at_sea = shapely.difference(metric, geoms[kind + "_land"])
        if got and (at_sea.is_empty or (shapely.length(at_sea) if dim == 1 else
                                        shapely.area(at_sea)) < 1e-3):
            # no part of it is off the land: the rest is slivers of the neighbours'
            # simplified outlines, given to its largest neighbour part
            big = max(got, key=lambda i: cols["km"][i] + cols["km2"][i] + cols["points"][i])
            for k in left:
                cols[k][big] += left[k]
                left[k] = 0
        if left["km"] > EPS_KM or left["km2"] > EPS_KM2 or left["points"] > 0:
            for k, v in (("id", r.id), ("adcode", OUTSIDE), *left.items()):
                cols[k].append(v)
    return pd.DataFrame(cols).astype({"adcode": "int64", "km": float, "km2": float,
                                      "points": "int64"})



def _members_of(value) -> tuple:
    if value is None or isinstance(value, float):
        return ()
    return tuple(int(v) for v in value)


def _compute(geoms: np.ndarray, members: list[tuple], level: str) -> list[tuple]:
    """Unthresholded parts of each item at ``level`` (see :data:`_CACHE`)."""
    n = len(geoms)
    dims = shapely.get_dimensions(geoms)
    pos_l, code_l, km_l, km2_l, pt_l = [], [], [], [], []
    total_km, total_km2 = np.zeros(n), np.zeros(n)

    def add(pos, codes, km=0.0, km2=0.0, points=0):
        pos_l.append(np.asarray(pos, dtype="int64"))
        code_l.append(np.asarray(codes, dtype="int64"))
        km_l.append(np.broadcast_to(np.asarray(km, dtype=float), (len(pos),)))
        km2_l.append(np.broadcast_to(np.asarray(km2, dtype=float), (len(pos),)))
        pt_l.append(np.broadcast_to(np.asarray(points, dtype="int64"), (len(pos),)))

    pts = np.flatnonzero(dims == 0)
    if len(pts):
        i, a, c = _count_points(geoms[pts], level)
        add(pts[i], a, points=c)
    lines = np.flatnonzero(dims == 1)
    polys = np.flatnonzero(dims == 2)
    exact = np.array([_members_exact(geoms[k], members[k]) for k in polys], dtype=bool)
    clip = polys[~exact]
    if level == "province" and (len(lines) or len(clip)):
        # provinces are coverage unions of their cities: sum the (memoised) city parts
        sub = np.concatenate([lines, clip])
        for k, rec in zip(sub, _parts(geoms[sub], [members[k] for k in sub], "city")):
            codes = np.array([_admin()[a][1] for a in rec[0]], dtype="int64")
            add(np.full(len(codes), k), codes, km=rec[1], km2=rec[2])
            total_km[k], total_km2[k] = rec[4], rec[5]
    else:   # lines: km in the metric CRS; polygons: km² in the equal-area one
        for rows, space, size, per, total, key in (
                (lines, "metric", shapely.length, 1e3, total_km, "km"),
                (clip, "equal_area", shapely.area, 1e6, total_km2, "km2")):
            if len(rows):
                projected = _project(geoms[rows], space)
                total[rows] = size(projected) / per
                i, a, v = _clip(projected, level, space)
                add(rows[i], a, **{key: v})
    for k in polys[exact]:
        parts = [p for m in members[k] for p in _member_parts(m, level)]
        total_km2[k] = sum(v for _, v in parts)
        add(np.full(len(parts), k), [a for a, _ in parts], km2=[v for _, v in parts])

    empty = (np.zeros(0, "int64"), np.zeros(0), np.zeros(0), np.zeros(0, "int64"))
    if not pos_l:
        return [empty + (float(total_km[k]), float(total_km2[k])) for k in range(n)]
    pos = np.concatenate(pos_l)
    code = np.concatenate(code_l)
    # sum duplicates (item, region), sorted by item then adcode
    key, inverse = np.unique(np.stack([pos, code], axis=1), axis=0, return_inverse=True)
    inverse = inverse.ravel()
    sums = [np.bincount(inverse, weights=np.concatenate(v), minlength=len(key))
            for v in (km_l, km2_l, pt_l)]
    points = sums[2].round().astype("int64")
    bounds = np.searchsorted(key[:, 0], np.arange(n + 1))
    return [(key[b:e, 1], sums[0][b:e], sums[1][b:e], points[b:e],
             float(total_km[k]), float(total_km2[k]))
            for k, (b, e) in enumerate(zip(bounds[:-1], bounds[1:]))]


# id(geometry) → (weak reference, WKB): serialising a big outline on every call costs
# more than the rest of a warm lookup; geometries are immutable, so the WKB of a
# live object never changes
_WKB: dict[int, tuple] = {}


def _wkb(geom) -> bytes:
    if geom is None:
        return b""
    hit = _WKB.get(id(geom))
    if hit is not None and hit[0]() is geom:
        return hit[1]
    wkb = shapely.to_wkb(geom)
    if len(_WKB) > _CACHE_SIZE:
        _WKB.clear()
    _WKB[id(geom)] = (weakref.ref(geom), wkb)
    return wkb


def _parts(geoms: np.ndarray, members: list[tuple], level: str) -> list[tuple]:
    """Each item's unthresholded parts at ``level``, measuring only unseen items.

    The hits are read before anything is measured: measuring (the province level
    measures cities first) may evict entries when more items than the cache holds
    come in one call."""
    keys = [(level, _wkb(g), m) for g, m in zip(geoms, members)]
    out: list = [None] * len(keys)
    todo = []
    for k, key in enumerate(keys):
        hit = _CACHE.get(key)
        if hit is None:
            todo.append(k)
        else:
            _CACHE.move_to_end(key)
            out[k] = hit
    if todo:
        fresh = _compute(geoms[todo], [members[k] for k in todo], level)
        for k, rec in zip(todo, fresh):
            _CACHE[keys[k]] = rec
            out[k] = rec
    while len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return out


def item_parts(geoms, members, level: str) -> list[tuple]:
    """Each item's unthresholded parts at ``level``, as the stores keep them.

    Parameters
    ----------
    geoms : WGS84 geometries.
    members : each item's ``member_adcodes`` (``None`` or a list).
    level : {"province", "city", "county"}

    Returns
    -------
    list of ``(adcodes, km, km2, points, total_km, total_km2)`` per item: the regions
    it meets (no :data:`OUTSIDE` row; the outside part is the total minus the parts)
    with its km, km² and points there, and its whole length and area. The PostGIS
    store writes these rows to ``project_regions`` (:mod:`geo.db.measure`), so both
    stores measure with this one function.

    Examples
    --------
    >>> line = shapely.LineString([(120.95, 31.38), (121.25, 31.38)])  # 昆山 → 嘉定
    >>> codes, km, km2, points, total_km, total_km2 = item_parts([line], [None], "province")[0]
    >>> codes.tolist(), round(float(km.sum()), 1), round(total_km, 1)
    ([310000, 320000], 28.5, 28.5)
    """
    choice("level", level, LEVELS, error=ValueError)
    return _parts(np.asarray(geoms, dtype=object), [_members_of(m) for m in members], level)


def is_member_union(geom, members) -> bool:
    """Whether a polygon is drawn as exactly the union of its ``member_adcodes`` (then
    its parts are its members' full-resolution areas, with no overlay)."""
    members = _members_of(members)
    return bool(members) and shapely.get_dimensions(geom) == 2 and _members_exact(geom, members)


def measure_by_region(items: gpd.GeoDataFrame, level: str = "province") -> pd.DataFrame:
    """Long table of each item's part in each region it touches.

    Parameters
    ----------
    items : GeoDataFrame with an ``id`` column (and optionally ``member_adcodes``);
        any CRS (reprojected to EPSG:4326 first).
    level : {"province", "city", "county"}

    Returns
    -------
    DataFrame
        Columns ``id``, ``adcode`` (:data:`OUTSIDE` = 0 outside the YRD), ``km``
        (lines), ``km2`` (polygons), ``points`` (number of points), one row per
        item × region where any of it lies (above 1 mm / 1 m² of noise) or a point
        falls, in item order then by adcode, the outside part last. The parts of an
        item add up to its whole length or area; whether the item *counts* in a
        region is :func:`lies_in`.

    Raises
    ------
    ValueError
        If ``level`` is not one of :data:`geo.catalog.LEVELS`.

    Examples
    --------
    >>> line = shapely.LineString([(120.95, 31.38), (121.25, 31.38)])  # 昆山 → 嘉定
    >>> items = gpd.GeoDataFrame({"id": ["x"]}, geometry=[line], crs=4326)
    >>> m = measure_by_region(items, "province")
    >>> m.adcode.tolist(), round(float(m.km.sum()), 1)
    ([310000, 320000], 28.5)
    """
    choice("level", level, LEVELS)
    if items.empty:
        return pd.DataFrame({"id": pd.Series(dtype=object),
                             "adcode": pd.Series(dtype="int64"),
                             "km": pd.Series(dtype=float), "km2": pd.Series(dtype=float),
                             "points": pd.Series(dtype="int64")})
    geo = items.geometry if items.crs == crs.STORAGE else items.geometry.to_crs(crs.STORAGE)
    geoms = np.asarray(geo.values, dtype=object)
    members = ([_members_of(v) for v in items["member_adcodes"]]
               if "member_adcodes" in items else [()] * len(items))
    rows_id, rows_code, rows_km, rows_km2, rows_pt = [], [], [], [], []
    for item_id, (codes, km, km2, pts, tot_km, tot_km2) in zip(
            items["id"], _parts(geoms, members, level)):
        keep = (km > EPS_KM) | (km2 > EPS_KM2) | (pts > 0)
        rows_id.extend([item_id] * int(keep.sum()))
        rows_code.append(codes[keep])
        rows_km.append(km[keep])
        rows_km2.append(km2[keep])
        rows_pt.append(pts[keep])
        out_km, out_km2 = tot_km - km.sum(), tot_km2 - km2.sum()
        if out_km > EPS_KM or out_km2 > EPS_KM2:
            rows_id.append(item_id)
            rows_code.append(np.array([OUTSIDE]))
            rows_km.append(np.array([max(out_km, 0.0)]))
            rows_km2.append(np.array([max(out_km2, 0.0)]))
            rows_pt.append(np.array([0]))
    table = pd.DataFrame({
        "id": pd.Series(rows_id, dtype=object),
        "adcode": np.concatenate(rows_code).astype("int64") if rows_code else [],
        "km": np.concatenate(rows_km).astype(float) if rows_km else [],
        "km2": np.concatenate(rows_km2).astype(float) if rows_km2 else [],
        "points": np.concatenate(rows_pt).astype("int64") if rows_pt else [],
    })
    return table[_COLUMNS]
