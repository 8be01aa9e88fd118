"""Parity: every query of the filter, statistics and adjacency tests, run on the file store
and on PostGIS (SQL), must give the same answer — ids, order, region lists, counts and
contacts exactly; lengths within 1 m, areas within 0.001 km², geometries within 1e-7°."""
from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from geo import adjacency as adj
from geo import select as sel
from geo import stats as file_stats
from geo.adjacency import AdjacencyError
from geo.regions import RegionError

pytestmark = pytest.mark.slow

KM = 1e-3       # 1 m
KM2 = 1e-3      # 0.001 km²
DEG = 1e-7      # about 1 cm


def user_items() -> gpd.GeoDataFrame:
    """Imported items of every kind, some crossing borders or leaving the YRD."""
    base = {"clause": "十七", "plan_text": "用户导入的测试项目", "precision": "approximate",
            "sea": False, "note": None, "member_adcodes": None, "waypoints": None,
            "source_file": "test.csv", "imported_at": "2026-01-01T00:00:00"}
    rows = [
        ("u-line-sh-jx", "测试铁路沪嘉", "Test rail Shanghai–Jiaxing", "rail", "规划", [310100, 330400],
         shapely.LineString([(121.30, 30.95), (120.95, 30.80), (120.75, 30.75)])),
        ("u-point-suzhou", "测试枢纽苏州", "Test hub Suzhou", "hub", "开工建设", [320500],
         shapely.Point(120.62, 31.31)),
        ("u-zone-wujiang-jiashan", "测试合作区", "Test cooperation zone", "zone", "推进",
         [320500, 330400], shapely.box(120.70, 30.85, 120.95, 31.05)),
        ("u-sea-line", "测试航线", "Test sea route", "waterway", "规划", [310100],
         shapely.LineString([(121.90, 30.86), (122.60, 30.60)])),
        ("u-points-multi", "测试站点群", "Test site group", "hub", "在建", [320100, 340100],
         shapely.MultiPoint([(118.80, 32.06), (117.23, 31.82), (123.5, 33.0)])),
    ]
    from geo.schema import STATUS

    recs = [dict(base, id=i, name_zh=zh, name_en=en, layer=layer, status=st,
                 status_en=STATUS[st], cities=cities, geometry=g)
            for i, zh, en, layer, st, cities, g in rows]
    return gpd.GeoDataFrame(recs, geometry="geometry", crs=4326)


@pytest.fixture(scope="module")
def stores(module_db_url, tmp_path_factory):
    from geo.db.store import PostGISStore
    from geo.store.files import FileStore

    file_store = FileStore(tmp_path_factory.mktemp("filestore"))
    pg = PostGISStore(module_db_url)
    items = user_items()
    assert file_store.add_items(items) == pg.add_items(items) == len(items)
    return file_store, pg


@pytest.fixture(scope="module")
def file_items(stores):
    from geo.store import load_all_with_regions

    return load_all_with_regions(stores[0])


@pytest.fixture(scope="module")
def conn(stores):
    from geo.db.connection import connect

    c = connect(stores[1].url, autocommit=True)
    yield c
    c.close()


def assert_same_items(db: pd.DataFrame, fs: pd.DataFrame) -> None:
    assert list(db["id"]) == list(fs["id"])
    for col in ("provinces", "cities_in"):
        assert [list(map(int, v)) for v in db[col]] == [list(map(int, v)) for v in fs[col]], col
    assert list(db["cross_provincial"]) == list(fs["cross_provincial"])
    for col, tol in (("length_km", KM), ("area_km2", KM2)):
        np.testing.assert_allclose(db[col].astype(float), fs[col].astype(float), atol=tol,
                                   equal_nan=True, err_msg=col)
    for col, tol in (("km_by_province", KM), ("km2_by_province", KM2)):
        for item, a, b in zip(db["id"], db[col], fs[col]):
            assert set(a) == set(b), (item, col, a, b)
            for k in a:
                assert a[k] == pytest.approx(b[k], abs=tol), (item, col, k)
    for a, b in zip(db.geometry.values, fs.geometry.values):
        assert shapely.equals_exact(a, b, tolerance=DEG)


FILTERS = [
    {},
    {"layers": ["rail"], "provinces": ["浙江"]},
    {"provinces": ["Zhejiang"]},
    {"provinces": [330000]},
    {"provinces": ["上海", "安徽"]},
    {"cross_provincial": True},
    {"text": "铁路"},
    {"text": "NO SUCH THING"},
    {"text": "test"},
    {"status": ["开工建设"]},
    {"status": ["construction started"]},
    {"cities": ["苏州"]},
    {"cities": ["嘉兴", 310100], "layers": ["rail", "zone"]},
    {"layers": ["hub"], "status": ["在建", "规划"]},
]


@pytest.mark.parametrize("kwargs", FILTERS, ids=[str(f) for f in FILTERS])
def test_filters(conn, file_items, kwargs):
    from geo.db import queries

    assert_same_items(queries.filter_projects(conn, **kwargs),
                      sel.filter_projects(file_items, **kwargs))


def test_every_item_has_the_same_computed_regions(conn, file_items):
    from geo.db import queries

    db = queries.with_regions(conn)
    assert len(db) == len(file_items) and set(db["source"]) == {"catalog", "user"}
    assert_same_items(db, file_items)


@pytest.mark.parametrize("level", ["province", "city", "county"])
def test_measure_tables(conn, stores, level):
    from geo.db import queries
    from geo.measure import measure_by_region

    db = queries.measure_table(conn, level)
    fs = measure_by_region(stores[0].load_all(), level)
    assert list(zip(db["id"], db["adcode"])) == list(zip(fs["id"], fs["adcode"]))
    np.testing.assert_array_equal(db["points"], fs["points"])
    np.testing.assert_allclose(db["km"], fs["km"], atol=KM)
    np.testing.assert_allclose(db["km2"], fs["km2"], atol=KM2)


@pytest.mark.parametrize("kwargs", [{}, {"layers": ["rail"], "provinces": ["浙江"]},
                                    {"status": ["规划"]}])
@pytest.mark.parametrize("by", ["province", "city"])
def test_region_statistics(conn, file_items, by, kwargs):
    from geo.db import queries

    db = queries.region_stats(conn, by, within=kwargs.get("provinces", ()),
                              provinces=kwargs.get("provinces", ()),
                              layers=kwargs.get("layers", ()), status=kwargs.get("status", ()))
    fs = file_stats.region_stats(sel.filter_projects(file_items, **kwargs), by,
                                 within=kwargs.get("provinces", ()))
    for name in ("summary", "by_layer", "by_status"):
        a, b = getattr(db, name), getattr(fs, name)
        assert list(a.columns) == list(b.columns) and len(a) == len(b), name
        for col in a.columns:
            if a[col].dtype.kind == "f" or b[col].dtype.kind == "f":
                np.testing.assert_allclose(a[col].astype(float), b[col].astype(float),
                                           rtol=1e-9, atol=KM2, err_msg=f"{name}.{col}")
            else:
                assert a[col].tolist() == b[col].tolist(), f"{name}.{col}"


def test_errors_read_the_same(conn):
    from geo.db import queries

    with pytest.raises(ValueError, match="unknown layer 'railway'.*rail"):
        queries.filter_projects(conn, layers=["railway"])
    with pytest.raises(ValueError, match="unknown status 'finished'.*开工建设"):
        queries.filter_projects(conn, status=["finished"])
    with pytest.raises(RegionError, match="江苏省"):
        queries.filter_projects(conn, provinces=["江苏舍"])


# ── adjacency ────────────────────────────────────────────────────────────────

def assert_same_borders(db: gpd.GeoDataFrame, fs: gpd.GeoDataFrame, keys) -> None:
    assert db[keys].astype("int64").values.tolist() == fs[keys].astype("int64").values.tolist()
    np.testing.assert_allclose(db["shared_km"], fs["shared_km"], atol=KM)
    assert list(db["contact"]) == list(fs["contact"])
    for a, b in zip(db.geometry.values, fs.geometry.values):
        assert shapely.hausdorff_distance(a, b) < DEG and a.geom_type == b.geom_type \
            or shapely.equals(a, b)


@pytest.mark.parametrize("level", ["province", "city", "county"])
@pytest.mark.parametrize("contact", ["edge", "point"])
def test_graph(conn, level, contact):
    from geo.db import queries

    assert_same_borders(queries.graph(conn, level, contact), adj.graph(level, contact),
                        ["a", "b"])


NEIGHBOURS = [("上海", None), ("Anhui", None), ("上海", "city"), ("吴江区", "province"),
              ("吴江区", None), ("苏州", "county"), ("嘉兴", "city"), (310118, "county"),
              (320281, None), ("浙江", "county")]


@pytest.mark.parametrize("region, level", NEIGHBOURS)
@pytest.mark.parametrize("contact", ["edge", "point"])
def test_neighbours(conn, region, level, contact):
    from geo.db import queries

    db = queries.neighbours(conn, region, level, contact)
    fs = adj.neighbours(region, level, contact)
    assert list(db.columns) == list(fs.columns)
    assert db[["adcode", "name_zh", "name_en", "level", "province_adcode"]].values.tolist() == \
        fs[["adcode", "name_zh", "name_en", "level", "province_adcode"]].values.tolist()
    assert_same_borders(db, fs, ["adcode"])


BORDERS = [("上海", "浙江"), ("浙江", "上海"), ("江苏", "浙江"), ("江苏", "安徽"), ("上海", "嘉兴"),
           ("苏州", "嘉兴"), (320281, 321283), ("吴江区", "青浦区")]


@pytest.mark.parametrize("a, b", BORDERS)
def test_border(conn, a, b):
    from geo.db import queries

    db, fs = queries.border(conn, a, b), adj.border(a, b)
    assert (db.a, db.b, db.contact) == (fs.a, fs.b, fs.contact)
    assert db.length_km == pytest.approx(fs.length_km, abs=KM)
    assert shapely.hausdorff_distance(db.geometry, fs.geometry) < DEG
    assert db.sides[["side", "level", "adcode", "name_zh", "name_en", "contact"]].values.tolist() \
        == fs.sides[["side", "level", "adcode", "name_zh", "name_en", "contact"]].values.tolist()
    np.testing.assert_allclose(db.sides["shared_km"].astype(float),
                               fs.sides["shared_km"].astype(float), atol=KM)


def test_border_errors_read_the_same(conn):
    from geo.db import queries

    with pytest.raises(AdjacencyError, match="do not border.*江苏省, 浙江省"):
        queries.border(conn, "上海", "安徽")
    with pytest.raises(AdjacencyError, match="江苏省 contains 苏州市"):
        queries.border(conn, "苏州", "江苏")
    with pytest.raises(RegionError, match="unknown region"):
        queries.border(conn, "上嗨", "浙江")


CROSSINGS = [("上海", "浙江", ()), ("江苏", "浙江", ()), ("上海", "嘉兴", ()),
             ("上海", "浙江", ("rail",)), ("江苏", "安徽", ()), ("苏州", "嘉兴", ()),
             ("浙江", "安徽", ("waterway", "ecological_corridor"))]


@pytest.mark.parametrize("a, b, layers", CROSSINGS)
def test_crossings(conn, stores, a, b, layers):
    from geo.db import queries

    db = queries.crossings(conn, a, b, layers=layers)
    fs = adj.crossings(a, b, items=stores[0].load_all(), layers=layers)
    assert list(db.columns) == list(fs.columns)
    assert list(db["id"]) == list(fs["id"]) and len(db)
    assert list(db["kind"]) == list(fs["kind"])
    assert list(db["crossings"]) == list(fs["crossings"])
    for col, tol in (("km_a", KM), ("km_b", KM), ("km2_a", KM2), ("km2_b", KM2),
                     ("border_km", KM)):
        np.testing.assert_allclose(db[col].astype(float), fs[col].astype(float), atol=tol,
                                   err_msg=col)
    for p, q in zip(db["points"], fs["points"]):
        assert (p is None and q is None) or shapely.hausdorff_distance(p, q) < DEG \
            or (p.is_empty and q.is_empty)
    for col, tol in (("km_by_province", KM), ("km2_by_province", KM2)):
        for a_, b_ in zip(db[col], fs[col]):
            assert set(a_) == set(b_) and all(a_[k] == pytest.approx(b_[k], abs=tol) for k in a_)


def test_user_line_crosses_in_both_stores(conn, stores):
    from geo.db import queries

    db = queries.crossings(conn, "上海", "浙江").set_index("id")
    fs = adj.crossings("上海", "浙江", items=stores[0].load_all()).set_index("id")
    assert db.at["u-line-sh-jx", "crossings"] == fs.at["u-line-sh-jx", "crossings"] >= 1
