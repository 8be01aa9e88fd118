"""Check every row of a :class:`~geo.ingest.readers.Source` and build the items.

:func:`validate` locates each row (:mod:`geo.ingest.locate`), brings it to
WGS84 (:mod:`geo.ingest.coords`), repairs invalid geometry with
:func:`shapely.make_valid` (a warning), parses the schema fields
(:mod:`geo.ingest.fields`), rejects ids repeated within the file or already
taken in the store, and returns the items only when the report has no error.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

import geo.ingest.coords as coords
import geo.ingest.fields as fields
import geo.ingest.locate as locate
import geo.ingest.safety as safety
from geo.ingest.locate import CellError
from geo.ingest.readers import Source
from geo.ingest.report import IngestError, Report, msg
from geo.ingest.safety import safe_filename
from geo.schema import LAYERS, STATUS
from geo.store.contract import ITEM_FIELDS

__all__ = ["validate", "repair", "ACCEPTED_TYPES"]

ACCEPTED_TYPES = ("Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon")
_LOCATE_ACCEPTED = msg("ingest.locate_ok")
_DEFAULT_LAYER = {0: "hub", 2: "zone"}
#: schema fields whose parsed value depends on the cell text only (memoised per file)
_MEMO_FIELDS = frozenset({"layer", "status", "precision", "deadline"})
#: an invalid geometry with more vertices than this is refused, not repaired (bounded work)
MAX_REPAIR_VERTICES = 10_000
_DEFAULT_STATUS = "规划"


def repair(geom):
    """Return ``(geometry, reason)``: ``geom`` made valid, and why it was not (or ``None``).

    Z/M values are dropped. Parts of a lower dimension left by
    :func:`shapely.make_valid` (a spike of a polygon) are dropped too. Raises
    :class:`CellError` for a type outside :data:`ACCEPTED_TYPES` or a geometry
    that collapses (a polygon with no area).

    Examples
    --------
    >>> g, why = repair(shapely.from_wkt("POLYGON ((0 0, 2 2, 2 0, 0 2, 0 0))"))
    >>> g.geom_type, why
    ('MultiPolygon', 'Self-intersection[1 1]')
    """
    g = shapely.force_2d(geom)
    if g.geom_type not in ACCEPTED_TYPES:
        raise CellError(msg("ingest.bad_geom_type", type=g.geom_type), ", ".join(ACCEPTED_TYPES))
    if g.is_empty:
        raise CellError(msg("ingest.empty_geom"), msg("ingest.empty_geom_ok"))
    if g.is_valid:
        return g, None
    reason = shapely.is_valid_reason(g)
    dim = shapely.get_dimensions(g)
    n = shapely.get_num_coordinates(g)
    if n > MAX_REPAIR_VERTICES:    # repair costs grow with the crossings: bound it first
        raise CellError(msg("ingest.too_big_to_repair", why=reason, n=n, limit=MAX_REPAIR_VERTICES),
                        msg("ingest.too_big_to_repair_ok"))
    if dim == 2:
        # the "structure" method keeps the areas (shells minus holes) and stays near
        # n log n on self-crossing rings, where "linework" took minutes for 36,000 vertices
        fixed = shapely.make_valid(g, method="structure", keep_collapsed=False)
        if not fixed.is_empty and fixed.geom_type in ("Polygon", "MultiPolygon"):
            return fixed, reason
    else:
        fixed = shapely.make_valid(g)
    parts = [p for p in shapely.get_parts(fixed) if shapely.get_dimensions(p) == dim
             and not p.is_empty]
    if not parts:
        raise CellError(msg("ingest.collapses", why=reason),
                        msg("ingest.collapses_area_ok" if dim == 2 else "ingest.collapses_length_ok",
                            type=g.geom_type))
    out = parts[0] if len(parts) == 1 else shapely.union_all(parts)
    if out.geom_type == "GeometryCollection":  # pragma: no cover - union of same-dimension parts
        raise CellError(f"is invalid ({reason})", "a valid geometry")
    return out, reason


def _table_records(src: Source, report: Report):
    h = fields.header_index(src.grid)
    width = max(len(r) for r in src.grid)
    raw_headers = list(src.grid[h]) + [None] * (width - len(src.grid[h]))
    headers = _unique_headers([fields.clean_header(v, i) for i, v in enumerate(raw_headers)], report)
    body = src.grid[h + 1:]
    rows = src.grid_rows[h + 1:]
    records = [dict(zip(headers, list(r) + [None] * (width - len(r)))) for r in body]
    return headers, records, rows


def _unique_headers(headers: list[str], report: Report) -> list[str]:
    counts: Counter = Counter()
    out = []
    for h in headers:
        counts[h] += 1
        if counts[h] > 1:
            new = f"{h}_{counts[h]}"
            report.warning(None, h, None, msg("ingest.duplicate_header", n=len(out) + 1, new=repr(new)),
                           msg("ingest.duplicate_header_ok"))
            h = new
        out.append(h)
    return out


def _feature_records(src: Source):
    frame = src.frame
    gcol = frame.geometry.name
    headers = [str(c) for c in frame.columns if c != gcol]
    plain = pd.DataFrame(frame.drop(columns=gcol))
    plain.columns = headers
    records = plain.to_dict("records")
    rows = list(range(1, len(frame) + 1))
    return headers, records, rows, list(frame.geometry.values)


def _cell(report: Report, row: int, header: str, value, parse, *args):
    try:
        return parse(value, *args), True
    except CellError as err:
        report.error(row, header, value, err.reason, err.accepted)
        return None, False


def _locate_table(headers, records, rows, gc: locate.GeometryColumns, report: Report):
    """Per row: (geometry or None, method, regions) — geometry in the input CRS."""
    out = []
    for rec, row in zip(records, rows):
        geom, method, regions, failed = None, None, [], False
        if gc.lon and gc.lat:
            lon, ok1 = _cell(report, row, gc.lon, rec[gc.lon], locate.parse_coordinate)
            lat, ok2 = _cell(report, row, gc.lat, rec[gc.lat], locate.parse_coordinate)
            failed = not (ok1 and ok2)
            if not failed and (lon is None) != (lat is None):
                col = gc.lat if lat is None else gc.lon
                report.error(row, col, rec[col], msg("ingest.one_coordinate"),
                             msg("ingest.one_coordinate_ok"))
                failed = True
            elif lon is not None and lat is not None:
                geom, method = shapely.Point(lon, lat), "lonlat"
        if geom is None and not failed and gc.lonlat:
            pair, ok = _cell(report, row, gc.lonlat, rec[gc.lonlat], locate.parse_lonlat)
            failed = not ok
            if pair is not None:
                geom, method = shapely.Point(*pair), "lonlat"
        if geom is None and not failed and gc.wkt:
            geom, ok = _cell(report, row, gc.wkt, rec[gc.wkt], locate.parse_wkt)
            failed = not ok
            method = "wkt" if geom is not None else None
        if gc.regions:
            cells = [(rec[c], level) for c, level in gc.regions]
            try:
                regions = locate.resolve_regions(cells)
            except CellError as err:
                col, value = next(((c, rec[c]) for c, _ in reversed(gc.regions)
                                   if not fields.is_empty(rec[c])), gc.regions[-1])
                if geom is None and not failed:
                    report.error(row, col, value, err.reason, err.accepted)
                    failed = True
                elif geom is not None:
                    report.warning(row, col, value, f"{err.reason} (not used: the row has coordinates)",
                                   err.accepted)
            if geom is None and not failed and regions:
                geom, method = locate.region_geometry(regions), "region"
        if geom is None and not failed:
            report.error(row, "geometry", None, msg("ingest.no_position"), _LOCATE_ACCEPTED)
        out.append((geom, method, regions))
    return out


def _check_region_budget(t: _Rows, limits) -> None:
    """Refuse, before any boundary is unioned, a cell naming more regions than
    ``limits.max_names_per_cell`` or a file whose multi-region cells name more than
    ``limits.max_region_names`` in all (the union work)."""
    if not t.gc.regions:
        return
    total = 0
    for rec, row in zip(t.records, t.rows):
        for col, _ in t.gc.regions:
            value = rec[col]
            if fields.is_empty(value):
                continue
            n = locate.count_names(value)
            if n < 2:
                continue        # one region: its boundary as stored, no union to compute
            if n > limits.max_names_per_cell:
                raise IngestError(msg("ingest.names_per_cell", n=n, limit=limits.max_names_per_cell),
                                  msg("ingest.names_per_cell_ok"),
                                  row=row, field=col, value=str(value)[:40])
            total += n
    if total > limits.max_region_names:
        raise IngestError(msg("ingest.region_names", n=total, limit=limits.max_region_names),
                          msg("ingest.region_names_ok"))


def _cities(items: gpd.GeoDataFrame, known: list | None = None) -> list[list[int]]:
    """City adcodes each item lies in: a point where it falls, a line or area where more
    than a sliver of it lies (touching a border does not count).

    ``known[i]``, when not ``None``, is item ``i``'s answer already (an item located by
    regions lies in their cities): no geometry is computed for it. The cities are
    the query side of the tree (prepared once each), so 20,000 points cost one pass; an
    item inside a city needs no intersection, only those crossing a city border do.
    """
    from geo.catalog import load_regions

    cities = load_regions("city", "full")
    shapely.prepare(cities.geometry.values)      # kept on the cached frame's geometries
    codes = cities["adcode"].astype(int).to_numpy()
    known = known or [None] * len(items)
    todo = np.array([k is None for k in known], dtype=bool)
    out: list[set[int]] = [set(k) if k is not None else set() for k in known]
    idx = np.flatnonzero(todo)
    if len(idx):
        # part by part: a part inside a city is measured as it is; only the parts that
        # cross a city border are intersected (a 36,000-vertex multipolygon stays cheap)
        parts, owner = shapely.get_parts(items.geometry.values[idx], return_index=True)
        owner = idx[owner]
        right, left = shapely.STRtree(parts).query(cities.geometry.values, predicate="intersects")
        a, b = parts[left], cities.geometry.values[right]
        dims = shapely.get_dimensions(a)
        size = np.ones(len(a))
        rest = np.flatnonzero(dims > 0)
        if len(rest):
            inside = shapely.contains_properly(b[rest], a[rest])
            whole, cut = rest[inside], rest[~inside]
            size[whole] = np.where(dims[whole] == 2, shapely.area(a[whole]), shapely.length(a[whole]))
            if len(cut):
                inter = shapely.intersection(a[cut], b[cut])
                size[cut] = np.where(dims[cut] == 2, shapely.area(inter), shapely.length(inter))
        totals: dict[tuple[int, int], float] = {}
        for i, j, d, v in zip(owner[left], right, dims, size):
            totals[(i, j)] = totals.get((i, j), 0.0) + (np.inf if d == 0 else v)
        limit = {0: 0.0, 1: 1e-4, 2: 1e-6}
        item_dims = shapely.get_dimensions(items.geometry.values)
        for (i, j), v in totals.items():
            if v > limit[int(item_dims[i])]:
                out[i].add(int(codes[j]))
    return [sorted(s_) for s_ in out]


def _region_cities(regions) -> list[int] | None:
    """The cities a set of regions lies in (a province: all its cities); ``None`` when a
    county's city is not known (then its geometry decides)."""
    from geo.catalog import load_regions

    out: set[int] = set()
    for r in regions:
        if r.level == "county":
            if r.city_adcode is None:
                return None
            out.add(int(r.city_adcode))
        elif r.level == "city":
            out.add(int(r.adcode))
        else:
            cities = load_regions("city", "s1000")
            out |= {int(a) for a in cities["adcode"] if int(a) // 10000 == int(r.adcode) // 10000}
    return sorted(out)


@dataclass
class _Rows:
    """A source flattened to records, with where each row is and what locates it."""

    headers: list[str]
    records: list[dict]
    rows: list[int]
    gc: locate.GeometryColumns
    crs: object | None
    geoms: list | None = None          # geodata files: the features' own geometry


def _rows(src: Source, declared, report: Report) -> _Rows:
    if src.is_table:
        if len(src.grid) < 2:
            raise IngestError(msg("ingest.no_data_rows"), msg("ingest.no_data_rows_ok"))
        headers, records, rows = _table_records(src, report)
        out = _Rows(headers, records, rows, locate.find_geometry_columns(headers), declared)
    else:
        headers, records, rows, geoms = _feature_records(src)
        if declared is not None and src.crs is not None and not declared.equals(src.crs):
            report.warning(None, "crs", declared.to_string(),
                           f"ignored: the file declares its own CRS ({src.crs.name})", "")
        out = _Rows(headers, records, rows, locate.GeometryColumns(),
                    src.crs if src.crs is not None else declared, geoms)
    if out.crs is not None and out.crs.is_geographic and out.crs.equals(4326, ignore_axis_order=True):
        out.crs = None
    return out


def _geometries(t: _Rows, datum: str, limits, report: Report):
    """Per row: (WGS84 geometry or None, how it was located, regions named in the row)."""
    gc, n = t.gc, len(t.records)
    if t.geoms is None:
        if not gc.any:
            report.error(None, "geometry", None, msg("ingest.no_locating_column"), _LOCATE_ACCEPTED)
            located = [(None, None, [])] * n
        else:
            located = _locate_table(t.headers, t.records, t.rows, gc, report)
    else:
        located = []
        known = {i.row for i in report.errors if i.field == "geometry"}
        for g, row in zip(t.geoms, t.rows):
            if (g is None or g.is_empty) and row in known:
                located.append((None, None, []))
            elif g is None or g.is_empty:
                report.error(row, "geometry", None, msg("ingest.no_geometry"),
                             ", ".join(ACCEPTED_TYPES))
                located.append((None, None, []))
            else:
                located.append((g, "feature", []))
    geoms = [g for g, _, _ in located]
    methods = [m for _, m, _ in located]
    regions = [r for _, _, r in located]
    safety.check_vertices(int(sum(shapely.get_num_coordinates(g) for g in geoms if g is not None)),
                          limits)
    final: list = [None] * n
    labels = {"lonlat": "/".join(c for c in (gc.lon, gc.lat) if c) or gc.lonlat,
              "wkt": gc.wkt, "feature": "geometry"}
    for method, label in labels.items():
        idx = [i for i, m in enumerate(methods) if m == method]
        if idx:   # coordinates typed by the user: CRS, datum and per-row flags
            conv = coords.to_wgs84([geoms[i] for i in idx], [t.rows[i] for i in idx], t.crs,
                                   datum, report, field=label or "geometry")
            for i, g in zip(idx, conv):
                final[i] = g
    for i, m in enumerate(methods):
        if m == "region":     # region boundaries are WGS84 already
            final[i] = geoms[i]
    for i, g in enumerate(final):
        if g is not None:
            final[i] = _repaired(g, t.rows[i], report)
        if final[i] is not None and shapely.get_num_geometries(final[i]) > limits.max_parts:
            report.error(t.rows[i], "geometry", final[i].geom_type,
                         msg("ingest.too_many_parts", n=shapely.get_num_geometries(final[i]),
                             limit=limits.max_parts), msg("ingest.too_many_parts_ok"))
            final[i] = None
        if final[i] is not None and methods[i] in ("lonlat", "wkt") and regions[i]:
            _check_in_region(final[i], regions[i], t, i, report)
    return final, methods, regions


def _repaired(g, row: int, report: Report):
    try:
        fixed, why = repair(g)
    except CellError as err:
        report.error(row, "geometry", g.geom_type, err.reason, err.accepted)
        return None
    if why:
        report.warning(row, "geometry", g.geom_type,
                       msg("ingest.repaired", why=why, type=fixed.geom_type),
                       msg("ingest.repaired_ok"))
    return fixed


def _check_in_region(geom, regions, t: _Rows, i: int, report: Report) -> None:
    if geom.distance(locate.region_geometry(regions)) > 0.005:    # ~500 m
        names = "、".join(r.name_zh for r in regions)
        col = next(c for c, _ in reversed(t.gc.regions) if not fields.is_empty(t.records[i][c]))
        report.warning(t.rows[i], col, t.records[i][col],
                       msg("ingest.outside_named", names=names),
                       msg("ingest.outside_named_ok"))


class _Fields:
    """Parses one row's schema fields into an item dict, reporting every bad cell."""

    def __init__(self, t: _Rows, mapping: dict[str, str], extras: dict[str, str],
                 taken: dict[str, str], digest: str, report: Report):
        self.t, self.mapping, self.extras = t, mapping, extras
        self.taken, self.digest, self.report = taken, digest, report
        self.seen: dict[str, tuple[int, str]] = {}
        self._taken_cf: dict | None = None
        self._memo: dict = {}
        self.defaulted: dict[str, list[int]] = {"layer": [], "status": []}

    def _get(self, rec, row, fld, parse, *args):
        col = self.mapping.get(fld)
        if col is None:
            return None, True
        value = rec[col]
        if fld not in _MEMO_FIELDS or not isinstance(value, str) or len(value) > 100:
            return _cell(self.report, row, col, value, parse, *args)
        # vocabularies and deadlines repeat down a list: parse each distinct text once
        key = (fld, value)
        if key not in self._memo:
            try:
                self._memo[key] = (parse(value, *args), None)
            except CellError as err:
                self._memo[key] = (None, err)
        out, err = self._memo[key]
        if err is not None:
            self.report.error(row, col, value, err.reason, err.accepted)
            return None, False
        return out, True

    def _id(self, rec, row):
        m, report = self.mapping, self.report
        if "id" in m:
            item_id, ok = self._get(rec, row, "id", fields.parse_id)
            if ok and item_id is None:
                report.error(row, m["id"], None, msg("ingest.id_empty"), msg("ingest.id_empty_ok"))
        else:
            item_id = f"u-{self.digest[:8] or 'import'}-{row}"
        if item_id is None:
            return None
        key = item_id.casefold()       # ids differ by more than case (Windows, Excel, URLs)
        if self._taken_cf is None:
            self._taken_cf = {k.casefold(): (k, v) for k, v in self.taken.items()}
        problem = None    # (reason, accepted): the id repeats in the file, or is taken
        if key in self.seen:
            first, spelled = self.seen[key]
            problem = (msg("ingest.id_repeated", row=first) if spelled == item_id
                       else msg("ingest.id_repeated_case", row=first, other=repr(spelled)),
                       msg("ingest.id_unique_ok"))
        elif key in self._taken_cf:
            same, where = self._taken_cf[key]
            problem = (msg("ingest.id_taken", where=where) if same == item_id
                       else msg("ingest.id_taken_case", other=repr(same), where=where),
                       msg("ingest.id_taken_ok"))
        if problem:
            report.error(row, m.get("id", "id"), item_id, *problem)
        self.seen.setdefault(key, (row, item_id))
        return item_id

    def item(self, rec: dict, row: int, geom, method, regions) -> dict:
        get, m = (lambda *a: self._get(rec, row, *a)), self.mapping
        item = {"id": self._id(rec, row)}
        name, ok = get("name_zh", fields.clean_text, fields.MAX_NAME)
        if "name_zh" in m and ok and name is None:
            self.report.error(row, m["name_zh"], None, msg("ingest.name_empty"), msg("ingest.name_empty_ok"))
        item["name_zh"] = name
        item["name_en"] = get("name_en", fields.clean_text, fields.MAX_NAME)[0] or name
        layer, ok = get("layer", fields.parse_layer)
        if ok and layer is None and geom is not None:
            layer = _DEFAULT_LAYER.get(int(shapely.get_dimensions(geom)))
            if layer is None:
                self.report.error(row, m.get("layer", "layer"), None, msg("ingest.line_needs_layer"),
                                  "; ".join(f"{k} ({v['zh']})" for k, v in LAYERS.items()
                                            if k in ("rail", "waterway", "ecological_corridor")))
            else:
                self.defaulted["layer"].append(row)
        item["layer"] = layer
        item["clause"] = get("clause", fields.clean_text, 40)[0] or ""
        item["plan_text"] = get("plan_text", fields.clean_text)[0] or ""
        status, ok = get("status", fields.parse_status)
        if ok and status is None:
            status = _DEFAULT_STATUS
            self.defaulted["status"].append(row)
        item["status"], item["status_en"] = status, STATUS.get(status)
        precision = get("precision", fields.parse_precision)[0]
        item["precision"] = precision or ("boundary" if method == "region" else "approximate")
        item["cities"] = []
        item["member_adcodes"] = [r.adcode for r in regions] if method == "region" else None
        item["waypoints"] = None
        item["sea"] = False
        item["note"] = get("note", fields.clean_text)[0]
        item["responsible_unit"] = get("responsible_unit", fields.clean_text, 500)[0]
        item["deadline"] = get("deadline", fields.parse_deadline)[0]
        item["expected_result"] = get("expected_result", fields.clean_text)[0]
        for h, name_ in self.extras.items():
            item[name_] = _cell(self.report, row, h, rec[h], fields.extra_value)[0]
        item["geometry"] = geom
        return item

    def report_defaults(self) -> None:
        for fld, rows_ in self.defaulted.items():
            if not rows_:
                continue
            shown = ", ".join(map(str, rows_[:10])) + (" …" if len(rows_) > 10 else "")
            col = self.mapping.get(fld)
            what = msg("ingest.default_layer_what") if fld == "layer" else \
                f"{_DEFAULT_STATUS} ({STATUS[_DEFAULT_STATUS]})"
            reason = msg("ingest.default_empty" if col else "ingest.default_no_column",
                         n=len(rows_), rows=shown, what=what)
            accepted = msg("ingest.default_layer_ok", keys=", ".join(LAYERS)) if fld == "layer" \
                else msg("ingest.default_status_ok", keys=", ".join(STATUS))
            self.report.warning(None, col or fld, None, reason, accepted)


def _extras(t: _Rows, mapping: dict[str, str], empty: set[str], report: Report) -> dict[str, str]:
    """Unknown columns → the property name they are kept under.

    A column named like a stored or computed field that is not read as that
    field (``provinces``, ``cities``, ``imported_at`` … in a CSV exported by the
    app) is recomputed on import, not kept: one warning lists them.
    """
    out, derived = {}, []
    for h in t.headers:
        if h in mapping.values() or h in t.gc.used() or h in empty:
            continue
        if h in fields.RESERVED:
            derived.append(h)
            continue
        out[h] = h
    if derived:
        report.warning(None, ", ".join(derived), None,
                       msg("ingest.derived_columns"), "")
    return out


_FRONT = ITEM_FIELDS


def _frame(items: list[dict], source_name: str, known_cities: list | None = None) -> gpd.GeoDataFrame:
    gdf = gpd.GeoDataFrame(pd.DataFrame(items), geometry="geometry", crs=4326)
    for col in gdf.columns:    # missing text is None, not NaN (pandas 3 infers str columns)
        if col != "geometry" and (gdf[col].dtype == object or pd.api.types.is_string_dtype(gdf[col])):
            gdf[col] = gdf[col].astype(object).where(gdf[col].notna(), None)
    gdf["cities"] = _cities(gdf, known_cities)
    gdf["source"] = "user"
    gdf["source_file"] = safe_filename(source_name, default="upload")
    gdf["imported_at"] = dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()
    rest = [c for c in gdf.columns if c not in _FRONT and c != "geometry"]
    return gdf[list(_FRONT) + rest + ["geometry"]]


def validate(src: Source, *, datum: str = "wgs84", crs=None, taken: dict[str, str] | None = None,
             digest: str = "", limits: safety.Limits | None = None,
             report: Report | None = None) -> tuple[gpd.GeoDataFrame | None, Report]:
    """Check ``src`` row by row; return ``(items, report)`` (``items`` is ``None`` on any error).

    Parameters
    ----------
    src : what :func:`geo.ingest.readers.read_source` read.
    datum : ``"wgs84"`` or ``"gcj02"`` (lon/lat from Amap/Tencent).
    crs : declared CRS of a table's coordinates (``EPSG:4549`` …); a geodata
        file's own CRS is used otherwise.
    taken : ids already used (id → where), from the store.
    digest : hex digest of the file, used to make ids when the file has no id column.
    limits : feature-count and vertex limits.
    report : a report to fill (a new one by default).

    Returns
    -------
    (GeoDataFrame or None, Report)
        The items in the store's schema (WGS84; catalog fields, planning fields,
        ``source``/``source_file``/``imported_at``, then extra columns) when the
        report has no error.
    """
    limits = limits or safety.Limits()
    report = report or Report(src.name, src.format, src.encoding, datum=datum)
    report.issues.extend(src.notes)
    t = _rows(src, coords.parse_crs(crs), report)
    safety.check_columns(len(t.headers), limits)
    report.crs = t.crs.to_string() if t.crs is not None else "EPSG:4326 (assumed)"
    report.rows = len(t.records)
    safety.check_count(len(t.records), limits)
    empty = {h for h in t.headers if all(fields.is_empty(r[h]) for r in t.records)}
    mapping = fields.map_columns([h for h in t.headers if h not in t.gc.used() and h not in empty])
    if "name_zh" not in mapping:
        recognised = bool(mapping) or t.gc.any
        shown = ", ".join(repr(h) for h in t.headers[:6]) + (" …" if len(t.headers) > 6 else "")
        hint = "" if recognised or not src.is_table else (
            f"; no column name is recognised ({shown}): if they look garbled the file is not "
            f"{src.encoding}, so choose its encoding (--encoding / 文字编码)")
        report.error(None, "name", None,
                     msg("ingest.no_name_column_hint", headers=shown, encoding=src.encoding) if hint
                     else msg("ingest.no_name_column"), msg("ingest.no_name_column_ok"))
    _check_region_budget(t, limits)
    geoms, methods, regions = _geometries(t, datum, limits, report)
    parser = _Fields(t, mapping, _extras(t, mapping, empty, report), taken or {}, digest, report)
    items = [parser.item(rec, row, geoms[i], methods[i], regions[i])
             for i, (rec, row) in enumerate(zip(t.records, t.rows))]
    parser.report_defaults()
    if not report.ok:
        return None, report
    known = [_region_cities(regions[i]) if methods[i] == "region" else None
             for i in range(len(items))]
    return _frame(items, src.name, known), report
