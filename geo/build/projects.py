"""Build ``data/projects.geojson`` from the hand-kept catalog TOML files.

Inputs: ``geo/build/catalog_areas.toml`` and ``catalog_lines.toml`` (format:
``docs/catalog-spec.md``), the reference tables ``data/reference/positions.csv`` and
``courses.geojson`` (:mod:`geo.build.positions`), the committed boundaries
``data/boundaries/{provinces,cities,counties}.geojson`` (+ ``lakes.geojson`` for ``lake``
items), and the plan text ``shared/seed/*.txt`` (env ``YRDMAP_SEED_DIR`` overrides the
folder). None of these needs the ``build`` extra.

Steps per item: check keys and values → build the geometry from its one source
(``members`` unioned with ``shapely.coverage_union_all``; ``point``/``points``/``polygon``
from WGS84 coordinates; ``at`` from a row of the positions table; ``route``/``routes``
through rows of it, following a river's course where the route says ``"~<river>"``
(:func:`route_coords`); ``shape`` a polygon of ``courses.geojson``; ``lake`` from the lakes
layer, clipped to the item's cities) → check a ``published`` length's keys → store as
``plan_text`` the seed sentence (split on 。；; and line breaks) holding ``quote`` →
validate all with :func:`geo.schema.validate_projects` → write RFC 7946 GeoJSON, 6
decimals, sorted by layer order then id. Which provinces an item touches is not stored:
the engine derives it from the geometry. A drawn line is never ``precision = "boundary"``.
"""
from __future__ import annotations

import json
import os
import re
import tomllib
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely
import shapely.ops

from geo import crs
from geo.errors import YrdmapError
from geo.build.positions import COURSES, POSITIONS, load_courses, load_positions
from geo.schema import BOUNDS, LAYERS, PRECISION, STATUS, validate_projects

__all__ = ["ROOT", "CATALOG_FILES", "GEOMETRY_KEYS", "seed_dir", "load_catalog",
           "plan_sentence", "Reference", "route_coords", "build_projects", "main"]

ROOT = Path(__file__).resolve().parents[2]
BUILD_DIR = Path(__file__).resolve().parent
CATALOG_FILES = (BUILD_DIR / "catalog_areas.toml", BUILD_DIR / "catalog_lines.toml")
BOUNDARIES = ROOT / "data" / "boundaries"
OUT = ROOT / "data" / "projects.geojson"
DECIMALS = 6

GEOMETRY_KEYS = ("members", "point", "points", "at", "route", "routes", "shape", "polygon",
                 "lake")
REQUIRED_KEYS = ("id", "name_zh", "name_en", "layer", "clause", "quote", "status",
                 "precision", "cities")
OPTIONAL_KEYS = ("sea", "note", "published", "offset_m")
PUBLISHED_KEYS = {"km": (int, float), "of": str, "source": str, "province": int,
                  "start": str, "end": str}
PROPERTIES = ("id", "name_zh", "name_en", "layer", "clause", "plan_text", "status",
              "status_en", "precision", "cities", "member_adcodes", "waypoints", "sea",
              "note")
_SENTENCE_END = re.compile(r"(?<=[。；;])|\n+")


class CatalogError(YrdmapError, ValueError):
    """A catalog item is wrong; the message names the item id and the field."""


def _err(item_id, field, message) -> CatalogError:
    return CatalogError(f"catalog item {item_id!r}: field {field!r}: {message}")


def seed_dir() -> Path:
    """The plan text folder: ``$YRDMAP_SEED_DIR`` or ``<repo>/../shared/seed``."""
    env = os.environ.get("YRDMAP_SEED_DIR")
    return Path(env) if env else ROOT.parent / "shared" / "seed"


def _seed_sentences(folder: Path) -> list[str]:
    files = sorted(folder.glob("*.txt"))
    if not files:
        raise FileNotFoundError(f"no seed text (*.txt) in {folder}; set YRDMAP_SEED_DIR")
    sentences = []
    for path in files:
        for part in _SENTENCE_END.split(path.read_text("utf-8")):
            part = part.strip()
            if part:
                sentences.append(part)
    return sentences


def plan_sentence(quote: str, sentences: list[str], item_id: str = "?") -> str:
    """The one seed sentence containing ``quote`` (several identical ones count as one)."""
    hits = sorted({s for s in sentences if quote in s})
    if not hits:
        raise _err(item_id, "quote", f"{quote!r} occurs in no sentence of the seed")
    if len(hits) > 1:
        raise _err(item_id, "quote", f"{quote!r} is ambiguous: it occurs in {len(hits)} "
                   f"different sentences ({' | '.join(h[:30] for h in hits)}); quote more")
    return hits[0]


def load_catalog(files=CATALOG_FILES) -> list[dict]:
    """All ``[[item]]`` tables of the catalog files that exist, in file order."""
    items = []
    for path in files:
        if not Path(path).exists():
            continue
        with open(path, "rb") as fh:
            doc = tomllib.load(fh)
        unknown = set(doc) - {"item"}
        if unknown:
            raise CatalogError(f"{path}: unknown top-level keys {sorted(unknown)}; expected [[item]]")
        for item in doc.get("item", []):
            items.append({**item, "_file": Path(path).name})
    if not items:
        raise FileNotFoundError(f"no catalog items in {[str(f) for f in files]}")
    return items


def _check_lonlat(item_id, field, xy) -> tuple[float, float]:
    if (not isinstance(xy, (list, tuple)) or len(xy) != 2
            or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in xy)):
        raise _err(item_id, field, f"{xy!r} is not a [lon, lat] pair of numbers")
    lon, lat = float(xy[0]), float(xy[1])
    (x0, x1), (y0, y1) = BOUNDS["lon"], BOUNDS["lat"]
    if not (x0 <= lon <= x1 and y0 <= lat <= y1):
        raise _err(item_id, field, f"[{lon}, {lat}] lies outside lon {x0}–{x1}, lat {y0}–{y1} "
                   "(WGS84 lon, lat order expected)")
    return lon, lat


def _coords(item_id, field, value, depth: int):
    """Check a nested list of [lon, lat]: depth 0 = one pair, 1 = list, 2 = list of lists."""
    if depth == 0:
        return _check_lonlat(item_id, field, value)
    if not isinstance(value, list) or not value:
        raise _err(item_id, field, "expected a non-empty list")
    return [_coords(item_id, field, v, depth - 1) for v in value]


#: admin-derived polygons are unions of the 100 m display boundaries: they nest exactly
#: like the full-resolution ones at a fifth of the size, and exact per-region areas come
#: from the members' full-resolution areas (``geo.select``), not from these outlines.
MEMBER_RESOLUTION = "_s100"


class _Admin:
    """Boundaries by adcode at every level, plus lakes by name."""

    def __init__(self, folder: Path = BOUNDARIES, suffix: str = MEMBER_RESOLUTION):
        frames = []
        for stem in ("provinces", "cities", "counties"):
            path = folder / f"{stem}{suffix}.geojson"
            if not path.exists():
                raise FileNotFoundError(f"{path} is missing: run `python -m geo.build boundaries`")
            frames.append(gpd.read_file(path))
        units = gpd.GeoDataFrame(
            np.concatenate([f[["adcode", "level", "province_adcode", "city_adcode"]].values
                            for f in frames]),
            columns=["adcode", "level", "province_adcode", "city_adcode"],
            geometry=np.concatenate([f.geometry.values for f in frames]), crs=crs.STORAGE)
        self.units = units.set_index(units.adcode.astype(int))
        self.cities = set(int(a) for a in frames[1].adcode)
        self.lakes_path = folder / "lakes.geojson"
        self._lakes = None

    def parents(self, code: int) -> set[int]:
        row = self.units.loc[code]
        out = {int(row.province_adcode)}
        if row.level == "county":
            out.add(int(row.city_adcode))
        return out - {code}

    def lake(self, item_id, name: str):
        if self._lakes is None:
            if not self.lakes_path.exists():
                raise _err(item_id, "lake", f"{self.lakes_path} is missing "
                           "(run `python -m geo.build lakes`)")
            self._lakes = gpd.read_file(self.lakes_path)
        hit = self._lakes[self._lakes.name_zh == name]
        if len(hit) != 1:
            raise _err(item_id, "lake", f"{name!r} is not one lake of lakes.geojson "
                       f"(has: {', '.join(self._lakes.name_zh)})")
        return hit.geometry.iloc[0]


def _members_geometry(item_id, members, admin: _Admin):
    if not isinstance(members, list) or not members:
        raise _err(item_id, "members", "expected a non-empty list of adcodes")
    codes = []
    for m in members:
        if isinstance(m, bool) or not isinstance(m, int) or m not in admin.units.index:
            raise _err(item_id, "members", f"unknown adcode {m!r} (not in data/boundaries)")
        if m in codes:
            raise _err(item_id, "members", f"adcode {m} listed twice")
        codes.append(m)
    for m in codes:
        inside = admin.parents(m) & set(codes)
        if inside:
            raise _err(item_id, "members", f"{m} lies inside member {sorted(inside)[0]}: "
                       "members must not overlap")
    geom = shapely.coverage_union_all(admin.units.loc[codes].geometry.values)
    return shapely.make_valid(geom) if not geom.is_valid else geom


class Reference:
    """The positions table and the river courses/shapes, with metric copies for snapping."""

    def __init__(self, positions=POSITIONS, courses=COURSES):
        self.pos = load_positions(positions)
        self.courses = load_courses(courses)
        self._metric = {}

    def position(self, item_id, field, name):
        if not isinstance(name, str) or name not in self.pos.index:
            close = [n for n in self.pos.index if isinstance(name, str) and
                     (name in n or n in name)][:5]
            raise _err(item_id, field, f"{name!r} is not a row of data/reference/positions.csv"
                       + (f" (close: {', '.join(close)})" if close else ""))
        row = self.pos.loc[name]
        return float(row.lon), float(row.lat)

    def course(self, item_id, field, name, kind=None):
        if name not in self.courses.index or (kind and self.courses.loc[name, "kind"] != kind):
            have = [n for n in self.courses.index
                    if kind is None or self.courses.loc[n, "kind"] == kind]
            raise _err(item_id, field, f"{name!r} is not a {kind or 'course'} of "
                       f"data/reference/courses.geojson (has: {', '.join(have)})")
        return self.courses.geometry.loc[name]

    def metric_course(self, name):
        if name not in self._metric:
            self._metric[name] = gpd.GeoSeries([self.courses.geometry.loc[name]],
                                               crs=crs.STORAGE).to_crs(crs.METRIC).iloc[0]
        return self._metric[name]


def _to_metric(xy):
    return gpd.GeoSeries(shapely.points(np.asarray(xy, dtype=float)),
                         crs=crs.STORAGE).to_crs(crs.METRIC)


def _to_lonlat(geoms) -> list:
    return list(gpd.GeoSeries(list(geoms), crs=crs.METRIC).to_crs(crs.STORAGE))


def route_coords(item_id, field, tokens, ref: Reference) -> tuple[list, bool]:
    """Coordinates of a route: position names, with ``"~<river>"`` between two names
    meaning "along that river's course from the first to the second".

    An anchor next to a river stretch is moved onto the course (it must lie within its
    ``uncertainty_m`` of it). Returns the lon/lat list and whether the vertices are
    exactly the named positions (no river stretch).
    """
    if not isinstance(tokens, list) or len(tokens) < 2:
        raise _err(item_id, field, "expected a list of at least 2 position names")
    names = [t for t in tokens if not (isinstance(t, str) and t.startswith("~"))]
    for k, t in enumerate(tokens):
        if isinstance(t, str) and t.startswith("~"):
            if k == 0 or k == len(tokens) - 1 or str(tokens[k - 1]).startswith("~") \
                    or str(tokens[k + 1]).startswith("~"):
                raise _err(item_id, field, f"{t!r} at {k} must stand between two position names")
            ref.course(item_id, field, t[1:], "river")
    if len(names) < 2:
        raise _err(item_id, field, "a route needs at least 2 positions")
    xy = {n: ref.position(item_id, field, n) for n in names}
    snapped = {}
    for k, t in enumerate(tokens):
        if isinstance(t, str) and t.startswith("~"):
            course = ref.metric_course(t[1:])
            for n in (tokens[k - 1], tokens[k + 1]):
                p = _to_metric([xy[n]]).iloc[0]
                d = course.distance(p)
                unc = int(ref.pos.loc[n, "uncertainty_m"])
                if d > unc:
                    raise _err(item_id, field, f"{n!r} lies {d:.0f} m from the {t[1:]} course, "
                               f"more than its uncertainty {unc} m")
                snapped.setdefault(n, course.project(p))
    out: list = []

    def add(c):
        c = (float(c[0]), float(c[1]))
        if not out or out[-1] != c:
            out.append(c)

    k = 0
    while k < len(tokens):
        t = tokens[k]
        if t.startswith("~"):
            course = ref.metric_course(t[1:])
            a, b = snapped[tokens[k - 1]], snapped[tokens[k + 1]]
            part = shapely.ops.substring(course, a, b)
            for c in shapely.get_coordinates(_to_lonlat([part])[0]):
                add(c)
        elif t in snapped:
            course_name = next(tokens[j][1:] for j in (k - 1, k + 1)
                               if 0 <= j < len(tokens) and tokens[j].startswith("~"))
            pt = ref.metric_course(course_name).interpolate(snapped[t])
            if not out or k == 0 or not tokens[k - 1].startswith("~"):
                add(shapely.get_coordinates(_to_lonlat([pt])[0])[0])
        else:
            add(xy[t])
        k += 1
    return out, not snapped


def _geometry(item: dict, admin: _Admin, ref: Reference):
    """The item's geometry, its member adcodes (or None) and its waypoints (or None)."""
    item_id = item["id"]
    sources = [k for k in GEOMETRY_KEYS if k in item]
    if len(sources) != 1:
        raise _err(item_id, "geometry", f"needs exactly one of {', '.join(GEOMETRY_KEYS)}; "
                   f"has {sources or 'none'}")
    key = sources[0]
    value = item[key]
    if key == "members":
        return _members_geometry(item_id, value, admin), value, None
    if key == "point":
        return shapely.Point(_coords(item_id, key, value, 0)), None, None
    if key == "points":
        return shapely.MultiPoint(_coords(item_id, key, value, 1)), None, None
    if key == "at":
        names = [value] if isinstance(value, str) else value
        if not isinstance(names, list) or not names:
            raise _err(item_id, key, "expected a position name or a list of them")
        xy = [ref.position(item_id, key, n) for n in names]
        geom = shapely.Point(xy[0]) if isinstance(value, str) else shapely.MultiPoint(xy)
        return geom, None, None
    if key in ("route", "routes"):
        parts = [value] if key == "route" else value
        if not isinstance(parts, list) or not parts:
            raise _err(item_id, key, "expected a list of routes")
        coords = []
        exact = True
        for part in parts:
            c, e = route_coords(item_id, key, part, ref)
            coords.append(c)
            exact = exact and e
        offset = item.get("offset_m")
        if offset is not None:
            if isinstance(offset, bool) or not isinstance(offset, (int, float)) or offset <= 0:
                raise _err(item_id, "offset_m", f"{offset!r} is not a positive number of metres")
            metric = _metric_lines(coords)
            sides = [shapely.offset_curve(m, d) for m in metric for d in (offset, -offset)]
            lines = [shapely.get_coordinates(g).tolist() for g in _to_lonlat(sides)]
            return shapely.MultiLineString(lines), None, None
        if key == "route":
            waypoints = list(value) if exact else None
            return shapely.LineString(coords[0]), None, waypoints
        return shapely.MultiLineString(coords), None, None
    if key == "shape":
        geom = ref.course(item_id, key, value)
        if geom.geom_type not in ("Polygon", "MultiPolygon"):
            raise _err(item_id, key, f"{value!r} is a {geom.geom_type}, not an area")
        return geom, None, None
    if key == "polygon":
        ring = _coords(item_id, key, value, 1)
        if ring[0] == ring[-1]:
            ring = ring[:-1]
        if len(ring) < 3:
            raise _err(item_id, key, "a polygon needs at least 3 distinct corners")
        poly = shapely.Polygon(ring)
        if not poly.is_valid:
            raise _err(item_id, key, f"the ring is not a simple polygon "
                       f"({shapely.is_valid_reason(poly)})")
        return poly, None, None
    # lake: the named lake, clipped to the item's cities (drops the outline's spills)
    if not isinstance(value, str):
        raise _err(item_id, key, f"{value!r} is not a lake name")
    lake = admin.lake(item_id, value)
    cities = shapely.coverage_union_all(admin.units.loc[item["cities"]].geometry.values)
    clipped = shapely.intersection(lake, cities)
    clipped = shapely.make_valid(clipped) if not clipped.is_valid else clipped
    polys = [g for g in shapely.get_parts(clipped) if g.geom_type == "Polygon" and g.area > 0]
    if not polys:
        raise _err(item_id, key, f"lake {value!r} does not overlap the item's cities")
    return (polys[0] if len(polys) == 1 else shapely.MultiPolygon(polys)), None, None


def _metric_lines(coord_lists) -> list:
    """lon/lat coordinate lists → metric LineStrings."""
    lines = [shapely.LineString(c) for c in coord_lists]
    return list(gpd.GeoSeries(lines, crs=crs.STORAGE).to_crs(crs.METRIC))


def _check_published(item_id, value, ref: Reference) -> None:
    if not isinstance(value, dict):
        raise _err(item_id, "published", f"{value!r} is not a table {{km, of, source, …}}")
    for k, v in value.items():
        if k not in PUBLISHED_KEYS or not isinstance(v, PUBLISHED_KEYS[k]) or isinstance(v, bool):
            raise _err(item_id, "published", f"key {k!r} = {v!r}; accepted: "
                       + ", ".join(f"{a} ({t.__name__ if isinstance(t, type) else 'number'})"
                                   for a, t in PUBLISHED_KEYS.items()))
    for k in ("km", "of", "source"):
        if k not in value:
            raise _err(item_id, "published", f"missing {k!r}")
    for k in ("start", "end"):
        if k in value:
            ref.position(item_id, f"published.{k}", value[k])


def _record(item: dict, admin: _Admin, ref: Reference, sentences: list[str]) -> dict:
    item_id = item.get("id")
    if not isinstance(item_id, str):
        raise CatalogError(f"{item.get('_file')}: an item has no string id ({item!r:.120})")
    allowed = set(REQUIRED_KEYS) | set(OPTIONAL_KEYS) | set(GEOMETRY_KEYS) | {"_file"}
    for key in item:
        if key not in allowed:
            raise _err(item_id, key, "unknown key (see docs/catalog-spec.md)")
    for key in REQUIRED_KEYS:
        if key not in item:
            raise _err(item_id, key, "missing")
    for key in ("name_zh", "name_en", "layer", "clause", "quote", "status", "precision"):
        if not isinstance(item[key], str) or not item[key].strip():
            raise _err(item_id, key, f"{item[key]!r} is not a non-empty string")
    if item["layer"] not in LAYERS:
        raise _err(item_id, "layer", f"{item['layer']!r}; accepted: {', '.join(LAYERS)}")
    if item["status"] not in STATUS:
        raise _err(item_id, "status", f"{item['status']!r}; accepted: {', '.join(STATUS)}")
    if item["precision"] not in PRECISION:
        raise _err(item_id, "precision",
                   f"{item['precision']!r}; accepted: {', '.join(PRECISION)}")
    cities = item["cities"]
    if not isinstance(cities, list) or not cities:
        raise _err(item_id, "cities", "expected a non-empty list of city adcodes")
    for c in cities:
        if c not in admin.cities:
            raise _err(item_id, "cities", f"{c!r} is not a prefecture-level city adcode "
                       "of data/boundaries/cities.geojson")
    if len(set(cities)) != len(cities):
        raise _err(item_id, "cities", "a city is listed twice")
    sea = item.get("sea", False)
    if not isinstance(sea, bool):
        raise _err(item_id, "sea", f"{sea!r} is not true/false")
    note = item.get("note")
    if note is not None and not isinstance(note, str):
        raise _err(item_id, "note", f"{note!r} is not a string")
    geom, members, waypoints = _geometry(item, admin, ref)
    if "offset_m" in item and not any(k in item for k in ("route", "routes")):
        raise _err(item_id, "offset_m", "only allowed with `route`/`routes`")
    if "published" in item:
        _check_published(item_id, item["published"], ref)
    if geom.geom_type in ("LineString", "MultiLineString") and item["precision"] == "boundary":
        raise _err(item_id, "precision", "'boundary' is for admin-derived polygons; a drawn "
                   "line is 'approximate' or 'schematic'")
    return {
        "id": item_id,
        "name_zh": item["name_zh"],
        "name_en": item["name_en"],
        "layer": item["layer"],
        "clause": item["clause"],
        "plan_text": plan_sentence(item["quote"], sentences, item_id),
        "status": item["status"],
        "status_en": STATUS[item["status"]],
        "precision": item["precision"],
        "cities": [int(c) for c in cities],
        "member_adcodes": [int(m) for m in members] if members is not None else None,
        "waypoints": list(waypoints) if waypoints is not None else None,
        "sea": sea,
        "note": note,
        "geometry": geom,
    }


def _round(geom):
    geom = shapely.transform(geom, lambda xy: np.round(xy, DECIMALS))
    if not geom.is_valid:  # rounding can pinch a polygon; repair without moving vertices
        geom = shapely.make_valid(geom, method="structure")
    return shapely.orient_polygons(geom, exterior_cw=False)


def _plain(value):
    """A JSON-ready property value: pandas' missing markers → None, numpy → Python."""
    if isinstance(value, (list, tuple, np.ndarray)):
        return [_plain(v) for v in value]
    if isinstance(value, np.generic):
        value = value.item()
    if value is None or (isinstance(value, float) and value != value):
        return None
    return value


def _write_geojson(gdf: gpd.GeoDataFrame, out: Path) -> None:
    features = []
    for _, row in gdf.iterrows():
        features.append({
            "type": "Feature",
            "properties": {k: _plain(row[k]) for k in PROPERTIES},
            "geometry": json.loads(shapely.to_geojson(row.geometry)),
        })
    write_features(out, features)


def write_features(path: Path, features: list[dict]) -> None:
    """Write a FeatureCollection, one compact feature a line (small diffs in git), through a
    temporary file; NaN is refused."""
    lines = ",\n".join(json.dumps(f, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
                       for f in features)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text('{"type":"FeatureCollection","features":[\n' + lines + "\n]}\n", "utf-8")
    tmp.replace(path)


def build_projects(out: Path = OUT, *, files=CATALOG_FILES, boundaries: Path = BOUNDARIES,
                   positions: Path = POSITIONS, courses: Path = COURSES) -> gpd.GeoDataFrame:
    """Build, validate and write the projects layer; return it as a GeoDataFrame."""
    items = load_catalog(files)
    admin = _Admin(boundaries)
    ref = Reference(positions, courses)
    sentences = _seed_sentences(seed_dir())
    seen: dict[str, str] = {}
    records = []
    for item in items:
        item_id = item.get("id")
        if item_id in seen:
            raise _err(item_id, "id", f"used twice ({seen[item_id]} and {item['_file']})")
        seen[item_id] = item["_file"]
        records.append(_record(item, admin, ref, sentences))
    gdf = gpd.GeoDataFrame(records, geometry="geometry", crs=crs.STORAGE)
    gdf["geometry"] = [_round(g) for g in gdf.geometry]
    order = {k: i for i, k in enumerate(LAYERS)}
    gdf = (gdf.assign(_o=gdf.layer.map(order)).sort_values(["_o", "id"])
           .drop(columns="_o").reset_index(drop=True))
    validate_projects(gdf)
    _write_geojson(gdf, Path(out))
    return gdf


def main() -> None:
    gdf = build_projects(OUT)
    size = OUT.stat().st_size / 1e6
    print(f"projects: {len(gdf)} features, {size:.2f} MB → {OUT.relative_to(ROOT)}")
    for layer, n in gdf.layer.value_counts().reindex(list(LAYERS)).fillna(0).items():
        print(f"  {layer:20s} {int(n):3d}")


if __name__ == "__main__":
    main()
