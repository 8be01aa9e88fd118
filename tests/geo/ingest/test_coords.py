"""Coordinates: GCJ-02 conversion, declared CRSs, and the per-row flags."""
from __future__ import annotations

import math

import pytest
from pyproj import Transformer

from geo.ingest.coords import guess_crs

# eviltransform's reference pair (and geo.datum's doctest)
GCJ = (121.531541859215, 31.17530398364597)
WGS = (121.5272106, 31.1774276)


def _metres(a, b) -> float:
    lat = math.radians((a[1] + b[1]) / 2)
    dx = (a[0] - b[0]) * 111_320 * math.cos(lat)
    dy = (a[1] - b[1]) * 110_574
    return math.hypot(dx, dy)


def test_gcj02_csv_lands_on_the_eviltransform_reference(check_csv):
    body = f"名称,lng,lat\n高德点,{GCJ[0]},{GCJ[1]}\n"
    items, report = check_csv(body, ok=True, datum="gcj02")
    p = items.geometry.iloc[0]
    assert (round(p.x, 7), round(p.y, 7)) == WGS
    assert _metres((p.x, p.y), WGS) < 0.01
    assert report.datum == "gcj02"
    # without --datum the same numbers are taken as WGS84: ~500 m off
    items, _ = check_csv(body)
    assert _metres((items.geometry.iloc[0].x, items.geometry.iloc[0].y), WGS) > 400


def test_gcj02_amap_location_column(check_csv):
    items, report = check_csv(f'name,location\n高德 POI,"{GCJ[0]},{GCJ[1]}"\n', ok=True,
                              datum="gcj02")
    assert _metres((items.geometry.iloc[0].x, items.geometry.iloc[0].y), WGS) < 1


def test_gcj02_with_a_projected_crs_is_refused(check_csv):
    with pytest.raises(ValueError, match="GCJ-02 applies to lon/lat"):  # an argument conflict
        check_csv("名称,x,y\n点,500000,3450000\n", datum="gcj02", crs="EPSG:4549")


def test_declared_crs_for_a_table_is_honoured(check_csv):
    fwd = Transformer.from_crs(4326, 4549, always_xy=True)
    x, y = fwd.transform(*WGS)
    items, report = check_csv(f"名称,X坐标,Y坐标\n测量点,{x:.3f},{y:.3f}\n", ok=True,
                              crs="EPSG:4549")
    p = items.geometry.iloc[0]
    assert _metres((p.x, p.y), WGS) < 0.01
    assert "4549" in report.crs


def test_survey_xy_swapped_is_flagged(check_csv):
    fwd = Transformer.from_crs(4326, 4549, always_xy=True)
    e, n = fwd.transform(*WGS)
    # X = northing, as surveyors write it
    items, report = check_csv(f"名称,X,Y\n测量点,{n:.1f},{e:.1f}\n", crs="4549")
    assert items is None
    [err] = report.errors
    assert err.row == 2 and err.field == "X/Y"
    assert "X and Y look swapped" in err.reason and "X is the northing" in err.reason


def test_swapped_lon_lat_is_flagged(check_csv):
    items, report = check_csv("名称,经度,纬度\n好点,121.47,31.23\n反了,31.23,121.47\n")
    assert items is None
    assert [i.line() for i in report.errors] == [
        "error: row 3: 经度/纬度 = '31.23, 121.47': lon and lat look swapped (the first number is "
        "a latitude); accepted: longitude first: lon 114–124, lat 26–36"]


def test_projected_metres_as_degrees_are_flagged_with_a_crs_guess(check_csv):
    items, report = check_csv("名称,经度,纬度\n米制,40551234.5,3450123.4\n")
    [err] = report.errors
    assert err.line() == (
        "error: row 2: 经度/纬度 = '40551234.5, 3450123.4': looks like projected metres given as "
        "degrees; would fit the YRD as EPSG:4528 (CGCS2000 / 3-degree Gauss-Kruger zone 40); "
        "accepted: WGS84 lon/lat degrees within lon 114–124, lat 26–36, or declare the file's CRS "
        "(a .prj, or --crs EPSG:…)")


def test_guess_crs_for_web_mercator_and_gk_without_zone():
    merc = Transformer.from_crs(4326, 3857, always_xy=True).transform(*WGS)
    assert any(g.startswith("EPSG:3857") for g in guess_crs(*merc))
    gk = Transformer.from_crs(4326, 4549, always_xy=True).transform(*WGS)
    assert guess_crs(*gk)[0].startswith("EPSG:4549")


def test_outside_the_yrd_is_an_error_and_outside_the_provinces_a_warning(check_csv):
    items, report = check_csv("名称,经度,纬度\n北京,116.40,39.90\n东海,123.50,30.50\n上海,121.47,31.23\n")
    assert [i.line() for i in report.issues if i.row is not None] == [
        "error: row 2: 经度/纬度 = '116.4, 39.9': lies outside the YRD; accepted: positions within "
        "lon 114–124, lat 26–36",
        "warning: row 3: 经度/纬度 = '123.5, 30.5': lies outside 上海/江苏/浙江/安徽 (at sea or in a "
        "neighbouring province); accepted: a position inside the four provinces, unless this is intended",
    ]


def test_wkt_line_outside_reports_its_bounds(check_csv):
    _, report = check_csv('name,wkt\n长线,"LINESTRING (121 31, 128 31)"\n')
    [err] = report.errors
    assert err.field == "wkt" and "LineString starting 121, 31" in err.line()
    assert "lies outside the YRD (bounds 121.0000, 31.0000, 128.0000, 31.0000)" in err.reason


def test_dms_and_full_width_numbers(check_csv):
    items, report = check_csv("名称,经度,纬度\n度分秒,121°31′38″E,31°10′39″N\n"
                              "全角,１２１.５２７２,３１.１７７４\n", ok=True)
    assert _metres((items.geometry.iloc[0].x, items.geometry.iloc[0].y), WGS) < 100
    assert items.geometry.iloc[1].x == pytest.approx(121.5272)


@pytest.mark.parametrize("kwargs, message", [
    ({"datum": "bd09"}, "unknown datum 'bd09'"),
    ({"crs": "EPSG:99999999"}, "unknown CRS 'EPSG:99999999'"),
    ({"encoding": "klingon"}, "unknown encoding 'klingon'"),
])
def test_bad_arguments_raise(check_csv, kwargs, message):
    with pytest.raises(ValueError, match=message):
        check_csv("名称,经度,纬度\n上海,121.47,31.23\n", **kwargs)
