"""Mass assignment: the province, city or county of each of millions of points.

:func:`assign` adds ``<level>_adcode``, ``<level>_name_zh`` and ``<level>_name_en`` to every
row of a GeoDataFrame: the unit whose interior contains a point — the ``within``
predicate of :func:`geopandas.sjoin`, so a point exactly on a border gets ``<NA>`` unless
``predicate="intersects"``, which gives it the lowest-adcode unit it touches; a point
outside every unit gets ``<NA>``. Lines and polygons get the unit holding the largest part of them (km in
:data:`geo.crs.METRIC`, km² in :data:`geo.crs.EQUAL_AREA`); multipoints the unit holding
most of their points.

Two ways to run, with identical results:

- in-process (default): vectorised shapely. The units are cut once into a grid of
  cells; a cell whose box lies in one unit's interior (``contains_properly``, on
  prepared units) assigns all its points with no geometry test at all; a cell touching
  no unit leaves its points outside; only points in cells crossed by a border are
  tested, against the units its cell's box touches (kept per cell when the grid is
  built, the unit holding the cell's centre first; a point stops at the first unit that
  contains it), by ``contains_xy`` on the prepared units (``contains``, what
  ``sjoin(..., predicate="within")`` evaluates). No shapely object is made for a point
  given as coordinates, so millions of points leave nothing for Python's garbage
  collector (its full passes, set off by the shapely points this used to make, added
  ~45 ms to every third 500 k chunk); a frame of nothing but non-empty points skips the
  geometry-type pass.
- on a Dask cluster (``scheduler=``, an address or ``"local"``): the rows are cut into
  ``partitions`` contiguous chunks (no sort or concat on the client); a chunk of
  points travels as two float64 x/y columns (read by ``get_x``/``get_y``, no pickled
  geometries) and is submitted as soon as it is read, so the workers start while the
  client reads the next; each worker reads the boundaries from its own installed data
  and builds the grid once per process, assigns its chunks as above and sends back one
  int32 column, which the client turns into the output columns while the other chunks
  are still running; other geometries travel as chunks of shapely objects.
  :func:`assign_parquet` goes further: the workers read their own row groups of a
  GeoParquet file (native GeoArrow points as two float columns). Progress is reported
  per chunk.
"""
from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo import crs
from geo.catalog import LEVELS, load_regions
from geo.errors import choice

__all__ = ["AssignResult", "assign", "assign_frame", "assign_parquet", "region_table",
           "columns_for"]

#: grid cell size (degrees) of the in-process index
CELL_DEG = 0.02
#: rows per chunk on a Dask cluster at most, unless ``partitions`` says otherwise: the
#: workers start on the first chunk sooner, and no task carries more than ~8 MB
CHUNK_ROWS = 500_000
_PAD = 1e-9  # cells are tested slightly enlarged, so a point rounding onto a cell edge is safe


@dataclass
class AssignResult:
    """The assigned frame and what happened.

    Attributes
    ----------
    frame : the input with ``<level>_adcode`` (Int64, ``<NA>`` outside), ``<level>_name_zh``,
        ``<level>_name_en`` appended, in the input's row order.
    level : the level assigned.
    outside : rows in no unit (``<NA>``).
    partitions : partitions processed (1 in-process).
    seconds : wall time of the assignment.
    """

    frame: gpd.GeoDataFrame
    level: str
    outside: int
    partitions: int
    seconds: float

    def summary(self) -> str:
        n = len(self.frame)
        rate = n / self.seconds if self.seconds else float("nan")
        return (f"{n:,} rows → {self.level}: {n - self.outside:,} assigned, {self.outside:,} "
                f"outside every {self.level}; {self.partitions} partition(s), "
                f"{self.seconds:.2f} s ({rate:,.0f} rows/s)")


def columns_for(level: str) -> list[str]:
    """The columns :func:`assign` adds, e.g. ``county_adcode``, ``county_name_zh``, ``county_name_en``."""
    return [f"{level}_adcode", f"{level}_name_zh", f"{level}_name_en"]


def _check_level(level: str) -> str:
    return choice("level", level, LEVELS, error=ValueError)


@lru_cache(maxsize=None)
def region_table(level: str) -> gpd.GeoDataFrame:
    """The full-resolution units of ``level`` (adcode, names, geometry), WGS84."""
    return load_regions(_check_level(level), "full")[["adcode", "name_zh", "name_en",
                                                       "geometry"]].reset_index(drop=True)


class _Grid:
    """The units of one level, prepared, with each grid cell classified as inside one
    unit (its index), touching no unit (-2) or crossed by a border (-1); a border cell
    keeps the units its box touches, the only candidates for its points."""

    def __init__(self, regions: gpd.GeoDataFrame, cell: float = CELL_DEG):
        self.adcodes = regions["adcode"].to_numpy(dtype="int64")
        self.geoms = np.asarray(regions.geometry.values, dtype=object)
        shapely.prepare(self.geoms)
        x0, y0, x1, y1 = shapely.total_bounds(self.geoms)
        self.x0, self.y0, self.cell = x0, y0, cell
        self.nx = int(np.ceil((x1 - x0) / cell)) + 1
        self.ny = int(np.ceil((y1 - y0) / cell)) + 1
        ix, iy = np.meshgrid(np.arange(self.nx), np.arange(self.ny), indexing="ij")
        ix, iy = ix.ravel(), iy.ravel()
        boxes = shapely.box(x0 + ix * cell - _PAD, y0 + iy * cell - _PAD,
                            x0 + (ix + 1) * cell + _PAD, y0 + (iy + 1) * cell + _PAD)
        tree = shapely.STRtree(boxes)
        owner = np.full(len(boxes), -2, dtype=np.int64)
        t_unit, t_box = tree.query(self.geoms, predicate="intersects")
        owner[t_box] = -1
        unit, inside = tree.query(self.geoms, predicate="contains_properly")
        owner[inside] = unit
        self.owner = owner  # indexed by ix * ny + iy
        # candidates of the border cells, CSR by cell: units[start[c]:start[c + 1]], the
        # unit holding the cell's centre first (most of the cell's points are in it)
        u, b = t_unit[owner[t_box] == -1], t_box[owner[t_box] == -1]
        central = shapely.contains_xy(self.geoms[u], x0 + (ix[b] + 0.5) * cell,
                                      y0 + (iy[b] + 0.5) * cell)
        order = np.lexsort((u, ~central, b))
        self.cand_unit = u[order]
        self.cand_start = np.r_[0, np.cumsum(np.bincount(b, minlength=len(boxes)))]
        self.tree = shapely.STRtree(self.geoms)

    def _cell_index(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """Flat cell index of each point (-1 for points off the grid)."""
        ix = np.floor((x - self.x0) / self.cell).astype(np.int64)
        iy = np.floor((y - self.y0) / self.cell).astype(np.int64)
        ok = (ix >= 0) & (ix < self.nx) & (iy >= 0) & (iy < self.ny)
        return np.where(ok, ix * self.ny + iy, -1)

    def points(self, pts: np.ndarray, predicate: str = "within") -> np.ndarray:
        """Index of the unit containing each point (-1: none); with ``intersects`` a point
        on a border gets the lowest-adcode unit it touches."""
        return self.xy(shapely.get_x(pts), shapely.get_y(pts), predicate)

    def xy(self, x: np.ndarray, y: np.ndarray, predicate: str = "within") -> np.ndarray:
        """As :meth:`points`, from coordinate arrays. No shapely object is made: a point
        in a border cell is tested against that cell's candidate units only, by
        ``contains_xy`` on the prepared units (what ``sjoin(..., predicate="within")``
        evaluates), so millions of points create no garbage for Python's collector."""
        flat = self._cell_index(x, y)
        code = np.where(flat >= 0, self.owner[flat], -2)
        result = np.where(code >= 0, code, -1)
        todo = np.flatnonzero(code == -1)
        if len(todo):
            result[todo] = self._exact(x[todo], y[todo], flat[todo], predicate)
        return result

    def _pairs(self, cells: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(point, candidate unit) pairs of points in border ``cells``, by point."""
        start = self.cand_start[cells]
        counts = self.cand_start[cells + 1] - start
        pt = np.repeat(np.arange(len(cells)), counts)
        offset = np.arange(len(pt)) - np.repeat(np.cumsum(counts) - counts, counts)
        return pt, self.cand_unit[np.repeat(start, counts) + offset]

    def _exact(self, x: np.ndarray, y: np.ndarray, cells: np.ndarray,
               predicate: str) -> np.ndarray:
        """Points of border cells: the candidates are tried in rounds (every point its
        first candidate, the points not yet placed their second, ...), so a point costs
        one test when it lies in its cell's central unit. Units of a coverage do not
        overlap, so the first unit containing a point is the only one."""
        out = np.full(len(x), -1, dtype=np.int64)
        start = self.cand_start[cells]
        count = self.cand_start[cells + 1] - start
        todo, k = np.flatnonzero(count > 0), 0
        while len(todo):
            unit = self.cand_unit[start[todo] + k]
            hit = shapely.contains_xy(self.geoms[unit], x[todo], y[todo])  # prepared units
            out[todo[hit]] = unit[hit]
            k += 1
            todo = todo[~hit & (count[todo] > k)]
        if predicate == "intersects":   # on a border: the lowest adcode among the units touched
            rest = np.flatnonzero(out < 0)
            pt, unit = self._pairs(cells[rest])
            touch = shapely.intersects_xy(self.geoms[unit], x[rest][pt], y[rest][pt])
            pt, unit = rest[pt[touch]], unit[touch]
            if len(pt):
                order = np.lexsort((self.adcodes[unit], pt))
                pt, unit = pt[order], unit[order]
                first = np.r_[True, pt[1:] != pt[:-1]]
                out[pt[first]] = unit[first]
        return out

    def largest(self, geoms: np.ndarray) -> np.ndarray:
        """Index of the unit holding the largest part of each line or polygon (-1: none)."""
        out = np.full(len(geoms), -1, dtype=np.int64)
        g_idx, u_idx = self.tree.query(geoms, predicate="intersects")
        if not len(g_idx):
            return out
        dims = shapely.get_dimensions(geoms[g_idx])
        parts = shapely.intersection(geoms[g_idx], self.geoms[u_idx])
        size = np.zeros(len(g_idx))
        lines, polys = dims == 1, dims == 2
        if lines.any():
            size[lines] = shapely.length(_to(parts[lines], crs.METRIC))
        if polys.any():
            size[polys] = shapely.area(_to(parts[polys], crs.EQUAL_AREA))
        order = np.lexsort((self.adcodes[u_idx], -size, g_idx))
        g_idx, u_idx, size = g_idx[order], u_idx[order], size[order]
        first = np.r_[True, g_idx[1:] != g_idx[:-1]] & (size > 0)
        out[g_idx[first]] = u_idx[first]
        return out


def _to(geoms: np.ndarray, target) -> np.ndarray:
    return crs.project(geoms, crs.STORAGE, target)


@lru_cache(maxsize=None)
def _grid(level: str) -> _Grid:
    return _Grid(region_table(level))


def _index_of(grid: _Grid, geoms: np.ndarray, predicate: str = "within") -> np.ndarray:
    """Unit index per geometry (-1: none), by geometry kind."""
    out = np.full(len(geoms), -1, dtype=np.int64)
    if not len(geoms):
        return out
    xy = _point_xy(geoms)
    if xy is not None:    # all non-empty points: no type pass
        return grid.xy(*xy, predicate)
    kind = shapely.get_type_id(geoms)
    missing = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    point = (kind == 0) & ~missing
    if point.any():
        out[point] = grid.points(geoms[point], predicate)
    multi = (kind == 4) & ~missing
    if multi.any():
        rows = np.flatnonzero(multi)
        parts, owner = shapely.get_parts(geoms[rows], return_index=True)
        unit = grid.points(parts, predicate)
        hit = unit >= 0
        if hit.any():
            counts = pd.DataFrame({"row": owner[hit], "unit": unit[hit],
                                   "adcode": grid.adcodes[unit[hit]]})
            top = (counts.groupby(["row", "unit", "adcode"]).size().rename("n").reset_index()
                   .sort_values(["row", "n", "adcode"], ascending=[True, False, True])
                   .drop_duplicates("row"))
            out[rows[top["row"].to_numpy()]] = top["unit"].to_numpy()
    other = ~point & ~multi & ~missing
    if other.any():
        out[other] = grid.largest(geoms[other])
    return out


def _copy_on_write() -> bool:
    """Whether pandas copies on write (always from pandas 3; an option in 2.x)."""
    return int(pd.__version__.split(".")[0]) >= 3 or pd.options.mode.copy_on_write is True


class _Columns:
    """The three appended columns of ``n`` rows, filled from unit indices (-1: none)
    chunk by chunk (:meth:`fill`), then appended to a copy of the frame
    (:meth:`attach`): the adcode as Int64, the names as categoricals (no per-row
    strings)."""

    def __init__(self, regions: gpd.GeoDataFrame, n: int):
        # lookup tables indexed by unit index + 1, so index -1 (none) reads entry 0
        self.codes = np.r_[0, regions["adcode"].to_numpy(dtype="int64")]
        self.cats, self.lookup = [], []
        for src in ("name_zh", "name_en"):
            names = pd.Index(regions[src].astype(object).to_numpy())
            cats = pd.Index(pd.unique(names))  # categories must be unique: map through them
            self.cats.append(cats)
            self.lookup.append(np.r_[-1, cats.get_indexer(names)].astype(
                np.int16 if len(cats) < 2 ** 15 else np.int32))
        self.adcode = np.empty(n, dtype=np.int64)
        self.missing = np.empty(n, dtype=bool)
        self.names = [np.empty(n, dtype=t.dtype) for t in self.lookup]

    def fill(self, rows, index: np.ndarray) -> None:
        """Set ``rows`` (a slice or positions) from their unit indices."""
        k = index + 1
        self.missing[rows] = k == 0
        self.adcode[rows] = self.codes[k]
        for out, table in zip(self.names, self.lookup):
            out[rows] = table[k]

    def attach(self, frame: gpd.GeoDataFrame, level: str) -> gpd.GeoDataFrame:
        # under copy-on-write a shallow copy is as safe as a deep one (adding columns
        # never touches ``frame``) and skips copying a million geometry references
        out = frame.copy(deep=not _copy_on_write())
        c_code, *c_names = columns_for(level)
        out[c_code] = pd.arrays.IntegerArray(self.adcode, self.missing)
        for col, codes, cats in zip(c_names, self.names, self.cats):
            out[col] = pd.Categorical.from_codes(codes, categories=cats, validate=False)
        return out


def _attach(frame: gpd.GeoDataFrame, index: np.ndarray, regions: gpd.GeoDataFrame,
            level: str) -> gpd.GeoDataFrame:
    """``frame`` with the unit's adcode (Int64) and names (categoricals) appended;
    index -1 → ``<NA>``."""
    columns = _Columns(regions, len(index))
    columns.fill(slice(None), index)
    return columns.attach(frame, level)


PREDICATES = ("within", "intersects")


def _check_predicate(predicate: str) -> str:
    return choice("predicate", predicate, PREDICATES, error=ValueError)


def assign_frame(frame: gpd.GeoDataFrame, level: str = "county",
                 regions: gpd.GeoDataFrame | None = None,
                 predicate: str = "within") -> gpd.GeoDataFrame:
    """Assign in this process (see the module docstring); returns the frame with the
    three columns of :func:`columns_for` appended.

    Examples
    --------
    >>> pts = gpd.GeoDataFrame(geometry=gpd.points_from_xy([121.47, 120.62, 125.0],
    ...                                                    [31.23, 31.31, 30.0]), crs=4326)
    >>> assign_frame(pts, "city")[["city_adcode", "city_name_zh"]]
       city_adcode city_name_zh
    0       310100          上海市
    1       320500          苏州市
    2         <NA>          NaN
    """
    _check_level(level)
    _check_predicate(predicate)
    if frame.crs is None:
        raise ValueError("the input has no CRS; expected lon/lat (EPSG:4326) or a declared CRS")
    geo = frame.geometry if frame.crs.equals(crs.STORAGE) else frame.geometry.to_crs(crs.STORAGE)
    grid = _grid(level) if regions is None else _Grid(regions)
    regions = region_table(level) if regions is None else regions
    index = _index_of(grid, np.asarray(geo.values, dtype=object), predicate)
    return _attach(frame, index, regions, level)


def _worker_xy(x: np.ndarray, y: np.ndarray, level: str, predicate: str) -> np.ndarray:
    """One chunk of point coordinates on a worker: the unit index of each (``-1``: none).

    Only two float64 columns travel to the worker and one int32 column comes back; the
    worker reads the boundaries from its own installed data and builds the grid once per
    process (:func:`_grid` is cached), so nothing but coordinates crosses the network."""
    return _grid(level).xy(x, y, predicate).astype(np.int32)


def _worker_geoms(geoms: np.ndarray, level: str, predicate: str) -> np.ndarray:
    """One chunk of non-point geometries (lines, polygons, multipoints) on a worker."""
    return _index_of(_grid(level), geoms, predicate).astype(np.int32)


def _worker_parquet(path: str, row_groups: list[int], level: str,
                    predicate: str) -> np.ndarray:
    """Row groups of a GeoParquet file read on the worker itself: the unit index of each
    row. Native GeoArrow points are read as their x/y columns; WKB is decoded on the
    worker."""
    import pyarrow.parquet as pq

    pf = pq.ParquetFile(path)
    column = _geometry_column(pf)
    table = pf.read_row_groups(row_groups, columns=[column])
    col = table.column(column).combine_chunks()
    import pyarrow as pa

    if pa.types.is_struct(col.type):           # geoarrow.point: {x, y}
        x = col.field("x").to_numpy(zero_copy_only=False)
        y = col.field("y").to_numpy(zero_copy_only=False)
        return _grid(level).xy(x, y, predicate).astype(np.int32)
    geoms = shapely.from_wkb(col.to_numpy(zero_copy_only=False))
    return _index_of(_grid(level), geoms, predicate).astype(np.int32)


def _geometry_column(pf) -> str:
    import json

    meta = json.loads((pf.schema_arrow.metadata or {}).get(b"geo", b"{}") or b"{}")
    return meta.get("primary_column", "geometry")


def _chunks(n: int, parts: int) -> list[slice]:
    bounds = np.linspace(0, n, parts + 1).astype(np.int64)
    return [slice(int(a), int(b)) for a, b in zip(bounds[:-1], bounds[1:]) if b > a]


@contextlib.contextmanager
def _client(scheduler: str):
    distributed = _dask("distributed")
    if scheduler == "local":
        with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                      dashboard_address=None) as cluster, \
                distributed.Client(cluster) as client:
            yield client
        return
    try:
        client = distributed.Client(scheduler, timeout="10s")
    except (OSError, TimeoutError) as exc:
        raise ConnectionError(f"cannot reach the Dask scheduler {scheduler!r}: "
                              f"{' '.join(str(exc).split())}") from None
    with client:
        yield client


def _dask(name: str):
    from geo._compat import import_optional

    return import_optional(name, "dask", "assignment on a Dask cluster")


def _gather(futures: list, chunks: list, columns: _Columns,
            progress: Callable[[int, int], None] | None) -> None:
    """Fill ``columns`` chunk by chunk as the tasks finish, so the client's share of the
    work overlaps the workers' (``progress(0, total)`` is the caller's)."""
    distributed = _dask("distributed")
    position = {f.key: k for k, f in enumerate(futures)}
    for done, future in enumerate(distributed.as_completed(futures), 1):
        columns.fill(chunks[position[future.key]], future.result())
        if progress:
            progress(done, len(futures))


def _point_xy(geoms: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """x and y of every geometry when all are non-empty points, else ``None``.

    Two passes over the geometries (``get_x``, ``get_y``) and no type pass: ``get_x`` is
    NaN for a missing or non-point geometry and raises for an empty point, so a NaN or
    an error means "not all points" (the chunk then travels as shapely objects).

    Examples
    --------
    >>> _point_xy(np.array([shapely.Point(121.5, 31.2), shapely.Point(120.6, 31.3)]))
    (array([121.5, 120.6]), array([31.2, 31.3]))
    >>> [_point_xy(np.array(g, dtype=object)) for g in
    ...  ([shapely.Point(1, 2), None], [shapely.Point()], [shapely.MultiPoint([(1, 2)])])]
    [None, None, None]
    """
    try:
        x = shapely.get_x(geoms)
    except shapely.errors.GEOSException:   # an empty point
        return None
    if np.isnan(x).any():
        return None
    y = shapely.get_y(geoms)
    return None if np.isnan(y).any() else (x, y)


def _submit_chunk(client, geoms: np.ndarray, level: str, predicate: str):
    """One chunk of geometries onto the cluster: a chunk of non-empty points as its
    float64 x/y columns, any other chunk as shapely objects."""
    xy = _point_xy(geoms)
    if xy is None:
        return client.submit(_worker_geoms, geoms, level, predicate, pure=False)
    return client.submit(_worker_xy, *xy, level, predicate, pure=False)


def _assign_dask(frame: gpd.GeoDataFrame, level: str, client, partitions: int | None,
                 progress: Callable[[int, int], None] | None,
                 predicate: str) -> tuple[gpd.GeoDataFrame, int]:
    """The frame on the cluster, in contiguous chunks (no client-side sort or concat).
    Each chunk is submitted as soon as its coordinates are read, so the workers start on
    the first while the client reads the next."""
    workers = max(1, len(client.scheduler_info().get("workers", {})))
    n = int(partitions or max(2 * workers, -(-len(frame) // CHUNK_ROWS)))
    n = max(1, min(n, len(frame))) if len(frame) else 1
    geo = frame.geometry if frame.crs.equals(crs.STORAGE) else frame.geometry.to_crs(crs.STORAGE)
    geoms = np.asarray(geo.values, dtype=object)
    chunks = _chunks(len(geoms), n)
    if progress:
        progress(0, len(chunks))
    futures = [_submit_chunk(client, geoms[c], level, predicate) for c in chunks]
    columns = _Columns(region_table(level), len(geoms))
    _gather(futures, chunks, columns, progress)
    return columns.attach(frame, level), len(futures)


def assign_parquet(path, level: str = "county", *, client, predicate: str = "within",
                   row_groups_per_task: int = 1,
                   progress: Callable[[int, int], None] | None = None) -> AssignResult:
    """Assign the rows of a GeoParquet file on a Dask cluster whose workers read their
    own row groups (the file must be readable at the same path on every worker).

    Parameters
    ----------
    path : a GeoParquet file in EPSG:4326 (write native points with
        ``to_parquet(..., geometry_encoding="geoarrow")`` for the fastest read).
    level, predicate, progress : as :func:`assign`.
    client : a ``distributed.Client``.
    row_groups_per_task : row groups one task reads.

    Returns
    -------
    AssignResult, its frame read from the file with the three columns appended.
    """
    import pyarrow.parquet as pq

    _check_level(level)
    _check_predicate(predicate)
    t0 = time.perf_counter()
    pf = pq.ParquetFile(path)
    meta = pf.metadata
    groups = list(range(meta.num_row_groups))
    tasks = [groups[i:i + row_groups_per_task] for i in range(0, len(groups),
                                                               row_groups_per_task)]
    starts = np.cumsum([0] + [meta.row_group(g).num_rows for g in groups])
    chunks = [slice(int(starts[t[0]]), int(starts[t[-1] + 1])) for t in tasks]
    futures = [client.submit(_worker_parquet, str(path), t, level, predicate, pure=False)
               for t in tasks]
    if progress:
        progress(0, len(futures))
    columns = _Columns(region_table(level), int(starts[-1]))
    _gather(futures, chunks, columns, progress)
    out = columns.attach(gpd.read_parquet(path), level)
    seconds = time.perf_counter() - t0
    outside = int(out[columns_for(level)[0]].isna().sum())
    return AssignResult(out, level, outside, len(futures), seconds)


def assign(frame: gpd.GeoDataFrame, level: str = "county", *, scheduler: str | None = None,
           partitions: int | None = None, client=None, predicate: str = "within",
           progress: Callable[[int, int], None] | None = None) -> AssignResult:
    """Add the containing unit of ``level`` to every row of ``frame``.

    Parameters
    ----------
    frame : points (or lines, polygons) with a CRS.
    level : {"province", "city", "county"}
    scheduler : a Dask scheduler address (``tcp://host:8786``), or ``"local"`` for a
        2-worker LocalCluster; ``None`` (default) runs in this process.
    partitions : number of chunks (tasks) on the cluster; default 2 per worker, more
        for a large frame so that none exceeds :data:`CHUNK_ROWS` rows.
    client : an existing ``distributed.Client`` to use instead of ``scheduler``.
    predicate : ``"within"`` (default; as ``sjoin``: border points get ``<NA>``) or
        ``"intersects"`` (border points get the lowest-adcode unit they touch).
    progress : called as ``progress(done, total)`` as partitions finish.

    Returns
    -------
    AssignResult

    Raises
    ------
    ValueError for a bad level or partition count, or a frame without a CRS;
    ConnectionError when the scheduler cannot be reached; geo._compat.MissingDependency
    when the ``dask`` extra is missing.
    """
    _check_level(level)
    _check_predicate(predicate)
    if partitions is not None and (isinstance(partitions, bool) or int(partitions) < 1):
        raise ValueError(f"partitions {partitions!r} must be a whole number >= 1")
    if frame.crs is None:
        raise ValueError("the input has no CRS; expected lon/lat (EPSG:4326) or a declared CRS")
    t0 = time.perf_counter()
    if scheduler is None and client is None:
        out, n = assign_frame(frame, level, predicate=predicate), 1
        if progress:
            progress(1, 1)
    elif client is not None:
        out, n = _assign_dask(frame, level, client, partitions, progress, predicate)
    else:
        with _client(scheduler) as c:
            out, n = _assign_dask(frame, level, c, partitions, progress, predicate)
    seconds = time.perf_counter() - t0
    outside = int(out[columns_for(level)[0]].isna().sum())
    return AssignResult(out, level, outside, n, seconds)
