"""Locating table rows: WKT, region names and adcodes, and the fallbacks between them."""
from __future__ import annotations

import pytest
import shapely

from geo.catalog import load_regions
from geo.ingest.locate import CellError, find_geometry_columns, parse_coordinate, resolve_regions


def _county(adcode: int):
    regions = load_regions("county", "full")
    return regions.loc[regions.adcode == adcode].geometry.iloc[0]


@pytest.mark.parametrize("headers, expect", [
    (["名称", "经度", "纬度"], ("经度", "纬度")),
    (["name", "Longitude", "Latitude"], ("Longitude", "Latitude")),
    (["name", "lng", "lat"], ("lng", "lat")),
    (["name", "X", "Y"], ("X", "Y")),
    (["name", "x", "y", "lon", "lat"], ("lon", "lat")),          # named wins over x/y
    (["名称", "经度（°）", "纬度（°）"], ("经度（°）", "纬度（°）")),
    (["名称", "经度"], (None, None)),                              # half a pair is no pair
])
def test_lon_lat_header_names(headers, expect):
    g = find_geometry_columns(headers)
    assert (g.lon, g.lat) == expect


def test_wkt_column(check_csv):
    good = ('id,name,layer,WKT\n'
            'l-1,沪苏湖铁路,rail,"LINESTRING (121.38 31.16, 120.95 31.0, 120.1 30.87)"\n'
            'p-1,示范区片区,zone,"POLYGON ((120.9 31.08, 121 31.08, 121 31.16, 120.9 31.08))"\n')
    items, report = check_csv(good + 'x-1,坏的,hub,"POINT (121.4"\n')
    [err] = report.errors
    assert err.row == 4 and err.field == "WKT" and err.value == "POINT (121.4"
    assert err.reason.startswith("is not valid WKT")
    assert err.accepted == "WKT such as 'POINT (121.47 31.23)' or 'LINESTRING (120 31, 121 31.2)'"
    items, report = check_csv(good, ok=True)
    assert list(items.geom_type) == ["LineString", "Polygon"]
    assert list(items["precision"]) == ["approximate", "approximate"]


def test_region_name_column_gives_the_region_geometry(check_csv):
    items, report = check_csv("项目名称,所在区县,完成时限\n青浦片区,青浦区,2025年底\n嘉善片区,330421,2026\n"
                              "吴江片区,Wujiang District,长期\n", ok=True)
    assert list(items["member_adcodes"]) == [[310118], [330421], [320509]]
    assert list(items["precision"]) == ["boundary"] * 3
    assert list(items["layer"]) == ["zone"] * 3
    assert items.geometry.iloc[0].equals(_county(310118))
    assert list(items["deadline"]) == ["2025-12-31", "2026-12-31", None]
    assert list(items["cities"]) == [[310100], [330400], [320500]]
    assert items.iloc[0]["所在区县"] == "青浦区"            # the region text stays as a property


def test_ambiguous_region_name_lists_its_candidates(check_csv):
    items, report = check_csv("项目名称,区县\n某项目,鼓楼区\n")
    assert items is None
    [err] = report.errors
    assert err.line() == (
        "error: row 2: 区县 = '鼓楼区': region '鼓楼区' is ambiguous: 鼓楼区 Gulou District (county, "
        "320106); 鼓楼区 Gulou District (county, 320302). Give the adcode or a level; accepted: a "
        "province, city or county of 上海/江苏/浙江/安徽 by name (全称, short or English) or adcode; "
        "for a name used twice add its city (南京市鼓楼区) or give the adcode")


def test_ambiguity_settled_by_a_city_column_or_a_chain(check_csv):
    items, report = check_csv("项目名称,城市,区县\n南京项目,南京,鼓楼区\n徐州项目,徐州市,鼓楼区\n"
                              "链式,,江苏省南京市鼓楼区\n舟山,,浙江省舟山市普陀区\n", ok=True)
    assert list(items["member_adcodes"]) == [[320106], [320302], [320106], [330903]]


def test_unknown_region_suggests_close_names(check_csv):
    _, report = check_csv("项目名称,地区\n错字,江苏舍\n")
    [err] = report.errors
    assert err.reason.startswith("unknown region '江苏舍'. Closest: 江苏省 Jiangsu")


def test_several_regions_in_one_cell_are_unioned(check_csv):
    items, report = check_csv("项目名称,涉及地区\n示范区,青浦区、吴江区、嘉善县\n", ok=True)
    assert items.iloc[0]["member_adcodes"] == [310118, 320509, 330421]
    union = shapely.union_all([_county(a) for a in (310118, 320509, 330421)])
    assert items.geometry.iloc[0].symmetric_difference(union).area < 1e-9
    assert items.iloc[0]["cities"] == [310100, 320500, 330400]


def test_coordinates_win_over_region_and_a_mismatch_is_a_warning(check_csv):
    items, report = check_csv("项目名称,经度,纬度,区县\n对的,121.12,31.15,青浦区\n不符,121.47,31.23,嘉善县\n"
                              "只有区县,,,吴江区\n", ok=True)
    assert list(items.geom_type) == ["Point", "Point", "MultiPolygon"] or \
        list(items.geom_type)[:2] == ["Point", "Point"]
    [warn] = [i for i in report.warnings if i.row is not None]
    assert warn.line() == ("warning: row 3: 区县 = '嘉善县': the position lies outside 嘉善县 named in "
                           "this column; accepted: coordinates inside the named region")
    assert items.iloc[2]["member_adcodes"] == [320509]


def test_a_row_without_any_position(check_csv):
    _, report = check_csv("项目名称,经度,纬度,区县\n空的,,,\n")
    [err] = report.errors
    assert err.line().startswith("error: row 2: geometry: the row has no position; accepted: columns "
                                 "经度+纬度")


def test_a_table_without_locating_columns(check_csv):
    _, report = check_csv("项目名称,责任单位\n某项目,某单位\n")
    assert [i.line() for i in report.errors] == [
        "error: file: geometry: no column locates the rows; accepted: columns 经度+纬度 (lon+lat, "
        "lng+lat, longitude+latitude, x+y), one 经纬度/location column 'lon,lat', a WKT column, or a "
        "region column (省份/城市/区县/地区 or adcode)"]


def test_resolve_regions_and_coordinates_units():
    assert [r.adcode for r in resolve_regions([("320000", None)])] == [320000]
    with pytest.raises(CellError):
        resolve_regions([("火星", None)])
    assert parse_coordinate("东经121.5") == 121.5
    assert parse_coordinate("121.5W") == -121.5
    with pytest.raises(CellError, match="minutes or seconds of 60"):
        parse_coordinate("121°61′")
