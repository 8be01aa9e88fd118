"""Measure items by region in SQL: the ``project_regions`` table and the items' totals.

The same rules as :mod:`geo.measure`, evaluated by PostGIS on the indexed boundaries:

- a polygon drawn as exactly the union of its ``member_adcodes`` (planar areas agree to
  1e-9 at one of the boundary resolutions) is split by its members' full-resolution km²,
  with no overlay;
- lines are clipped to cities and counties in METRIC (``ST_Intersection``/``ST_Length`` on
  ``geom_m``), other polygons in EQUAL_AREA (``ST_Area`` on ``geom_ea``); a province's part
  is the sum of its cities' parts (provinces are exact unions of their cities);
- points are counted in every unit they intersect, at each level.

Rows are unthresholded, like :func:`geo.measure._parts`: the 1 mm / 1 m² noise floor and
the "lies in" thresholds are applied when querying. Runs inside the caller's transaction,
so an import or an edit and its measures are written together or not at all.
"""
from __future__ import annotations

__all__ = ["measure_items"]

_EXACT = """
CREATE TEMP TABLE IF NOT EXISTS _exact (id text PRIMARY KEY) ON COMMIT DROP;
TRUNCATE _exact;
INSERT INTO _exact
SELECT id FROM (
    SELECT p.id, ST_Area(p.geom) AS a, count(*) AS n, count(u.adcode) AS found,
           sum(u.deg2_full) AS f, sum(u.deg2_s100) AS s1, sum(u.deg2_s1000) AS s2
    FROM projects p
    CROSS JOIN LATERAL unnest(p.member_adcodes) AS mm(adcode)
    LEFT JOIN admin_units u ON u.adcode = mm.adcode
    WHERE p.id = ANY(%(ids)s) AND ST_Dimension(p.geom) = 2
    GROUP BY p.id, p.geom
) m
WHERE n = found AND (abs(a - f) <= 1e-9 * f OR abs(a - s1) <= 1e-9 * s1
                     OR abs(a - s2) <= 1e-9 * s2);
"""

_CLIP = """
INSERT INTO project_regions (project_id, level, adcode, km, km2)
SELECT p.id, %(level)s, u.adcode,
       CASE WHEN p.dim = 1 THEN ST_Length(ST_Intersection(p.g, u.geom_m)) / 1e3 ELSE 0 END,
       CASE WHEN p.dim = 2 THEN ST_Area(ST_Intersection(p.g, u.geom_ea)) / 1e6 ELSE 0 END
FROM (SELECT id, ST_Dimension(geom) AS dim,
             CASE WHEN ST_Dimension(geom) = 1 THEN ST_Transform(geom, 990001)
                  ELSE ST_Transform(geom, 990002) END AS g
      FROM projects
      WHERE id = ANY(%(ids)s) AND ST_Dimension(geom) IN (1, 2)
        AND id NOT IN (SELECT id FROM _exact)) p
JOIN {table} u ON (p.dim = 1 AND ST_Intersects(u.geom_m, p.g))
               OR (p.dim = 2 AND ST_Intersects(u.geom_ea, p.g));
"""

_PROVINCE_FROM_CITIES = """
INSERT INTO project_regions (project_id, level, adcode, km, km2)
SELECT r.project_id, 'province', c.province_adcode, sum(r.km), sum(r.km2)
FROM project_regions r JOIN cities c ON c.adcode = r.adcode
WHERE r.level = 'city' AND r.project_id = ANY(%(ids)s)
  AND r.project_id NOT IN (SELECT id FROM _exact)
GROUP BY r.project_id, c.province_adcode;
"""

_MEMBERS = """
INSERT INTO project_regions (project_id, level, adcode, km2)
SELECT e.id, lv.level, t.adcode, sum(t.km2)
FROM _exact e
JOIN projects p ON p.id = e.id
CROSS JOIN LATERAL unnest(p.member_adcodes) AS mm(adcode)
JOIN admin_units am ON am.adcode = mm.adcode
CROSS JOIN (VALUES ('province', 0), ('city', 1), ('county', 2)) AS lv(level, rank)
CROSS JOIN LATERAL (
    SELECT CASE WHEN am.level = lv.level THEN am.adcode
                WHEN lv.level = 'province' THEN am.province_adcode
                ELSE am.city_adcode END AS adcode,
           am.area_km2 AS km2
    WHERE am.rank >= lv.rank
    UNION ALL
    SELECT u.adcode, u.area_km2 FROM admin_units u
    WHERE am.rank < lv.rank AND u.level = lv.level
      AND (CASE am.level WHEN 'province' THEN u.province_adcode ELSE u.city_adcode END)
          = am.adcode
) t
GROUP BY e.id, lv.level, t.adcode;
"""

_POINTS = """
INSERT INTO project_regions (project_id, level, adcode, points)
SELECT d.id, %(level)s, u.adcode, count(*)
FROM (SELECT id, ST_Transform((ST_Dump(geom)).geom, 990001) AS g
      FROM projects WHERE id = ANY(%(ids)s) AND ST_Dimension(geom) = 0) d
JOIN {table} u ON ST_Intersects(u.geom_m, d.g)
GROUP BY d.id, u.adcode;
"""

_TOTALS = """
UPDATE projects p SET
    members_exact = p.id IN (SELECT id FROM _exact),
    length_km = CASE WHEN ST_Dimension(p.geom) = 1
                     THEN ST_Length(ST_Transform(p.geom, 990001)) / 1e3 END,
    area_km2 = CASE WHEN ST_Dimension(p.geom) <> 2 THEN NULL
                    WHEN p.id IN (SELECT id FROM _exact)
                    THEN (SELECT sum(km2) FROM project_regions r
                          WHERE r.project_id = p.id AND r.level = 'province')
                    ELSE ST_Area(ST_Transform(p.geom, 990002)) / 1e6 END
WHERE p.id = ANY(%(ids)s);
"""

_TABLES = {"province": "provinces", "city": "cities", "county": "counties"}


def measure_items(conn, ids: list[str] | None = None) -> int:
    """(Re)compute ``project_regions`` and ``length_km``/``area_km2`` of ``ids`` (default:
    every item) on ``conn``, inside its current transaction; return how many items."""
    if ids is None:
        ids = [r[0] for r in conn.execute("SELECT id FROM projects")]
    ids = list(ids)
    if not ids:
        return 0
    p = {"ids": ids}
    conn.execute("DELETE FROM project_regions WHERE project_id = ANY(%(ids)s)", p)
    for statement in _EXACT.strip().split(";\n"):
        if statement.strip():
            conn.execute(statement, p if "%(" in statement else None)
    for level in ("city", "county"):
        conn.execute(_CLIP.format(table=_TABLES[level]), dict(p, level=level))
    conn.execute(_PROVINCE_FROM_CITIES, p)
    conn.execute(_MEMBERS, p)
    for level, table in _TABLES.items():
        conn.execute(_POINTS.format(table=table), dict(p, level=level))
    conn.execute(_TOTALS, p)
    return len(ids)
