"""Tests of geo.adjacency.neighbours: who borders whom, at every level."""
from __future__ import annotations

import pytest
import shapely

from geo import crs
from geo.adjacency import graph, neighbours
from geo.catalog import load_regions
from geo.regions import resolve

SH, JS, ZJ, AH = 310000, 320000, 330000, 340000
#: the county pairs of the YRD that touch at a single point only (found by the
#: ``point`` rule and not the ``edge`` one): two four-county corners, on the Yangtze
#: at 江阴/泰兴/靖江/常州新北 and in Hangzhou Bay at 海盐/上虞/余姚/海宁, plus 海宁–越城
POINT_ONLY = {(320281, 321283), (320411, 321282), (330281, 330481), (330424, 330604),
              (330481, 330602)}


def pairs(g) -> set[tuple[int, int]]:
    return set(zip(g["a"].astype(int), g["b"].astype(int)))


# ── known facts ───────────────────────────────────────────────────────────────


def test_provinces_bordering():
    assert pairs(graph("province")) == {(SH, JS), (SH, ZJ), (JS, ZJ), (JS, AH), (ZJ, AH)}
    assert list(neighbours("上海").adcode) == [JS, ZJ]
    assert list(neighbours("Anhui").adcode) == [JS, ZJ]      # not Shanghai


def test_point_only_county_pairs():
    edge, point = pairs(graph("county", "edge")), pairs(graph("county", "point"))
    assert point - edge == POINT_ONLY
    assert not POINT_ONLY & edge
    touching = graph("county", "point").set_index(["a", "b"])
    for pair in POINT_ONLY:
        assert touching.at[pair, "shared_km"] == 0.0
        assert touching.at[pair, "contact"] == "point"
        assert touching.loc[pair, "geometry"].geom_type == "Point"


def test_demonstration_zone_counties_border_pairwise():
    qingpu, wujiang, jiashan = 310118, 320509, 330421
    g = pairs(graph("county"))
    assert {(qingpu, wujiang), (qingpu, jiashan), (wujiang, jiashan)} <= {
        tuple(sorted(p)) for p in g}


def test_cities_of_zhejiang_bordering_shanghai():
    """嘉兴 by land; 舟山 too: 嵊泗县 meets 浦东新区 along a 2.8 km line at sea
    (30.78°N 121.95°E, by Yangshan), as the source data draws it."""
    nb = neighbours("上海", level="city").set_index("adcode")
    zhejiang = nb[nb.province_adcode == ZJ]
    assert set(zhejiang.index) == {330400, 330900}
    assert zhejiang.at[330400, "shared_km"] > 100
    assert 2 < zhejiang.at[330900, "shared_km"] < 4
    assert set(nb.index) == {320500, 320600, 330400, 330900}


def test_neighbours_at_a_higher_level_leave_out_the_own_province():
    nb = neighbours("吴江区", level="province")
    assert list(nb.adcode) == [SH, ZJ]


def test_graph_is_cached_per_level_and_contact():
    assert graph("city") is graph("city")
    assert graph("county", "edge") is not graph("county", "point")


def test_neighbours_lie_within_a_tiny_buffer():
    units = load_regions("county").to_crs(crs.METRIC).set_index("adcode").geometry
    for adcode in (310118, 320509, 330421, 340102, 320281):
        near = shapely.buffer(units[adcode], 1.0)
        for other in neighbours(adcode, contact="point").adcode:
            assert shapely.intersects(near, units[other])
            assert shapely.distance(units[adcode], units[other]) == 0


def test_nesting_cross_level_sums_match_the_direct_graph():
    """City neighbours summed from county borders equal the city graph."""
    from geo.adjacency.neighbours import _across_levels

    direct = graph("city", "point").set_index(["a", "b"])["shared_km"]
    for city in resolve("浙江").adcode, resolve("江苏").adcode:
        for r in (x for x in load_regions("city").itertuples() if x.province_adcode == city):
            summed = _across_levels(resolve(r.adcode, level="city"), "city", "point")
            for other, km in zip(summed["adcode"], summed["shared_km"]):
                key = (min(r.adcode, other), max(r.adcode, other))
                assert direct[key] == pytest.approx(km, rel=1e-9, abs=1e-9)
