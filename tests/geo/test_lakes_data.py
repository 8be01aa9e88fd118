"""Checks on the committed ``data/boundaries/lakes.geojson`` (offline, no build deps)."""
from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import pytest
import shapely

LAKES = Path(__file__).resolve().parents[2] / "data" / "boundaries" / "lakes.geojson"
YRD_BBOX = (114.8, 27.0, 123.0, 35.3)
#: km² bands around what NE 10m gives in geo.crs.EQUAL_AREA (太湖 2507, 洪泽湖 2350,
#: 巢湖 788, 千岛湖 587): NE's generalised outlines run larger than surveyed areas.
AREA_BANDS = {"太湖": (2000, 2600), "洪泽湖": (1800, 2600), "巢湖": (600, 900),
              "千岛湖": (300, 700)}


@pytest.fixture(scope="module")
def lakes() -> gpd.GeoDataFrame:
    return gpd.read_file(LAKES)


def test_schema_and_crs(lakes):
    assert lakes.crs.to_epsg() == 4326
    assert {"name_zh", "name_en", "area_km2", "ne_id", "source"} <= set(lakes.columns)
    assert lakes.source.str.match(r"Natural Earth 10m lakes v\d+\.\d+ via PyPI \S+==\S+$").all()


def test_rfc7946_and_precision():
    doc = json.loads(LAKES.read_text("utf-8"))
    assert "crs" not in doc
    for feature in doc["features"]:
        coords = shapely.get_coordinates(shapely.from_geojson(json.dumps(feature["geometry"])))
        assert (abs(coords * 1e6 - (coords * 1e6).round()) < 1e-3).all()


@pytest.mark.parametrize("name, band", AREA_BANDS.items())
def test_named_lakes_have_plausible_areas(lakes, name, band):
    row = lakes[lakes.name_zh == name]
    assert len(row) == 1, name
    assert band[0] <= row.area_km2.iloc[0] <= band[1]


def test_geometries_valid_polygonal(lakes):
    assert lakes.is_valid.all()
    assert set(lakes.geom_type) <= {"Polygon", "MultiPolygon"}
    assert not lakes.is_empty.any()


def test_within_yrd_bbox(lakes):
    minx, miny, maxx, maxy = lakes.total_bounds
    assert minx >= YRD_BBOX[0] and miny >= YRD_BBOX[1]
    assert maxx <= YRD_BBOX[2] and maxy <= YRD_BBOX[3]


def test_names_unique_and_non_empty(lakes):
    assert lakes.name_zh.notna().all() and (lakes.name_zh.str.strip() != "").all()
    assert lakes.name_zh.is_unique
    assert lakes.name_en.notna().all()


def test_areas_positive_no_slivers(lakes):
    assert (lakes.area_km2 >= 1).all()


def test_taihu_position(lakes):
    point = lakes[lakes.name_zh == "太湖"].representative_point().iloc[0]
    assert abs(point.y - 31.2) <= 0.5 and abs(point.x - 120.2) <= 0.5
