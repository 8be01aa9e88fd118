"""``geo.schema.validate_projects``: errors name the feature, the field and the value."""
from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
import shapely

from geo.schema import LAYERS, PRECISION, PROJECT_FIELDS, STATUS, validate_projects


def _row(**over) -> dict:
    row = {
        "id": "hub-test",
        "name_zh": "测试",
        "name_en": "Test",
        "layer": "hub",
        "clause": "十九",
        "plan_text": "合力打造世界级机场群。",
        "status": "建设",
        "status_en": STATUS["建设"],
        "precision": "approximate",
        "cities": [310100],
        "member_adcodes": None,
        "waypoints": None,
        "sea": False,
        "note": None,
        "geometry": shapely.Point(121.8, 31.14),
    }
    row.update(over)
    return row


def _gdf(*rows) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(list(rows) or [_row()], geometry="geometry", crs=4326)


def _raises(gdf, *words):
    with pytest.raises(ValueError) as exc:
        validate_projects(gdf)
    for w in words:
        assert w in str(exc.value), (w, str(exc.value))
    return str(exc.value)


def test_vocabularies():
    assert list(LAYERS) == ["demonstration_zone", "metropolitan_area", "rail", "waterway",
                            "ecological_corridor", "zone", "hub"]
    assert all(set(v) == {"zh", "en"} for v in LAYERS.values())
    assert set(PRECISION) == {"boundary", "approximate", "schematic"}
    assert {"规划", "规划建设", "前期工作", "开工建设", "在建", "推进", "建设", "实施", "保护",
            "申报", "运营", "建成"} == set(STATUS)
    assert set(PROJECT_FIELDS) == {"id", "name_zh", "name_en", "layer", "clause", "plan_text",
                                   "status", "status_en", "precision", "cities",
                                   "member_adcodes", "waypoints", "sea", "note"}


def test_valid_passes():
    validate_projects(_gdf(_row(), _row(id="rail-x", layer="rail", status="开工建设",
                                        status_en=STATUS["开工建设"], waypoints=["a", "b"],
                                        geometry=shapely.LineString([(121, 31), (120, 30.5)]))))


def test_numpy_lists_from_a_reader_pass():
    validate_projects(_gdf(_row(cities=np.array([310100, 320500]))))


def test_bad_layer():
    msg = _raises(_gdf(_row(layer="railway")), "hub-test", "layer", "railway")
    assert "demonstration_zone" in msg  # says what is accepted


def test_bad_status():
    msg = _raises(_gdf(_row(status="完成")), "hub-test", "status", "完成")
    assert "开工建设" in msg


def test_status_en_must_match():
    _raises(_gdf(_row(status_en="planned")), "hub-test", "status_en", "planned")


def test_bad_precision():
    _raises(_gdf(_row(precision="exact")), "hub-test", "precision", "exact", "boundary")


def test_missing_column():
    gdf = _gdf().drop(columns=["status"])
    _raises(gdf, "hub-test", "status", "missing")


def test_missing_value():
    _raises(_gdf(_row(name_en=None)), "hub-test", "name_en", "missing")


def test_missing_id_names_the_row():
    _raises(_gdf(_row(), _row(id=None)), "row 1", "id", "missing")


def test_wrong_type():
    _raises(_gdf(_row(sea="yes")), "hub-test", "sea", "'yes'", "bool")


def test_duplicate_id():
    _raises(_gdf(_row(), _row()), "hub-test", "id", "another feature")


def test_bad_id_slug():
    _raises(_gdf(_row(id="Hub_Test")), "Hub_Test", "id")


def test_bad_clause():
    _raises(_gdf(_row(clause="19")), "hub-test", "clause", "'19'")


def test_bad_city():
    _raises(_gdf(_row(cities=[310118])), "hub-test", "cities", "310118")
    _raises(_gdf(_row(cities=[])), "hub-test", "cities")


def test_geometry_out_of_bounds():
    _raises(_gdf(_row(geometry=shapely.Point(31.14, 121.8))), "hub-test", "geometry", "lon")


def test_waypoints_one_per_vertex():
    _raises(_gdf(_row(waypoints=["a"], geometry=shapely.LineString([(121, 31), (120, 30.5)]))),
            "hub-test", "waypoints")
