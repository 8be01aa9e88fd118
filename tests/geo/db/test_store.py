"""The PostGIS store: the ProjectStore protocol, all-or-nothing writes, optimistic locking
with two connections, migrations, and one clear line when the database is down."""
from __future__ import annotations

import threading

import geopandas as gpd
import pytest
import shapely

from geo.store import DuplicateIdError, ProjectStore, StoreError
from tests._helpers import run_in_threads


def items(*ids, geoms=None) -> gpd.GeoDataFrame:
    geoms = geoms or [shapely.Point(120.6 + 0.01 * k, 31.3) for k in range(len(ids))]
    return gpd.GeoDataFrame({"id": list(ids), "name_zh": [f"测试{i}" for i in ids],
                             "name_en": list(ids), "layer": "hub", "status": "规划",
                             "status_en": "planned", "source_file": "t.csv"},
                            geometry=geoms, crs=4326)


def count(url: str, sql: str = "SELECT count(*) FROM projects") -> int:
    from geo.db.connection import connect

    with connect(url) as c:
        return c.execute(sql).fetchone()[0]


def test_implements_the_protocol_and_holds_the_catalog(store):
    from geo.catalog import load_projects
    from geo.store.files import FileStore

    assert isinstance(store, ProjectStore)
    cat = load_projects()
    got = store.load_all()
    assert list(got["id"]) == list(cat["id"]) and set(got["source"]) == {"catalog"}
    assert (got["version"] == 1).all()
    assert shapely.equals_exact(got.geometry.values, cat.geometry.values, tolerance=0).all()
    files = FileStore(catalog=load_projects).load_all()
    for col in ("name_zh", "name_en", "layer", "status", "clause", "precision", "sea"):
        assert got[col].tolist() == files[col].tolist(), col
    assert [list(v) for v in got["cities"]] == [list(v) for v in files["cities"]]
    assert len(store.load_user()) == 0


def test_added_items_get_their_region_rows(store):
    """Adding, reading back, the version and removing are the contract's tests
    (tests/geo/store/test_contract.py, run on this store too); here the rows beside them."""
    assert store.add_items(items("t-a", "t-b")) == 2
    assert count(store.url, "SELECT count(*) FROM project_regions WHERE project_id = 't-a'") == 3
    store.remove("t-a")
    assert count(store.url, "SELECT count(*) FROM project_regions WHERE project_id = 't-a'") == 0


def test_duplicates_write_nothing(store):
    n = count(store.url)
    with pytest.raises(DuplicateIdError, match="rail-hu-zha-hang.*catalog item"):
        store.add_items(items("t-new", "rail-hu-zha-hang"))
    with pytest.raises(DuplicateIdError, match="twice"):
        store.add_items(items("t-x", "t-x"))
    assert count(store.url) == n


def test_a_failing_import_writes_nothing(store, monkeypatch):
    """A failure after the rows went in (here: while measuring) rolls everything back."""
    import geo.db.store as mod

    n, m = count(store.url), count(store.url, "SELECT count(*) FROM project_regions")

    def boom(conn, ids=None):
        raise RuntimeError("disk full")

    monkeypatch.setattr(mod, "measure_items", boom)
    with pytest.raises(RuntimeError, match="disk full"):
        store.add_items(items("t-1", "t-2", "t-3"))
    assert count(store.url) == n
    assert count(store.url, "SELECT count(*) FROM project_regions") == m
    assert "t-1" not in store.ids()


def test_a_geometry_postgis_rejects_writes_nothing(store):
    from geo.db.connection import DatabaseError

    n = count(store.url)
    bowtie = shapely.Polygon([(120.0, 31.0), (120.2, 31.2), (120.2, 31.0), (120.0, 31.2)])
    with pytest.raises((DatabaseError, ValueError)):
        store.add_items(items("t-ok", "t-bad", geoms=[shapely.Point(120.6, 31.3), bowtie]))
    assert count(store.url) == n


def test_import_file_through_the_pipeline(store, tmp_path):
    from geo.ingest import import_file

    path = tmp_path / "list.csv"
    path.write_text("项目名称,经度,纬度\n测试点,121.47,31.23\n", encoding="utf-8")
    got, report = import_file(path, store=store)
    assert report.ok and report.imported == 1
    assert list(store.load_user()["name_zh"]) == ["测试点"]
    again, report = import_file(path, store=store)
    assert not report.ok                      # the same id is now taken


def test_two_connections_no_lost_update(db_url):
    """Both editors read version 1; the second to save gets a ConflictError, and the
    first one's change stays."""
    from geo.db.connection import ConflictError
    from geo.db.store import PostGISStore

    ann, bob = PostGISStore(db_url), PostGISStore(db_url)
    v_ann = int(ann.get_item("rail-hu-zha-hang")["version"])
    v_bob = int(bob.get_item("rail-hu-zha-hang")["version"])
    assert v_ann == v_bob == 1
    assert ann.update_item("rail-hu-zha-hang", {"status": "在建"}, v_ann) == 2
    with pytest.raises(ConflictError, match="changed by someone else.*version 1.*version 2"):
        bob.update_item("rail-hu-zha-hang", {"status": "运营"}, v_bob)
    row = bob.get_item("rail-hu-zha-hang")
    assert (row["status"], row["status_en"], row["version"]) == ("在建", "under construction", 2)


def test_concurrent_edits_exactly_one_wins(db_url):
    """Two threads, two connections, the same expected version, at the same moment."""
    from geo.db.connection import ConflictError
    from geo.db.store import PostGISStore

    stores = [PostGISStore(db_url), PostGISStore(db_url)]
    barrier = threading.Barrier(2)
    results: list = [None, None]

    def edit(k):
        barrier.wait()
        try:
            results[k] = stores[k].update_item("hub-water-village-living-room",
                                               {"note": f"editor {k}"}, 1)
        except ConflictError as exc:
            results[k] = exc

    run_in_threads(edit, [(k,) for k in range(2)], timeout=30)
    wins = [r for r in results if r == 2]
    losses = [r for r in results if isinstance(r, ConflictError)]
    assert len(wins) == 1 and len(losses) == 1
    winner = results.index(2)
    assert stores[0].get_item("hub-water-village-living-room")["note"] == f"editor {winner}"


def test_edit_geometry_remeasures(store):
    line = shapely.LineString([(121.30, 31.00), (120.90, 30.80)])
    store.add_items(items("t-line", geoms=[shapely.Point(121.0, 31.0)]))
    store.update_item("t-line", {"geometry": line, "layer": "rail"}, 1)
    from geo.db import queries
    from geo.db.connection import session

    with session(store.url) as c:
        row = queries.with_regions(c, "p.id = 't-line'").iloc[0]
    assert row["provinces"] == [310000, 330000] and row["length_km"] > 40


def test_edit_errors(store):
    with pytest.raises(ValueError, match="field 'id' cannot be edited"):
        store.update_item("rail-hu-zha-hang", {"id": "x"}, 1)
    with pytest.raises(ValueError, match="unknown status"):
        store.update_item("rail-hu-zha-hang", {"status": "done"}, 1)
    with pytest.raises(KeyError, match="no item has the id"):
        store.update_item("no-such-item", {"note": "x"}, 1)


def test_migrations_are_idempotent(empty_db_url):
    from geo.db.connection import SchemaError, connect
    from geo.db.schema import check_schema, latest_version, migrate
    from geo.db.store import PostGISStore

    with pytest.raises(SchemaError, match="yrdmap db init"):
        PostGISStore(empty_db_url).load_all()
    assert [m.version for m in migrate(empty_db_url)] == list(range(1, latest_version() + 1))
    assert migrate(empty_db_url) == []
    with connect(empty_db_url) as c:
        assert check_schema(c) == latest_version()
        assert c.execute("SELECT count(*) FROM schema_version").fetchone()[0] == latest_version()
        indexes = {r[0] for r in c.execute(
            "SELECT indexname FROM pg_indexes WHERE indexdef LIKE '%USING gist%'")}
    assert {"projects_geom_gist", "counties_geom_gist", "counties_geom_m_gist",
            "lakes_geom_gist"} <= indexes


def test_database_down_is_one_clear_line(down_url):
    from geo.db.connection import DatabaseUnavailable
    from geo.db.store import PostGISStore

    store = PostGISStore(down_url)
    for call in (store.load_all, store.version, lambda: store.add_items(items("t-z"))):
        with pytest.raises(DatabaseUnavailable) as info:
            call()
        message = str(info.value)
        assert "\n" not in message and "127.0.0.1:1/yrdmap" in message
        assert "cannot reach the project database" in message
        assert isinstance(info.value, StoreError)


def test_no_url_configured(monkeypatch):
    from geo.db.connection import DatabaseUnavailable
    from geo.db.store import PostGISStore

    monkeypatch.delenv("YRDMAP_DATABASE_URL", raising=False)
    with pytest.raises(DatabaseUnavailable, match="YRDMAP_DATABASE_URL"):
        PostGISStore()


def test_password_never_shown():
    from geo.db.connection import DatabaseUnavailable, connect

    with pytest.raises(DatabaseUnavailable) as info:
        connect("postgresql://ann:s3cret@127.0.0.1:1/yrd")
    assert "s3cret" not in str(info.value) and "ann@127.0.0.1:1/yrd" in str(info.value)
