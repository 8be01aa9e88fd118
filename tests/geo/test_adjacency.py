"""geo.adjacency: contiguity, neighbours across levels, borders, border zones, crossings,
routes — known facts of the YRD boundaries, properties, and tiny fixtures."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import shapely
from shapely import box

import geopandas as gpd
from geo import crs
from geo.adjacency import (AdjacencyError, border, border_zone, contiguity, crossings, graph,
                           near_border, neighbours, route)
from geo.adjacency._items import to_metric
from geo.catalog import load_regions
from geo.regions import RegionError, resolve

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


# ── properties ────────────────────────────────────────────────────────────────

@pytest.mark.parametrize("level", ["province", "city", "county"])
def test_shared_km_is_the_length_of_the_boundaries_intersection(level):
    g = graph(level, "point")
    units = load_regions(level).to_crs(crs.METRIC).set_index("adcode").geometry
    expected = [shapely.intersection(units[a].boundary, units[b].boundary).length / 1e3
                for a, b in zip(g["a"], g["b"])]
    np.testing.assert_allclose(g["shared_km"], expected, rtol=1e-9, atol=1e-9)


@pytest.mark.parametrize("level", ["province", "city", "county"])
def test_fast_and_overlay_methods_agree(level):
    regions_ = load_regions(level)
    fast = contiguity(regions_, "point", borders=True)
    slow = contiguity(regions_, "point", borders=True, method="overlay")
    assert pairs(fast) == pairs(slow)
    np.testing.assert_allclose(fast["shared_km"], slow["shared_km"], rtol=1e-9, atol=1e-9)
    assert shapely.equals(fast.geometry.values, slow.geometry.values).all()


@pytest.mark.parametrize("level", ["province", "city", "county"])
def test_symmetric_and_no_self_neighbour(level):
    g = graph(level, "point")
    assert (g["a"] < g["b"]).all()
    for adcode in load_regions(level)["adcode"].head(60):
        for row in neighbours(adcode, contact="point").itertuples():
            assert row.adcode != adcode
            back = neighbours(row.adcode, contact="point").set_index("adcode")
            assert back.at[adcode, "shared_km"] == pytest.approx(row.shared_km, abs=1e-12)


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


# ── border and border zone ────────────────────────────────────────────────────

def test_border_is_symmetric_and_adds_up():
    b = border("上海", "浙江")
    assert border("浙江", "上海") == b
    assert (b.a.adcode, b.b.adcode) == (SH, ZJ)
    assert to_metric(b.geometry).length / 1e3 == pytest.approx(b.length_km, rel=1e-9)
    assert b.length_km == pytest.approx(graph("province").set_index(["a", "b"]).at[
        (SH, ZJ), "shared_km"], rel=1e-12)
    for side in (SH, ZJ):
        counties = b.sides[(b.sides.side == side) & (b.sides.level == "county")]
        assert counties.shared_km.sum() == pytest.approx(b.length_km, rel=1e-9)
    assert set(b.sides[b.sides.side == ZJ].name_zh) == {"嘉兴市", "舟山市", "嘉善县", "平湖市",
                                                        "嵊泗县"}


def test_border_between_levels_and_point_contacts():
    assert border("上海", "嘉兴").length_km == pytest.approx(
        neighbours("上海", level="city").set_index("adcode").at[330400, "shared_km"])
    touch = border(320281, 321283)            # 江阴市 · 泰兴市: a corner on the Yangtze
    assert touch.contact == "point" and touch.length_km == 0
    assert touch.geometry.geom_type == "Point"


def test_border_errors_name_the_problem():
    with pytest.raises(AdjacencyError, match="do not border.*江苏省, 浙江省"):
        border("上海", "安徽")
    with pytest.raises(AdjacencyError, match="江苏省 contains 苏州市"):
        border("苏州", "江苏")
    with pytest.raises(RegionError, match="unknown region"):
        border("上嗨", "浙江")


def test_border_zone_grows_with_distance():
    previous: set = set()
    for km in (0, 1, 5, 10, 25):
        zone = border_zone("江苏", "浙江", km)
        codes = set(zone.adcode)
        assert previous <= codes
        assert (zone.distance_km <= km + 1e-9).all()
        previous = codes
    touching = border_zone("江苏", "浙江", 0)
    b = border("江苏", "浙江")
    along = set(b.sides[b.sides.level == "county"].adcode)
    assert along <= set(touching.adcode)
    assert set(touching[touching.side != 0].adcode) == along | (
        set(touching[touching.side != 0].adcode) - along)
    with pytest.raises(ValueError, match="km -1"):
        border_zone("江苏", "浙江", -1)


# ── crossings and routes (the catalog) ────────────────────────────────────────

def test_hu_zha_hang_crosses_shanghai_zhejiang_once():
    b = border("上海", "浙江")
    x = crossings(b, layers=["rail"]).set_index("id")
    row = x.loc["rail-hu-zha-hang"]
    assert row.name_zh == "沪乍杭铁路" and row.kind == "line"
    assert row.crossings == 1
    point = row.points.geoms[0]
    assert shapely.distance(point, b.geometry) < 1e-9                          # on the border
    length = to_metric(row.geometry).length / 1e3
    assert row.km_a + row.km_b == pytest.approx(length, rel=1e-3)
    assert set(row.km_by_province) == {SH, ZJ}


def test_crossings_are_symmetric():
    ab, ba = crossings("上海", "浙江"), crossings("浙江", "上海")
    cols = ["id", "crossings", "km_a", "km_b", "km2_a", "km2_b", "border_km"]
    pd.testing.assert_frame_equal(ab[cols], ba[cols])
    assert all(p.equals(q) for p, q in zip(ab.points.dropna(), ba.points.dropna()))


def test_crossing_points_lie_on_the_border():
    """Within 1e-9° (0.1 mm) in WGS84, where they are computed; a straight lon/lat
    segment bends by millimetres once projected, hence 5 cm in METRIC."""
    b = border("江苏", "浙江")
    border_m = to_metric(b.geometry)
    for mp in crossings(b)["points"].dropna():
        for p in mp.geoms:
            assert shapely.distance(p, b.geometry) < 1e-9
            assert shapely.distance(to_metric(p), border_m) < 0.05


def test_polygons_lying_in_both_sides():
    x = crossings("上海", "浙江").set_index("id")
    dz = x.loc["dz-demonstration-zone"]               # 青浦 + 吴江 + 嘉善
    counties = load_regions("county").set_index("adcode")["area_km2"]
    assert dz.km2_a == pytest.approx(counties[310118])
    assert dz.km2_b == pytest.approx(counties[330421])
    assert "metro-suxichang" not in x.index            # 苏锡常 lies in neither
    with pytest.raises(ValueError, match="unknown layer 'railway'"):
        crossings("上海", "浙江", layers=["railway"])


def test_near_border_includes_crossings_and_grows():
    few = near_border("上海", "浙江", 0)
    more = near_border("上海", "浙江", 5)
    assert set(few.id) <= set(more.id)
    assert set(crossings("上海", "浙江").id) <= set(few[few.crosses_border].id)


def _catalog_lines():
    from geo.catalog import load_projects

    items = load_projects()
    return items[items.geom_type.isin(["LineString", "MultiLineString"])]


@pytest.mark.parametrize("level", ["province", "city", "county"])
def test_route_adds_up_to_the_line(level):
    from geo.measure import measure_by_region

    lines = _catalog_lines()
    assert len(lines) >= 5
    for item in lines.itertuples():
        r = route(item.id, level)
        length = to_metric(item.geometry).length / 1e3
        assert r.km.sum() == pytest.approx(length, rel=1e-3)
        assert (r.km > 0).all() and list(r.seq) == list(range(1, len(r) + 1))
        assert (np.diff(r.from_km) > 0).all()
        assert (r.adcode.to_numpy()[1:] != r.adcode.to_numpy()[:-1]).all()
        if level == "province":
            measured = measure_by_region(lines[lines.id == item.id], "province")
            by_route = r.groupby("adcode").km.sum()
            for a, km in zip(measured.adcode, measured.km):
                assert by_route[a] == pytest.approx(km, rel=1e-3, abs=0.1)


def test_route_order_and_errors():
    r = route("rail-hu-zha-hang", "city")
    assert list(r.name_zh) == ["上海市", "嘉兴市", "杭州市"]
    with pytest.raises(ValueError, match="Closest: rail-hu-zha-hang"):
        route("rail-hu-zha")
    with pytest.raises(ValueError, match="is a (Multi)?Polygon"):
        route("dz-demonstration-zone")
    with pytest.raises(ValueError, match="level 'town'"):
        route("rail-hu-zha-hang", "town")


# ── contiguity on tiny fixtures ───────────────────────────────────────────────

def grid(geoms, ids=None, epsg=3857):
    return gpd.GeoDataFrame({"adcode": ids or list(range(1, len(geoms) + 1))},
                            geometry=geoms, crs=epsg)


SQUARES = grid([box(0, 0, 1000, 1000), box(1000, 0, 2000, 1000),
                box(0, 1000, 1000, 2000), box(1000, 1000, 2000, 2000)])


def test_rook_and_queen_on_four_squares():
    edge = contiguity(SQUARES, metric="EPSG:3857")
    assert pairs(edge) == {(1, 2), (1, 3), (2, 4), (3, 4)}
    assert (edge.shared_km == 1.0).all()
    point = contiguity(SQUARES, "point", metric="EPSG:3857")
    assert pairs(point) - pairs(edge) == {(1, 4), (2, 3)}


def test_borders_whose_vertices_do_not_line_up_are_found_whole():
    """A long bottom edge against two top boxes: no segment is shared vertex for
    vertex, so the unmatched parts are intersected."""
    frame = grid([box(0, 0, 2000, 1000), box(0, 1000, 1000, 2000), box(1000, 1000, 2000, 2000)])
    g = contiguity(frame, metric="EPSG:3857", borders=True).set_index(["a", "b"])
    assert g.at[(1, 2), "shared_km"] == pytest.approx(1.0)
    assert g.at[(1, 3), "shared_km"] == pytest.approx(1.0)
    assert g.at[(2, 3), "shared_km"] == pytest.approx(1.0)
    assert g.loc[(1, 2), "geometry"].equals(shapely.LineString([(0, 1000), (1000, 1000)]))


def test_enclave_and_hole():
    outer = shapely.Polygon([(0, 0), (3000, 0), (3000, 3000), (0, 3000)],
                            [[(1000, 1000), (1000, 2000), (2000, 2000), (2000, 1000)]])
    g = contiguity(grid([outer, box(1000, 1000, 2000, 2000)]), metric="EPSG:3857")
    assert g.shared_km.tolist() == [pytest.approx(4.0)]


def test_tolerance_closes_gaps_between_sources():
    gap = grid([box(0, 0, 1000, 1000), box(1000.4, 0, 2000, 1000)])
    assert contiguity(gap, metric="EPSG:3857").empty
    healed = contiguity(gap, metric="EPSG:3857", tolerance=1.0)
    assert pairs(healed) == {(1, 2)}
    assert healed.shared_km.iloc[0] == pytest.approx(1.0, abs=1e-3)


def test_lengths_are_measured_in_the_metric_crs():
    lonlat = gpd.GeoDataFrame({"adcode": [1, 2]}, crs=4326, geometry=[
        box(120.0, 31.0, 120.1, 31.1), box(120.1, 31.0, 120.2, 31.1)])
    g = contiguity(lonlat)
    edge = gpd.GeoSeries([shapely.LineString([(120.1, 31.0), (120.1, 31.1)])], crs=4326)
    assert g.shared_km.iloc[0] == pytest.approx(edge.to_crs(crs.METRIC).length.iloc[0] / 1e3)


@pytest.mark.parametrize("kwargs, message", [
    ({"contact": "queen"}, "contact 'queen' is not one of edge, point"),
    ({"method": "fast"}, "method 'fast'"),
    ({"tolerance": -1}, "tolerance -1"),
    ({"metric": 4326}, "not a projected CRS"),
])
def test_contiguity_rejects_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        contiguity(SQUARES, **kwargs)


def test_contiguity_rejects_bad_frames():
    with pytest.raises(ValueError, match="row 1 has a geometry that is Point"):
        contiguity(grid([box(0, 0, 1, 1), shapely.Point(0, 0)]))
    with pytest.raises(ValueError, match="no CRS"):
        contiguity(gpd.GeoDataFrame({"adcode": [1]}, geometry=[box(0, 0, 1, 1)]))
    with pytest.raises(ValueError, match="not unique"):
        contiguity(grid([box(0, 0, 1, 1), box(1, 0, 2, 1)], ids=[7, 7]))


def test_empty_and_single_inputs():
    assert contiguity(grid([box(0, 0, 1, 1)]), metric="EPSG:3857").empty
    assert contiguity(grid([box(0, 0, 1, 1), box(5, 5, 6, 6)]), metric="EPSG:3857").empty


# ── property: random grid coverages against brute force ───────────────────────

hypothesis = pytest.importorskip("hypothesis")
st = pytest.importorskip("hypothesis.strategies")


@hypothesis.settings(max_examples=40, deadline=None)
@hypothesis.given(st.lists(st.integers(0, 5), min_size=36, max_size=36),
                  st.sampled_from(["edge", "point"]))
def test_random_coverages_match_brute_force(labels, contact):
    cells = {}
    for k, label in enumerate(labels):
        x, y = divmod(k, 6)
        cells.setdefault(label, []).append(box(x * 100, y * 100, x * 100 + 100, y * 100 + 100))
    ids = sorted(cells)
    geoms = [shapely.union_all(cells[i]) for i in ids]
    frame = grid(geoms, ids=[i + 1 for i in ids])
    got = contiguity(frame, contact, metric="EPSG:3857")
    expected = {}
    for p in range(len(ids)):
        for q in range(p + 1, len(ids)):
            if shapely.intersects(geoms[p], geoms[q]):
                km = shapely.intersection(geoms[p].boundary, geoms[q].boundary).length / 1e3
                if contact == "point" or km > 0:
                    expected[(ids[p] + 1, ids[q] + 1)] = km
    assert pairs(got) == set(expected)
    for a, b, km in zip(got.a, got.b, got.shared_km):
        assert km == pytest.approx(expected[(a, b)], abs=1e-12)


# ── parity with libpysal on the YRD ───────────────────────────────────────────

@pytest.mark.slow
@pytest.mark.parametrize("level", ["city", "county"])
def test_pair_set_matches_libpysal(level):
    graph_mod = pytest.importorskip("libpysal.graph")
    regions_ = load_regions(level).to_crs(crs.METRIC).set_index("adcode")
    for rook, contact in ((True, "edge"), (False, "point")):
        w = graph_mod.Graph.build_contiguity(regions_, rook=rook, strict=True,
                                             by_perimeter=True)
        adj = w.adjacency.reset_index()
        adj = adj[adj.focal < adj.neighbor]
        ours = contiguity(regions_.reset_index(), contact)
        assert set(zip(adj.focal, adj.neighbor)) == pairs(ours)
        theirs = pd.Series(adj.weight.to_numpy() / 1e3,
                           index=pd.MultiIndex.from_arrays([adj.focal, adj.neighbor]))
        np.testing.assert_allclose(ours.set_index(["a", "b"]).shared_km.sort_index(),
                                   theirs.sort_index(), rtol=1e-9, atol=1e-9)
