"""The map's queries in SQL: filters, per-region statistics, neighbours, borders, crossings.

Each function takes an open connection (see :func:`geo.db.connection.session`) and
returns the same frame as its file-store twin — :func:`geo.select.filter_projects`,
:func:`geo.stats.region_stats`, :func:`geo.adjacency.neighbours`,
:func:`geo.adjacency.border`, :func:`geo.adjacency.crossings` — computed by PostGIS:
items' parts per region come from ``project_regions`` (measured by
:mod:`geo.db.measure`), borders from ``county_borders`` (``ST_Intersection`` of county
boundaries, lengths by ``ST_Length`` in METRIC), crossings by ``ST_Intersects`` on the
GiST-indexed geometries. Names are resolved, and arguments checked, by the same Python
functions as the file store, so errors read the same.
"""
from __future__ import annotations

from collections.abc import Iterable

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo import crs
from geo.adjacency._catalog import AdjacencyError, as_region, check_contact, check_level, finer
from geo.adjacency.border import SIDE_COLUMNS, Border
from geo.adjacency.crossings import CROSSING_COLUMNS, SLIVER_M
from geo.adjacency.neighbours import NEIGHBOUR_COLUMNS
from geo.catalog import LEVELS
from geo.db.items import read_items
from geo.errors import InputError
from geo.measure import MIN_KM, MIN_KM2, lies_in
from geo.regions import Region

__all__ = ["measure_table", "with_regions", "filter_projects", "region_stats", "graph",
           "neighbours", "border", "crossings"]

_TABLE = {"province": "provinces", "city": "cities", "county": "counties"}
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
    check_level(level)
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
        return {k: {int(a): round(float(v), 3) for a, v in zip(g.adcode, g[col]) if v}
                for k, g in df.groupby("id")}

    codes_p = {k: sorted(int(a) for a in g.adcode) for k, g in inside.groupby("id")}
    codes_c = {k: sorted(int(a) for a in g.adcode) for k, g in city[lies_in(city)].groupby("id")}
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
    from geo.regions import resolve
    from geo.select import check_layers, status_to_zh

    where, params = ["TRUE"], {}
    provs = [p if isinstance(p, Region) else resolve(p, level="province") for p in provinces]
    if provs:
        params["provinces"] = [p.adcode for p in provs]
        where.append("EXISTS (SELECT 1 FROM project_regions r WHERE r.project_id = p.id AND "
                     f"r.level = 'province' AND r.adcode = ANY(%(provinces)s) AND {_LIES_IN})")
    cits = [c if isinstance(c, Region) else resolve(c, level="city") for c in cities]
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


_STATS = """
WITH sel AS (
    SELECT p.id, p.layer, p.status,
           CASE WHEN ST_Dimension(p.geom) = 0 THEN ST_NumGeometries(p.geom) ELSE 0 END AS n_points
    FROM projects p WHERE {where}
),
parts AS (SELECT * FROM ({parts}) x),
member AS (
    SELECT DISTINCT r.id, r.adcode FROM parts r WHERE r.adcode <> 0 AND {lies_in}
    UNION
    SELECT r.id, 0 FROM parts r WHERE r.adcode = 0 AND (r.km > {min_km} OR r.km2 > {min_km2})
    UNION
    SELECT s.id, 0 FROM sel s
    WHERE NOT EXISTS (SELECT 1 FROM parts r WHERE r.id = s.id AND r.adcode <> 0 AND {lies_in})
       OR s.n_points > (SELECT coalesce(sum(points), 0) FROM parts r WHERE r.id = s.id)
),
cross_ids AS (
    SELECT r.project_id AS id FROM project_regions r JOIN sel s ON s.id = r.project_id
    WHERE r.level = 'province' AND {lies_in} GROUP BY r.project_id HAVING count(*) > 1
)
SELECT 'member' AS what, m.adcode, s.layer, s.status, m.id, (m.id IN (SELECT id FROM cross_ids)),
       0.0, 0.0
FROM member m JOIN sel s ON s.id = m.id
UNION ALL
SELECT 'amount', r.adcode, s.layer, NULL, NULL, NULL, sum(r.km), sum(r.km2)
FROM parts r JOIN sel s ON s.id = r.id GROUP BY r.adcode, s.layer
"""


def region_stats(conn, by: str = "province", within: Iterable = (), *,
                 provinces: Iterable = (), layers: Iterable[str] = (),
                 status: Iterable[str] = ()):
    """:func:`geo.stats.region_stats` of the items that ``provinces``/``layers``/``status``
    select (as ``yrdmap stats`` does), with memberships, counts and km/km² summed in SQL.

    Returns a :class:`geo.stats.RegionStats`.
    """
    from geo.stats import BY, _provinces, assemble_stats, union_amount

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
    union = union_amount(filter_projects(conn, provinces=provinces, layers=layers,
                                         status=status), by)
    return assemble_stats(by, within, members, amount, union)


# ── adjacency ────────────────────────────────────────────────────────────────

def _member_sql(region: Region, alias: str) -> str:
    """SQL condition: county ``alias`` lies in ``region`` (counties nest exactly)."""
    return f"{alias}.{_COL[region.level]} = {int(region.adcode)}"


_COL = {"county": "adcode", "city": "city_adcode", "province": "province_adcode"}


def _ancestor_sql(level: str, alias: str) -> str:
    """SQL: the adcode of the unit at ``level`` containing county ``alias``."""
    return f"{alias}.{_COL[level]}"


_MERGE = ("CASE WHEN sum(shared_km) > 0 "
          "THEN ST_Normalize(ST_LineMerge(ST_CollectionExtract(ST_Collect(geom), 2))) "
          "ELSE ST_Normalize(ST_Union(ST_CollectionExtract(geom, 1))) END")


def _frame(rows, columns) -> gpd.GeoDataFrame:
    data = {c: [r[k] for r in rows] for k, c in enumerate(columns[:-1])}
    geoms = shapely.from_wkb([bytes(r[-1]) for r in rows]) if rows else []
    return gpd.GeoDataFrame(pd.DataFrame(data, columns=columns[:-1]),
                            geometry=gpd.GeoSeries(geoms, crs=crs.STORAGE).values,
                            crs=crs.STORAGE)


def graph(conn, level: str = "county", contact: str = "edge") -> gpd.GeoDataFrame:
    """:func:`geo.adjacency.graph`: unordered pairs ``a < b`` at ``level`` with
    ``shared_km``, ``contact`` and the border geometry, unions of the county borders."""
    check_level(level)
    check_contact(contact)
    anc_a, anc_b = _ancestor_sql(level, "ca"), _ancestor_sql(level, "cb")
    having = "HAVING sum(shared_km) > 0" if contact == "edge" else ""
    rows = conn.execute(f"""
        SELECT least(ua, ub) AS a, greatest(ua, ub) AS b, sum(shared_km),
               CASE WHEN sum(shared_km) > 0 THEN 'edge' ELSE 'point' END,
               ST_AsBinary({_MERGE})
        FROM (SELECT {anc_a} AS ua, {anc_b} AS ub, x.shared_km, x.geom
              FROM county_borders x JOIN counties ca ON ca.adcode = x.a
              JOIN counties cb ON cb.adcode = x.b) q
        WHERE ua <> ub GROUP BY 1, 2 {having} ORDER BY 1, 2""").fetchall()
    out = _frame(rows, ["a", "b", "shared_km", "contact", "geometry"])
    return out.astype({"a": "int64", "b": "int64", "shared_km": float})


def neighbours(conn, region: Region | str | int, level: str | None = None,
               contact: str = "edge") -> gpd.GeoDataFrame:
    """:func:`geo.adjacency.neighbours` in SQL: the county borders with one side in the
    region, summed by the other side's unit at ``level`` (the unit containing the region
    left out)."""
    r = as_region(region)
    level = check_level(level or r.level)
    check_contact(contact)
    ina, inb = _member_sql(r, "ca"), _member_sql(r, "cb")
    own = ""
    if not finer(level, r.level):
        own = f"AND unit <> (SELECT {_ancestor_sql(level, 'c')} FROM counties c " \
              f"WHERE {_member_sql(r, 'c')} LIMIT 1)"
    having = "HAVING sum(shared_km) > 0" if contact == "edge" else ""
    rows = conn.execute(f"""
        SELECT u.adcode, u.name_zh, u.name_en, %(level)s::text, u.province_adcode, n.km,
               CASE WHEN n.km > 0 THEN 'edge' ELSE 'point' END, ST_AsBinary(n.geom)
        FROM (SELECT unit, sum(shared_km) AS km, {_MERGE} AS geom
              FROM (SELECT CASE WHEN {ina} THEN {_ancestor_sql(level, 'cb')}
                                ELSE {_ancestor_sql(level, 'ca')} END AS unit,
                           x.shared_km, x.geom
                    FROM county_borders x JOIN counties ca ON ca.adcode = x.a
                    JOIN counties cb ON cb.adcode = x.b
                    WHERE ({ina}) <> ({inb})) q
              WHERE TRUE {own}
              GROUP BY unit {having}) n
        JOIN {_TABLE[level]} u ON u.adcode = n.unit
        ORDER BY u.adcode""", {"level": level}).fetchall()
    out = _frame(rows, NEIGHBOUR_COLUMNS)
    return out.astype({"adcode": "int64", "province_adcode": "int64", "shared_km": float})


def _pairs_sql(a: Region, b: Region) -> str:
    """County pairs (ca in a, cb in b) in contact, with km and border pieces."""
    return f"""
        SELECT CASE WHEN {_member_sql(a, 'c1')} THEN x.a ELSE x.b END AS ca,
               CASE WHEN {_member_sql(a, 'c1')} THEN x.b ELSE x.a END AS cb,
               x.shared_km, x.geom
        FROM county_borders x JOIN counties c1 ON c1.adcode = x.a
        JOIN counties c2 ON c2.adcode = x.b
        WHERE ({_member_sql(a, 'c1')} AND {_member_sql(b, 'c2')})
           OR ({_member_sql(b, 'c1')} AND {_member_sql(a, 'c2')})"""


def border(conn, a: Region | str | int, b: Region | str | int) -> Border:
    """:func:`geo.adjacency.border` in SQL: the union of the county borders between two
    regions that do not overlap, its METRIC length and the units along it."""
    a, b = sorted((as_region(a), as_region(b)), key=lambda r: (r.adcode, r.level))
    overlap = conn.execute(
        f"SELECT count(*) FROM counties c WHERE ({_member_sql(a, 'c')}) AND "
        f"({_member_sql(b, 'c')})").fetchone()[0]
    if overlap:
        na = conn.execute(f"SELECT count(*) FROM counties c WHERE {_member_sql(a, 'c')}").fetchone()[0]
        nb = conn.execute(f"SELECT count(*) FROM counties c WHERE {_member_sql(b, 'c')}").fetchone()[0]
        outer, inner = (a, b) if na >= nb else (b, a)
        raise AdjacencyError(f"{outer.name_zh} contains {inner.name_zh}: a border needs two "
                             "regions that do not overlap")
    pairs = _pairs_sql(a, b)
    km, count, wkb = conn.execute(
        f"SELECT sum(shared_km), count(*), ST_AsBinary({_MERGE}) FROM ({pairs}) p").fetchone()
    if not count:
        near = ", ".join(neighbours(conn, a, level=b.level, contact="point").name_zh) or "none"
        raise AdjacencyError(f"{a.name_zh} and {b.name_zh} do not border each other; "
                             f"{a.name_zh} borders at {b.level} level: {near}")
    parts = []
    for side, col in ((a, "ca"), (b, "cb")):
        for level in LEVELS:
            if finer(level, side.level):
                parts.append(f"SELECT {side.adcode} AS side, '{level}' AS level, "
                             f"{LEVELS.index(level)} AS o, {_ancestor_sql(level, 'c')} AS adcode, "
                             f"p.shared_km FROM ({pairs}) p JOIN counties c ON c.adcode = p.{col}")
    sides = pd.DataFrame(columns=SIDE_COLUMNS)
    if parts:
        rows = conn.execute(f"""
            SELECT s.side, s.level, s.adcode, u.name_zh, u.name_en, s.km,
                   CASE WHEN s.km > 0 THEN 'edge' ELSE 'point' END
            FROM (SELECT side, level, o, adcode, sum(shared_km) AS km
                  FROM ({' UNION ALL '.join(parts)}) q GROUP BY side, level, o, adcode) s
            JOIN (SELECT adcode, name_zh, name_en FROM cities UNION ALL
                  SELECT adcode, name_zh, name_en FROM counties) u ON u.adcode = s.adcode
            ORDER BY s.side, s.o, s.adcode""").fetchall()
        sides = pd.DataFrame(rows, columns=SIDE_COLUMNS).astype(
            {"side": "int64", "adcode": "int64", "shared_km": float})
    km = float(km)
    return Border(a=a, b=b, geometry=shapely.from_wkb(bytes(wkb)), length_km=km,
                  contact="edge" if km > 0 else "point", sides=sides)


_CROSSINGS = """
WITH bd AS (SELECT ST_SetSRID(ST_GeomFromWKB(%(border)s), 4326) AS g),
cand AS (
    SELECT p.id, p.seq, p.name_zh, p.name_en, p.layer, p.precision, p.member_adcodes, p.geom,
           ST_Dimension(p.geom) AS dim
    FROM projects p, bd
    WHERE ST_Intersects(p.geom, bd.g) AND ST_Dimension(p.geom) >= 1 AND {layers}
),
side AS (
    SELECT c.id,
        coalesce(sum(r.km) FILTER (WHERE r.level = %(la)s AND r.adcode = %(a)s), 0) AS km_a,
        coalesce(sum(r.km) FILTER (WHERE r.level = %(lb)s AND r.adcode = %(b)s), 0) AS km_b,
        coalesce(sum(r.km2) FILTER (WHERE r.level = %(la)s AND r.adcode = %(a)s), 0) AS km2_a,
        coalesce(sum(r.km2) FILTER (WHERE r.level = %(lb)s AND r.adcode = %(b)s), 0) AS km2_b
    FROM cand c LEFT JOIN project_regions r ON r.project_id = c.id
         AND (r.km > {eps} OR r.km2 > {eps} OR r.points > 0)
    GROUP BY c.id
),
admin_derived AS (
    -- polygons drawn as the union of admin units: their member counties
    SELECT c.id, k.adcode, k.city_adcode, k.province_adcode, k.area_km2
    FROM cand c JOIN counties k
      ON k.adcode = ANY(c.member_adcodes) OR k.city_adcode = ANY(c.member_adcodes)
         OR k.province_adcode = ANY(c.member_adcodes)
    WHERE c.precision = 'boundary' AND cardinality(c.member_adcodes) > 0 AND c.dim = 2
),
by_members AS (
    SELECT id,
        coalesce(sum(area_km2) FILTER (WHERE {anc_a} = %(a)s), 0) AS km2_a,
        coalesce(sum(area_km2) FILTER (WHERE {anc_b} = %(b)s), 0) AS km2_b
    FROM admin_derived GROUP BY id
)
SELECT c.id, c.name_zh, c.name_en, c.layer, c.dim, s.km_a, s.km_b,
       coalesce(m.km2_a, s.km2_a), coalesce(m.km2_b, s.km2_b), m.id IS NOT NULL,
       CASE WHEN c.dim = 1 THEN ST_AsBinary((
           SELECT coalesce(ST_Normalize(ST_Collect(pt)), 'MULTIPOINT EMPTY'::geometry) FROM (
               SELECT d.geom AS pt FROM ST_Dump(ST_CollectionExtract(h.hit, 1)) d
               WHERE h.stretch IS NULL OR NOT ST_Intersects(d.geom, h.stretch)
               UNION ALL
               SELECT ST_LineInterpolatePoint(t.geom, 0.5) FROM ST_Dump(h.stretch) t
           ) q)) END,
       CASE WHEN c.dim = 2 THEN ST_Length(ST_Intersection(ST_Transform(bd.g, 990001),
                                                          ST_Transform(c.geom, 990001))) / 1e3
       END,
       CASE WHEN c.dim = 2 THEN (
           SELECT ST_IsEmpty(core) OR (
               EXISTS (SELECT 1 FROM {ta} ua WHERE ua.adcode = %(a)s AND ST_Intersects(core, ua.geom_m))
               AND EXISTS (SELECT 1 FROM {tb} ub WHERE ub.adcode = %(b)s
                           AND ST_Intersects(core, ub.geom_m)))
           FROM (SELECT ST_Buffer(ST_Transform(c.geom, 990001), -%(sliver)s) AS core OFFSET 0) k)
       END,
       ST_AsBinary(c.geom)
FROM cand c CROSS JOIN bd
JOIN side s ON s.id = c.id
LEFT JOIN by_members m ON m.id = c.id
CROSS JOIN LATERAL (
    SELECT hit, CASE WHEN NOT ST_IsEmpty(ST_CollectionExtract(hit, 2))
                     THEN ST_LineMerge(ST_CollectionExtract(hit, 2)) END AS stretch
    FROM (SELECT CASE WHEN c.dim = 1 THEN ST_Intersection(c.geom, bd.g) END AS hit OFFSET 0) x
) h
ORDER BY c.id
"""


def crossings(conn, a: Region | str | int | Border, b: Region | str | int | None = None, *,
              layers: Iterable[str] = ()) -> gpd.GeoDataFrame:
    """:func:`geo.adjacency.crossings` in SQL: items whose geometry ``ST_Intersects`` the
    a–b border (index scan), with km / km² per side from the stored measures, crossing
    points where lines meet the border, and polygons kept when they lie in both sides."""
    from geo.select import check_layers

    line = a if isinstance(a, Border) and b is None else border(conn, a, b)
    layers = check_layers(layers)
    sql = _CROSSINGS.format(layers="p.layer = ANY(%(layers)s)" if layers else "TRUE", eps=_EPS,
                            anc_a=_COL[line.a.level], anc_b=_COL[line.b.level],
                            ta=_TABLE[line.a.level], tb=_TABLE[line.b.level])
    rows = conn.execute(sql, {"border": shapely.to_wkb(line.geometry), "layers": layers,
                              "a": line.a.adcode, "b": line.b.adcode, "la": line.a.level,
                              "lb": line.b.level, "sliver": SLIVER_M}).fetchall()
    out = []
    for (item, name_zh, name_en, layer, dim, km_a, km_b, km2_a, km2_b, derived, pts,
         border_km, wide, geom) in rows:
        rec = {"id": item, "name_zh": name_zh, "name_en": name_en, "layer": layer,
               "km_a": float(km_a), "km_b": float(km_b), "km2_a": float(km2_a),
               "km2_b": float(km2_b), "geometry": shapely.from_wkb(bytes(geom))}
        if dim == 1:
            points = shapely.from_wkb(bytes(pts))
            out.append(dict(rec, kind="line", crossings=len(shapely.get_parts(points)),
                            points=points, border_km=0.0))
        elif min(km2_a, km2_b) > 0 and (derived or wide):
            out.append(dict(rec, kind="polygon", crossings=0, points=None,
                            border_km=float(border_km)))
    ids = [r["id"] for r in out]
    by_km, by_km2 = {}, {}
    if rows:
        cand = [r[0] for r in rows]
        prov = measure_table(conn, "province", "p.id = ANY(%(cand)s)", {"cand": cand})
        by_km = {i: {int(x): round(float(v), 3) for x, v in zip(g.adcode, g.km) if v}
                 for i, g in prov.groupby("id")}
        by_km2 = {i: {int(x): round(float(v), 3) for x, v in zip(g.adcode, g.km2) if v}
                  for i, g in prov.groupby("id")}
        derived = [r[0] for r in rows if r[9]]
        if derived:  # admin-derived polygons: their member counties' km² by province
            by_members: dict = {}
            for item, p, km2 in conn.execute(
                    "SELECT c.id, k.province_adcode, sum(k.area_km2) FROM projects c "
                    "JOIN counties k ON k.adcode = ANY(c.member_adcodes) "
                    "OR k.city_adcode = ANY(c.member_adcodes) "
                    "OR k.province_adcode = ANY(c.member_adcodes) "
                    "WHERE c.id = ANY(%s) GROUP BY c.id, k.province_adcode "
                    "ORDER BY c.id, k.province_adcode", (derived,)):
                by_members.setdefault(item, {})[int(p)] = round(float(km2), 3)
            by_km2.update(by_members)
    frame = pd.DataFrame(out, columns=[c for c in CROSSING_COLUMNS
                                       if c not in ("km_by_province", "km2_by_province")])
    frame["km_by_province"] = [by_km.get(i, {}) for i in ids]
    frame["km2_by_province"] = [by_km2.get(i, {}) for i in ids]
    frame = frame.sort_values("id").reset_index(drop=True)
    return gpd.GeoDataFrame(frame[CROSSING_COLUMNS], geometry="geometry", crs=crs.STORAGE)
