"""Plain records (JSON-ready dicts) of the adjacency queries: what the CLI prints and
the app tabulates and offers as downloads. Kilometres are rounded to metres."""
from __future__ import annotations

import geopandas as gpd
import numpy as np
import shapely

from geo.adjacency.border import Border
from geo.regions import Region

__all__ = ["region_record", "neighbour_records", "border_record", "zone_records",
           "crossing_records", "near_records", "route_records", "to_geojson"]


def _km(v) -> float:
    return round(float(v), 3)


def _name(adcode: int, lang: str) -> str:
    from geo.records import region_name

    return region_name(int(adcode), lang)


def region_record(r: Region) -> dict:
    return {"name_zh": r.name_zh, "name_en": r.name_en, "adcode": r.adcode, "level": r.level}


def neighbour_records(gdf: gpd.GeoDataFrame) -> list[dict]:
    """Rows of :func:`~geo.adjacency.neighbours`: name_zh, name_en, adcode, level,
    shared_km, contact."""
    return [{"name_zh": r.name_zh, "name_en": r.name_en, "adcode": int(r.adcode),
             "level": r.level, "shared_km": _km(r.shared_km), "contact": r.contact}
            for r in gdf.itertuples(index=False)]


def border_record(b: Border) -> dict:
    """The border's sides, length, contact and the units along it on each side."""
    return {"a": region_record(b.a), "b": region_record(b.b),
            "length_km": _km(b.length_km), "contact": b.contact,
            "sides": [{"side": int(s.side), "level": s.level, "adcode": int(s.adcode),
                       "name_zh": s.name_zh, "name_en": s.name_en,
                       "shared_km": _km(s.shared_km), "contact": s.contact}
                      for s in b.sides.itertuples(index=False)]}


def zone_records(gdf: gpd.GeoDataFrame) -> list[dict]:
    """Rows of :func:`~geo.adjacency.border_zone`."""
    return [{"name_zh": r.name_zh, "name_en": r.name_en, "adcode": int(r.adcode),
             "level": r.level, "side": int(r.side), "distance_km": _km(r.distance_km)}
            for r in gdf.itertuples(index=False)]


def _points(mp) -> list[list[float]]:
    if mp is None or shapely.is_empty(mp):
        return []
    return [[round(x, 6), round(y, 6)] for x, y in shapely.get_coordinates(mp)]


def crossing_records(gdf: gpd.GeoDataFrame, b: Border, lang: str = "zh") -> list[dict]:
    """Rows of :func:`~geo.adjacency.crossings`: id, name_zh, name_en, layer, kind,
    crossings, points ([lon, lat]), km / km² by side and by province (keyed by name),
    border_km."""
    sides = (b.a.label(lang), b.b.label(lang))
    out = []
    for r in gdf.itertuples(index=False):
        line = r.kind == "line"
        out.append({
            "id": r.id, "name_zh": r.name_zh, "name_en": r.name_en, "layer": r.layer,
            "kind": r.kind, "crossings": int(r.crossings) if line else None,
            "points": _points(r.points),
            "km_by_side": {sides[0]: _km(r.km_a), sides[1]: _km(r.km_b)} if line else {},
            "km2_by_side": {} if line else {sides[0]: _km(r.km2_a), sides[1]: _km(r.km2_b)},
            "border_km": None if line else _km(r.border_km),
            "km_by_province": {_name(k, lang): v for k, v in r.km_by_province.items()},
            "km2_by_province": {_name(k, lang): v for k, v in r.km2_by_province.items()},
        })
    return out


def near_records(gdf: gpd.GeoDataFrame) -> list[dict]:
    """Rows of :func:`~geo.adjacency.near_border`."""
    return [{"id": r.id, "name_zh": r.name_zh, "name_en": r.name_en, "layer": r.layer,
             "distance_km": _km(r.distance_km), "crosses_border": bool(r.crosses_border)}
            for r in gdf.itertuples(index=False)]


def route_records(gdf: gpd.GeoDataFrame) -> list[dict]:
    """Rows of :func:`~geo.adjacency.route`."""
    return [{"seq": int(r.seq), "adcode": int(r.adcode), "name_zh": r.name_zh,
             "name_en": r.name_en, "level": r.level, "km": _km(r.km),
             "from_km": _km(r.from_km), "to_km": _km(r.to_km)}
            for r in gdf.itertuples(index=False)]


def to_geojson(gdf: gpd.GeoDataFrame) -> str:
    """GeoJSON text of a query result; columns that are not plain values (dicts,
    geometries) become JSON text or WKT."""
    import json

    from geo.export._table import property_columns

    out = gdf.copy()
    for col in property_columns(out):
        values = out[col].tolist()
        if any(isinstance(v, dict) for v in values):
            out[col] = [json.dumps({str(k): x for k, x in v.items()}, ensure_ascii=False)
                        if isinstance(v, dict) else v for v in values]
        elif any(isinstance(v, shapely.Geometry) for v in values):
            out[col] = [v.wkt if isinstance(v, shapely.Geometry) else None for v in values]
        elif out[col].dtype.kind == "f":
            out[col] = np.round(out[col].astype(float), 6)
    return out.to_json(ensure_ascii=False, drop_id=True)
