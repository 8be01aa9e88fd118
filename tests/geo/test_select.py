"""Selection: computed provinces/cities, per-province km/km², and every filter."""
import geopandas as gpd
import pytest
import shapely

from geo.catalog import load_projects, load_regions
from geo.regions import RegionError
from geo.select import OUTSIDE, filter_projects, measure_by_region, with_regions


def _items(*geoms, ids=None):
    ids = ids or [f"t{i}" for i in range(len(geoms))]
    return gpd.GeoDataFrame({"id": ids}, geometry=list(geoms), crs=4326)


def test_line_across_the_shanghai_jiangsu_border_is_split_by_province():
    # from 昆山 (Jiangsu) east to 嘉定 (Shanghai)
    line = shapely.LineString([(120.95, 31.38), (121.25, 31.38)])
    m = measure_by_region(_items(line), "province")
    assert set(m.adcode) == {310000, 320000}
    total = gpd.GeoSeries([line], crs=4326).to_crs("+proj=lcc +lat_1=28 +lat_2=34 +lat_0=31 "
                                                     "+lon_0=119 +ellps=GRS80").length[0] / 1e3
    assert m.km.sum() == pytest.approx(total, rel=1e-9)
    assert 25 < total < 32


def test_sea_part_is_reported_outside_and_parts_add_up():
    # from 芦潮港 (Shanghai) out to the open sea
    line = shapely.LineString([(121.90, 30.86), (122.60, 30.60)])
    m = measure_by_region(_items(line), "province")
    assert OUTSIDE in set(m.adcode)
    full = with_regions(_items(line))
    assert sum(full.km_by_province[0].values()) == pytest.approx(full.length_km[0], rel=1e-3)


def test_polygon_touching_a_neighbour_does_not_count_in_it():
    counties = load_regions("county").set_index("adcode")
    qingpu = counties.loc[310118].geometry  # borders Jiangsu and Zhejiang
    out = with_regions(_items(qingpu))
    assert out.provinces[0] == [310000]
    assert out.cross_provincial[0] is False or not out.cross_provincial[0]
    assert out.area_km2[0] == pytest.approx(counties.loc[310118].area_km2, rel=1e-3)


def test_point_lies_in_its_city():
    pt = shapely.Point(120.62, 31.31)  # 苏州 old town
    out = with_regions(_items(pt))
    assert out.provinces[0] == [320000] and out.cities_in[0] == [320500]


@pytest.fixture(scope="module")
def catalog():
    return with_regions(load_projects())


def test_demonstration_zone_is_in_exactly_three_provinces(catalog):
    demo = catalog[catalog.layer == "demonstration_zone"]
    assert len(demo) == 1
    row = demo.iloc[0]
    assert row.provinces == [310000, 320000, 330000]
    counties = load_regions("county").set_index("adcode")
    expected = {310000: counties.loc[310118].area_km2, 320000: counties.loc[320509].area_km2,
                330000: counties.loc[330421].area_km2}
    for adcode, km2 in expected.items():
        assert row.km2_by_province[adcode] == pytest.approx(km2, rel=1e-3)


def test_line_items_sum_to_their_length(catalog):
    lines = catalog[catalog.length_km.notna()]
    assert len(lines) >= 10
    for row in lines.itertuples():
        assert sum(row.km_by_province.values()) == pytest.approx(row.length_km, rel=1e-3), row.id


def test_provinces_are_derived_not_declared(catalog):
    """Every city the catalog names for an item lies in one of the item's computed provinces."""
    for row in catalog.itertuples():
        declared = {int(c) // 10000 * 10000 for c in row.cities}
        assert declared <= set(row.provinces) | {0}, (row.id, declared, row.provinces)


def test_filter_by_province_layer_status_text_cross():
    rail_zj = filter_projects(layers=["rail"], provinces=["浙江"])
    assert len(rail_zj) and (rail_zj.layer == "rail").all()
    assert rail_zj.provinces.map(lambda ps: 330000 in ps).all()
    assert len(filter_projects(provinces=["Zhejiang"])) == len(filter_projects(provinces=[330000]))
    cross = filter_projects(cross_provincial=True)
    assert len(cross) and cross.provinces.map(len).min() >= 2
    text = filter_projects(text="铁路")
    assert len(text) and text.apply(lambda r: "铁路" in r.name_zh + r.plan_text, axis=1).all()
    assert len(filter_projects(text="NO SUCH THING")) == 0
    started = filter_projects(status=["开工建设"])
    assert len(started) and len(filter_projects(status=["construction started"])) == len(started)


def test_filter_by_city_narrows():
    suzhou = filter_projects(cities=["苏州"])
    assert 0 < len(suzhou) < len(filter_projects())
    assert suzhou.cities_in.map(lambda cs: 320500 in cs).all()


def test_filter_errors_name_the_value_and_the_accepted_ones():
    with pytest.raises(ValueError, match="unknown layer 'railway'.*rail"):
        filter_projects(layers=["railway"])
    with pytest.raises(ValueError, match="unknown status 'finished'.*开工建设"):
        filter_projects(status=["finished"])
    with pytest.raises(RegionError, match="江苏省"):
        filter_projects(provinces=["江苏舍"])


def test_filter_by_county_keeps_what_touches_it_and_narrows_its_city():
    """#17.13: counties beside provinces and cities; names or adcodes; every kept item
    touches the county, every dropped one of the city does not."""
    wujiang = load_regions("county", "s100").query("name_zh == '吴江区'")
    assert len(wujiang) == 1
    code = int(wujiang["adcode"].iloc[0])
    city = filter_projects(cities=["苏州"])
    both = filter_projects(cities=["苏州"], counties=[code])
    by_name = filter_projects(counties=["吴江区"])
    assert 0 < len(both) < len(city)
    assert set(both["id"]) == set(by_name["id"]) & set(city["id"])
    area = wujiang.geometry.iloc[0]
    assert all(g.intersects(area) for g in both.geometry)
    assert not any(g.intersects(area) for g in city[~city["id"].isin(both["id"])].geometry)
    assert len(filter_projects(counties=[])) == len(filter_projects())
    with pytest.raises(RegionError):
        filter_projects(counties=["不存在县"])
