"""The PostGIS store's queries in SQL: computed regions, filters, per-region statistics.

Each function takes an open connection (see :func:`geo.db.connection.session`) and
returns the same frame as the file store's Python — :func:`geo.item_regions.with_regions`,
:func:`geo.criteria.filter_items`, :func:`geo.stats.region_stats` — computed by PostGIS:
items' parts per region come from ``project_regions`` (measured by
:mod:`geo.db.measure` when an item is written), the statistics from ``project_stats``
(each item's membership and parts per level, derived in the same transaction by the
SQL function ``yrdmap_measure_stats``, migration 003) as one GROUP BY, and a frame of an
earlier store version is refreshed by row revision (:func:`refresh_with_regions`,
migration 004). :class:`geo.db.store.PostGISStore`
answers ``load_all_with_regions``, ``select`` and ``region_stats`` with them, so every
door in team mode filters and counts in SQL. Names are resolved, and arguments checked,
by the same Python functions as the file store (:mod:`geo.criteria`), so errors read
the same. Neighbours, borders, crossings and routes are computed in Python on the bundled
boundaries (:mod:`geo.adjacency`), with the store's items.
"""
from __future__ import annotations

from collections.abc import Iterable

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.catalog import LEVELS
from geo.criteria import check_layers, resolve_all, status_to_zh
from geo.db.items import read_items
from geo.db.measure import STATS_EPS
from geo.errors import InputError
from geo.item_regions import set_computed
from geo.measure import MIN_KM, MIN_KM2
from geo.stats import BY, _provinces, _rows, assemble_stats, union_amount

__all__ = ["measure_table", "with_regions", "refresh_with_regions", "revisions",
           "filter_projects", "select_ids", "region_stats"]

_EPS = STATS_EPS

# each item's parts at one level, as geo.measure.measure_by_region: rows above the noise
# floor, then the part outside the four provinces (total minus the parts inside)
_PARTS = """
SELECT id, adcode, km, km2, points FROM (
    SELECT p.id, p.seq, r.adcode, r.km, r.km2, r.points
    FROM project_regions r JOIN projects p ON p.id = r.project_id
    WHERE r.level = %(level)s AND ({where})
      AND (r.km > {eps} OR r.km2 > {eps} OR r.points > 0)
    UNION ALL
    SELECT p.id, p.seq, 0, greatest(coalesce(p.length_km, 0) - coalesce(s.km, 0), 0),
           greatest(coalesce(p.area_km2, 0) - coalesce(s.km2, 0), 0), 0
    FROM projects p
    LEFT JOIN (SELECT project_id, sum(km) AS km, sum(km2) AS km2 FROM project_regions
               WHERE level = %(level)s GROUP BY project_id) s ON s.project_id = p.id
    WHERE ({where}) AND NOT p.members_exact
      AND (coalesce(p.length_km, 0) - coalesce(s.km, 0) > {eps}
                         OR coalesce(p.area_km2, 0) - coalesce(s.km2, 0) > {eps})
) t ORDER BY seq, adcode = 0, adcode
"""

# an item lies in a region (geo.measure.lies_in)
_LIES_IN = f"(r.km > {MIN_KM} OR r.km2 > {MIN_KM2} OR r.points > 0)"


def _params(params: dict | None, **more) -> dict:
    return {**(params or {}), **more}


def measure_table(conn, level: str = "province", where: str = "TRUE",
                  params: dict | None = None) -> pd.DataFrame:
    """:func:`geo.measure.measure_by_region` of the items matching ``where`` (alias ``p``)."""
    if level not in LEVELS:
        raise InputError(f"level {level!r} is not one of {', '.join(LEVELS)}")
    rows = conn.execute(_PARTS.format(where=where, eps=_EPS),
                        _params(params, level=level)).fetchall()
    return pd.DataFrame({
        "id": pd.Series([r[0] for r in rows], dtype=object),
        "adcode": np.array([r[1] for r in rows], dtype="int64"),
        "km": np.array([r[2] for r in rows], dtype=float),
        "km2": np.array([r[3] for r in rows], dtype=float),
        "points": np.array([r[4] for r in rows], dtype="int64")})


def with_regions(conn, where: str = "TRUE", params: dict | None = None) -> gpd.GeoDataFrame:
    """Items matching ``where`` with :func:`geo.select.with_regions`' computed columns
    (``provinces``, ``cities_in``, ``km_by_province``, ``km2_by_province``,
    ``length_km``, ``area_km2``, ``cross_provincial``), from the stored measures."""
    items = read_items(conn, where, params, computed=True)
    prov = measure_table(conn, "province", where, params)
    city = measure_table(conn, "city", where, params)
    dims = shapely.get_dimensions(items.geometry.values) if len(items) else np.zeros(0)
    listed = items["member_adcodes"].map(lambda v: isinstance(v, list) and len(v) > 0)
    return set_computed(items.drop(columns=["_length_km", "_area_km2"]), prov, city, dims,
                        length_km=items["_length_km"].astype(float),
                        area_km2=items["_area_km2"].astype(float),
                        members=listed.to_numpy(dtype=bool) & (dims == 2))


def revisions(conn) -> list[tuple[str, int]]:
    """Every item's ``(id, rev)`` in ``seq`` order: the stamp migration 004 renews on
    every write of its row (its measures included)."""
    return conn.execute("SELECT id, rev FROM projects ORDER BY seq").fetchall()


def refresh_with_regions(conn, frame: gpd.GeoDataFrame, revs: dict[str, int]
                         ) -> tuple[gpd.GeoDataFrame, dict[str, int]] | None:
    """:func:`with_regions` of every item, from ``frame`` (that, read when the items had
    the revisions ``revs``) by reading only the rows written since: the new and changed
    rows are read, the removed ones dropped, the rest kept, in ``seq`` order.

    Returns the frame and its revisions, or ``None`` when a full read is needed to give
    the same frame as :func:`with_regions` (most rows changed, or the changed rows bring
    or take away a column of extra properties, or change a column's type).
    """
    now = revisions(conn)
    current = dict(now)
    changed = [i for i, r in now if revs.get(i) != r]
    if not changed and len(current) == len(revs):
        return frame, revs
    if len(changed) > len(now) // 2:
        return None
    gone = set(changed)
    keep = frame[np.fromiter((i in current and i not in gone
                              for i in frame["id"].to_numpy(dtype=object)),
                             dtype=bool, count=len(frame))]
    if changed:
        fresh = with_regions(conn, "p.id = ANY(%(ids)s)", {"ids": changed})
        if not set(fresh.columns) <= set(keep.columns):
            return None              # a new extra property: its column's place may move
        base = _with_regions_columns(fresh)
        for col in keep.columns:
            if col not in base and not keep[col].notna().any() and col not in fresh:
                return None          # an extra property no kept row has any more
        fresh = fresh.reindex(columns=keep.columns)
        # a column whose type the two parts infer differently (text beside None ...):
        # inferred again from all its values, as reading every row does
        mixed = [c for c in keep.columns if c != frame.geometry.name and len(keep)
                 and len(fresh) and keep[c].dtype != fresh[c].dtype]
        merged = pd.concat([keep, fresh], ignore_index=True) if len(keep) else fresh
        merged = gpd.GeoDataFrame(merged, geometry=frame.geometry.name, crs=frame.crs)
    else:
        merged, mixed = keep, []
    for col in merged.columns:       # an extra property only removed rows had
        if col not in _with_regions_columns(merged) and not merged[col].notna().any():
            return None
    place = {i: k for k, (i, _) in enumerate(now)}
    merged_ids = merged["id"].to_numpy(dtype=object)
    at = np.fromiter((place[i] for i in merged_ids), dtype=np.int64, count=len(merged_ids))
    if len(at) > 1 and (np.diff(at) < 0).any():
        merged = merged.iloc[np.argsort(at, kind="stable")]
    merged = merged.reset_index(drop=True)
    for c in mixed:
        merged[c] = pd.Series(merged[c].tolist(), index=merged.index)
    return merged, {i: current[i] for i in merged_ids}


def _with_regions_columns(frame: pd.DataFrame) -> set:
    """The columns every :func:`with_regions` frame has (not the extra properties)."""
    from geo.store.contract import ITEM_FIELDS

    return set(ITEM_FIELDS) | {"version", "provinces", "cities_in", "km_by_province",
                               "km2_by_province", "length_km", "area_km2",
                               "cross_provincial", frame.geometry.name}


def _filters(provinces: Iterable = (), cities: Iterable = (), layers: Iterable[str] = (),
             status: Iterable[str] = (), text: str | None = None,
             cross_provincial: bool = False) -> tuple[str, dict]:
    """The SQL condition (alias ``p``) and parameters of :func:`filter_projects`'s
    criteria, checked and resolved as the file store does."""
    where, params = ["TRUE"], {}
    for key, names, level in (("provinces", provinces, "province"), ("cities", cities, "city")):
        regions = resolve_all(names, level)
        if regions:   # the item lies in one of the regions
            params[key] = [r.adcode for r in regions]
            where.append("EXISTS (SELECT 1 FROM project_regions r WHERE r.project_id = p.id "
                         f"AND r.level = '{level}' AND r.adcode = ANY(%({key})s) AND {_LIES_IN})")
    for column, values in (("layer", check_layers(layers)), ("status", status_to_zh(status))):
        if values:   # the item's value is one of these
            params[column] = values
            where.append(f"p.{column} = ANY(%({column})s)")
    if text:
        params["text"] = text.strip().lower()
        where.append("position(%(text)s IN lower(p.id || E'\\n' || coalesce(p.name_zh, '') || "
                     "E'\\n' || coalesce(p.name_en, '') || E'\\n' || coalesce(p.plan_text, ''))) > 0")
    if cross_provincial:
        where.append("(SELECT count(*) FROM project_regions r WHERE r.project_id = p.id AND "
                     f"r.level = 'province' AND r.adcode <> 0 AND {_LIES_IN}) > 1")
    return " AND ".join(where), params


def filter_projects(conn, *, provinces: Iterable = (), cities: Iterable = (),
                    layers: Iterable[str] = (), status: Iterable[str] = (),
                    text: str | None = None, cross_provincial: bool = False) -> gpd.GeoDataFrame:
    """:func:`geo.select.filter_projects` over the database's items, filtered in SQL
    (same criteria, same errors, same columns and order)."""
    where, params = _filters(provinces, cities, layers, status, text, cross_provincial)
    return with_regions(conn, where, params)


def select_ids(conn, *, provinces: Iterable = (), cities: Iterable = (),
               layers: Iterable[str] = (), status: Iterable[str] = (),
               text: str | None = None, cross_provincial: bool = False
               ) -> tuple[int, list[str]]:
    """The store version and the ids of the items :func:`filter_projects` returns, in
    its order, read in one statement (one snapshot): the filter alone, answered by the
    server (the store assembles the rows from its frame of :func:`with_regions`, cached
    by store version)."""
    where, params = _filters(provinces, cities, layers, status, text, cross_provincial)
    ver, ids = conn.execute("SELECT (SELECT counter FROM store_state), "
                            f"array(SELECT p.id FROM projects p WHERE {where} "
                            "ORDER BY p.seq)", params).fetchone()
    return ver, list(ids)


def rows_of(frame: gpd.GeoDataFrame, ids: list[str]) -> gpd.GeoDataFrame:
    """The rows of ``frame`` (ordered as ``ids``, e.g. by ``seq``) whose id is in ``ids``,
    indexed from 0, as :func:`with_regions` of those ids would return them."""
    if len(ids) == len(frame) and frame["id"].tolist() == list(ids):
        return frame.copy()
    at = pd.Index(np.asarray(frame["id"], dtype=object)).get_indexer(
        np.asarray(ids, dtype=object))
    if (at < 0).any():
        raise RuntimeError(f"{int((at < 0).sum())} selected item(s) are not in the frame")
    return frame.iloc[at].reset_index(drop=True)


# statistics from the items' precomputed rows (project_stats, migration 003), in one
# pass: per region, layer, status and cross-provincial the members, the items counted
# once over all regions (first_member), and the km/km² of the parts; with ``within``
# also the distinct items of the shown regions (the total row then). One statement: one
# snapshot.
_STATS = """
SELECT 'region', adcode, layer, status, cross_provincial,
       count(*) FILTER (WHERE member), count(*) FILTER (WHERE first_member),
       coalesce(sum(km) FILTER (WHERE part), 0), coalesce(sum(km2) FILTER (WHERE part), 0),
       bool_or(part)
FROM project_stats ps WHERE ps.level = %(level)s AND {selected}
GROUP BY adcode, layer, status, cross_provincial
"""
_STATS_SHOWN = """
UNION ALL
SELECT 'shown', NULL, layer, status, cross_provincial, count(DISTINCT project_id), 0, 0, 0,
       false
FROM project_stats ps WHERE ps.level = %(level)s AND {selected} AND member
  AND adcode = ANY(%(shown)s)
GROUP BY layer, status, cross_provincial
"""


def region_stats(conn, by: str = "province", within: Iterable = (), *,
                 provinces: Iterable = (), layers: Iterable[str] = (),
                 status: Iterable[str] = (), items: gpd.GeoDataFrame | None = None):
    """:func:`geo.stats.region_stats` of the items that ``provinces``/``layers``/``status``
    select (as ``yrdmap stats`` does), with memberships, counts and km/km² summed in SQL.
    ``items``: those selected items as :func:`filter_projects` returns them, when the
    caller has them (the merged km/km² dissolve them); default: read them.

    Returns a :class:`geo.stats.RegionStats`.
    """
    if by not in BY:
        raise InputError(f"by {by!r} is not one of {', '.join(BY)}")
    within = _provinces(within)
    where, params = _filters(provinces=provinces, layers=layers, status=status)
    with conn.transaction():
        # a GROUP BY over one table: compiling it (JIT) costs seconds and saves nothing
        conn.execute("SET LOCAL jit = off")
        # every item: no join (layer and status are copies in project_stats)
        selected = ("TRUE" if where == "TRUE" else
                    f"ps.project_id IN (SELECT p.id FROM projects p WHERE {where})")
        sql = _STATS + (_STATS_SHOWN if within else "")
        # the total counts each item once over the shown rows: the regions of `within`
        shown = [r[0] for r in _rows(by, within)]
        rows = conn.execute(sql.format(selected=selected),
                            _params(params, level=by, shown=shown)).fetchall()
    counts: dict[int, dict[tuple, int]] = {}
    total: dict[tuple, int] = {}
    amount: dict[tuple[int, str], list[float]] = {}
    for what, code, layer, st, cross, n, first, km, km2, part in rows:
        key = (layer, st, bool(cross))
        if what == "shown":
            total[key] = int(n)
            continue
        if n:
            counts.setdefault(int(code), {})[key] = int(n)
        if first and not within:        # all regions and outside are shown
            total[key] = total.get(key, 0) + int(first)
        if part:
            acc = amount.setdefault((int(code), layer), [0.0, 0.0])
            acc[0] += float(km)
            acc[1] += float(km2)
    # km/km² with overlaps merged: from the selected geometries (geo.stats.union_amount)
    if items is None:
        items = filter_projects(conn, provinces=provinces, layers=layers, status=status)
    union = union_amount(items, by)
    return assemble_stats(by, within, counts, amount, union, total=total)
