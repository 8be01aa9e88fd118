-- 003: each item's statistics rows per level, kept with its measures (issue 19).
-- What geo.stats counts for one item at one level does not depend on the selection: the
-- regions it lies in, whether it counts "outside", its parts' km/km², whether it is
-- cross-provincial. They are derived from project_regions and the item's totals by
-- yrdmap_measure_stats(), which geo.db.measure.measure_items calls in the transaction
-- that writes the measures; statistics are then GROUP BYs over this table
-- (geo.db.queries.region_stats) instead of joins over every part at query time.

-- One row per item × level × region where the item has a part (above the 1 mm / 1 m²
-- noise floor; adcode 0: the part outside the four provinces) or counts (member).
CREATE TABLE project_stats (
    project_id       text NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    level            text NOT NULL CHECK (level IN ('province', 'city')),
    adcode           integer NOT NULL,
    km               double precision NOT NULL DEFAULT 0,
    km2              double precision NOT NULL DEFAULT 0,
    part             boolean NOT NULL,   -- a part: counts in the km/km² sums
    member           boolean NOT NULL,   -- the item counts in this region
    first_member     boolean NOT NULL,   -- its member row with the lowest adcode (to count
                                         -- each item once over all regions)
    cross_provincial boolean NOT NULL,   -- the item lies in two or more provinces
    layer            text NOT NULL,      -- the item's, kept equal by the trigger below
    status           text,
    PRIMARY KEY (project_id, level, adcode)
);
CREATE INDEX project_stats_level_idx ON project_stats (level, adcode);

-- an edit of an item's layer or status reaches its statistics rows in the same statement
CREATE FUNCTION yrdmap_project_stats_labels() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE project_stats SET layer = NEW.layer, status = NEW.status
    WHERE project_id = NEW.id;
    RETURN NULL;
END $$;
CREATE TRIGGER projects_labels_changed AFTER UPDATE OF layer, status ON projects
    FOR EACH ROW WHEN (OLD.layer IS DISTINCT FROM NEW.layer
                       OR OLD.status IS DISTINCT FROM NEW.status)
    EXECUTE FUNCTION yrdmap_project_stats_labels();

-- (Re)write the project_stats rows of items ``ids`` from their project_regions rows and
-- totals (joins only, no correlated subqueries: linear in the number of items): the rules of geo.measure.lies_in / geo.stats._membership, with the thresholds
-- passed by the caller (geo.db.queries._EPS, geo.measure.MIN_KM, MIN_KM2).
CREATE FUNCTION yrdmap_measure_stats(ids text[], eps double precision,
                                     min_km double precision, min_km2 double precision)
RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    n integer;
BEGIN
    DELETE FROM project_stats WHERE project_id = ANY(ids);
    INSERT INTO project_stats (project_id, level, adcode, km, km2, part, member,
                               first_member, cross_provincial, layer, status)
    WITH lv(level) AS (VALUES ('province'), ('city')),
    sel AS (
        SELECT p.id, p.layer, p.status, p.length_km, p.area_km2, p.members_exact,
               CASE WHEN ST_Dimension(p.geom) = 0 THEN ST_NumGeometries(p.geom) ELSE 0 END
                   AS n_points
        FROM projects p WHERE p.id = ANY(ids)
    ),
    regions AS (
        SELECT r.project_id AS id, r.level, r.adcode, r.km, r.km2, r.points
        FROM project_regions r WHERE r.project_id = ANY(ids) AND r.level IN ('province', 'city')
    ),
    summed AS (
        SELECT id, level, sum(km) AS km, sum(km2) AS km2 FROM regions GROUP BY id, level
    ),
    parts AS (
        SELECT id, level, adcode, km, km2, points FROM regions
        WHERE km > eps OR km2 > eps OR points > 0
        UNION ALL
        SELECT s.id, lv.level, 0,
               greatest(coalesce(s.length_km, 0) - coalesce(t.km, 0), 0),
               greatest(coalesce(s.area_km2, 0) - coalesce(t.km2, 0), 0), 0
        FROM sel s CROSS JOIN lv
        LEFT JOIN summed t ON t.id = s.id AND t.level = lv.level
        WHERE NOT s.members_exact
          AND (coalesce(s.length_km, 0) - coalesce(t.km, 0) > eps
               OR coalesce(s.area_km2, 0) - coalesce(t.km2, 0) > eps)
    ),
    inside AS (
        SELECT id, level, adcode FROM parts
        WHERE adcode <> 0 AND (km > min_km OR km2 > min_km2 OR points > 0)
    ),
    counted AS (SELECT id, level, sum(points) AS points FROM parts GROUP BY id, level),
    member AS (
        SELECT id, level, adcode FROM inside
        UNION
        SELECT id, level, 0 FROM parts WHERE adcode = 0 AND (km > min_km OR km2 > min_km2)
        UNION
        SELECT s.id, lv.level, 0 FROM sel s CROSS JOIN lv
        LEFT JOIN (SELECT DISTINCT id, level FROM inside) i
            ON i.id = s.id AND i.level = lv.level
        LEFT JOIN counted c ON c.id = s.id AND c.level = lv.level
        WHERE i.id IS NULL OR s.n_points > coalesce(c.points, 0)
    ),
    ranked AS (
        SELECT id, level, adcode, adcode = min(adcode) OVER (PARTITION BY id, level) AS first
        FROM member
    ),
    cross_ids AS (
        SELECT id FROM inside WHERE level = 'province' GROUP BY id HAVING count(*) > 1
    )
    SELECT coalesce(p.id, m.id), coalesce(p.level, m.level), coalesce(p.adcode, m.adcode),
           coalesce(p.km, 0), coalesce(p.km2, 0), p.id IS NOT NULL, m.id IS NOT NULL,
           coalesce(m.first, false),
           x.id IS NOT NULL, s.layer, s.status
    FROM parts p FULL JOIN ranked m
        ON m.id = p.id AND m.level = p.level AND m.adcode = p.adcode
    JOIN sel s ON s.id = coalesce(p.id, m.id)
    LEFT JOIN cross_ids x ON x.id = s.id;
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END $$;

-- the items already in the database (thresholds as geo.db.queries._EPS and geo.measure)
SELECT yrdmap_measure_stats(array(SELECT id FROM projects), 1e-6, 0.1, 0.01);
