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

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.ingest import coords, fields, locate, safety
from geo.ingest.locate import CellError
from geo.ingest.readers import Source
from geo.ingest.report import IngestError, Report
from geo.ingest.safety import safe_filename
from geo.schema import LAYERS, STATUS

__all__ = ["validate", "repair", "ACCEPTED_TYPES"]

ACCEPTED_TYPES = ("Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon")
_LOCATE_ACCEPTED = ("columns 经度+纬度 (lon+lat, lng+lat, longitude+latitude, x+y), one 经纬度/location "
                    "column 'lon,lat', a WKT column, or a region column (省份/城市/区县/地区 or adcode)")
_DEFAULT_LAYER = {0: "hub", 2: "zone"}
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
        raise CellError(f"is a {g.geom_type}", ", ".join(ACCEPTED_TYPES))
    if g.is_empty:
        raise CellError("is empty", "a geometry with coordinates")
    if g.is_valid:
        return g, None
    reason = shapely.is_valid_reason(g)
    dim = shapely.get_dimensions(g)
    fixed = shapely.make_valid(g)
    parts = [p for p in shapely.get_parts(fixed) if shapely.get_dimensions(p) == dim]
    if not parts:
        raise CellError(f"is invalid ({reason}) and collapses when repaired",
                        f"a {g.geom_type} with {'area' if dim == 2 else 'length'}")
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
            report.warning(None, h, None, f"the column name is used more than once; "
                           f"column {len(out) + 1} is kept as {new!r}", "unique column names")
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
                report.error(row, col, rec[col], "is empty while the other coordinate is given",
                             "both longitude and latitude, or neither")
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
                                   if not fields._missing(rec[c])), gc.regions[-1])
                if geom is None and not failed:
                    report.error(row, col, value, err.reason, err.accepted)
                    failed = True
                elif geom is not None:
                    report.warning(row, col, value, f"{err.reason} (not used: the row has coordinates)",
                                   err.accepted)
            if geom is None and not failed and regions:
                geom, method = locate.region_geometry(regions), "region"
        if geom is None and not failed:
            report.error(row, "geometry", None, "the row has no position", _LOCATE_ACCEPTED)
        out.append((geom, method, regions))
    return out


def _cities(items: gpd.GeoDataFrame) -> list[list[int]]:
    """City adcodes each item lies in: a point where it falls, a line or area where more
    than a sliver of it lies (touching a border does not count)."""
    from geo.catalog import load_regions

    cities = load_regions("city", "full")
    left, right = shapely.STRtree(cities.geometry.values).query(items.geometry.values,
                                                                 predicate="intersects")
    out: list[set[int]] = [set() for _ in range(len(items))]
    a = items.geometry.values[left]
    b = cities.geometry.values[right]
    dims = shapely.get_dimensions(a)
    inter = shapely.intersection(a, b)
    keep = np.where(dims == 2, shapely.area(inter) > 1e-6,
                    np.where(dims == 1, shapely.length(inter) > 1e-4, True))
    for i, j, k in zip(left, right, keep):
        if k:
            out[i].add(int(cities["adcode"].iloc[j]))
    return [sorted(s) for s in out]


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
    """
    limits = limits or safety.Limits()
    report = report or Report(src.name, src.format, src.encoding, datum=datum)
    report.issues.extend(src.notes)
    taken = taken or {}
    declared = coords.parse_crs(crs)
    if src.is_table:
        if len(src.grid) < 2:
            raise IngestError("the table has no data rows", "a header row and one item per row")
        headers, records, rows = _table_records(src, report)
        gc = locate.find_geometry_columns(headers)
        src_crs = declared
    else:
        headers, records, rows, geoms_in = _feature_records(src)
        gc = locate.GeometryColumns()
        if declared is not None and src.crs is not None and not declared.equals(src.crs):
            report.warning(None, "crs", declared.to_string(),
                           f"ignored: the file declares its own CRS ({src.crs.name})", "")
        src_crs = src.crs if src.crs is not None else declared
    if src_crs is not None and src_crs.is_geographic and src_crs.equals(4326, ignore_axis_order=True):
        src_crs = None
    report.crs = src_crs.to_string() if src_crs is not None else "EPSG:4326 (assumed)"
    report.rows = len(records)
    safety.check_count(len(records), limits)
    empty = {h for h in headers if all(fields._missing(r[h]) for r in records)}
    mapping = fields.map_columns([h for h in headers if h not in gc.used() and h not in empty])
    if "name_zh" not in mapping:
        report.error(None, "name", None, "no column names the items",
                     "a column headed 项目名称, 名称, name or name_zh")
    # ---- geometry
    if src.is_table:
        if not gc.any:
            report.error(None, "geometry", None, "no column locates the rows", _LOCATE_ACCEPTED)
            located = [(None, None, [])] * len(records)
        else:
            located = _locate_table(headers, records, rows, gc, report)
        geoms = [g for g, _, _ in located]
        methods = [m for _, m, _ in located]
        regions = [r for _, _, r in located]
    else:
        geoms, methods, regions = [], [], [[] for _ in records]
        for g, row in zip(geoms_in, rows):
            if g is None or g.is_empty:
                report.error(row, "geometry", None, "the feature has no geometry",
                             ", ".join(ACCEPTED_TYPES))
                g = None
            geoms.append(g)
            methods.append("feature" if g is not None else None)
    safety.check_vertices(int(sum(shapely.get_num_coordinates(g) for g in geoms if g is not None)),
                          limits)
    final = [None] * len(geoms)
    for method, label in (("lonlat", "/".join(c for c in (gc.lon, gc.lat) if c) or gc.lonlat),
                          ("wkt", gc.wkt), ("feature", "geometry")):
        idx = [i for i, m in enumerate(methods) if m == method]
        if idx:
            conv = coords.to_wgs84([geoms[i] for i in idx], [rows[i] for i in idx], src_crs,
                                   datum, report, field=label or "geometry")
            for i, g in zip(idx, conv):
                final[i] = g
    for i, m in enumerate(methods):
        if m == "region":
            final[i] = geoms[i]
    for i, g in enumerate(final):
        if g is None:
            continue
        try:
            fixed, why = repair(g)
        except CellError as err:
            report.error(rows[i], "geometry", g.geom_type, err.reason, err.accepted)
            final[i] = None
            continue
        if why:
            report.warning(rows[i], "geometry", g.geom_type,
                           f"invalid geometry ({why}) repaired with make_valid to a {fixed.geom_type}",
                           "a valid geometry, to import it unchanged")
        final[i] = fixed
        if methods[i] in ("lonlat", "wkt") and regions[i]:
            area = locate.region_geometry(regions[i])
            if fixed.distance(area) > 0.005:
                names = "、".join(r.name_zh for r in regions[i])
                col = next(c for c, _ in reversed(gc.regions) if not fields._missing(records[i][c]))
                report.warning(rows[i], col, records[i][col],
                               f"the position lies outside {names} named in this column",
                               "coordinates inside the named region")
    # ---- fields
    items = []
    seen: dict[str, int] = {}
    defaulted = {"layer": [], "status": []}
    extras = [h for h in headers
              if h not in mapping.values() and h not in gc.used() and h not in empty]
    extra_names = {}
    for h in extras:
        name = h if h not in fields.RESERVED else f"extra_{h}"
        if name != h:
            report.warning(None, h, None, f"the column name is reserved; kept as {name!r}",
                           "another column name")
        extra_names[h] = name
    for i, (rec, row) in enumerate(zip(records, rows)):
        def get(fld, parse, *args):
            col = mapping.get(fld)
            return (None, True) if col is None else _cell(report, row, col, rec[col], parse, *args)

        item = {}
        if "id" in mapping:
            item_id, ok = get("id", fields.parse_id)
            if ok and item_id is None:
                report.error(row, mapping["id"], None, "the id is empty",
                             "a unique id in every row, or no id column at all (ids are then made)")
        else:
            item_id = f"u-{digest[:8] or 'import'}-{row}"
        if item_id is not None:
            if item_id in seen:
                report.error(row, mapping.get("id", "id"), item_id,
                             f"the id is already used in row {seen[item_id]}", "a unique id in every row")
            elif item_id in taken:
                report.error(row, mapping.get("id", "id"), item_id,
                             f"the id is already in the store: {taken[item_id]}",
                             "a new id (remove the stored item first to replace it: "
                             "yrdmap imported --remove ID)")
            seen.setdefault(item_id, row)
        item["id"] = item_id
        name, _ = get("name_zh", fields.clean_text, fields.MAX_NAME)
        if "name_zh" in mapping and name is None and _ is True:
            report.error(row, mapping["name_zh"], None, "the name is empty",
                         "a name in every row")
        item["name_zh"] = name
        name_en, _ = get("name_en", fields.clean_text, fields.MAX_NAME)
        item["name_en"] = name_en or name
        geom = final[i]
        layer, ok = get("layer", fields.parse_layer)
        if ok and layer is None and geom is not None:
            dim = shapely.get_dimensions(geom)
            layer = _DEFAULT_LAYER.get(int(dim))
            if layer is None:
                report.error(row, mapping.get("layer", "layer"), None, "a line needs a layer",
                             "; ".join(f"{k} ({v['zh']})" for k, v in LAYERS.items()
                                       if k in ("rail", "waterway", "ecological_corridor")))
            else:
                defaulted["layer"].append(row)
        item["layer"] = layer
        clause, _ = get("clause", fields.clean_text, 40)
        item["clause"] = clause or ""
        plan_text, _ = get("plan_text", fields.clean_text)
        item["plan_text"] = plan_text or ""
        status, ok = get("status", fields.parse_status)
        if ok and status is None:
            status = _DEFAULT_STATUS
            defaulted["status"].append(row)
        item["status"] = status
        item["status_en"] = STATUS.get(status)
        precision, _ = get("precision", fields.parse_precision)
        item["precision"] = precision or ("boundary" if methods[i] == "region" else "approximate")
        item["cities"] = []
        item["member_adcodes"] = [r.adcode for r in regions[i]] if methods[i] == "region" else None
        item["waypoints"] = None
        item["sea"] = False
        note, _ = get("note", fields.clean_text)
        item["note"] = note
        unit, _ = get("responsible_unit", fields.clean_text, 500)
        item["responsible_unit"] = unit
        due, _ = get("deadline", fields.parse_deadline)
        item["deadline"] = due
        result, _ = get("expected_result", fields.clean_text)
        item["expected_result"] = result
        for h in extras:
            value, _ = _cell(report, row, h, rec[h], fields.extra_value)
            item[extra_names[h]] = value
        item["geometry"] = geom
        items.append(item)
    for fld, rows_ in defaulted.items():
        if rows_:
            shown = ", ".join(map(str, rows_[:10])) + (" …" if len(rows_) > 10 else "")
            what = ("points → hub (枢纽与节点), areas → zone (合作与开放区域)" if fld == "layer"
                    else f"{_DEFAULT_STATUS} ({STATUS[_DEFAULT_STATUS]})")
            col = mapping.get(fld)
            report.warning(None, col or fld, None,
                           f"{'empty in' if col else 'no column; defaulted for'} {len(rows_)} row(s) "
                           f"({shown}): set to {what}",
                           ("a layer column (图层) with one of: " + ", ".join(LAYERS)) if fld == "layer"
                           else "a status column (状态) with one of: " + ", ".join(STATUS))
    if not report.ok:
        return None, report
    gdf = gpd.GeoDataFrame(pd.DataFrame(items), geometry="geometry", crs=4326)
    for col in gdf.columns:
        if col != "geometry" and (gdf[col].dtype == object or pd.api.types.is_string_dtype(gdf[col])):
            gdf[col] = gdf[col].astype(object).where(gdf[col].notna(), None)
    gdf["cities"] = _cities(gdf)
    gdf["source"] = "user"
    gdf["source_file"] = safe_filename(src.name, default="upload")
    gdf["imported_at"] = dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()
    front = [c for c in ("id", "name_zh", "name_en", "layer", "clause", "plan_text", "status",
                         "status_en", "precision", "cities", "member_adcodes", "waypoints", "sea",
                         "note", "responsible_unit", "deadline", "expected_result", "source",
                         "source_file", "imported_at")]
    rest = [c for c in gdf.columns if c not in front and c != "geometry"]
    return gdf[front + rest + ["geometry"]], report
