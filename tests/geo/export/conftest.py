"""Fixtures for the export tests: a tiny frame of every geometry type and awkward value,
and the real catalog selection (computed columns included)."""
from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
import shapely

LONG_ZH = "推进长三角生态绿色一体化发展示范区建设，" * 12   # > 254 bytes in UTF-8
LONG_EN = ("Navigation route from Linjiaba by the Bulao River and the Li Canal to Yangzhou, "
           "then across the Yangtze and by the Jiangnan Canal to Pingwang and Hangzhou. ") * 2


def _tiny() -> gpd.GeoDataFrame:
    geoms = [
        shapely.Point(121.4737, 31.2304),
        shapely.MultiPoint([(120.15, 30.28), (120.2, 30.3)]),
        shapely.LineString([(118.78, 32.04), (119.4, 32.2), (120.58, 31.3)]),
        shapely.MultiLineString([[(117.2, 31.8), (118.0, 31.5)], [(118.1, 31.4), (118.4, 31.3)]]),
        shapely.Polygon([(120.8, 31.0), (121.1, 31.0), (121.1, 31.2), (120.8, 31.2)],
                        [[(120.9, 31.05), (121.0, 31.05), (121.0, 31.1), (120.9, 31.1)]]),
        shapely.MultiPolygon([shapely.box(119.0, 30.0, 119.3, 30.2),
                              shapely.box(119.5, 30.1, 119.7, 30.3)]),
    ]
    n = len(geoms)
    return gpd.GeoDataFrame({
        "id": [f"t-{i}" for i in range(n)],
        "name_zh": ["上海中心", "杭州=HYPERLINK(\"x\")", "宁杭铁路", "合肥—芜湖", "示范区", "千岛湖"],
        "name_en": ["Shanghai", "Hangzhou", "Ning–Hang rail", "Hefei–Wuhu", "Zone", "Lake"],
        "layer": ["hub", "hub", "rail", "waterway", "demonstration_zone", "ecological_corridor"],
        "clause": ["六", "七", "十七", "十八", "六", "二十"],
        "plan_text": [LONG_ZH, "短", LONG_EN, "水运 ‘quotes’, \"double\"\nnew line", "x", "y"],
        "status": ["规划", "在建", "开工建设", "前期工作", "建设", "保护"],
        "status_en": ["planned", "under construction", "construction started",
                      "preliminary work", "under development", "protection"],
        "precision": ["approximate", "approximate", "schematic", "schematic", "boundary",
                      "boundary"],
        "cities": [[310100], [330100], [320100, 330100], [340100, 340200], [310100, 320500],
                   [330100]],
        "member_adcodes": [None, None, None, None, [310118, 320509, 330421], [330127]],
        "waypoints": [None, None, ["南京南", "常州", "苏州"], None, None, None],
        "sea": [False, False, False, True, False, False],
        "note": [None, "", "a note", "   leading and trailing   ", "备注", None],
        "provinces": [[310000], [330000], [320000, 330000], [340000], [310000, 320000], [330000]],
        "cities_in": [[310100], [330100], [320100], [340100], [310100], [330100]],
        "km_by_province": [{}, {}, {320000: 123.456, 330000: 7.5}, {340000: 88.0}, {}, {}],
        "km2_by_province": [{}, {}, {}, {}, {310000: 667.12, 320000: 1226.93}, {330000: 12.5}],
        "length_km": [np.nan, np.nan, 130.956, 88.0, np.nan, np.nan],
        "area_km2": [np.nan, np.nan, np.nan, np.nan, 1894.05, 12.5],
        "cross_provincial": [False, False, True, False, True, False],
    }, geometry=geoms, crs=4326)


@pytest.fixture
def tiny() -> gpd.GeoDataFrame:
    """Six items: every geometry type, a polygon with a hole, long text, None and '', NaN."""
    return _tiny()


@pytest.fixture(scope="session")
def catalog():
    """The whole catalog with computed regions (what the app and CLI export)."""
    from geo.select import filter_projects

    return filter_projects()
