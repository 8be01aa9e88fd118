"""Parity: every filter and statistics query, run on the file store (Python) and on PostGIS
(SQL, what the PostGIS store answers in production), must give the same answer — ids,
order, region lists and counts exactly; lengths within 1 m, areas within 0.001 km²,
geometries within 1e-7°. tests/geo/cli/test_every_door_reads_the_store.py compares the CLI's answers."""
from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from geo import adjacency as adj
from geo import select as sel
from geo import stats as file_stats
from geo.regions import RegionError
from tests._helpers import assert_same_region_stats

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
    return stores[0].load_all_with_regions()


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


@pytest.mark.parametrize("kwargs", FILTERS, ids=[str(f) for f in FILTERS])
def test_store_select_assembles_the_sql_answer(stores, file_items, kwargs):
    # PostGISStore.select: ids filtered in SQL, rows from the frame cached by version
    got = stores[1].select(**kwargs)
    assert_same_items(got, sel.filter_projects(file_items, **kwargs))
    assert list(got.index) == list(range(len(got)))


def test_store_select_follows_a_write(stores, file_items):
    store = stores[1]
    before = store.select(layers=["rail"])
    extra = file_items[file_items["layer"] == "rail"].iloc[:1].assign(id="u-rail-copy",
                                                                     source="user")
    store.add_items(extra.drop(columns=[c for c in extra.columns if c not in
                                        ("id", "name_zh", "name_en", "layer", "status",
                                         "geometry")]))
    try:
        after = store.select(layers=["rail"])
        assert len(after) == len(before) + 1 and after["id"].iloc[-1] == "u-rail-copy"
    finally:
        store.remove("u-rail-copy")
    assert store.select(layers=["rail"])["id"].tolist() == before["id"].tolist()


@pytest.mark.parametrize("kwargs", [{}, {"layers": ["rail"], "provinces": ["浙江"]}])
def test_store_statistics_match_the_queries(stores, conn, kwargs):
    from geo.db import queries

    a = stores[1].region_stats("city", **kwargs)
    b = queries.region_stats(conn, "city", **kwargs)
    for name in ("summary", "by_layer", "by_status"):
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name), check_exact=False,
                                      rtol=1e-9)


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
    assert_same_region_stats(db, fs, atol=KM2)


def test_errors_read_the_same(conn):
    from geo.db import queries

    with pytest.raises(ValueError, match="unknown layer 'railway'.*rail"):
        queries.filter_projects(conn, layers=["railway"])
    with pytest.raises(ValueError, match="unknown status 'finished'.*开工建设"):
        queries.filter_projects(conn, status=["finished"])
    with pytest.raises(RegionError, match="江苏省"):
        queries.filter_projects(conn, provinces=["江苏舍"])


# ── adjacency: computed in Python on the boundaries, with each store's items ──

def test_user_line_crosses_in_both_stores(stores):
    pg = adj.crossings("上海", "浙江", items=stores[1].load_all()).set_index("id")
    fs = adj.crossings("上海", "浙江", items=stores[0].load_all()).set_index("id")
    assert list(pg.index) == list(fs.index)
    assert pg.at["u-line-sh-jx", "crossings"] == fs.at["u-line-sh-jx", "crossings"] >= 1
