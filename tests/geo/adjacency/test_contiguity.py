"""Tests of geo.adjacency.contiguity: rook/queen pairs and shared km of any coverage."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import shapely
from shapely import Polygon, box

import geopandas as gpd
from geo import crs
from geo.adjacency import contiguity, graph, neighbours
from geo.catalog import load_regions


def pairs(g) -> set[tuple[int, int]]:
    return set(zip(g["a"].astype(int), g["b"].astype(int)))


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


# ── without lengths, and polygons in holes ───────────────────────────────────

@pytest.mark.parametrize("contact", ["edge", "point"])
def test_pairs_without_lengths_are_the_pairs_with_lengths(contact):
    counties = load_regions("county", "full")
    full = contiguity(counties, contact)
    bare = contiguity(counties, contact, lengths=False)
    assert bare[["a", "b", "contact"]].equals(full[["a", "b", "contact"]])
    assert bare["shared_km"].isna().all() and (full["shared_km"] > 0).sum() == (
        full["contact"] == "edge").sum()
    assert (full["contact"] == "point").any() == (contact == "point")


def test_polygons_in_a_hole_touch_its_ring_only_where_they_meet_it():
    ring = Polygon([(0, 0), (10_000, 0), (10_000, 10_000), (0, 10_000)],
                   [[(2_000, 2_000), (8_000, 2_000), (8_000, 8_000), (2_000, 8_000)]])
    frame = gpd.GeoDataFrame(
        {"adcode": [1, 2, 3, 4]}, crs="EPSG:3857",
        geometry=[ring,
                  box(3_000, 3_000, 5_000, 5_000),          # in the hole, touching nothing
                  box(6_000, 6_000, 8_000, 8_000),          # in the hole's corner: 4 km
                  box(10_000, 10_000, 11_000, 11_000)])     # the ring's outer corner
    out = contiguity(frame, "point", metric="EPSG:3857")
    assert list(zip(out["a"], out["b"], out["contact"])) == [(1, 3, "edge"), (1, 4, "point")]
    assert out["shared_km"].iloc[0] == pytest.approx(4.0, abs=1e-12)
    assert contiguity(frame, metric="EPSG:3857")[["a", "b"]].values.tolist() == [[1, 3]]


# ── the numpy conic projections (geo/adjacency/_conic.py) ─────────────────────

@pytest.mark.parametrize("dst", [
    crs.METRIC, crs.EQUAL_AREA,
    "+proj=aea +lat_1=25 +lat_2=47 +lat_0=0 +lon_0=105 +ellps=GRS80 +units=m",
    "+proj=lcc +lat_1=30 +lat_0=30 +lon_0=100 +k_0=0.9996 +x_0=500000 +ellps=WGS84",
    "EPSG:2154",                      # RGF93 Lambert-93
])
def test_conic_forward_equals_proj(dst):
    from geo.adjacency._conic import conic_forward

    t = crs.transformer(4326, dst)
    fast = conic_forward(t)
    assert fast is not None
    rng = np.random.default_rng(7)
    lon, lat = rng.uniform(70, 140, 20_000), rng.uniform(15, 55, 20_000)
    x, y = fast(lon, lat)
    px, py = t.transform(lon, lat)
    np.testing.assert_allclose(x, px, rtol=0, atol=1e-6)
    np.testing.assert_allclose(y, py, rtol=0, atol=1e-6)
    # across the antimeridian of the projection (longitudes wrapped as PROJ does)
    x, y = fast(np.array([-179.0, 179.0, 300.0]), np.array([30.0, 30.0, 30.0]))
    px, py = t.transform(np.array([-179.0, 179.0, 300.0]), np.array([30.0, 30.0, 30.0]))
    np.testing.assert_allclose(x, px, rtol=0, atol=1e-6)


@pytest.mark.parametrize("src, dst", [
    (4326, 3857),                                                      # another projection
    (4326, "+proj=aea +lat_1=25 +lat_2=47 +lon_0=105 +R=6371000"),     # a sphere
    (4326, "EPSG:32650"),                                              # UTM
    ("+proj=longlat +ellps=krass +towgs84=15,-130,-84",                # a datum shift
     "+proj=lcc +lat_1=28 +lat_2=34 +lat_0=31 +lon_0=119 +datum=WGS84"),
])
def test_conic_forward_leaves_other_pipelines_to_proj(src, dst):
    from geo.adjacency._conic import conic_forward

    assert conic_forward(crs.transformer(src, dst)) is None


def test_lengths_use_proj_where_numpy_cannot():
    """Shared km in a CRS without a numpy forward (UTM) still equal GEOS on PROJ's."""
    utm = "EPSG:32651"
    frame = load_regions("county").iloc[:60]
    g = contiguity(frame, metric=utm, borders=True)
    geoms = gpd.GeoSeries(g.geometry.values, crs=frame.crs).to_crs(utm)
    np.testing.assert_allclose(g["shared_km"], geoms.length / 1e3, rtol=1e-9)


# ── internals: one clipping rectangle per geometry, lengths of the candidates ──

def test_clip_by_rects_equals_clip_by_rect_one_at_a_time():
    from geo.adjacency.contiguity import _clip_by_rects

    rng = np.random.default_rng(3)
    lines = shapely.boundary(load_regions("county").geometry.values[:40])
    lo = np.array([shapely.bounds(g)[:2] for g in lines]) + rng.uniform(0, 0.2, (40, 2))
    hi = lo + rng.uniform(0, 0.3, (40, 2))
    out = _clip_by_rects(lines, lo[:, 0], lo[:, 1], hi[:, 0], hi[:, 1])
    for k, line in enumerate(lines):
        one = shapely.clip_by_rect(line, lo[k, 0], lo[k, 1], hi[k, 0], hi[k, 1])
        assert shapely.to_wkb(out[k]) == shapely.to_wkb(one)
    assert len(_clip_by_rects(lines[:0], *(np.zeros(0),) * 4)) == 0


def test_steps_are_the_projected_segment_lengths():
    """The worker's per-vertex steps, read at the first vertex of each candidate
    segment, are the lengths of the projected segments."""
    from geo.adjacency.contiguity import _Rings

    geoms = np.asarray(load_regions("county").geometry.values[:80])
    rings = _Rings(geoms)
    lo, hi = rings.candidates()
    assert np.all(lo < hi) and np.all(np.diff(hi) >= 0)
    t = crs.transformer(4326, crs.METRIC)
    got = rings.steps(hi, t)[rings.seg[hi]]
    a = rings.seg[hi]
    x0, y0 = t.transform(rings.x[a], rings.y[a])
    x1, y1 = t.transform(rings.x[a + 1], rings.y[a + 1])
    np.testing.assert_allclose(got, np.hypot(x1 - x0, y1 - y0), rtol=1e-12, atol=1e-6)
    # every vertex (segs=None: no gather), across blocks of the projection
    every = rings.steps(None, t)
    np.testing.assert_array_equal(every[rings.seg[hi]], got)
    a = rings.seg
    x0, y0 = t.transform(rings.x[a], rings.y[a])
    x1, y1 = t.transform(rings.x[a + 1], rings.y[a + 1])
    np.testing.assert_allclose(every[a], np.hypot(x1 - x0, y1 - y0), rtol=1e-12, atol=1e-8)
    assert np.isnan(every[-1])


@pytest.mark.parametrize("dst, lat0", [
    (crs.METRIC, 30), ("+proj=aea +lat_1=25 +lat_2=47 +lat_0=0 +lon_0=105 +ellps=GRS80", 30),
    ("+proj=aea +lat_1=-20 +lat_2=-40 +lon_0=130 +ellps=GRS80", -30),   # a cone with n < 0
])
def test_step_lengths_in_polar_form_equal_proj(dst, lat0):
    """Step lengths from the polar form (no sine of the points' angles) equal PROJ's
    projected lengths: steps of centimetres to a hundred metres (the chord's series),
    of a third of a degree, of 6 degrees (its sine), and repeated vertices."""
    from geo.adjacency._conic import conic_polar
    from geo.adjacency.contiguity import _step_lengths

    t = crs.transformer(4326, dst)
    assert conic_polar(t) is not None
    rng = np.random.default_rng(5)
    step = np.r_[np.full(60_000, 1e-3), np.full(10_000, 0.3)]
    lon = np.r_[100 + np.cumsum(rng.normal(0, 1, 70_000) * step), 100 + 6 * (np.arange(99) % 2)]
    lat = np.r_[lat0 + np.cumsum(rng.normal(0, 1, 70_000) * step) / 10, np.full(99, lat0)]
    lon[:5], lat[:5] = 100 + np.r_[0, 1e-7, 2e-7, 3e-7, 3e-7], lat0
    got = _step_lengths(lon, lat, t)
    px, py = t.transform(lon, lat)
    np.testing.assert_allclose(got[:-1], np.hypot(np.diff(px), np.diff(py)), rtol=1e-9,
                               atol=1e-8)
    assert np.isnan(got[-1])


def test_matched_in_two_halves_is_matched_in_one():
    """A worker checking the second half of the candidates changes nothing."""
    from concurrent.futures import ThreadPoolExecutor

    from geo.adjacency.contiguity import _Rings

    rings = _Rings(np.asarray(load_regions("county").geometry.values[:80]))
    lo, hi = rings.candidates()
    one = rings.matched(lo, hi), rings.matched_owners
    with ThreadPoolExecutor(1) as pool:
        two = rings.matched(lo, hi, pool), rings.matched_owners
        # a dropped pair (a key collision, forged) in either half
        bad = lo.copy()
        bad[[1, -2]] = hi[[1, -2]]
        forged = rings.matched(bad, hi, pool), rings.matched_owners
    for x, y in zip(one, two):
        for u, v in zip(x, y):
            np.testing.assert_array_equal(u, v)
    assert len(forged[0][0]) == len(lo) - 2
    np.testing.assert_array_equal(forged[0][1], np.delete(hi, [1, len(hi) - 2]))
