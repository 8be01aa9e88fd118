"""Measure items by region for the PostGIS store: the ``project_regions`` table and the
items' totals.

The parts are computed by the one measuring function both stores share,
:func:`geo.measure.item_parts` (the rules are in :mod:`geo.measure`: exact member unions
split by their members' full-resolution km², lines clipped in METRIC, other polygons in
EQUAL_AREA, points counted where they fall, provinces summed from their cities), on the
bundled boundaries that ``yrdmap db load`` also writes to the database. The rows are
unthresholded, like :func:`geo.measure.item_parts`: the 1 mm / 1 m² noise floor and the
"lies in" thresholds are applied when querying (:mod:`geo.db.queries`).

Rows travel with ``COPY`` and the totals with one ``UPDATE … FROM`` a copied temporary
table, inside the caller's transaction, so an import or an edit and its measures are
written together or not at all. Measuring in Python (vectorised shapely, regions
prepared once per process) is what keeps a 5,000-row import within seconds: the same
rules as correlated ``ST_Intersects`` joins in SQL took minutes on full-resolution
boundaries (``python -m bench.store_scale``).
"""
from __future__ import annotations

import shapely
import shapely.errors

from geo.catalog import LEVELS
from geo.measure import MIN_KM, MIN_KM2, is_member_union, item_parts

__all__ = ["STATS_EPS", "measure_items"]

#: the noise floor below which a part is not a part (1 mm / 1 m²), as the queries apply it
STATS_EPS = 1e-6

_BATCH = 5_000


def _rows(ids, geoms, members):
    """``project_regions`` rows and ``(id, members_exact, length_km, area_km2)`` totals."""
    regions, totals = [], []
    parts = {level: item_parts(geoms, members, level) for level in LEVELS}
    dims = shapely.get_dimensions(geoms)
    for k, item_id in enumerate(ids):
        for level in LEVELS:
            codes, km, km2, points, total_km, total_km2 = parts[level][k]
            regions.extend((item_id, level, int(a), float(x), float(y), int(p))
                           for a, x, y, p in zip(codes, km, km2, points))
        exact = bool(dims[k] == 2 and is_member_union(geoms[k], members[k]))
        _, _, _, _, total_km, total_km2 = parts["province"][k]
        totals.append((item_id, exact,
                       float(total_km) if dims[k] == 1 else None,
                       float(total_km2) if dims[k] == 2 else None))
    return regions, totals


def measure_items(conn, ids: list[str] | None = None) -> int:
    """(Re)compute ``project_regions``, ``length_km``/``area_km2``/``members_exact`` and
    the statistics rows (``project_stats``, by the SQL function
    ``yrdmap_measure_stats`` of migration 003) of ``ids`` (default: every item) on
    ``conn``, inside its current transaction; return how many items were measured."""
    if ids is None:
        ids = [r[0] for r in conn.execute("SELECT id FROM projects ORDER BY seq")]
    ids = list(ids)
    if not ids:
        return 0
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS _totals (id text PRIMARY KEY, "
                 "members_exact boolean, length_km double precision, "
                 "area_km2 double precision) ON COMMIT DROP")
    conn.execute("TRUNCATE _totals")
    conn.execute("DELETE FROM project_regions WHERE project_id = ANY(%s)", (ids,))
    for start in range(0, len(ids), _BATCH):
        batch = ids[start:start + _BATCH]
        got = conn.execute("SELECT id, ST_AsBinary(geom), member_adcodes FROM projects "
                           "WHERE id = ANY(%s)", (batch,)).fetchall()
        if not got:
            continue
        item_ids = [r[0] for r in got]
        geoms = shapely.from_wkb([bytes(r[1]) for r in got])
        members = [r[2] for r in got]
        try:
            regions, totals = _rows(item_ids, geoms, members)
        except shapely.errors.GEOSException as exc:
            bad = [i for i, ok in zip(item_ids, shapely.is_valid(geoms)) if not ok]
            which = f"item {bad[0]!r}" if bad else f"one of items {item_ids[:3]}"
            raise ValueError(f"{which}: its geometry cannot be measured "
                             f"({' '.join(str(exc).split())[:160]}); a valid geometry is "
                             "needed (no self-intersections)") from None
        with conn.cursor() as cur:
            for table, rows in (("project_regions (project_id, level, adcode, km, km2, points)",
                                 regions),
                                ("_totals (id, members_exact, length_km, area_km2)", totals)):
                with cur.copy(f"COPY {table} FROM STDIN") as copy:
                    for r in rows:
                        copy.write_row(r)
    conn.execute("UPDATE projects p SET members_exact = t.members_exact, "
                 "length_km = t.length_km, area_km2 = t.area_km2 "
                 "FROM _totals t WHERE t.id = p.id")
    # the statistics rows follow from the measures just written (migration 003)
    conn.execute("SELECT yrdmap_measure_stats(%s, %s, %s, %s)",
                 (ids, STATS_EPS, MIN_KM, MIN_KM2))
    return len(ids)
