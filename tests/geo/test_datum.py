"""GCJ-02 ⇄ WGS84 against published reference vectors, round trips and determinism."""
import numpy as np
import pytest
import shapely
from pyproj import Geod

from geo import datum

# (wgs lon, wgs lat, gcj lon, gcj lat): the reference vectors of eviltransform
# (googollee/eviltransform, reproduced by its ports in many languages).
REFERENCE = [
    (121.5272106, 31.1774276, 121.531541859215, 31.17530398364597),      # Shanghai
    (113.912316, 22.543847, 113.9171764808363, 22.540796131694766),      # Shenzhen
    (116.377817, 39.911954, 116.38404722455657, 39.91334545536069),      # Beijing
]
GEOD = Geod(ellps="WGS84")


@pytest.mark.parametrize("wlon, wlat, glon, glat", REFERENCE)
def test_forward_matches_reference(wlon, wlat, glon, glat):
    lon, lat = datum.wgs84_to_gcj02(wlon, wlat)
    assert lon == pytest.approx(glon, abs=1e-9)
    assert lat == pytest.approx(glat, abs=1e-9)


@pytest.mark.parametrize("wlon, wlat, glon, glat", REFERENCE)
def test_inverse_matches_reference_within_a_centimetre(wlon, wlat, glon, glat):
    lon, lat = datum.gcj02_to_wgs84(glon, glat)
    _, _, dist = GEOD.inv(lon, lat, wlon, wlat)
    assert dist < 0.01


def test_round_trip_over_the_region_within_one_metre():
    rng = np.random.default_rng(7)
    lon = rng.uniform(114.8, 123.0, 20_000)
    lat = rng.uniform(27.0, 35.3, 20_000)
    glon, glat = datum.wgs84_to_gcj02(lon, lat)
    blon, blat = datum.gcj02_to_wgs84(glon, glat)
    _, _, dist = GEOD.inv(blon, blat, lon, lat)
    assert dist.max() < 1.0
    assert dist.max() < 1e-3  # in fact sub-millimetre


def test_offset_size_in_the_yrd_is_a_few_hundred_metres():
    lon = np.array([121.47, 118.78, 120.15, 117.23])  # Shanghai, Nanjing, Hangzhou, Hefei
    lat = np.array([31.23, 32.06, 30.27, 31.82])
    glon, glat = datum.wgs84_to_gcj02(lon, lat)
    _, _, dist = GEOD.inv(lon, lat, glon, glat)
    assert ((dist > 300) & (dist < 700)).all()


def test_outside_china_is_unchanged():
    lon, lat = datum.wgs84_to_gcj02(2.35, 48.85)
    assert (float(lon), float(lat)) == (2.35, 48.85)


def test_conversion_is_per_vertex_deterministic():
    """A vertex converts identically whichever array it is in: shared borders stay shared."""
    shared = (120.123456, 30.654321)
    a = shapely.Polygon([shared, (120.2, 30.6), (120.2, 30.7), shared])
    b = shapely.Polygon([(119.0, 29.0), shared, (119.5, 30.0), (119.0, 29.0)])
    big = shapely.Polygon([(118.0, 28.0), (118.1, 28.0), (118.1, 28.1), (118.0, 28.0)])
    out1 = datum.geometry_gcj02_to_wgs84(np.array([a, big]))
    out2 = datum.geometry_gcj02_to_wgs84(b)
    assert shapely.get_coordinates(out1[0])[0].tolist() == shapely.get_coordinates(out2)[1].tolist()


def test_geometry_round_trip():
    line = shapely.LineString([(121.0, 31.0), (120.5, 30.5), (119.0, 32.0)])
    back = datum.geometry_gcj02_to_wgs84(datum.geometry_wgs84_to_gcj02(line))
    assert shapely.equals_exact(back, line, tolerance=1e-8)
