"""Statistics of a selection by province or city, and comparisons (查询统计 · 对比分析).

For each region of a level: how many items lie in it, by layer and by status;
km of rail and of waterway items inside it and km² of demonstration-zone,
metropolitan, ecological and zone items inside it (clipped, from
:func:`geo.measure.measure_by_region`); how many of its items are
cross-provincial. An item counts in every region where a part of it lies
(:func:`geo.measure.lies_in`), so a cross-provincial item counts in each of its
provinces, and the "合计 / Total" row counts each item once. Parts outside the
four provinces (sea crossings) form an "区外/海域 / outside" row so that km and km²
add up to the items' whole length and area.

km and km² are given two ways. By default (``rail_km``, ``zone_km2`` …) overlaps are
merged (:func:`dissolve`): the area the items of a layer *cover* (上海大都市圈 and
苏锡常都市圈 overlap; 安徽's cooperation zones cannot add up to more than 安徽), and
the km of distinct line, where a line running within :data:`LINE_TOLERANCE_M` of a
longer one of its layer (a schematic corridor over the railway it contains, 大运河文化带
over 京杭大运河) counts once. The per-item sums, what adding the items' own figures
gives, are the ``*_sum`` measures, labelled so.

Pure: takes and returns (Geo)DataFrames; no I/O beyond the cached boundaries, no
streamlit.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.errors import InputError, choice
from geo.measure import MIN_KM, MIN_KM2, OUTSIDE, lies_in, measure_by_region
from geo.regions import Region, RegionError, regions, resolve
from geo.schema import LAYERS, STATUS

__all__ = ["BY", "LENGTH_MEASURES", "AREA_MEASURES", "SUM_MEASURES", "MEASURES",
           "LINE_TOLERANCE_M", "RegionStats", "region_stats", "assemble_stats", "statistics",
           "compare", "measure_label", "dissolve", "union_amount"]

#: the levels statistics are given by
BY = ("province", "city")
#: km of an item layer inside a region
LENGTH_MEASURES = {"rail_km": "rail", "waterway_km": "waterway"}
#: km² of an item layer inside a region
AREA_MEASURES = {"demonstration_km2": "demonstration_zone",
                 "metropolitan_km2": "metropolitan_area",
                 "ecological_km2": "ecological_corridor", "zone_km2": "zone"}

#: a line within this many metres of a longer line of its layer is the same corridor
LINE_TOLERANCE_M = 2000.0

_AMOUNT_TITLES = {
    "rail_km": ("轨道交通里程", "Rail length", "km"),
    "waterway_km": ("水运与水利里程", "Waterway length", "km"),
    "demonstration_km2": ("示范区面积", "Demonstration zone area", "km²"),
    "metropolitan_km2": ("都市圈面积", "Metropolitan area", "km²"),
    "ecological_km2": ("生态屏障与廊道面积", "Ecological area", "km²"),
    "zone_km2": ("合作与开放区域面积", "Zone area", "km²"),
}
#: per-item sum measure → the merged measure it sums (``rail_km_sum`` → ``rail_km``)
SUM_MEASURES = {f"{k}_sum": k for k in _AMOUNT_TITLES}

#: measure key → zh/en titles and unit; ``n_<layer>`` counts follow :data:`geo.schema.LAYERS`
MEASURES: dict[str, dict[str, str]] = {
    "items": {"zh": "项目数", "en": "Items", "unit": "项", "unit_en": "count"},
    **{f"n_{k}": {"zh": f"{v['zh']}项目数", "en": f"{v['en']}: items", "unit": "项",
                  "unit_en": "count"} for k, v in LAYERS.items()},
    "cross_provincial": {"zh": "跨省项目数", "en": "Cross-provincial items", "unit": "项",
                         "unit_en": "count"},
    "cross_share": {"zh": "跨省项目占比", "en": "Share of cross-provincial items",
                    "unit": "%", "unit_en": "%"},
    **{k: {"zh": zh, "en": en, "unit": unit, "unit_en": unit}
       for k, (zh, en, unit) in _AMOUNT_TITLES.items()},
    **{f"{k}_sum": {"zh": f"{zh}（各项之和）", "en": f"{en} (sum of items)", "unit": unit,
                    "unit_en": unit}
       for k, (zh, en, unit) in _AMOUNT_TITLES.items()},
}

_ROW_LABEL = {"outside": ("区外/海域", "outside the four provinces / sea"),
              "total": ("合计", "Total")}
_KEYS = ["adcode", "name_zh", "name_en", "level", "province_adcode", "kind"]


def measure_label(key: str, lang: str = "zh", unit: bool = True) -> str:
    """Title of a measure, e.g. ``轨道交通里程（km）`` or ``Rail length (km)``.

    Examples
    --------
    >>> measure_label("rail_km"), measure_label("cross_share", "en")
    ('轨道交通里程（km）', 'Share of cross-provincial items (%)')
    """
    if key not in MEASURES:
        raise InputError(f"unknown measure {key!r}; accepted: {', '.join(MEASURES)}")
    m = MEASURES[key]
    title = m["zh"] if lang == "zh" else m["en"]
    if not unit:
        return title
    return f"{title}（{m['unit']}）" if lang == "zh" else f"{title} ({m['unit_en']})"


@dataclass(frozen=True)
class RegionStats:
    """The statistics of one selection at one level.

    Attributes
    ----------
    level : "province" or "city"
    summary : one row per region (all regions of the level, or those inside
        ``within``), then an "outside" row when some of the selection lies outside
        the four provinces, then the "total" row; columns ``adcode``, ``name_zh``,
        ``name_en``, ``level``, ``province_adcode``, ``kind`` (region / outside /
        total) and every key of :data:`MEASURES`.
    by_layer : long table region × layer: ``count``, ``km``, ``km2`` (regions only).
    by_status : long table region × status (zh, en): ``count`` (regions only, no zeros).
    """

    level: str
    summary: pd.DataFrame
    by_layer: pd.DataFrame
    by_status: pd.DataFrame

    def to_records(self) -> dict:
        """JSON-ready dict: ``by`` and the three tables as lists of plain dicts."""
        return {"by": self.level,
                **{name: _plain(getattr(self, name)) for name in ("summary", "by_layer",
                                                                   "by_status")}}


def _plain(df: pd.DataFrame) -> list[dict]:
    return [{k: (v.item() if hasattr(v, "item") else v) for k, v in rec.items()}
            for rec in df.to_dict("records")]


def _provinces(within: Iterable) -> list[int]:
    out = []
    for p in within:
        r = p if isinstance(p, Region) else resolve(p, level="province")
        if r.level != "province":
            raise RegionError(f"within: {p!r} is a {r.level}, not a province")
        out.append(r.adcode)
    return out


def _check(items: gpd.GeoDataFrame) -> None:
    missing = [c for c in ("id", "layer", "status") if c not in items.columns]
    if missing:
        raise InputError(f"items lack column(s) {', '.join(missing)}; "
                         "expected the catalog's schema (geo.schema.PROJECT_FIELDS)")
    bad = sorted(set(items["layer"]) - set(LAYERS))
    if bad:
        raise InputError(f"unknown layer {bad[0]!r}; accepted: {', '.join(LAYERS)}")
    bad = sorted(set(items["status"]) - set(STATUS))
    if bad:
        raise InputError(f"unknown status {bad[0]!r}; accepted: {', '.join(STATUS)}")


def _membership(items: gpd.GeoDataFrame, parts: pd.DataFrame) -> dict[int, set]:
    """adcode → ids of the items that count there. :data:`OUTSIDE` holds the items
    with a part outside (above the thresholds, or a point at sea) or lying nowhere
    inside."""
    counted = lies_in(parts).to_numpy()
    outside = ((parts["adcode"] == OUTSIDE)
               & ((parts["km"] > MIN_KM) | (parts["km2"] > MIN_KM2))).to_numpy()
    members: dict[int, set] = {OUTSIDE: set()}
    for item, code, inside, out in zip(parts["id"], parts["adcode"], counted, outside):
        if inside or out:
            members.setdefault(int(code), set()).add(item)
    geoms = items.geometry.values
    n_points = np.where(shapely.get_dimensions(geoms) == 0, shapely.get_num_geometries(geoms), 0)
    placed = parts.groupby("id")["points"].sum().to_dict()
    lying = set().union(*(v for k, v in members.items() if k != OUTSIDE))
    for item, n in zip(items["id"], n_points):
        if n > placed.get(item, 0) or item not in lying:
            members[OUTSIDE].add(item)
    return members


def _cross_ids(province_parts: pd.DataFrame) -> set:
    """Ids of the items that lie in two or more provinces."""
    inside = province_parts[lies_in(province_parts)]
    n = inside.groupby("id")["adcode"].nunique()
    return set(n[n > 1].index)


def dissolve(items: gpd.GeoDataFrame, tolerance_m: float = LINE_TOLERANCE_M
             ) -> gpd.GeoDataFrame:
    """The measured layers' items with their overlaps merged: per polygon layer one
    union of its polygons (points and lines have no area); per line layer each line (longest first) less what lies within
    ``tolerance_m`` of the longer lines before it. Columns ``id`` (``<layer>:<n>``),
    ``layer``, ``member_adcodes`` (the layer's admin units, when every item has them);
    EPSG:4326.

    Examples
    --------
    >>> a = shapely.LineString([(120.0, 31.0), (121.0, 31.0)])
    >>> b = shapely.LineString([(120.2, 31.005), (120.8, 31.005)])   # 0.5 km beside a
    >>> items = gpd.GeoDataFrame({"id": ["a", "b"], "layer": ["rail", "rail"]},
    ...                          geometry=[a, b], crs=4326)
    >>> d = dissolve(items)
    >>> list(d["id"]), round(float(d.to_crs(3857).length.iloc[1]), 3)
    (['rail:0', 'rail:1'], 0.0)
    """
    from geo import crs

    measured = {**{v: "line" for v in LENGTH_MEASURES.values()},
                **{v: "area" for v in AREA_MEASURES.values()}}
    ids, layers, geoms, members = [], [], [], []
    items = items if items.crs == crs.STORAGE else items.to_crs(crs.STORAGE)
    for layer, kind in measured.items():
        part = items[items["layer"] == layer]
        if part.empty:
            continue
        if kind == "area":
            ids.append(f"{layer}:0")
            layers.append(layer)
            # only the polygons have area: a union with the layer's points and lines is
            # a GeometryCollection, which GEOS overlays (the clip per region) far slower
            values = part.geometry.values
            geoms.append(shapely.union_all(values[shapely.get_dimensions(values) == 2]))
            units = ([() if v is None or isinstance(v, float) else tuple(v)
                      for v in part["member_adcodes"]] if "member_adcodes" in part else [])
            members.append(_outermost({int(u) for m in units for u in m})
                           if units and all(len(m) for m in units) else None)
            continue
        metric = part.geometry.to_crs(crs.METRIC)
        order = np.argsort(-metric.length.to_numpy(), kind="stable")
        lines = np.asarray(metric.values, dtype=object)[order]
        # only the longer lines within the tolerance can take anything from a line: find
        # them with an index instead of growing one union of every line before it
        line_i, near_j = shapely.STRtree(lines).query(lines, predicate="dwithin",
                                                      distance=tolerance_m)
        before = near_j < line_i
        line_i, near_j = line_i[before], near_j[before]
        # each line less the buffer of each longer neighbour in turn (the buffer of a
        # union is the union of the buffers), one vectorised difference per round
        by_line = np.lexsort((near_j, line_i))
        line_i, near_j = line_i[by_line], near_j[by_line]
        starts = np.r_[0, np.flatnonzero(np.diff(line_i)) + 1].astype(np.int64)
        rank = (np.arange(len(line_i)) - np.repeat(starts, np.diff(np.r_[starts, len(line_i)]))
                if len(line_i) else np.zeros(0, dtype=np.int64))
        buffers = np.empty(len(lines), dtype=object)
        needed = np.unique(near_j)
        buffers[needed] = shapely.buffer(lines[needed], tolerance_m)
        rest = lines.copy()
        for r in range(int(rank.max()) + 1 if len(rank) else 0):
            at = rank == r
            rest[line_i[at]] = shapely.difference(rest[line_i[at]], buffers[near_j[at]])
        back = crs.project(rest, crs.METRIC, crs.STORAGE)
        for n, g in enumerate(back):
            ids.append(f"{layer}:{n}")
            layers.append(layer)
            geoms.append(g)
            members.append(None)
    return gpd.GeoDataFrame({"id": ids, "layer": layers, "member_adcodes": members},
                            geometry=gpd.GeoSeries(geoms, crs=crs.STORAGE).values,
                            crs=crs.STORAGE)


def _outermost(units: set[int]) -> list[int]:
    """The admin units of ``units`` not inside another one of them (a city whose
    province is listed adds nothing to the union)."""
    from geo.regions import all_regions

    parent = {r.adcode: (r.province_adcode, getattr(r, "city_adcode", None))
              for r in all_regions()}
    return sorted(u for u in units
                  if not any(a in units and a != u for a in parent.get(u, ())))


_DISSOLVED: dict[bytes, gpd.GeoDataFrame] = {}
_MEASURED: dict[tuple[bytes, str], dict[tuple[int, str], list[float]]] = {}


def _remember(memo: dict, key, make):
    if key not in memo:
        if len(memo) > 256:
            memo.pop(next(iter(memo)))
        memo[key] = make()
    return memo[key]


def _layer_key(part: gpd.GeoDataFrame, layer: str) -> bytes:
    """A digest of one layer's items: their geometries (WKB, encoded in one vectorised
    call) and members."""
    import hashlib

    h = hashlib.sha1(layer.encode())
    wkb = shapely.to_wkb(np.asarray(part.geometry.values, dtype=object))
    h.update(np.asarray([len(b) for b in wkb], dtype=np.int64).tobytes())
    h.update(b"".join(wkb))
    if "member_adcodes" in part:
        h.update(repr(list(part["member_adcodes"])).encode())
    return h.digest()


def _dissolved(items: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """:func:`dissolve`, memoised by the items' layers, geometries and members (a new
    filter over the same catalog dissolves again only the layers that changed)."""
    out = []
    for layer, part in _by_layer(items):
        key = _layer_key(part, layer)
        out.append(_remember(_DISSOLVED, key, lambda: dissolve(part)))
    if not out:
        return dissolve(items)
    return gpd.GeoDataFrame(pd.concat(out, ignore_index=True), crs=out[0].crs)


def _by_layer(items: gpd.GeoDataFrame):
    """(layer, its items) in order of first appearance, one grouping pass."""
    codes, uniques = pd.factorize(items["layer"])
    for k, layer in enumerate(uniques):
        yield layer, items.iloc[np.flatnonzero(codes == k)]


def _amount(parts: pd.DataFrame, layer_of: dict) -> dict[tuple[int, str], list[float]]:
    """(region adcode, layer) → [km, km²] summed over the measured ``parts``
    (:func:`geo.measure.measure_by_region` rows; ``layer_of``: item id → its layer).

    Examples
    --------
    >>> parts = pd.DataFrame({"id": ["a", "b"], "adcode": [310000, 310000],
    ...                       "km": [1.5, 2.0], "km2": [0.0, 0.25]})
    >>> _amount(parts, {"a": "rail", "b": "rail"})
    {(310000, 'rail'): [3.5, 0.25]}
    """
    out: dict[tuple[int, str], list[float]] = {}
    for item, code, km, km2 in zip(parts["id"], parts["adcode"], parts["km"], parts["km2"]):
        acc = out.setdefault((int(code), layer_of[item]), [0.0, 0.0])
        acc[0] += km
        acc[1] += km2
    return out


def _measured_union(pieces: gpd.GeoDataFrame, by: str) -> dict[tuple[int, str], list[float]]:
    """(region adcode, layer) → [km, km²] of dissolved ``pieces`` (uncapped)."""
    pieces = pieces[~pieces.geometry.is_empty]
    if pieces.empty:
        return {}
    members = pieces["member_adcodes"]
    if members.isna().any():          # exact admin units only where every item had them
        pieces = pieces.assign(member_adcodes=[m if isinstance(m, list) else None
                                               for m in members])
    return _amount(measure_by_region(pieces, by), dict(zip(pieces["id"], pieces["layer"])))


def union_amount(items: gpd.GeoDataFrame, by: str) -> dict[tuple[int, str], list[float]]:
    """(region adcode, layer) → [km, km²] of the items with overlaps merged
    (:func:`dissolve`), the parts outside under :data:`geo.measure.OUTSIDE`.

    Each layer is dissolved and measured once per distinct set of its items (memoised
    by :func:`_layer_key`), so a new filter or statistics level over the same items
    re-measures only the layers that changed."""
    from geo import crs

    items = items if items.crs == crs.STORAGE else items.to_crs(crs.STORAGE)
    out: dict[tuple[int, str], list[float]] = {}
    groups = list(_by_layer(items)) if len(items) else []
    measured = set(LENGTH_MEASURES.values()) | set(AREA_MEASURES.values())
    for layer, part in groups:
        if layer not in measured:     # dissolve() measures only these layers
            continue
        key = _layer_key(part, layer)
        pieces = _remember(_DISSOLVED, key, lambda: dissolve(part))
        got = _remember(_MEASURED, (key, by), lambda: _measured_union(pieces, by))
        for k, v in got.items():
            acc = out.setdefault(k, [0.0, 0.0])
            acc[0] += v[0]
            acc[1] += v[1]
    if not out:
        return out
    # what a layer covers in a region cannot exceed the region (clipping a large
    # dissolved outline can overshoot: see the README's note on ecological areas)
    from geo.catalog import load_regions

    area = dict(zip(load_regions(by, "full")["adcode"].astype(int),
                    load_regions(by, "full")["area_km2"].astype(float)))
    for (code, _layer), acc in out.items():
        if code in area:
            acc[1] = min(acc[1], area[code])
    return out


def _rows(level: str, within: list[int]) -> list[tuple]:
    return [(r.adcode, r.name_zh, r.name_en, r.level, r.province_adcode, "region")
            for r in regions(level) if not within or r.province_adcode in within]


def region_stats(items: gpd.GeoDataFrame, by: str = "province",
                 within: Iterable = ()) -> RegionStats:
    """Counts, km and km² of ``items`` by province or by city.

    Parameters
    ----------
    items : GeoDataFrame of catalog items (columns ``id``, ``layer``, ``status``,
        geometry in any CRS; ``member_adcodes`` makes admin-derived areas exact).
    by : {"province", "city"}
    within : provinces (names, English names or adcodes) to restrict the rows to
        (their own row, or their cities); empty = all four. The "outside" row is
        shown only when ``within`` is empty.

    Returns
    -------
    RegionStats

    Raises
    ------
    ValueError
        For an unknown ``by``, a missing column, or an unknown layer or status.
    geo.regions.RegionError
        For an unknown province in ``within``.

    Examples
    --------
    >>> from geo.catalog import load_projects
    >>> s = region_stats(load_projects(), "province")
    >>> s.summary.kind.tolist()[:4], s.summary.kind.tolist()[-1]
    (['region', 'region', 'region', 'region'], 'total')
    >>> int(s.summary.iloc[-1]["items"]) == len(load_projects())
    True
    """
    choice("by", by, BY)
    _check(items)
    parts = measure_by_region(items, by)
    province_parts = parts if by == "province" else measure_by_region(items, "province")
    return _region_stats(items, by, _provinces(within), parts, _cross_ids(province_parts))


def _region_stats(items: gpd.GeoDataFrame, by: str, within: list[int], parts: pd.DataFrame,
                  cross: set) -> RegionStats:
    layer_of = dict(zip(items["id"], items["layer"]))
    status_of = dict(zip(items["id"], items["status"]))
    members = {code: {i: (layer_of[i], status_of[i], i in cross) for i in ids}
               for code, ids in _membership(items, parts).items()}
    return assemble_stats(by, within, members, _amount(parts, layer_of), union_amount(items, by))


def assemble_stats(by: str, within: list[int], members: dict[int, dict],
                   amount: dict[tuple[int, str], list[float]],
                   union: dict[tuple[int, str], list[float]] | None = None, *,
                   total: dict[tuple, int] | None = None) -> RegionStats:
    """The tables of :class:`RegionStats` from what lies where.

    ``members``: region adcode → {item id: (layer, status, cross-provincial)} of the
    items lying in it; or, with ``total``, region adcode → {(layer, status,
    cross-provincial): number of items} and ``total`` the same counts of the distinct
    items of the shown rows (what the PostGIS store's SQL counts). ``amount``: (region
    adcode, layer) → [km, km²] summed over items; ``union``: the same with overlaps
    merged (:func:`union_amount`; the sums when not given). Shared by the file store
    (:func:`region_stats`) and the PostGIS store (``geo.db.queries``).

    Examples
    --------
    >>> members = {310000: {"a": ("rail", "规划", True)}, 320000: {"a": ("rail", "规划", True),
    ...            "b": ("hub", "在建", False)}}
    >>> amount = {(310000, "rail"): [10.0, 0.0], (320000, "rail"): [5.0, 0.0]}
    >>> by_id = assemble_stats("province", [], members, amount)
    >>> counted = assemble_stats("province", [], {310000: {("rail", "规划", True): 1},
    ...     320000: {("rail", "规划", True): 1, ("hub", "在建", False): 1}}, amount,
    ...     total={("rail", "规划", True): 1, ("hub", "在建", False): 1})
    >>> by_id.summary.equals(counted.summary), int(by_id.summary.iloc[-1]["items"])
    (True, 2)
    """
    # the covered part of a region can't exceed the sum of the items' parts there: a
    # dissolved outline clipped to the boundaries leaves slivers (a few km² "outside")
    union = amount if union is None else {
        key: [min(u, a) for u, a in zip(v, amount.get(key, [0.0, 0.0]))]
        for key, v in union.items()}
    rows = _rows(by, within)
    if not within and (members.get(OUTSIDE) or any(c == OUTSIDE for c, _ in amount)
                       or any(c == OUTSIDE and max(v) > 0 for (c, _), v in union.items())):
        zh, en = _ROW_LABEL["outside"]
        rows.append((OUTSIDE, zh, en, "outside", OUTSIDE, "outside"))
    if total is None:              # by item: count each (layer, status, cross) once
        counts = {code: Counter(ids.values()) for code, ids in members.items()}
        shown: dict = {}
        for r in rows:
            shown.update(members.get(r[0], {}))
        total = Counter(shown.values())
    else:
        counts = members

    def measures(tally: dict[tuple, int], km_of, merged_of) -> dict:
        out = {"items": sum(tally.values())}
        for layer in LAYERS:
            out[f"n_{layer}"] = sum(n for k, n in tally.items() if k[0] == layer)
        out["cross_provincial"] = sum(n for k, n in tally.items() if k[2])
        out["cross_share"] = (100.0 * out["cross_provincial"] / out["items"] if out["items"]
                              else 0.0)
        for key, layer in LENGTH_MEASURES.items():
            out[key] = merged_of(layer)[0]
        for key, layer in AREA_MEASURES.items():
            out[key] = merged_of(layer)[1]
        for key, layer in LENGTH_MEASURES.items():
            out[f"{key}_sum"] = km_of(layer)[0]
        for key, layer in AREA_MEASURES.items():
            out[f"{key}_sum"] = km_of(layer)[1]
        return out

    summary, by_layer, by_status = [], [], []
    for row in rows:
        code = row[0]
        tally = counts.get(code, {})
        summary.append(dict(zip(_KEYS, row), **measures(
            tally, lambda layer: amount.get((code, layer), [0.0, 0.0]),
            lambda layer: union.get((code, layer), [0.0, 0.0]))))
        if row[5] != "region":
            continue
        for layer, title in LAYERS.items():
            km, km2 = amount.get((code, layer), [0.0, 0.0])
            by_layer.append((*row[:3], layer, sum(n for k, n in tally.items() if k[0] == layer),
                             km, km2, title["zh"], title["en"]))
        for status, status_en in STATUS.items():
            n = sum(m for k, m in tally.items() if k[1] == status)
            if n:
                by_status.append((*row[:3], status, n, status_en))
    zh, en = _ROW_LABEL["total"]
    summary.append(dict(zip(_KEYS, (-1, zh, en, by, -1, "total")), **measures(
        total, lambda layer: [sum(amount.get((r[0], layer), [0.0, 0.0])[k] for r in rows)
                              for k in (0, 1)],
        lambda layer: [sum(union.get((r[0], layer), [0.0, 0.0])[k] for r in rows)
                       for k in (0, 1)])))
    summary = pd.DataFrame(summary, columns=_KEYS + list(MEASURES))
    by_layer = pd.DataFrame(by_layer, columns=["adcode", "name_zh", "name_en", "layer", "count",
                                               "km", "km2", "layer_zh", "layer_en"])
    by_status = pd.DataFrame(by_status, columns=["adcode", "name_zh", "name_en", "status",
                                                 "count", "status_en"])
    return RegionStats(by, summary, by_layer, by_status)


def statistics(items: gpd.GeoDataFrame, within: Iterable = ()) -> dict[str, RegionStats]:
    """The whole statistics view: :func:`region_stats` by province and by city.

    Examples
    --------
    >>> from geo.catalog import load_projects
    >>> sorted(statistics(load_projects()))
    ['city', 'province']
    """
    _check(items)
    within = _provinces(within)
    parts = {by: measure_by_region(items, by) for by in BY}
    cross = _cross_ids(parts["province"])
    return {by: _region_stats(items, by, within, parts[by], cross) for by in BY}


def compare(items: gpd.GeoDataFrame, places: Iterable, lang: str = "zh") -> pd.DataFrame:
    """The same measures for two or more provinces or cities side by side, with
    each place's difference from the first.

    Parameters
    ----------
    items : as for :func:`region_stats`.
    places : two or more province or city names, English names or adcodes
        (provinces and cities may be mixed, e.g. 上海 and 苏州).
    lang : "zh" or "en": the language of the place and measure labels.

    Returns
    -------
    DataFrame
        One row per measure (``measure`` key, ``label``, ``unit``; then item counts
        by status as ``status:<zh>``), one column per place named by the place,
        then one ``Δ <place> − <first>`` column per further place.

    Raises
    ------
    ValueError
        For fewer than two places, a place given twice, or a county.
    geo.regions.RegionError
        For an unknown or ambiguous place (naming the closest matches).

    Examples
    --------
    >>> from geo.catalog import load_projects
    >>> t = compare(load_projects(), ["上海", "浙江"])
    >>> list(t.columns)
    ['measure', 'label', 'unit', '上海市', '浙江省', 'Δ 浙江省 − 上海市']
    """
    choice("lang", lang, ("zh", "en"))
    resolved: list[Region] = []
    for p in places:
        r = p if isinstance(p, Region) else resolve(p)
        if r.level not in BY:
            raise InputError(f"place {p!r} is a {r.level} ({r.name_zh}); compare provinces "
                             "or cities")
        if r in resolved:
            raise InputError(f"place {p!r} ({r.name_zh}) is given twice")
        resolved.append(r)
    if len(resolved) < 2:
        raise InputError(f"compare needs two or more places; got {len(resolved)}")
    stats = {lvl: region_stats(items, lvl) for lvl in {r.level for r in resolved}}
    names = [r.label(lang) for r in resolved]
    if len(set(names)) < len(names):  # 上海市 the province and 上海市 the city
        names = [f"{n} ({r.adcode})" for n, r in zip(names, resolved)]
    columns = {}
    for r, name in zip(resolved, names):
        s = stats[r.level]
        row = s.summary.set_index("adcode").loc[r.adcode]
        st = s.by_status[s.by_status["adcode"] == r.adcode].set_index("status")["count"]
        columns[name] = [float(row[k]) for k in MEASURES] + [float(st.get(k, 0)) for k in STATUS]
    keys = list(MEASURES) + [f"status:{k}" for k in STATUS]
    labels = [measure_label(k, lang, unit=False) for k in MEASURES] + \
        [k if lang == "zh" else v for k, v in STATUS.items()]
    units = [MEASURES[k]["unit" if lang == "zh" else "unit_en"] for k in MEASURES] + \
        ["项" if lang == "zh" else "count"] * len(STATUS)
    table = pd.DataFrame({"measure": keys, "label": labels, "unit": units, **columns})
    for name in names[1:]:
        table[f"Δ {name} − {names[0]}"] = table[name] - table[names[0]]
    status_rows = table["measure"].str.startswith("status:")
    keep = ~status_rows | (table[names].sum(axis=1) > 0)
    return table[keep].reset_index(drop=True)
