"""The project catalog's schema, as data: layers, status vocabulary, precision, fields.

``data/projects.geojson`` holds one feature per mappable item of the plan; every
feature carries :data:`PROJECT_FIELDS`. :func:`validate_projects` checks a loaded
GeoDataFrame against this module and raises :class:`ValueError` naming the
feature, the field, the bad value and what is accepted. Pure: no I/O, no streamlit.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import shapely

__all__ = [
    "LAYERS",
    "STATUS",
    "PRECISION",
    "PROJECT_FIELDS",
    "PLANNING_FIELDS",
    "BOUNDS",
    "CLAUSE_RE",
    "ID_RE",
    "validate_projects",
]

#: layer key → titles, in display order (the design's five layers, then zones and hubs)
LAYERS: dict[str, dict[str, str]] = {
    "demonstration_zone": {"zh": "示范区", "en": "Demonstration zone"},
    "metropolitan_area": {"zh": "都市圈", "en": "Metropolitan areas"},
    "rail": {"zh": "轨道交通", "en": "Rail"},
    "waterway": {"zh": "水运与水利", "en": "Waterways"},
    "ecological_corridor": {"zh": "生态屏障与廊道", "en": "Ecological barriers and corridors"},
    "zone": {"zh": "合作与开放区域", "en": "Cooperation and opening zones"},
    "hub": {"zh": "枢纽与节点", "en": "Hubs and sites"},
}

#: the plan's own verb for an item (zh) → English
STATUS: dict[str, str] = {
    "规划": "planned",
    "规划建设": "planned for construction",
    "前期工作": "preliminary work",
    "开工建设": "construction started",
    "在建": "under construction",
    "推进": "advancing",
    "建设": "under development",
    "实施": "implementing",
    "保护": "protection",
    "申报": "application",
    "运营": "in operation",
    "建成": "completed",
}

#: how far a geometry can be trusted
PRECISION: dict[str, dict[str, str]] = {
    "boundary": {"zh": "行政边界", "en": "administrative boundary (union of units)"},
    "approximate": {"zh": "近似位置", "en": "approximate position"},
    "schematic": {"zh": "示意", "en": "schematic"},
}

#: required property → accepted Python type(s); ``None`` in the tuple means nullable
PROJECT_FIELDS: dict[str, tuple] = {
    "id": (str,),
    "name_zh": (str,),
    "name_en": (str,),
    "layer": (str,),
    "clause": (str,),
    "plan_text": (str,),
    "status": (str,),
    "status_en": (str,),
    "precision": (str,),
    "cities": (list,),
    "member_adcodes": (list, None),
    "waypoints": (list, None),
    "sea": (bool,),
    "note": (str, None),
}

#: optional planning fields (三张清单): property → (zh, en) titles. A feature may lack them;
#: when present each is null or a string, ``deadline`` an ISO date ``YYYY-MM-DD``.
PLANNING_FIELDS: dict[str, dict[str, str]] = {
    "responsible_unit": {"zh": "责任单位", "en": "Responsible unit"},
    "deadline": {"zh": "完成时限", "en": "Deadline"},
    "expected_result": {"zh": "预期成果", "en": "Expected result"},
}
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


#: lon/lat box every vertex must fall in (the YRD with a margin)
BOUNDS = {"lon": (114.0, 124.0), "lat": (26.0, 36.0)}
ID_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
CLAUSE_RE = re.compile(r"^[一二三四五六七八九十]{1,4}$")
_CITY_RE = re.compile(r"^3[1-4]\d{2}00$")
_ADCODE_RE = re.compile(r"^3[1-4]\d{4}$")


def _is_missing(value) -> bool:
    if value is None:
        return True
    try:
        return bool(np.isscalar(value) and value != value)  # NaN
    except (TypeError, ValueError):
        return False


def _as_list(value):
    """Lists may come back from a GeoJSON reader as tuples or numpy arrays."""
    if isinstance(value, (list, tuple, np.ndarray)):
        return [v.item() if isinstance(v, np.generic) else v for v in value]
    return value


def _type_name(types: tuple) -> str:
    names = [t.__name__ if t is not None else "null" for t in types]
    return " or ".join(names)


def _check_type(fid, field, value, types):
    nullable = None in types
    if _is_missing(value):
        if nullable:
            return None
        raise ValueError(f"feature {fid!r}: field {field!r} is missing; expected {_type_name(types)}")
    if list in types:
        value = _as_list(value)
    if isinstance(value, np.generic):
        value = value.item()
    ok = any(t is not None and isinstance(value, t) for t in types)
    if bool in types and not isinstance(value, bool):
        ok = False
    if int in types and isinstance(value, bool):
        ok = False
    if not ok:
        raise ValueError(
            f"feature {fid!r}: field {field!r} has {value!r} ({type(value).__name__}); "
            f"expected {_type_name(types)}"
        )
    return value


def _bad(fid, field, value, accepted) -> ValueError:
    return ValueError(f"feature {fid!r}: field {field!r} has {value!r}; accepted: {accepted}")


def _int_list(fid, field, values: Sequence, pattern: re.Pattern, what: str) -> None:
    for v in values:
        if isinstance(v, bool) or not isinstance(v, int) or not pattern.match(str(v)):
            raise _bad(fid, field, v, what)


def validate_projects(gdf) -> None:
    """Check every feature of ``gdf`` (a GeoDataFrame of projects); raise ``ValueError``.

    Checks: all :data:`PROJECT_FIELDS` present with the right types; ids unique
    slugs; ``layer``, ``status``, ``precision`` in the vocabularies and ``status_en``
    matching ``status``; ``clause`` a Chinese numeral; ``cities`` non-empty
    prefecture adcodes of the four provinces; ``waypoints`` one per vertex of a
    LineString; geometry present, valid and inside :data:`BOUNDS`.
    """
    columns = set(gdf.columns)
    seen: set[str] = set()
    for row, (_, feature) in enumerate(gdf.iterrows()):
        fid = feature["id"] if "id" in columns and isinstance(feature["id"], str) else f"row {row}"
        values = {}
        for field, types in PROJECT_FIELDS.items():
            if field not in columns:
                raise ValueError(
                    f"feature {fid!r}: field {field!r} is missing; expected {_type_name(types)}"
                )
            values[field] = _check_type(fid, field, feature[field], types)
        v = values
        if not ID_RE.match(v["id"]):
            raise _bad(fid, "id", v["id"], "a slug of [a-z0-9] words joined by '-'")
        if v["id"] in seen:
            raise _bad(fid, "id", v["id"], "an id not used by another feature")
        seen.add(v["id"])
        for field in ("name_zh", "name_en", "plan_text"):
            if not v[field].strip():
                raise _bad(fid, field, v[field], "a non-empty string")
        if v["layer"] not in LAYERS:
            raise _bad(fid, "layer", v["layer"], ", ".join(LAYERS))
        if v["status"] not in STATUS:
            raise _bad(fid, "status", v["status"], ", ".join(STATUS))
        if v["status_en"] != STATUS[v["status"]]:
            raise _bad(fid, "status_en", v["status_en"], repr(STATUS[v["status"]]))
        if v["precision"] not in PRECISION:
            raise _bad(fid, "precision", v["precision"], ", ".join(PRECISION))
        if not CLAUSE_RE.match(v["clause"]):
            raise _bad(fid, "clause", v["clause"], "a Chinese numeral such as '十七'")
        if not v["cities"]:
            raise _bad(fid, "cities", v["cities"], "a non-empty list of city adcodes")
        _int_list(fid, "cities", v["cities"], _CITY_RE,
                  "prefecture-level city adcodes of 上海/江苏/浙江/安徽 (e.g. 310100)")
        if v["member_adcodes"] is not None:
            if not v["member_adcodes"]:
                raise _bad(fid, "member_adcodes", v["member_adcodes"], "null or a non-empty list")
            _int_list(fid, "member_adcodes", v["member_adcodes"], _ADCODE_RE,
                      "province, city or county adcodes of 上海/江苏/浙江/安徽")
        geom = feature.geometry
        if geom is None or geom.is_empty:
            raise _bad(fid, "geometry", geom, "a non-empty geometry")
        if not geom.is_valid:
            raise _bad(fid, "geometry", shapely.is_valid_reason(geom), "a valid geometry")
        lon0, lat0, lon1, lat1 = geom.bounds
        (xmin, xmax), (ymin, ymax) = BOUNDS["lon"], BOUNDS["lat"]
        if lon0 < xmin or lon1 > xmax or lat0 < ymin or lat1 > ymax:
            raise _bad(fid, "geometry", (lon0, lat0, lon1, lat1),
                       f"bounds inside lon {xmin}–{xmax}, lat {ymin}–{ymax}")
        if v["waypoints"] is not None:
            if not all(isinstance(w, str) for w in v["waypoints"]):
                raise _bad(fid, "waypoints", v["waypoints"], "a list of strings")
            if geom.geom_type == "LineString" and len(v["waypoints"]) != len(geom.coords):
                raise _bad(fid, "waypoints", v["waypoints"],
                           f"one name per vertex of the line ({len(geom.coords)})")
        _check_planning(fid, feature, columns)


def _check_planning(fid, feature, columns) -> None:
    """The optional :data:`PLANNING_FIELDS`: absent, null or text; deadline an ISO date."""
    import datetime as dt

    for field in PLANNING_FIELDS:
        if field not in columns or _is_missing(feature[field]):
            continue
        value = feature[field]
        if not isinstance(value, str):
            raise _bad(fid, field, value, "null or a string")
        if field == "deadline":
            try:
                ok = bool(_DATE_RE.match(value)) and dt.date.fromisoformat(value) is not None
            except ValueError:
                ok = False
            if not ok:
                raise _bad(fid, field, value, "null or an ISO date such as '2025-12-31'")
