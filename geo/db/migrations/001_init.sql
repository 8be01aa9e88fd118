-- 001: the yrdmap schema — boundaries, lakes, projects, their measures, county borders.
-- Applied by geo.db.schema.migrate() inside one transaction, recorded in schema_version.

CREATE EXTENSION IF NOT EXISTS postgis;

-- The project's CRSs (geo/crs.py), under project SRIDs: METRIC (a Lambert conformal conic
-- fitted to the YRD) for lengths, EQUAL_AREA (Albers, same parallels) for km².
INSERT INTO spatial_ref_sys (srid, auth_name, auth_srid, srtext, proj4text)
VALUES (990001, NULL, NULL, NULL,
        '+proj=lcc +lat_1=28 +lat_2=34 +lat_0=31 +lon_0=119 +x_0=0 +y_0=0 +ellps=GRS80 +units=m +no_defs'),
       (990002, NULL, NULL, NULL,
        '+proj=aea +lat_1=28 +lat_2=34 +lat_0=31 +lon_0=119 +x_0=0 +y_0=0 +ellps=GRS80 +units=m +no_defs')
ON CONFLICT (srid) DO UPDATE SET proj4text = EXCLUDED.proj4text;

-- Admin units, one table per level. geom is the full-resolution boundary (WGS84);
-- geom_s100/geom_s1000 the coverage-simplified display versions; geom_m and geom_ea the
-- full boundary in METRIC / EQUAL_AREA; deg2_* planar areas in degrees² at each resolution
-- (to recognise items drawn as the union of admin units, as geo.measure does).
CREATE TABLE provinces (
    adcode          integer PRIMARY KEY,
    name_zh         text NOT NULL,
    name_en         text NOT NULL,
    province_adcode integer NOT NULL,
    city_adcode     integer,
    area_km2        double precision NOT NULL,
    geom            geometry(MultiPolygon, 4326) NOT NULL,
    geom_s100       geometry(MultiPolygon, 4326),
    geom_s1000      geometry(MultiPolygon, 4326),
    geom_m          geometry(MultiPolygon, 990001),
    geom_ea         geometry(MultiPolygon, 990002),
    deg2_full       double precision,
    deg2_s100       double precision,
    deg2_s1000      double precision
);
CREATE TABLE cities (LIKE provinces INCLUDING ALL);
CREATE TABLE counties (LIKE provinces INCLUDING ALL);

CREATE INDEX provinces_geom_gist ON provinces USING gist (geom);
CREATE INDEX provinces_geom_m_gist ON provinces USING gist (geom_m);
CREATE INDEX provinces_geom_ea_gist ON provinces USING gist (geom_ea);
CREATE INDEX cities_geom_gist ON cities USING gist (geom);
CREATE INDEX cities_geom_m_gist ON cities USING gist (geom_m);
CREATE INDEX cities_geom_ea_gist ON cities USING gist (geom_ea);
CREATE INDEX cities_province_idx ON cities (province_adcode);
CREATE INDEX counties_geom_gist ON counties USING gist (geom);
CREATE INDEX counties_geom_m_gist ON counties USING gist (geom_m);
CREATE INDEX counties_geom_ea_gist ON counties USING gist (geom_ea);
CREATE INDEX counties_city_idx ON counties (city_adcode);
CREATE INDEX counties_province_idx ON counties (province_adcode);

-- every unit with its level and ancestors (city_adcode: the unit itself for a city, 0 for
-- a province — as geo.measure's admin table)
CREATE VIEW admin_units AS
    SELECT adcode, 'province'::text AS level, 0 AS rank, province_adcode, 0 AS city_adcode,
           area_km2, deg2_full, deg2_s100, deg2_s1000 FROM provinces
    UNION ALL
    SELECT adcode, 'city', 1, province_adcode, adcode, area_km2, deg2_full, deg2_s100,
           deg2_s1000 FROM cities
    UNION ALL
    SELECT adcode, 'county', 2, province_adcode, city_adcode, area_km2, deg2_full, deg2_s100,
           deg2_s1000 FROM counties;

CREATE TABLE lakes (
    name_zh  text PRIMARY KEY,
    name_en  text NOT NULL,
    area_km2 double precision NOT NULL,
    props    jsonb NOT NULL DEFAULT '{}',
    geom     geometry(Geometry, 4326) NOT NULL
);
CREATE INDEX lakes_geom_gist ON lakes USING gist (geom);

-- Every pair of counties in contact: the intersection of their boundaries, its length in
-- METRIC, "edge" (a shared border of positive length) or "point". Borders at city and
-- province level are unions of these (counties nest exactly).
CREATE TABLE county_borders (
    a         integer NOT NULL REFERENCES counties (adcode) ON DELETE CASCADE,
    b         integer NOT NULL REFERENCES counties (adcode) ON DELETE CASCADE,
    shared_km double precision NOT NULL,
    contact   text NOT NULL CHECK (contact IN ('edge', 'point')),
    geom      geometry(Geometry, 4326) NOT NULL,
    PRIMARY KEY (a, b),
    CHECK (a < b)
);
CREATE INDEX county_borders_b_idx ON county_borders (b);
CREATE INDEX county_borders_geom_gist ON county_borders USING gist (geom);

-- The project list: the plan's catalog (source 'catalog', from data/projects.geojson) and
-- imported items (source 'user'). version counts edits (optimistic locking); seq keeps the
-- order items were added in. Properties outside the schema live in extra.
CREATE TABLE projects (
    id               text PRIMARY KEY,
    seq              bigserial NOT NULL UNIQUE,
    source           text NOT NULL CHECK (source IN ('catalog', 'user')),
    name_zh          text NOT NULL,
    name_en          text,
    layer            text NOT NULL,
    clause           text,
    plan_text        text,
    status           text,
    status_en        text,
    precision        text,
    cities           integer[],
    member_adcodes   integer[],
    waypoints        text[],
    sea              boolean,
    note             text,
    responsible_unit text,
    deadline         text,
    expected_result  text,
    source_file      text,
    imported_at      text,
    extra            jsonb NOT NULL DEFAULT '{}',
    geom             geometry(Geometry, 4326) NOT NULL CHECK (NOT ST_IsEmpty(geom)),
    length_km        double precision,
    area_km2         double precision,
    members_exact    boolean NOT NULL DEFAULT false,  -- drawn as the union of member_adcodes
    version          integer NOT NULL DEFAULT 1,
    updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX projects_geom_gist ON projects USING gist (geom);
CREATE INDEX projects_layer_idx ON projects (layer);
CREATE INDEX projects_source_idx ON projects (source);

-- Each item's part in each region it meets (unthresholded, as geo.measure computes it):
-- km of lines, km² of polygons, number of points; computed in SQL whenever an item or the
-- boundaries are written.
CREATE TABLE project_regions (
    project_id text NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    level      text NOT NULL CHECK (level IN ('province', 'city', 'county')),
    adcode     integer NOT NULL,
    km         double precision NOT NULL DEFAULT 0,
    km2        double precision NOT NULL DEFAULT 0,
    points     integer NOT NULL DEFAULT 0,
    PRIMARY KEY (project_id, level, adcode)
);
CREATE INDEX project_regions_region_idx ON project_regions (level, adcode);

-- One counter that changes whenever the project list changes (readers cache on it).
CREATE TABLE store_state (
    id      boolean PRIMARY KEY DEFAULT true CHECK (id),
    counter bigint NOT NULL DEFAULT 0
);
INSERT INTO store_state VALUES (true, 0);

CREATE FUNCTION yrdmap_bump_store_state() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE store_state SET counter = counter + 1;
    RETURN NULL;
END $$;
CREATE TRIGGER projects_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON projects
    FOR EACH STATEMENT EXECUTE FUNCTION yrdmap_bump_store_state();
