"""Checks on the existing-network context layer ``data/network/`` (built by
``geo.build.network`` from ``geo/build/network.toml`` and the reference positions)."""
from __future__ import annotations

import geopandas as gpd
import pytest
import shapely

from geo import crs
from geo.build.network import OUT_DIR, build_network, load_network_spec
from geo.build.positions import load_positions
from geo.schema import STATUS

#: trunk lines the context layer must show (issue 13)
TRUNK = {"京沪高速铁路", "沪宁城际铁路", "沪杭高速铁路", "宁杭高速铁路", "杭甬客运专线", "合宁铁路",
         "合蚌客运专线", "合福高速铁路", "商合杭高速铁路", "郑徐客运专线", "徐盐高速铁路", "连镇高速铁路",
         "盐通高速铁路", "沪苏通铁路", "杭黄高速铁路", "宁安城际铁路", "金丽温铁路", "甬台温铁路"}
WATERWAYS = {"长江航道", "京杭运河", "淮河", "杭申线", "长湖申线", "湖嘉申线"}


@pytest.fixture(scope="module")
def lines() -> gpd.GeoDataFrame:
    return gpd.read_file(OUT_DIR / "lines.geojson")


@pytest.fixture(scope="module")
def stations() -> gpd.GeoDataFrame:
    return gpd.read_file(OUT_DIR / "stations.geojson")


def test_trunk_lines_and_waterways_present(lines):
    assert TRUNK <= set(lines.name_zh)
    assert WATERWAYS <= set(lines[lines.kind == "waterway"].name_zh)
    assert set(lines.kind) == {"rail", "waterway"}


def test_context_is_outside_the_plan_vocabulary(lines):
    assert "status" not in lines.columns
    assert not set(lines.columns) & {"clause", "plan_text"}
    assert set(lines.precision) <= {"approximate", "schematic"}
    assert lines.source.str.len().min() > 40
    assert not set(lines.name_zh) & set(STATUS)


def test_each_rail_line_passes_its_stations(lines):
    pos = load_positions()
    metric = lines.to_crs(crs.METRIC)
    for (_, ln), geom in zip(lines.iterrows(), metric.geometry):
        if ln.kind != "rail":
            continue
        assert len(ln.stations) >= 3, ln.id
        for name in ln.stations:
            row = pos.loc[name]
            p = gpd.GeoSeries([shapely.Point(row.lon, row.lat)], crs=crs.STORAGE).to_crs(crs.METRIC)
            assert geom.distance(p.iloc[0]) <= row.uncertainty_m, (ln.id, name)


def test_stations_are_named_points_of_their_lines(stations, lines):
    assert stations.geom_type.eq("Point").all()
    assert stations.name_zh.is_unique
    on_lines = {n for s in lines.stations.dropna() for n in s}
    assert set(stations.name_zh) == on_lines
    assert {"苏州北站", "南京南站", "杭州东站", "合肥南站"} <= set(stations.name_zh)


def test_spec_rebuilds_the_committed_files_exactly(tmp_path):
    assert len(load_network_spec()) == 26
    build_network(tmp_path)
    for name in ("lines.geojson", "stations.geojson"):
        assert (tmp_path / name).read_bytes() == (OUT_DIR / name).read_bytes(), name
