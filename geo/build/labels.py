"""Build ``data/boundaries/labels.geojson``: where the basemap's place names go, and from
which zoom each is drawn without overlapping another.

One point per unit — the 4 provinces, the 41 cities (上海市 once, as the province), the 305
counties — and per named lake and river: the centre of the largest circle inside the unit's
largest part (:func:`shapely.maximum_inscribed_circle` in :data:`geo.crs.METRIC`), so the
label always lies inside its unit, unlike a centroid. Then a greedy collision pass per
integer zoom (:data:`ZOOMS`) and language: labels are taken by rank (province, city, county,
water; larger first) and kept when their text box, padded by :data:`PAD_PX`, meets no box
kept before. Provinces are kept at every zoom. ``zooms_zh`` / ``zooms_en`` are bitmasks: bit
``z - ZOOMS[0]`` set when the label is drawn at zoom ``z`` (beyond the last zoom, as at it).

The app's map and the static exports both read this file: one source of names and places.

Examples
--------
>>> text_box("吴江区", "county", "zh")
(39.0, 15.0)
>>> mask_zooms(0b1111000)
[8, 9, 10, 11]
"""
from __future__ import annotations

import math
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely

from geo import crs

__all__ = ["ZOOMS", "MIN_ZOOM", "FONT_PX", "PAD_PX", "text_box", "mask_zooms",
           "label_points", "place_labels", "build_labels", "main"]

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "data" / "boundaries"
ZOOMS = tuple(range(5, 13))
#: the first zoom a level is drawn at
MIN_ZOOM = {"province": 0, "city": 7, "county": 9, "lake": 8, "river": 8}
#: font size in CSS px by level (layers/basemap_layers.py uses the same)
FONT_PX = {"province": 16, "city": 13, "county": 12, "lake": 12, "river": 12}
PAD_PX = 3.0
RANK = {"province": 0, "city": 1, "county": 2, "lake": 3, "river": 4}
MIN_LAKE_KM2 = 50.0


def text_box(text: str, level: str, lang: str) -> tuple[float, float]:
    """Width and height in px of ``text`` at ``level``'s font (CJK 1 em, Latin 0.56 em)."""
    size = FONT_PX[level]
    wide = sum(1 for ch in text if ord(ch) > 0x2E80)
    width = size * (wide + 0.56 * (len(text) - wide)) + 2 * 1.5
    return round(width, 1), round(size * 1.25, 1)


def mask_zooms(mask: int) -> list[int]:
    """The zooms of a ``zooms_*`` bitmask."""
    return [z for i, z in enumerate(ZOOMS) if mask >> i & 1]


def _inside_point(geom) -> shapely.Point:
    """Centre of the largest inscribed circle of the largest part (``geom`` metric)."""
    parts = shapely.get_parts(geom)
    big = parts[int(np.argmax(shapely.area(parts)))]
    tol = max(math.sqrt(big.area) / 200, 10.0)
    return shapely.get_point(shapely.maximum_inscribed_circle(big, tol), 0)


def label_points() -> gpd.GeoDataFrame:
    """One candidate per unit, lake and named river, with its rank and area."""
    rows = []
    for level, stem in (("province", "provinces"), ("city", "cities"), ("county", "counties")):
        units = gpd.read_file(OUT / f"{stem}.geojson").to_crs(crs.METRIC)
        for r in units.itertuples():
            if level == "city" and int(r.adcode) // 10000 == 31:
                continue                      # 上海市 is labelled once, as the province
            rows.append({"adcode": int(r.adcode), "level": level, "name_zh": r.name_zh,
                         "name_en": r.name_en, "size": float(r.geometry.area),
                         "geometry": _inside_point(r.geometry)})
    lakes = gpd.read_file(OUT / "lakes.geojson").to_crs(crs.METRIC)
    for r in lakes.itertuples():
        if r.kind == "lake" and r.area_km2 >= MIN_LAKE_KM2:
            rows.append({"adcode": 0, "level": "lake", "name_zh": r.name_zh,
                         "name_en": r.name_en, "size": float(r.geometry.area),
                         "geometry": _inside_point(r.geometry)})
    rivers = gpd.read_file(OUT / "rivers.geojson").to_crs(crs.METRIC)
    for r in rivers[rivers.name_zh.notna()].itertuples():
        parts = shapely.get_parts(r.geometry)
        longest = parts[int(np.argmax(shapely.length(parts)))]
        rows.append({"adcode": 0, "level": "river", "name_zh": r.name_zh,
                     "name_en": r.name_en, "size": float(longest.length),
                     "geometry": longest.interpolate(0.5, normalized=True)})
    gdf = gpd.GeoDataFrame(rows, geometry="geometry", crs=crs.METRIC).to_crs(crs.STORAGE)
    gdf["rank"] = gdf.level.map(RANK)
    return gdf.sort_values(["rank", "size", "adcode"], ascending=[True, False, True],
                           kind="stable").reset_index(drop=True)


def _pixels(lon: np.ndarray, lat: np.ndarray, zoom: int) -> tuple[np.ndarray, np.ndarray]:
    scale = 256 * 2 ** zoom
    x = (lon + 180) / 360 * scale
    s = np.sin(np.radians(lat))
    y = (0.5 - np.log((1 + s) / (1 - s)) / (4 * np.pi)) * scale
    return x, y


def place_labels(points: gpd.GeoDataFrame, lang: str) -> np.ndarray:
    """Bitmask per label (rows in rank order) of the zooms it is drawn at in ``lang``."""
    names = points["name_zh" if lang == "zh" else "name_en"].tolist()
    sizes = np.array([text_box(n, lv, lang) for n, lv in zip(names, points.level)])
    lon, lat = points.geometry.x.to_numpy(), points.geometry.y.to_numpy()
    masks = np.zeros(len(points), dtype=np.int64)
    for i, z in enumerate(ZOOMS):
        x, y = _pixels(lon, lat, z)
        w, h = sizes[:, 0] / 2 + PAD_PX, sizes[:, 1] / 2 + PAD_PX
        boxes = np.column_stack([x - w, y - h, x + w, y + h])
        kept: list[int] = []
        for k, level in enumerate(points.level):
            if z < MIN_ZOOM[level]:
                continue
            if level != "province" and kept:
                other = boxes[kept]
                b = boxes[k]
                hit = ((other[:, 0] < b[2]) & (other[:, 2] > b[0]) &
                       (other[:, 1] < b[3]) & (other[:, 3] > b[1]))
                if hit.any():
                    continue
            kept.append(k)
            masks[k] |= 1 << i
    return masks


def build_labels(out: Path = OUT / "labels.geojson") -> gpd.GeoDataFrame:
    """Compute and write the label points with their per-language zoom masks."""
    points = label_points()
    points["zooms_zh"] = place_labels(points, "zh")
    points["zooms_en"] = place_labels(points, "en")
    points["geometry"] = shapely.set_precision(points.geometry.values, 1e-5)
    cols = ["name_zh", "name_en", "level", "adcode", "rank", "zooms_zh", "zooms_en", "geometry"]
    gdf = points[cols]
    out.unlink(missing_ok=True)
    gdf.to_file(out, driver="GeoJSON", engine="pyogrio",
                layer_options={"RFC7946": "YES", "COORDINATE_PRECISION": "5",
                               "WRITE_NAME": "NO"})
    return gdf


def main() -> None:
    gdf = build_labels()
    for lang in ("zh", "en"):
        col = gdf[f"zooms_{lang}"].to_numpy()
        shown = {z: int(((col >> i) & 1).sum()) for i, z in enumerate(ZOOMS)}
        print(f"{lang}: labels drawn per zoom {shown}")
    print(f"{len(gdf)} labels → data/boundaries/labels.geojson")


if __name__ == "__main__":
    main()
