"""Load the bundled boundaries, lakes and catalog into PostGIS (``yrdmap db load``).

Everything is written in one transaction: the admin units of the three levels (full
resolution plus the two display versions) by ``COPY``, their METRIC / EQUAL_AREA copies
and planar areas computed by PostGIS, the county borders (``ST_Intersection`` of the
boundaries of every intersecting county pair, measured in METRIC), the lakes, the
catalog items, and every item's measures. A failure anywhere leaves the database as it
was.

Catalog items edited in the database (``version > 1``) are kept as edited, and
reported; catalog items no longer in the file are removed unless edited.
"""
from __future__ import annotations

import json
from dataclasses import dataclass

import pandas as pd
import shapely

from geo.catalog import LEVELS, load_lakes, load_projects, load_regions
from geo.db.connection import DatabaseError, session
from geo.db.items import insert_items, plain
from geo.db.measure import measure_items
from geo.db.schema import check_schema

__all__ = ["LoadReport", "load", "load_boundaries", "load_catalog"]

_TABLES = {"province": "provinces", "city": "cities", "county": "counties"}

_BORDERS = """
INSERT INTO county_borders (a, b, shared_km, contact, geom)
SELECT a, b, km, CASE WHEN km > 0 THEN 'edge' ELSE 'point' END,
       CASE WHEN km > 0 THEN ST_LineMerge(lines) ELSE pts END
FROM (
    SELECT x.adcode AS a, y.adcode AS b,
           ST_CollectionExtract(i, 2) AS lines, ST_CollectionExtract(i, 1) AS pts,
           ST_Length(ST_Transform(ST_CollectionExtract(i, 2), 990001)) / 1e3 AS km
    FROM counties x
    JOIN counties y ON x.adcode < y.adcode AND ST_Intersects(x.geom, y.geom)
    CROSS JOIN LATERAL (
        -- both boundaries cut to the pair's common box (plus a margin) first: the same
        -- answer as intersecting them whole, with far fewer vertices to overlay
        SELECT ST_MakeEnvelope(lx - pad, ly - pad, hx + pad, hy + pad, 4326) AS box
        FROM (SELECT greatest(ST_XMin(x.geom), ST_XMin(y.geom)) AS lx,
                     greatest(ST_YMin(x.geom), ST_YMin(y.geom)) AS ly,
                     least(ST_XMax(x.geom), ST_XMax(y.geom)) AS hx,
                     least(ST_YMax(x.geom), ST_YMax(y.geom)) AS hy) e
        CROSS JOIN LATERAL (SELECT greatest(hx - lx, hy - ly, 0) * 1e-6 + 1e-9 AS pad) m
    ) bx
    CROSS JOIN LATERAL (SELECT ST_Intersection(ST_ClipByBox2D(ST_Boundary(x.geom), bx.box),
                                               ST_ClipByBox2D(ST_Boundary(y.geom), bx.box)) AS i
                        OFFSET 0) z  -- OFFSET 0: computed once, not inlined into each use
) q
WHERE NOT ST_IsEmpty(lines) OR NOT ST_IsEmpty(pts);
"""


@dataclass
class LoadReport:
    """What ``db load`` wrote."""

    regions: dict[str, int]
    lakes: int
    county_borders: int
    catalog: int
    kept_edited: list[str]
    removed: list[str]

    def lines(self) -> list[str]:
        out = [f"boundaries: {self.regions['province']} provinces, {self.regions['city']} cities, "
               f"{self.regions['county']} counties; {self.county_borders} county borders; "
               f"{self.lakes} lakes",
               f"catalog: {self.catalog} items loaded"]
        if self.kept_edited:
            out.append(f"kept {len(self.kept_edited)} catalog item(s) edited in the database: "
                       + ", ".join(self.kept_edited[:10]))
        if self.removed:
            out.append(f"removed {len(self.removed)} catalog item(s) no longer in the file: "
                       + ", ".join(self.removed[:10]))
        return out


def _multi(geom):
    return shapely.MultiPolygon([geom]) if geom.geom_type == "Polygon" else geom


def _wkb(geom) -> bytes | None:
    return None if geom is None else shapely.to_wkb(_multi(geom))


def load_boundaries(conn) -> tuple[dict[str, int], int, int]:
    """Replace the admin units, county borders and lakes on ``conn`` (in its transaction)."""
    conn.execute("TRUNCATE county_borders, counties, cities, provinces, lakes")
    counts = {}
    for level in LEVELS:
        table = _TABLES[level]
        full = load_regions(level, "full")
        s100 = load_regions(level, "s100").set_index("adcode").geometry
        s1000 = load_regions(level, "s1000").set_index("adcode").geometry
        rows = []
        for r in full.itertuples(index=False):
            a = int(r.adcode)
            city = getattr(r, "city_adcode", None)
            rows.append((a, r.name_zh, r.name_en, int(r.province_adcode),
                         None if city is None or pd.isna(city) else int(city), float(r.area_km2),
                         _wkb(r.geometry), _wkb(s100.get(a)), _wkb(s1000.get(a))))
        with conn.cursor() as cur:
            cur.executemany(
                f"INSERT INTO {table} (adcode, name_zh, name_en, province_adcode, city_adcode, "
                "area_km2, geom, geom_s100, geom_s1000) VALUES (%s, %s, %s, %s, %s, %s, "
                "ST_SetSRID(ST_GeomFromWKB(%s), 4326), ST_SetSRID(ST_GeomFromWKB(%s), 4326), "
                "ST_SetSRID(ST_GeomFromWKB(%s), 4326))", rows)
        conn.execute(f"UPDATE {table} SET geom_m = ST_Transform(geom, 990001), "
                     "geom_ea = ST_Transform(geom, 990002), deg2_full = ST_Area(geom), "
                     "deg2_s100 = ST_Area(geom_s100), deg2_s1000 = ST_Area(geom_s1000)")
        conn.execute(f"ANALYZE {table}")
        counts[level] = len(rows)
    borders = conn.execute(_BORDERS).rowcount
    lakes = load_lakes()
    rows = []
    for rec, geom in zip(lakes.drop(columns="geometry").to_dict("records"), lakes.geometry.values):
        props = {k: plain(v) for k, v in rec.items() if k not in ("name_zh", "name_en", "area_km2")}
        rows.append((rec["name_zh"], rec["name_en"], float(rec["area_km2"]),
                     json.dumps(props, ensure_ascii=False), shapely.to_wkb(geom)))
    with conn.cursor() as cur:
        cur.executemany("INSERT INTO lakes (name_zh, name_en, area_km2, props, geom) VALUES "
                        "(%s, %s, %s, %s::jsonb, ST_SetSRID(ST_GeomFromWKB(%s), 4326))", rows)
    return counts, borders, len(rows)


def load_catalog(conn) -> tuple[int, list[str], list[str]]:
    """Upsert the bundled catalog on ``conn``; returns (loaded, kept edited, removed)."""
    cat = load_projects()
    ids = [str(i) for i in cat["id"]]
    clash = [r[0] for r in conn.execute(
        "SELECT id FROM projects WHERE source = 'user' AND id = ANY(%s)", (ids,))]
    if clash:
        raise DatabaseError(f"catalog id(s) already used by imported items: {', '.join(clash)}; "
                            "remove or rename those items first — nothing was loaded")
    edited = [r[0] for r in conn.execute(
        "SELECT id FROM projects WHERE source = 'catalog' AND version > 1 ORDER BY id")]
    removed = [r[0] for r in conn.execute(
        "DELETE FROM projects WHERE source = 'catalog' AND version = 1 AND NOT (id = ANY(%s)) "
        "RETURNING id", (ids,))]
    conn.execute("DELETE FROM projects WHERE source = 'catalog' AND version = 1")
    # keep each unedited item's place (seq) by re-inserting in file order
    fresh = cat[~cat["id"].isin(edited)]
    insert_items(conn, fresh, "catalog")
    conn.execute("SELECT setval(pg_get_serial_sequence('projects', 'seq'), "
                 "(SELECT coalesce(max(seq), 1) FROM projects))")
    return len(fresh), [e for e in edited if e in set(ids)], sorted(removed)


def load(url: str | None = None, conn=None, *, boundaries: bool = True,
         catalog: bool = True) -> LoadReport:
    """Load boundaries, lakes and the catalog, then measure every item — all or nothing."""
    with session(url, conn) as c:
        check_schema(c)
        regions, borders, lakes = ({lv: 0 for lv in LEVELS}, 0, 0)
        if boundaries:
            regions, borders, lakes = load_boundaries(c)
        else:
            regions = {lv: c.execute(f"SELECT count(*) FROM {_TABLES[lv]}").fetchone()[0]
                       for lv in LEVELS}
        n, kept, removed = (0, [], [])
        if catalog:
            n, kept, removed = load_catalog(c)
        if not regions["county"]:
            raise DatabaseError("no boundaries in the database: run `yrdmap db load` without "
                                "--catalog-only first")
        measure_items(c)
        c.execute("ANALYZE projects")
        c.execute("ANALYZE project_regions")
        c.execute("ANALYZE project_stats")
    return LoadReport(regions, lakes, borders, n, kept, removed)


