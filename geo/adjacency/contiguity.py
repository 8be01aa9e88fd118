"""Contiguity: which polygons of a coverage share a border, and how long it is.

Two polygons are neighbours when their boundaries meet:

- contact ``"edge"`` (rook): they share a border of positive length (the default);
- contact ``"point"`` (queen): they share at least one point (edge neighbours included).

How it works, exactly and without a distance tolerance:

1. An :class:`shapely.STRtree` over the polygons gives the pairs whose bounding
   boxes meet.
2. The shared border of a pair is measured by matching ring segments: in a polygon
   coverage, a border shared by two polygons is made of the same segments (same
   vertices) in both rings, so every segment gets a hash key, keys and segment numbers
   are packed into one integer array and sorted (equal segments become neighbours),
   and the segments found in two polygons are summed per pair, run by run along the
   rings. Their lengths are measured in a metric CRS.
   A shared segment proves that two polygons touch; every other candidate pair is
   decided by the exact GEOS ``intersects`` predicate on the two boundaries (cut
   down to the pair's common box), or one polygon holding the other whole.
3. Where both polygons of a pair in contact have segments matched by no other
   polygon (coasts, the edge of the data, or borders whose vertices do not line up),
   those unmatched parts are intersected with :func:`shapely.intersection` and the
   linear part of the result is added. So a border is found whole even where its
   vertices differ on the two sides; what step 2 adds is speed, not an assumption.
4. A pair in contact that shares no length touches at points only.

Worker threads share the work (GEOS, PROJ and numpy release the GIL): the vertices are
projected while the segment keys are sorted, the candidate segments' coordinates are
compared in two halves side by side, and the exact predicates of step 2 run while the
unmatched parts are gathered. Each shared segment is measured as the later
polygon of its pair draws it (in ring order, so every read is sequential). A plain
``aea``/``lcc`` metric CRS is projected by numpy's vectorised formulas
(:mod:`geo.adjacency._conic`, checked against PROJ), every vertex, in polar form; any
other by PROJ, only the vertices of the segments whose keys match, while their
coordinates are compared. All China's 2,875 counties (4.2 M vertices): pairs identical
to libpysal's strict contiguity, see ``python -m bench.adjacency``.

``method="overlay"`` is the textbook way, kept to check the fast one against: the
pairs come from the STRtree's ``intersects`` predicate, and every pair's two
boundaries (clipped to its common box) are intersected; 5–15 times slower.

The input must be a coverage: polygons that do not overlap. Administrative units
are; the bundled boundaries are checked to be coverage-valid. For user data whose
borders do not line up (two sources, independently simplified files, digitised
slivers and gaps), pass ``tolerance`` in metres: the polygons are first cleaned as
one coverage with :func:`shapely.coverage_clean` (vertices within the tolerance
snapped together, gaps narrower than it closed, overlaps given to one side), and
the result measured exactly. Use the smallest tolerance that covers the positional
error of the worse source (e.g. 10–50 m for 1:10 000 data): a larger one
invents corner contacts. Never pass it for the bundled boundaries.
"""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS, Transformer

from geo import crs as _crs
from geo.adjacency._conic import conic_polar

__all__ = ["CONTACTS", "METHODS", "contiguity"]

CONTACTS = ("edge", "point")
METHODS = ("segments", "overlay")
_M1 = np.uint64(0x9E3779B97F4A7C15)
_M2 = np.uint64(0xC2B2AE3D27D4EB4F)
_BLOCK = 1 << 15        # vertices projected at a time
_SERIES_BELOW = 0.05    # radians: a step's angle under which its chord is a series


def contiguity(frame: gpd.GeoDataFrame | gpd.GeoSeries, contact: str = "edge", *,
               ids: str | None = "adcode", tolerance: float | None = None,
               metric: CRS | str | int | None = None, borders: bool = False,
               method: str = "segments", lengths: bool = True
               ) -> pd.DataFrame | gpd.GeoDataFrame:
    """Neighbour pairs of a polygon coverage, with the length of each shared border.

    Parameters
    ----------
    frame : GeoDataFrame or GeoSeries of Polygons / MultiPolygons with a CRS.
    contact : {"edge", "point"}
        ``edge`` (rook) keeps pairs sharing a border of positive length; ``point``
        (queen) also keeps pairs that touch at points only.
    ids : column holding the unit ids (default ``adcode``); ``None`` or a missing
        column uses the frame's index.
    tolerance : metres, for user data whose borders do not line up; ``None`` (default)
        is exact. See the module docstring for when to use it.
    metric : CRS in which lengths are measured; default :data:`geo.crs.METRIC` (the
        YRD's conformal conic). Pass another metric CRS for data elsewhere.
    borders : also return each shared border as geometry (in the frame's CRS).
    method : {"segments", "overlay"}; same answer, ``segments`` is faster.
    lengths : ``False`` skips measuring in ``metric`` (``shared_km`` is NaN): the pair
        set alone, with ``edge``/``point`` still decided exactly.

    Returns
    -------
    DataFrame with columns ``a``, ``b`` (ids, ``a < b``), ``shared_km`` and
    ``contact`` (``"edge"`` or ``"point"``), one row per unordered pair, sorted by
    ``a`` then ``b``; a GeoDataFrame with the border ``geometry`` if ``borders``.

    Raises
    ------
    ValueError naming the bad argument and what is accepted.

    Examples
    --------
    >>> from shapely import box
    >>> squares = gpd.GeoDataFrame({"adcode": [1, 2, 3, 4]}, crs="EPSG:3857",
    ...     geometry=[box(0, 0, 1000, 1000), box(1000, 0, 2000, 1000),
    ...               box(0, 1000, 1000, 2000), box(1000, 1000, 2000, 2000)])
    >>> contiguity(squares, metric="EPSG:3857")
       a  b  shared_km contact
    0  1  2        1.0    edge
    1  1  3        1.0    edge
    2  2  4        1.0    edge
    3  3  4        1.0    edge
    >>> contiguity(squares, "point", metric="EPSG:3857")[["a", "b", "contact"]]
       a  b contact
    0  1  2    edge
    1  1  3    edge
    2  1  4   point
    3  2  3   point
    4  2  4    edge
    5  3  4    edge
    """
    if contact not in CONTACTS:
        raise ValueError(f"contact {contact!r} is not one of {', '.join(CONTACTS)} "
                         "(edge = rook, point = queen)")
    if method not in METHODS:
        raise ValueError(f"method {method!r} is not one of {', '.join(METHODS)}")
    if tolerance is not None and not (np.isfinite(tolerance) and tolerance >= 0):
        raise ValueError(f"tolerance {tolerance!r} must be a non-negative number of metres")
    if frame.crs is None:
        raise ValueError("frame has no CRS; set one (e.g. frame.set_crs(4326))")
    metric = CRS.from_user_input(_crs.METRIC if metric is None else metric)
    if not metric.is_projected:
        raise ValueError(f"metric {metric.name!r} is not a projected CRS; lengths need metres")
    geoms = np.asarray(frame.geometry.values if hasattr(frame, "geometry") else frame.values,
                       dtype=object)
    kinds = shapely.get_type_id(geoms)
    bad = np.flatnonzero(~np.isin(kinds, (3, 6)) | shapely.is_empty(geoms))
    if len(bad):
        g = geoms[bad[0]]
        what = "empty" if g is None or g.is_empty else g.geom_type
        raise ValueError(f"row {int(bad[0])} has a geometry that is {what}; "
                         "contiguity accepts non-empty Polygons and MultiPolygons")
    if isinstance(frame, gpd.GeoDataFrame) and ids and ids in frame.columns:
        labels = frame[ids].to_numpy()
    else:
        labels = frame.index.to_numpy()
    if len(pd.unique(labels)) != len(labels):
        raise ValueError(f"ids in {ids!r} are not unique")

    to_metric = None
    if tolerance is not None:
        geoms = shapely.coverage_clean(
            np.asarray(gpd.GeoSeries(geoms, crs=frame.crs).to_crs(metric).values),
            gap_width=float(tolerance), snapping_distance=float(tolerance))
        back = _crs.transformer(metric, frame.crs)
    elif lengths and not CRS.from_user_input(frame.crs).equals(metric):
        to_metric = _crs.transformer(frame.crs, metric)

    i, j, km, parts = _measure(geoms, to_metric, method, want_geometry=borders,
                               measure=lengths)
    keep = km > 0 if contact == "edge" else np.ones(len(i), dtype=bool)
    a, b = labels[i[keep]], labels[j[keep]]
    swap = (np.asarray(a > b, dtype=bool) if a.dtype != object
            else np.array([x > y for x, y in zip(a, b)], dtype=bool))
    a, b = np.where(swap, b, a), np.where(swap, a, b)
    out = pd.DataFrame({"a": a, "b": b,
                        "shared_km": km[keep] if lengths else np.full(keep.sum(), np.nan),
                        "contact": np.where(km[keep] > 0, "edge", "point")})
    if borders:
        geom = parts[keep]
        if tolerance is not None:
            geom = shapely.transform(geom, lambda xy: np.column_stack(back.transform(*xy.T)))
        out = gpd.GeoDataFrame(out, geometry=shapely.normalize(geom), crs=frame.crs)
    return out.sort_values(["a", "b"], kind="stable").reset_index(drop=True)


# --- the measurement ------------------------------------------------------------------


def _measure(geoms: np.ndarray, to_metric: Transformer | None, method: str,
             want_geometry: bool, measure: bool = True):
    """Candidate pairs (i < j, intersecting), shared length in km, border geometry.

    ``measure=False`` gives every matched segment the length 1 (a matched segment
    has a positive length): ``km > 0`` still tells edge from point contacts."""
    n = len(geoms)
    if method == "overlay":
        i, j = _box_pairs(geoms, "intersects")
        boundary = shapely.boundary(geoms)
        geometry = _clipped_intersections(boundary, boundary, geoms, i, j)
        km = _linear_length(geometry, to_metric) / 1e3
        if want_geometry:
            linear = km > 0
            geometry[linear] = shapely.line_merge(_linear(geometry[linear]))
        return i, j, km, geometry

    rings = _Rings(geoms)
    # the exact predicates (GEOS, in two halves) and the projection (numpy or PROJ)
    # release the GIL: on a machine with two cores or more they run side by side with
    # this thread
    pool = ThreadPoolExecutor(max_workers=3)
    try:
        return _measure_segments(geoms, rings, to_metric, want_geometry, measure, pool)
    finally:
        pool.shutdown(wait=True)


def _measure_segments(geoms: np.ndarray, rings: "_Rings", to_metric: Transformer | None,
                      want_geometry: bool, measure: bool, pool: ThreadPoolExecutor):
    """``_measure`` for ``method="segments"``."""
    n = len(geoms)
    box_pairs = pool.submit(_box_pairs, geoms)
    # the step lengths in the metric CRS, in a worker. By numpy's conic formulas, every
    # vertex, from the start: the other core is idle while this thread sorts the keys,
    # and a gather of the candidates' vertices costs about what it saves. By PROJ
    # (5 times slower a vertex), only the candidate segments' vertices, once known (a
    # candidate that fails the check is measured for nothing; a segment that passes is
    # always a candidate)
    project = measure and to_metric is not None
    every = project and conic_polar(to_metric) is not None
    steps = pool.submit(rings.steps, None, to_metric) if every else None
    s1, s2 = rings.candidates()
    if project and not every:
        steps = pool.submit(rings.steps, s2, to_metric)
    seg_a, seg_b = rings.matched(s1, s2, pool)
    owner_a, owner_b = rings.matched_owners
    lo, hi = np.minimum(owner_a, owner_b), np.maximum(owner_a, owner_b)
    # a shared border is a run of consecutive matched segments of one pair: one value
    # per run (not per segment) goes through the hash table
    pair_code = lo.astype(np.int64) * n + hi
    run_start = np.flatnonzero(np.r_[True, pair_code[1:] != pair_code[:-1]]) \
        if len(pair_code) else np.zeros(0, dtype=np.int64)
    run_groups, pairs = pd.factorize(pair_code[run_start])
    # candidates: overlapping boxes; a shared segment proves contact, the others are
    # decided by the exact predicate on the boundaries near their common box
    i, j = box_pairs.result()
    code = i.astype(np.int64) * n + j
    where = np.searchsorted(code, pairs)
    if len(pairs) and (where.max() >= len(code) or
                       not np.array_equal(code[np.minimum(where, len(code) - 1)], pairs)):
        raise RuntimeError("a shared segment between polygons whose boxes do not overlap")
    proven = np.zeros(len(i), dtype=bool)
    proven[where] = True
    rest = np.flatnonzero(~proven)
    half = len(rest) // 2
    contact = [pool.submit(_intersects, geoms, i[part], j[part])
               for part in (rest[:half], rest[half:])]
    # borders whose vertices differ on the two sides: the unmatched segments, as
    # lines for the polygons of candidate pairs whose both sides have some
    free = rings.unmatched(seg_a, seg_b)
    has_free = np.bincount(rings.owner[free], minlength=n) > 0
    both = has_free[i] & has_free[j]
    loose = rings.unmatched_lines(free, np.unique(np.r_[i[both], j[both]]))
    # measured as the later polygon draws them: the same length (the same two
    # vertices), and `seg_b` is in ring order, so every read below is sequential
    if not measure:                         # a matched segment counts 1
        run_km = np.diff(np.r_[run_start, len(seg_b)]).astype(np.float64)
    else:
        seg_km = (rings.lengths(seg_b) if steps is None
                  else steps.result()[rings.seg[seg_b]]) / 1e3
        run_km = np.add.reduceat(seg_km, run_start) if len(run_start) else np.zeros(0)
    pair_km = np.bincount(run_groups, weights=run_km, minlength=len(pairs))
    proven[rest] = np.concatenate([c.result() for c in contact])
    keep = np.flatnonzero(proven)                      # renumber to the contacts
    i, j, both = i[keep], j[keep], both[keep]
    km = np.zeros(len(i))
    where = np.searchsorted(keep, where)
    km[where] = pair_km
    geometry = np.full(len(i), None, dtype=object)
    # and intersected, pair by pair
    extra = np.full(len(i), None, dtype=object)
    if both.any():
        extra[both] = _clipped_intersections(loose, loose, geoms, i[both], j[both])
        km[both] += _linear_length(extra[both], to_metric) / 1e3
    if want_geometry:
        side = np.where(owner_a == lo, seg_a, seg_b)    # each segment as `lo` draws it
        groups = np.repeat(run_groups, np.diff(np.r_[run_start, len(pair_code)]))
        geometry = rings.border_lines(side, where[groups], len(i))
        has_extra = both.copy()
        has_extra[both] = shapely.length(_linear(extra[both])) > 0
        if has_extra.any():
            geometry[has_extra] = shapely.union(geometry[has_extra], _linear(extra[has_extra]))
        touch = km == 0
        if touch.any():
            boundary = shapely.boundary(geoms)
            geometry[touch] = _clipped_intersections(boundary, boundary, geoms, i[touch],
                                                     j[touch])
        geometry[~touch] = shapely.line_merge(_linear(geometry[~touch]))
    return i, j, km, geometry


def _box_pairs(geoms: np.ndarray, predicate: str | None = None
               ) -> tuple[np.ndarray, np.ndarray]:
    """Pairs ``i < j`` whose bounding boxes meet (an STRtree query), or that also satisfy
    ``predicate`` (e.g. "intersects"), sorted."""
    i, j = shapely.STRtree(geoms).query(geoms, predicate=predicate)
    keep = i < j
    i, j = i[keep], j[keep]
    order = np.lexsort((j, i))
    return i[order], j[order]


def _intersects(geoms: np.ndarray, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Exact ``intersects`` for pairs of polygons: their boundaries (cut down to the
    pair's common box) meet, or one holds the other whole."""
    if len(i) == 0:
        return np.zeros(0, dtype=bool)
    polygons = np.unique(np.r_[i, j])
    boundary = shapely.boundary(geoms[polygons])
    ci, cj = _clipped(boundary[np.searchsorted(polygons, i)],
                      boundary[np.searchsorted(polygons, j)], geoms, i, j)
    bi, bj = shapely.bounds(geoms[i]), shapely.bounds(geoms[j])
    meet = shapely.intersects(ci, cj)
    # a polygon can hold another whole only if its box holds the other's box
    j_in_i = np.flatnonzero(~meet & (bi[:, :2] <= bj[:, :2]).all(1) & (bi[:, 2:] >= bj[:, 2:]).all(1))
    i_in_j = np.flatnonzero(~meet & (bj[:, :2] <= bi[:, :2]).all(1) & (bj[:, 2:] >= bi[:, 2:]).all(1))
    meet[j_in_i] = shapely.intersects(geoms[i[j_in_i]], _first_point(geoms[j[j_in_i]]))
    meet[i_in_j] |= shapely.intersects(geoms[j[i_in_j]], _first_point(geoms[i[i_in_j]]))
    return meet


def _first_point(geoms: np.ndarray) -> np.ndarray:
    return shapely.get_point(shapely.get_exterior_ring(shapely.get_geometry(geoms, 0)), 0)


def _clipped_intersections(lines_i, lines_j, geoms, i, j) -> np.ndarray:
    """``intersection(lines_i[i], lines_j[j])`` with both first clipped to the pair's
    common bounding box (plus a margin), which keeps the overlay small."""
    return shapely.intersection(*_clipped(lines_i[i], lines_j[j], geoms, i, j))


def _clipped(lines_i: np.ndarray, lines_j: np.ndarray, geoms: np.ndarray, i: np.ndarray,
             j: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``lines_i``, ``lines_j`` (one per pair) each clipped to the common bounding box
    of polygons ``geoms[i]``, ``geoms[j]`` plus a margin: one vectorised
    :func:`shapely.clip_by_rect` call (its ufunc, which takes one box per geometry)."""
    bi, bj = shapely.bounds(geoms[i]), shapely.bounds(geoms[j])
    lo = np.maximum(bi[:, :2], bj[:, :2])
    hi = np.minimum(bi[:, 2:], bj[:, 2:])
    pad = np.maximum(hi - lo, 0).max(axis=1) * 1e-6 + 1e-9
    box = (lo[:, 0] - pad, lo[:, 1] - pad, hi[:, 0] + pad, hi[:, 1] + pad)
    return _clip_by_rects(lines_i, *box), _clip_by_rects(lines_j, *box)


def _clip_by_rects(lines: np.ndarray, *box: np.ndarray) -> np.ndarray:
    """:func:`shapely.clip_by_rect` with one rectangle per geometry."""
    if len(lines) == 0:
        return np.empty(0, dtype=object)
    return shapely.lib.clip_by_rect(np.asarray(lines, dtype=object),
                                    *(np.asarray(b, dtype=np.float64) for b in box))


def _linear(geoms: np.ndarray) -> np.ndarray:
    """The 1-D part of each geometry, as a (possibly empty) MultiLineString."""
    parts, index = shapely.get_parts(geoms, return_index=True)
    line = np.isin(shapely.get_type_id(parts), (1, 5))
    parts, index = parts[line], index[line]
    parts, inner = shapely.get_parts(parts, return_index=True)
    return _multilines_by_index(parts, index[inner], len(geoms))


def _multilines_by_index(parts, index, n) -> np.ndarray:
    out = np.array([shapely.MultiLineString()] * n, dtype=object)
    if len(parts):
        present = np.unique(index)
        out[present] = shapely.multilinestrings(parts, indices=np.searchsorted(present, index))
    return out


def _linear_length(geoms: np.ndarray, to_metric: Transformer | None) -> np.ndarray:
    lines = _linear(geoms)
    if to_metric is not None:
        lines = shapely.transform(
            lines, lambda xy: np.column_stack(to_metric.transform(xy[:, 0], xy[:, 1])))
    return shapely.length(lines)


def _run_starts(same: np.ndarray, inner: np.ndarray) -> np.ndarray:
    """The start (in ``same``) of the run of ``True`` holding each position ``inner``."""
    starts = np.flatnonzero(same & ~np.r_[False, same[:-1]])
    return starts[np.searchsorted(starts, inner, side="right") - 1]


def _step_lengths(x: np.ndarray, y: np.ndarray, to_metric: Transformer) -> np.ndarray:
    """Per vertex ``k``, the length in ``to_metric`` of the step from vertex ``k`` to
    ``k + 1`` (the last is NaN). Projected by numpy's conic formulas when the pipeline
    is a plain ``aea``/``lcc`` (:mod:`._conic`, equal to PROJ within 1 µm) in their
    polar form (a step's length needs no sine of its points' angles), else by PROJ;
    both release the GIL. In blocks of ``_BLOCK`` steps (the vertex that ends a block
    is projected again to start the next), so that the temporaries stay in the cache."""
    polar = conic_polar(to_metric)
    out = np.empty(len(x))
    out[-1:] = np.nan
    for lo in range(0, len(x) - 1, _BLOCK):
        hi = min(lo + _BLOCK, len(x) - 1)          # steps lo .. hi - 1
        bx, by = x[lo:hi + 1], y[lo:hi + 1]
        if polar is not None:                      # the law of cosines, without its
            r, theta = polar(bx, by)               # cancellation:
            d2 = _chord2(np.diff(theta))           # (r1 - r2)² + r1 r2 · 2 (1 - cos Δθ)
            d2 *= r[:-1]
            d2 *= r[1:]
            d = np.diff(r)
        else:
            px, py = to_metric.transform(bx, by)
            d2 = np.diff(px)
            d2 *= d2
            d = np.diff(py)
        d *= d
        d2 += d
        np.sqrt(d2, out=out[lo:hi])
    return out


def _chord2(u: np.ndarray) -> np.ndarray:
    """``2 (1 - cos u)`` (= ``4 sin²(u / 2)``, the squared chord of the angle ``u`` on a
    unit circle), without cancellation. The angles of a ring's steps are tiny: where
    all ``|u|`` are below ``_SERIES_BELOW``, by its Taylor series to ``u⁸`` (the next
    term is under 1e-16 of the sum; a few multiplications cost a fraction of a sine),
    else by the sine."""
    u2 = u * u
    if u2.size and not u2.max() < _SERIES_BELOW ** 2:
        s = np.sin(0.5 * u)
        s *= s
        s *= 4.0
        return s
    # u² (1 - u²/12 + u⁴/360 - u⁶/20160)
    t = u2 * (-1.0 / 20160.0)
    t += 1.0 / 360.0
    t *= u2
    t -= 1.0 / 12.0
    t *= u2
    t += 1.0
    t *= u2
    return t


def _ring_sizes(parts: np.ndarray) -> np.ndarray:
    """The number of vertices of each ring of polygons ``parts``, ring after ring (as
    :func:`shapely.get_rings` lists them), without splitting the polygons that have
    no holes."""
    holes = shapely.get_num_interior_rings(parts)
    size = np.repeat(shapely.get_num_coordinates(parts), holes + 1)
    with_holes = np.flatnonzero(holes)
    if len(with_holes):
        rings, owner = shapely.get_rings(parts[with_holes], return_index=True)
        first = np.cumsum(holes + 1) - (holes + 1)      # each part's first ring
        k = np.arange(len(rings)) - np.searchsorted(owner, owner)   # ring within part
        size[first[with_holes][owner] + k] = shapely.get_num_coordinates(rings)
    return size


class _Rings:
    """Every ring segment of a polygon array, with its owner (polygon index)."""

    def __init__(self, geoms: np.ndarray):
        parts, part_owner = shapely.get_parts(geoms, return_index=True)
        xy = shapely.get_coordinates(geoms)        # the same vertices, ring after ring
        if len(xy) >= 2**31:                       # segment numbers are packed in int32
            raise ValueError(f"{len(xy):,} vertices: contiguity accepts fewer than 2**31")
        # ring sizes: a part without holes is one ring; only the others are split
        size = _ring_sizes(parts)
        self.xy = xy.view(np.complex128).ravel()   # a vertex as one value, to compare
        np.add(xy, 0.0, out=xy)                    # -0.0 made 0.0 (the hash reads the
        self.x, self.y = xy[:, 0], xy[:, 1]        # bits), in place: views, no copies
        self.n = len(geoms)
        x, y = self.x, self.y
        start = x[1:] != x[:-1]
        start |= y[1:] != y[:-1]
        start[np.cumsum(size)[:-1] - 1] = False    # no segment from one ring to the next
        self.seg = np.flatnonzero(start)           # segment k runs vertex seg[k] → seg[k] + 1
        vertex_owner = np.repeat(part_owner.astype(np.int32),
                                 shapely.get_num_coordinates(parts))
        self.owner = vertex_owner[self.seg].astype(np.int64)
        # segment → (owner << 32) | first vertex: both in one read (vertices < 2**32)
        self._seg_owner = (self.owner << 32) | self.seg

    def candidates(self) -> tuple[np.ndarray, np.ndarray]:
        """Pairs of segments ``lo < hi`` (indices into ``seg``, sorted by ``hi`` then
        ``lo``; returned as ``lo, hi``) whose keys are equal:
        every pair of segments with the same two end points, and rarely (a key
        collision) others, which :meth:`matched` drops.

        Each segment gets a key symmetric in its end points (a 64-bit mix of their
        coordinate bits, summed). The key's high bits and the segment's index are packed
        into one ``uint64`` and sorted (a plain integer sort, much faster than a hash
        table or an argsort at millions of segments), so equal keys become neighbours;
        a run of three or more equal keys (only a collision makes one) is paired
        exhaustively.
        """
        n = len(self.seg)
        if n < 2:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        with np.errstate(over="ignore"):           # in place: few passes over memory
            hy = np.multiply(self.y.view(np.uint64), _M2)
            h = np.multiply(self.x.view(np.uint64), _M1)
            h ^= hy
            hy >>= np.uint64(29)
            h ^= hy
            h *= _M1
            del hy
            # the key of every step from a vertex to the next, in one contiguous pass;
            # then those of the segments
            key = np.add(h[:-1], h[1:])[self.seg]
            del h
        bits = np.uint64(int(n - 1).bit_length())
        key <<= bits
        key |= np.arange(n, dtype=np.uint64)
        packed = key
        packed.sort()
        index = (packed & ((np.uint64(1) << bits) - np.uint64(1))).view(np.int64)
        packed >>= bits
        same = packed[1:] == packed[:-1]
        del packed
        at = np.flatnonzero(same)                 # (a gather: 4x faster than masks)
        s1, s2 = index[at], index[at + 1]
        del at
        longer = np.flatnonzero(same[1:] & same[:-1])     # runs of 3+: rare (collisions)
        if len(longer):
            extra = []
            for start in np.unique(_run_starts(same, longer)):
                stop = start + 1
                while stop < len(same) and same[stop]:
                    stop += 1
                run = index[start:stop + 1]
                extra += [(a, b) for k, a in enumerate(run) for b in run[k + 2:]]
            if extra:
                e = np.asarray(extra, dtype=np.int64)
                s1, s2 = np.r_[s1, e[:, 0]], np.r_[s2, e[:, 1]]
        # ordered by the later segment (then the earlier), packed in one integer sort
        # (segment numbers < 2**31): every read of them below is in memory order
        packed = np.maximum(s1, s2)
        packed <<= 32
        packed |= np.minimum(s1, s2)
        packed.sort()
        hi = packed >> 32
        packed &= np.int64(0xFFFFFFFF)
        return packed, hi

    def matched(self, s1: np.ndarray, s2: np.ndarray, pool: ThreadPoolExecutor | None = None
                ) -> tuple[np.ndarray, np.ndarray]:
        """The pairs ``s1``, ``s2`` of :meth:`candidates` whose two segments have the
        same two end points and two different owners, in the same order; their owners
        are left in ``matched_owners``. The coordinates are compared, so a key
        collision can never pair two different segments. With a ``pool``, its second
        half is checked in a worker (numpy's gathers release the GIL; the other core
        is free by then)."""
        lo, hi = s1, s2
        if len(lo) == 0:
            self.matched_owners = np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
            return lo, hi
        half = len(lo) // 2 if pool is not None else len(lo)
        later = pool.submit(self._check, lo[half:], hi[half:]) if half < len(lo) else None
        ok, owner_lo, owner_hi = self._check(lo[:half], hi[:half])
        if later is not None:
            ok2, owner_lo2, owner_hi2 = later.result()
            ok, owner_lo, owner_hi = (np.concatenate(x) for x in (
                (ok, ok2), (owner_lo, owner_lo2), (owner_hi, owner_hi2)))
        if ok.all():                              # the usual case: nothing to drop
            self.matched_owners = owner_lo, owner_hi
            return lo, hi
        self.matched_owners = owner_lo[ok], owner_hi[ok]
        return lo[ok], hi[ok]

    def _check(self, lo: np.ndarray, hi: np.ndarray
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """For :meth:`matched`: which pairs ``lo``, ``hi`` are a true match, and the
        owners of their segments."""
        # one read per segment for its first vertex and owner (packed in one int64)
        low = np.int64(0xFFFFFFFF)
        at_lo, at_hi = self._seg_owner[lo], self._seg_owner[hi]
        owner_lo, owner_hi = at_lo >> 32, at_hi >> 32
        xy = self.xy
        a, b = at_lo & low, at_hi & low
        del at_lo, at_hi
        a0, b0 = xy[a], xy[b]
        a += 1
        b += 1
        a1, b1 = xy[a], xy[b]
        ok = (a0 == b1) & (a1 == b0)
        rest = np.flatnonzero(~ok)                # drawn in the same sense (rare)
        ok[rest] = (a0[rest] == b0[rest]) & (a1[rest] == b1[rest])
        ok &= owner_lo != owner_hi
        return ok, owner_lo, owner_hi

    def lengths(self, segs: np.ndarray) -> np.ndarray:
        """Lengths of segments ``segs`` as drawn (in the frame's own CRS)."""
        a = self.seg[segs]
        dx = self.x[a + 1] - self.x[a]
        dy = self.y[a + 1] - self.y[a]
        return np.sqrt(dx * dx + dy * dy)

    def steps(self, segs: np.ndarray | None, to_metric: Transformer) -> np.ndarray:
        """Per vertex ``v``, the length in ``to_metric`` of the step to vertex ``v + 1``,
        defined (the rest is garbage) where ``v`` is the first vertex of a segment of
        ``segs`` (of any segment if ``segs`` is ``None``); read it as
        ``steps(segs, t)[seg[segs]]``.

        Each vertex is projected once (the last of each block of
        :func:`_step_lengths` twice). ``None`` projects every vertex, in memory order;
        else the vertices of the segments, in order, form runs of consecutive vertices,
        they are gathered into one array, and each step is the difference of two
        neighbours there — every read and write in order.
        """
        if segs is None:
            return _step_lengths(self.x, self.y, to_metric)
        a = self.seg[segs]
        need = np.zeros(len(self.x), dtype=bool)
        need[a] = True
        need[a + 1] = True
        idx = np.flatnonzero(need)
        del need, a
        out = np.empty(len(self.x))
        out[idx[:-1]] = _step_lengths(self.x[idx], self.y[idx], to_metric)[:-1]
        return out

    def unmatched(self, seg_a: np.ndarray, seg_b: np.ndarray) -> np.ndarray:
        """The segments (indices into ``seg``) that no other polygon draws."""
        free = np.ones(len(self.seg), dtype=bool)
        free[seg_a] = free[seg_b] = False
        return np.flatnonzero(free)

    def unmatched_lines(self, free: np.ndarray, polygons: np.ndarray) -> np.ndarray:
        """Per polygon, its segments ``free`` as a MultiLineString; empty for the
        polygons not in ``polygons`` (sorted indices)."""
        owner = self.owner[free]
        pick = np.zeros(self.n, dtype=bool)
        pick[polygons] = True
        keep = pick[owner]
        return self._lines(free[keep], owner[keep], self.n)

    def border_lines(self, side: np.ndarray, group: np.ndarray, n_groups: int) -> np.ndarray:
        """The segments ``side`` joined into lines, one MultiLineString per group."""
        return self._lines(side, group, n_groups)

    def _lines(self, segs: np.ndarray, group: np.ndarray, n_groups: int) -> np.ndarray:
        out = np.array([shapely.MultiLineString()] * n_groups, dtype=object)
        if len(segs) == 0:
            return out
        order = np.lexsort((segs, group))
        segs, group = segs[order], group[order]
        first = self.seg[segs]
        brk = np.ones(len(segs), dtype=bool)
        brk[1:] = (group[1:] != group[:-1]) | (first[1:] != first[:-1] + 1)
        run = np.cumsum(brk) - 1
        run_group = group[brk]
        # vertices of each run: its segments' first vertices plus the last one's end
        ends = np.flatnonzero(np.r_[brk[1:], True])
        vertex = np.concatenate([first, first[ends] + 1])
        vertex_run = np.concatenate([run, run[ends]])
        seq = np.concatenate([np.arange(len(first)), ends + 0.5])
        o = np.lexsort((seq, vertex_run))
        lines = shapely.linestrings(self.x[vertex[o]], self.y[vertex[o]],
                                    indices=vertex_run[o])
        present = np.unique(run_group)
        out[present] = shapely.multilinestrings(
            lines, indices=np.searchsorted(present, run_group))
        return out
