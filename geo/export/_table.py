"""Column kinds shared by the data exporters: how each property is written and read back.

A property column is one of five kinds: ``str``, ``int``, ``float``, ``bool`` or
``json`` (lists and dicts, e.g. ``cities`` or ``km_by_province``). The catalog's
columns have fixed kinds (:data:`KNOWN`); other columns are inferred from their
values. Flat formats (CSV, Shapefile, GeoPackage, KML) store ``json`` columns as
compact JSON text; :func:`decode` turns them back, so that every format re-reads
to the same :func:`plain` records.
"""
from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping

import numpy as np
import pandas as pd

from geo import crs
from geo.errors import InputError
from geo.schema import PLANNING_FIELDS

__all__ = ["KNOWN", "NULLABLE", "INT_KEYS", "kinds", "plain", "encode", "decode", "records",
           "property_columns", "wgs84"]


def wgs84(items):
    """``items`` in WGS84 (:data:`geo.crs.STORAGE`), as every data format writes them
    (the same frame if already); :class:`InputError` if they have no CRS."""
    if items.crs is None:
        raise InputError("items have no CRS; set one (EPSG:4326 for lon/lat) before export")
    return items if items.crs.equals(crs.STORAGE) else items.to_crs(crs.STORAGE)

KNOWN: dict[str, str] = {
    "id": "str", "name_zh": "str", "name_en": "str", "layer": "str", "clause": "str",
    "plan_text": "str", "status": "str", "status_en": "str", "precision": "str",
    "cities": "json", "member_adcodes": "json", "waypoints": "json", "sea": "bool",
    "note": "str", "provinces": "json", "cities_in": "json", "km_by_province": "json",
    "km2_by_province": "json", "length_km": "float", "area_km2": "float",
    "cross_provincial": "bool",
}
#: item columns that may be null (the catalog's, the planning fields, the store's own);
#: flat formats cannot tell '' from null, so an empty text in these reads back as None
NULLABLE = {"member_adcodes", "waypoints", "note", *PLANNING_FIELDS, "source", "source_file",
            "imported_at"}
#: dict columns keyed by adcode: JSON object keys are text, these read back as int
INT_KEYS = {"km_by_province", "km2_by_province"}
_INT_RE = re.compile(r"^-?\d+$")
#: the scalar kinds' Python types (other kinds are kept as they are)
_CAST = {"bool": bool, "int": int, "float": float}


def property_columns(gdf) -> list[str]:
    """Every column but the active geometry, in frame order."""
    geom = gdf.geometry.name if hasattr(gdf, "geometry") else None
    return [c for c in gdf.columns if c != geom]


def _missing(v) -> bool:
    if v is None or v is pd.NA or v is pd.NaT:
        return True
    return isinstance(v, float) and math.isnan(v)


def _py(v):
    """numpy/pandas scalars and arrays → plain Python (recursively)."""
    if isinstance(v, np.ndarray):
        return [_py(x) for x in v.tolist()]
    if isinstance(v, (list, tuple)):
        return [_py(x) for x in v]
    if isinstance(v, Mapping):
        return {(k.item() if isinstance(k, np.generic) else k): _py(x) for k, x in v.items()}
    if isinstance(v, np.generic):
        return v.item()
    return v


def kinds(df: pd.DataFrame) -> dict[str, str]:
    """Kind of every property column: the catalog's where known, else from the values."""
    out = {}
    for col in property_columns(df):
        if col in KNOWN:
            out[col] = KNOWN[col]
            continue
        s = df[col]
        if pd.api.types.is_bool_dtype(s):
            out[col] = "bool"
        elif pd.api.types.is_integer_dtype(s):
            out[col] = "int"
        elif pd.api.types.is_float_dtype(s):
            out[col] = "float"
        elif any(isinstance(v, (list, tuple, dict, np.ndarray)) for v in s):
            out[col] = "json"
        else:
            out[col] = "str"
    return out


def plain(value, kind: str):
    """One cell as a plain JSON-ready Python value (missing → ``None``)."""
    if isinstance(value, (list, tuple, dict, np.ndarray)):
        value = _py(value)
        if kind == "json" and isinstance(value, dict):
            value = {int(k) if isinstance(k, str) and _INT_RE.match(k) else k: v
                     for k, v in value.items()}
        return value
    if _missing(value):
        return None
    value = _py(value)
    return _CAST[kind](value) if kind in _CAST else value


def encode(value, kind: str):
    """One cell for a flat format: ``json`` as compact text, missing as ``None``."""
    value = plain(value, kind)
    if kind == "json" and value is not None:
        if isinstance(value, dict):
            value = {str(k): v for k, v in value.items()}
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return value


def _decode_cell(value, kind: str, col: str):
    if isinstance(value, str) and value == "" and (col in NULLABLE or kind != "str"):
        return None
    if _missing(value):
        return None
    if kind == "json":
        value = json.loads(value) if isinstance(value, str) else _py(value)
        if col in INT_KEYS and isinstance(value, dict):
            value = {int(k): v for k, v in value.items()}
        return value
    if kind == "bool":
        if isinstance(value, str):
            low = value.strip().lower()
            if low not in ("true", "false", "1", "0"):
                raise InputError(f"column {col!r}: {value!r} is not a boolean "
                                 "(accepted: true, false, 1, 0)")
            return low in ("true", "1")
    return _CAST[kind](value) if kind in _CAST else _py(value)


def decode(df: pd.DataFrame, column_kinds: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Restore kinds after a flat format: JSON text → lists/dicts, 0/1 → bool, '' → None.

    ``column_kinds`` defaults to the catalog's :data:`KNOWN` kinds; unknown columns
    are left as read.
    """
    column_kinds = dict(KNOWN if column_kinds is None else column_kinds)
    out = df.copy()
    for col in property_columns(df):
        kind = column_kinds.get(col)
        if kind is None:
            continue
        values = [_decode_cell(v, kind, col) for v in df[col]]
        if kind == "bool" and all(v is not None for v in values):
            out[col] = pd.Series(values, index=df.index, dtype=bool)
        elif kind == "float":
            out[col] = pd.Series([np.nan if v is None else v for v in values],
                                 index=df.index, dtype=float)
        else:
            out[col] = pd.Series(values, index=df.index, dtype=object)
    return out


def records(df: pd.DataFrame) -> list[dict]:
    """Every row's properties as plain Python values: the form round trips compare.

    Examples
    --------
    >>> import pandas as pd
    >>> records(pd.DataFrame({"id": ["a"], "cities": [[310100]], "length_km": [float("nan")]}))
    [{'id': 'a', 'cities': [310100], 'length_km': None}]
    """
    k = kinds(df)
    cols = property_columns(df)
    return [{c: plain(v, k[c]) for c, v in zip(cols, row)}
            for row in df[cols].itertuples(index=False, name=None)]
