"""The store contract (geo.store.ProjectStore), one suite run against both stores: the
file store on a temporary folder and the PostGIS store on a private database."""
from __future__ import annotations

import geopandas as gpd
import pytest
import shapely

from geo.regions import RegionError
from geo.store import ITEM_FIELDS, DuplicateIdError, ProjectStore

N_CATALOG = 108


@pytest.fixture(params=["file", "postgis"])
def store(request, tmp_path):
    if request.param == "file":
        from geo.store.files import FileStore

        return FileStore(tmp_path / "store")
    return request.getfixturevalue("postgis_store")


def items(*ids, geoms=None, layer="hub") -> gpd.GeoDataFrame:
    geoms = geoms or [shapely.Point(120.6 + 0.01 * k, 31.3) for k in range(len(ids))]
    return gpd.GeoDataFrame({"id": list(ids), "name_zh": [f"契约测试{i}" for i in ids],
                             "name_en": [f"contract {i}" for i in ids], "layer": layer,
                             "clause": "十七", "plan_text": "导入", "status": "规划",
                             "status_en": "planned", "precision": "approximate",
                             "cities": [[320500]] * len(ids), "sea": False,
                             "source_file": "t.csv"}, geometry=geoms, crs=4326)


#: a line from 上海 into 嘉兴 (浙江)
LINE = shapely.LineString([(121.30, 30.95), (120.95, 30.80), (120.75, 30.75)])


def test_is_a_project_store_with_the_catalog(store):
    assert isinstance(store, ProjectStore)
    every = store.load_all()
    assert len(every) == N_CATALOG and set(every["source"]) == {"catalog"}
    assert set(ITEM_FIELDS) <= set(every.columns)
    assert every.crs.to_epsg() == 4326
    assert len(store.load_user()) == 0
    assert store.ids()["rail-hu-zha-hang"].startswith("catalog item ")


def test_added_items_are_read_everywhere(store):
    before = store.version()
    assert store.add_items(items("c-a", "c-b")) == 2
    assert store.version() != before
    user = store.load_user()
    assert list(user["id"]) == ["c-a", "c-b"] and set(user["source"]) == {"user"}
    assert store.ids()["c-a"] == "imported from 't.csv'"
    every = store.load_all()
    assert len(every) == N_CATALOG + 2 and list(every["id"][-2:]) == ["c-a", "c-b"]
    regions = store.load_all_with_regions().set_index("id")
    assert regions.at["c-a", "provinces"] == [320000]
    assert regions.at["c-a", "cities_in"] == [320500]
    assert not regions.at["c-a", "cross_provincial"]


def test_select(store):
    store.add_items(items("c-line", geoms=[LINE], layer="rail"))
    hit = store.select(text="契约测试")
    assert list(hit["id"]) == ["c-line"]
    row = hit.iloc[0]
    assert row["provinces"] == [310000, 330000] and bool(row["cross_provincial"])
    assert row["length_km"] == pytest.approx(sum(row["km_by_province"].values()), abs=0.01)
    assert "c-line" in set(store.select(provinces=["浙江"], layers=["rail"])["id"])
    assert "c-line" in set(store.select(cross_provincial=True)["id"])
    assert "c-line" not in set(store.select(provinces=["安徽"])["id"])
    assert "c-line" in set(store.select(status=["planned"], cities=["嘉兴"])["id"])
    assert len(store.select()) == N_CATALOG + 1


def test_select_errors_name_what_is_accepted(store):
    with pytest.raises(ValueError, match="unknown layer 'railway'; accepted: .*rail"):
        store.select(layers=["railway"])
    with pytest.raises(ValueError, match="unknown status 'done'.*开工建设"):
        store.select(status=["done"])
    with pytest.raises(RegionError):
        store.select(provinces=["江苏舍"])


def test_region_stats_count_imported_items(store):
    base = store.region_stats("province").summary.set_index("adcode")
    store.add_items(items("c-line", geoms=[LINE], layer="rail"))
    now = store.region_stats("province").summary.set_index("adcode")
    assert now.at[310000, "items"] == base.at[310000, "items"] + 1
    assert now.at[330000, "n_rail"] == base.at[330000, "n_rail"] + 1
    assert now.at[330000, "rail_km"] > base.at[330000, "rail_km"] + 10
    zj = store.region_stats("city", within=["浙江"], provinces=["浙江"], layers=["rail"])
    assert set(zj.summary["adcode"]) >= {330400}


def test_duplicates_write_nothing(store):
    store.add_items(items("c-a"))
    before = store.version()
    for bad, where in ((items("rail-hu-zha-hang"), "catalog item"),
                       (items("c-a"), "imported from"),
                       (items("c-x", "c-x"), "twice")):
        with pytest.raises(DuplicateIdError, match=where) as info:
            store.add_items(bad)
        assert isinstance(info.value, ValueError)
    assert store.version() == before and list(store.load_user()["id"]) == ["c-a"]


def test_items_without_geometry_are_refused(store):
    bad = items("c-a")
    bad.geometry.values[0] = None
    with pytest.raises(ValueError, match="without geometry"):
        store.add_items(bad)
    assert len(store.load_user()) == 0


def test_remove(store):
    store.add_items(items("c-a", "c-b"))
    store.remove("c-a")
    assert list(store.load_user()["id"]) == ["c-b"]
    with pytest.raises(KeyError, match="catalog item"):
        store.remove("rail-hu-zha-hang")
    with pytest.raises(KeyError, match="no imported item"):
        store.remove("c-zzz")
    assert len(store.load_all()) == N_CATALOG + 1


def test_edit_log_appends_checks_versions_and_keeps_accounts(store):
    """Tracking (#16): each store's edit log — append-only rows, derived state, conflicts."""
    from geo.tracking.log import EditConflict

    log = store.edit_log()
    assert log.edits() == [] and log.version("rail-hu-zha-hang") == 0
    rows = log.append("rail-hu-zha-hang", {"progress": "在建", "percent": 30}, "ann", "开工", 0)
    assert [(e.field, e.new, e.version) for e in rows] == [("progress", "在建", 1),
                                                           ("percent", 30, 1)]
    with pytest.raises(EditConflict, match="ann changed progress, percent"):
        log.append("rail-hu-zha-hang", {"progress": "暂缓"}, "bo", None, 0)
    assert log.state() == {"rail-hu-zha-hang": {"progress": "在建", "percent": 30}}
    assert log.versions() == {"rail-hu-zha-hang": 1}
    log.put_account({"name": "root", "role": "admin", "scope": [], "hash": "x"}, new=True)
    assert list(log.accounts()) == ["root"]
