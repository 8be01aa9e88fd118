"""geo.display: detail by zoom, windows, simplification that keeps shared borders, picking."""
from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
import shapely

from geo.catalog import load_regions
from geo.display import display_level, for_display, pick, round_geometry, view_window, zoom_to_fit


@pytest.mark.parametrize("zoom, resolution", [(5, "s1000"), (6.5, "s1000"), (8, "s1000"),
                                              (9, "s100"), (11, "s100"), (12, "full")])
def test_display_level(zoom, resolution):
    level = display_level(zoom)
    assert level.resolution == resolution
    assert level.clip is (resolution != "s1000")


def test_detail_grows_with_zoom():
    levels = [display_level(z) for z in (6, 9, 13)]
    assert [lv.decimals for lv in levels] == sorted(lv.decimals for lv in levels)
    assert [lv.tolerance_m for lv in levels] == sorted((lv.tolerance_m for lv in levels),
                                                       reverse=True)
    with pytest.raises(ValueError):
        display_level(float("nan"))


def test_view_window_contains_view_and_is_stable_under_small_pans():
    w = view_window(121.47, 31.23, 10)
    assert w[0] < 121.47 < w[2] and w[1] < 31.23 < w[3]
    assert view_window(121.2, 31.1, 10) == view_window(121.25, 31.12, 10)
    # at higher zoom the window is smaller
    w13 = view_window(121.47, 31.23, 13)
    assert (w13[2] - w13[0]) < (w[2] - w[0])


def test_round_geometry():
    line = shapely.LineString([(120.123456, 30.987654), (120.12351, 30.98768), (121, 31)])
    out = round_geometry(line, 4)
    assert list(out.coords) == [(120.1235, 30.9877), (121.0, 31.0)]
    assert round_geometry(None, 3) is None


def test_for_display_keeps_coverage_and_rounds():
    cities = load_regions("city", "s1000")
    out = for_display(cities, decimals=3)
    assert len(out) == len(cities)
    coords = shapely.get_coordinates(out.geometry.values)
    assert np.allclose(coords, np.round(coords, 3))
    # shared borders stay shared after rounding: the union has no slivers between cities
    gaps = shapely.union_all(out.geometry.values).area
    assert gaps == pytest.approx(shapely.union_all(cities.geometry.values).area, rel=2e-3)


def test_for_display_simplifies_clips_and_drops_empties():
    gdf = gpd.GeoDataFrame({"id": ["a", "b"]}, crs=4326, geometry=[
        shapely.Point(121, 31).buffer(0.5, quad_segs=256),
        shapely.Point(100, 10)])
    out = for_display(gdf, tolerance_m=2000, decimals=4, bbox=(120, 30, 122, 32))
    assert list(out["id"]) == ["a"]
    assert shapely.get_num_coordinates(out.geometry.iloc[0]) < 100
    with pytest.raises(ValueError, match="CRS"):
        for_display(gdf.to_crs(3857))
    with pytest.raises(ValueError, match="negative"):
        for_display(gdf, tolerance_m=-1)


def test_pick_prefers_lines_and_points_then_smallest_polygon():
    gdf = gpd.GeoDataFrame({"id": ["big", "small", "line", "pt"]}, crs=4326, geometry=[
        shapely.box(119, 30, 123, 33), shapely.box(120.5, 30.5, 121.5, 31.5),
        shapely.LineString([(121, 30), (121, 32)]), shapely.Point(122, 32)]).set_index("id")
    assert pick(gdf, 121.002, 31.0, tolerance_m=500) == "line"
    assert pick(gdf, 120.8, 31.0, tolerance_m=500) == "small"
    assert pick(gdf, 119.5, 32.5, tolerance_m=500) == "big"
    assert pick(gdf, 122.001, 32.0, tolerance_m=500) == "pt"
    assert pick(gdf, 110, 20, tolerance_m=500) is None
    # the clicked tooltip narrows the choice
    gdf["name"] = ["Big", "Small", "Line", "Pt"]
    assert pick(gdf, 121.002, 31.0, tolerance_m=500, labels="Small", label_column="name") == "small"
    assert pick(gdf.iloc[0:0], 121, 31, tolerance_m=500) is None


def test_zoom_to_fit():
    lat, lon, z = zoom_to_fit((120.0, 30.0, 122.0, 32.0), width_px=900, height_px=600)
    assert (lat, lon) == (31.0052, 121.0)   # the Mercator midpoint, as Leaflet's fitBounds
    # the box fits: its width in pixels at z is within the map
    assert 2 * 256 * 2 ** z / 360 <= 900
    assert zoom_to_fit((115, 27, 123, 35))[2] < z
