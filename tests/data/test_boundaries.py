"""The committed boundaries: counts, CRS, validity, coverage, nesting, the datum shift, sizes."""
import geopandas as gpd
import numpy as np
import pytest
import shapely

from geo import datum, paths
from geo.catalog import load_regions

COUNTS = {"province": 4, "city": 41, "county": 305}
RESOLUTIONS = ["full", "s100", "s1000"]


@pytest.mark.parametrize("resolution", RESOLUTIONS)
@pytest.mark.parametrize("level", list(COUNTS))
def test_counts_crs_validity_coverage(level, resolution):
    gdf = load_regions(level, resolution)
    assert len(gdf) == COUNTS[level]
    assert gdf.crs.to_epsg() == 4326
    assert gdf.adcode.is_unique
    assert gdf.is_valid.all()
    assert shapely.coverage_is_valid(gdf.geometry.values)
    assert (gdf.name_zh.str.len() > 0).all() and (gdf.name_en.str.len() > 0).all()


def test_province_adcodes_and_names():
    p = load_regions("province")
    assert dict(zip(p.adcode, p.name_en)) == {
        310000: "Shanghai", 320000: "Jiangsu", 330000: "Zhejiang", 340000: "Anhui"}


@pytest.mark.parametrize("resolution", RESOLUTIONS)
def test_nesting_is_exact(resolution):
    counties = load_regions("county", resolution)
    cities = load_regions("city", resolution)
    provinces = load_regions("province", resolution)
    for city in cities.itertuples():
        union = shapely.coverage_union_all(counties[counties.city_adcode == city.adcode].geometry.values)
        assert union.equals(city.geometry), city.name_zh
    for prov in provinces.itertuples():
        union = shapely.coverage_union_all(cities[cities.province_adcode == prov.adcode].geometry.values)
        assert union.equals(prov.geometry), prov.name_zh
    assert set(counties.province_adcode) == set(provinces.adcode)


def _pairs(gdf, predicate_rook=True):
    tree = shapely.STRtree(gdf.geometry.values)
    left, right = tree.query(gdf.geometry.values, predicate="touches")
    pairs = set()
    for i, j in zip(left, right):
        if i < j:
            shared = shapely.intersection(gdf.geometry.values[i], gdf.geometry.values[j])
            if not predicate_rook or shapely.get_dimensions(shared) >= 1 or shared.length > 0:
                pairs.add((int(gdf.adcode.iloc[i]), int(gdf.adcode.iloc[j])))
    return pairs


@pytest.mark.parametrize("level", ["city", "county"])
def test_simplification_keeps_adjacency(level):
    full = _pairs(load_regions(level, "full"))
    assert len(full) > (60 if level == "city" else 700)
    for resolution in ("s100", "s1000"):
        assert _pairs(load_regions(level, resolution)) == full, resolution


def test_area_is_equal_area_km2():
    counties = load_regions("county")
    qingpu = counties.set_index("adcode").loc[310118]
    assert 600 < qingpu.area_km2 < 700  # 青浦区: 670 km² official
    prov = load_regions("province").set_index("adcode")
    assert prov.area_km2.sum() == pytest.approx(counties.area_km2.sum(), rel=1e-6)


def test_vertices_are_wgs84_not_gcj02():
    """The People's Square in Shanghai sits in 黄浦区 in WGS84 (31.2304N 121.4737E)."""
    counties = load_regions("county")
    huangpu = counties.set_index("adcode").loc[310101].geometry
    # The Bund's riverside wall: Huangpu's east edge is the river near 121.49–121.51 in WGS84;
    # in GCJ-02 it would be ~0.0045° further east.
    east = huangpu.bounds[2]
    assert 121.50 < east < 121.52
    # re-applying the forward shift moves vertices by 300–700 m, i.e. the data is not GCJ already
    xy = shapely.get_coordinates(huangpu)[:50]
    g = np.column_stack(datum.wgs84_to_gcj02(xy[:, 0], xy[:, 1]))
    assert (np.abs(g - xy).max(axis=1) > 0.002).all()


def test_full_resolution_files_fit_the_size_budget():
    sizes = [(paths.boundaries_dir() / f"{s}.geojson").stat().st_size
             for s in ("provinces", "cities", "counties")]
    assert sum(sizes) <= 20e6


def test_files_are_rfc7946():
    import json

    raw = json.loads((paths.boundaries_dir() / "provinces_s1000.geojson").read_text("utf-8"))
    assert raw["type"] == "FeatureCollection"
    assert "crs" not in raw
    gdf = gpd.read_file(paths.boundaries_dir() / "provinces_s1000.geojson")
    assert gdf.crs.to_epsg() == 4326
