"""Plain records (JSON-ready dicts) of selections: what the CLI prints and the app tabulates."""
from __future__ import annotations

import geopandas as gpd

from geo.regions import all_regions

__all__ = ["project_records", "region_name"]


def region_name(adcode: int, lang: str = "zh") -> str:
    """Name of a region by adcode (0 → the sea/outside the YRD)."""
    if adcode == 0:
        return "区外/海域" if lang == "zh" else "outside/sea"
    for r in all_regions():
        if r.adcode == adcode:
            return r.name_zh if lang == "zh" else r.name_en
    raise KeyError(adcode)


def _named(values: dict, lang: str) -> dict[str, float]:
    return {region_name(int(k), lang): v for k, v in values.items()}


def project_records(items: gpd.GeoDataFrame, lang: str = "zh") -> list[dict]:
    """One dict per item with id, names, layer, status, precision, computed provinces
    (names), per-province km / km² keyed by province name, and ``outside``: what the
    区外 part is (``海域`` or a neighbouring province → km or km²; empty if none)."""
    outside = _outside(items, lang)
    out = []
    for row in items.itertuples(index=False):
        out.append({
            "id": row.id,
            "name_zh": row.name_zh,
            "name_en": row.name_en,
            "layer": row.layer,
            "status": row.status,
            "status_en": row.status_en,
            "precision": row.precision,
            "clause": row.clause,
            "provinces": [region_name(a, lang) for a in row.provinces],
            "province_adcodes": list(row.provinces),
            "cross_provincial": bool(row.cross_provincial),
            "length_km": None if row.length_km != row.length_km else float(row.length_km),
            "area_km2": None if row.area_km2 != row.area_km2 else float(row.area_km2),
            "km_by_province": _named(row.km_by_province, lang),
            "km2_by_province": _named(row.km2_by_province, lang),
            "outside": outside.get(row.id, {}),
        })
    return out


def _outside(items: gpd.GeoDataFrame, lang: str) -> dict:
    """id → {海域 | neighbouring province: km or km²} for items with a part outside."""
    from geo.measure import OUTSIDE, outside_name, outside_parts

    has = [OUTSIDE in (k or {}) or OUTSIDE in (a or {})
           for k, a in zip(items["km_by_province"], items["km2_by_province"])]
    if not any(has):
        return {}
    parts = outside_parts(items[has])
    out: dict = {}
    for r in parts.itertuples(index=False):
        value = float(r.km) if r.km > 0 else float(r.km2)
        out.setdefault(r.id, {})[outside_name(int(r.adcode), lang)] = round(value, 3)
    return out
