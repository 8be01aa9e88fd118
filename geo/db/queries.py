"""The PostGIS store's queries in SQL: computed regions, filters, per-region statistics.

Each function takes an open connection (see :func:`geo.db.connection.session`) and
returns the same frame as the file store's Python — :func:`geo.item_regions.with_regions`,
:func:`geo.criteria.filter_items`, :func:`geo.stats.region_stats` — computed by PostGIS:
items' parts per region come from ``project_regions`` (measured by
:mod:`geo.db.measure` when an item is written). :class:`geo.db.store.PostGISStore`
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
from geo.errors import InputError
from geo.measure import MIN_KM, MIN_KM2, lies_in
from geo.stats import BY, _provinces, assemble_stats, union_amount

__all__ = ["measure_table", "with_regions", "filter_projects", "select_ids", "region_stats"]

_EPS = 1e-6

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
    inside = prov[lies_in(prov)]

    def per_item(df: pd.DataFrame, col: str) -> dict:
        # one pass over the rows (sorted by item, then adcode): no per-group frames
        out: dict = {}
        for k, a, v in zip(df["id"].tolist(), df["adcode"].tolist(), df[col].tolist()):
            if v:
                out.setdefault(k, {})[int(a)] = round(float(v), 3)
        return out

    def codes(df: pd.DataFrame) -> dict:
        out: dict = {}
        for k, a in zip(df["id"].tolist(), df["adcode"].tolist()):
            out.setdefault(k, []).append(int(a))
        return {k: sorted(v) for k, v in out.items()}

    codes_p, codes_c = codes(inside), codes(city[lies_in(city)])
    km, km2 = per_item(prov, "km"), per_item(prov, "km2")
    out = items.drop(columns=["_length_km", "_area_km2"])
    out["provinces"] = [codes_p.get(i, []) for i in out["id"]]
    out["cities_in"] = [codes_c.get(i, []) for i in out["id"]]
    out["km_by_province"] = [km.get(i, {}) for i in out["id"]]
    out["km2_by_province"] = [km2.get(i, {}) for i in out["id"]]
    dims = shapely.get_dimensions(items.geometry.values) if len(items) else np.zeros(0)
    out["length_km"] = np.where(dims == 1, items["_length_km"].astype(float).round(3), np.nan)
    area = items["_area_km2"].astype(float).copy()
    listed = items["member_adcodes"].map(lambda v: isinstance(v, list) and len(v) > 0)
    members = (listed & (dims == 2)).to_numpy(dtype=bool) if len(items) else listed
    if members.any():
        exact = prov.groupby("id")["km2"].sum()
        area[members] = items.loc[members, "id"].map(exact).to_numpy()
    out["area_km2"] = np.where(dims == 2, area.round(3), np.nan)
    out["cross_provincial"] = out["provinces"].map(len) > 1
    return out


def _filters(provinces: Iterable = (), cities: Iterable = (), layers: Iterable[str] = (),
             status: Iterable[str] = (), text: str | None = None,
             cross_provincial: bool = False) -> tuple[str, dict]:
    """The SQL condition (alias ``p``) and parameters of :func:`filter_projects`'s
    criteria, checked and resolved as the file store does."""
    where, params = ["TRUE"], {}
    provs = resolve_all(provinces, "province")
    if provs:
        params["provinces"] = [p.adcode for p in provs]
        where.append("EXISTS (SELECT 1 FROM project_regions r WHERE r.project_id = p.id AND "
                     f"r.level = 'province' AND r.adcode = ANY(%(provinces)s) AND {_LIES_IN})")
    cits = resolve_all(cities, "city")
    if cits:
        params["cities"] = [c.adcode for c in cits]
        where.append("EXISTS (SELECT 1 FROM project_regions r WHERE r.project_id = p.id AND "
                     f"r.level = 'city' AND r.adcode = ANY(%(cities)s) AND {_LIES_IN})")
    layers = check_layers(layers)
    if layers:
        params["layers"] = layers
        where.append("p.layer = ANY(%(layers)s)")
    status = status_to_zh(status)
    if status:
        params["status"] = status
        where.append("p.status = ANY(%(status)s)")
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


_STATS = """
WITH sel AS (
    SELECT p.id, p.layer, p.status,
           CASE WHEN ST_Dimension(p.geom) = 0 THEN ST_NumGeometries(p.geom) ELSE 0 END AS n_points
    FROM projects p WHERE {where}
),
parts AS MATERIALIZED (SELECT * FROM ({parts}) x),
inside AS MATERIALIZED (
    SELECT DISTINCT r.id, r.adcode FROM parts r WHERE r.adcode <> 0 AND {lies_in}
),
counted AS (SELECT r.id, sum(r.points) AS points FROM parts r GROUP BY r.id),
member AS (
    SELECT id, adcode FROM inside
    UNION
    SELECT r.id, 0 FROM parts r WHERE r.adcode = 0 AND (r.km > {min_km} OR r.km2 > {min_km2})
    UNION
    SELECT s.id, 0 FROM sel s
    LEFT JOIN (SELECT DISTINCT id FROM inside) i ON i.id = s.id
    LEFT JOIN counted c ON c.id = s.id
    WHERE i.id IS NULL OR s.n_points > coalesce(c.points, 0)
),
cross_ids AS (
    SELECT r.project_id AS id FROM project_regions r JOIN sel s ON s.id = r.project_id
    WHERE r.level = 'province' AND {lies_in} GROUP BY r.project_id HAVING count(*) > 1
)
SELECT 'member' AS what, m.adcode, s.layer, s.status, m.id, (x.id IS NOT NULL), 0.0, 0.0
FROM member m JOIN sel s ON s.id = m.id LEFT JOIN cross_ids x ON x.id = m.id
UNION ALL
SELECT 'amount', r.adcode, s.layer, NULL, NULL, NULL, sum(r.km), sum(r.km2)
FROM parts r JOIN sel s ON s.id = r.id GROUP BY r.adcode, s.layer
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
    parts_sql = _PARTS.format(where=where, eps=_EPS).replace("ORDER BY seq, adcode = 0, adcode",
                                                             "")
    sql = _STATS.format(where=where, parts=parts_sql,
                        lies_in=_LIES_IN, min_km=MIN_KM, min_km2=MIN_KM2)
    rows = conn.execute(sql, _params(params, level=by)).fetchall()
    members: dict[int, dict[str, tuple]] = {}
    amount: dict[tuple[int, str], list[float]] = {}
    for what, code, layer, st, item, cross, km, km2 in rows:
        if what == "member":
            members.setdefault(int(code), {})[item] = (layer, st, bool(cross))
        else:
            amount[(int(code), layer)] = [float(km), float(km2)]
    # km/km² with overlaps merged: from the selected geometries (geo.stats.union_amount)
    if items is None:
        items = filter_projects(conn, provinces=provinces, layers=layers, status=status)
    union = union_amount(items, by)
    return assemble_stats(by, within, members, amount, union)
