"""The file store: transactional adds, atomic writes, concurrent imports, and the protocol."""
from __future__ import annotations

import json
import multiprocessing as mp
import os

import geopandas as gpd
import pytest
import shapely

from geo.store.files import FileStore
from geo.store import DuplicateIdError, ProjectStore, StoreError, get_store, load_all


def _tiny_catalog():
    return gpd.GeoDataFrame({"id": ["cat-1"], "name_zh": ["目录项"], "layer": ["hub"],
                             "status": ["规划"]}, geometry=[shapely.Point(121, 31)], crs=4326)


def _items(*ids, x=121.4):
    return gpd.GeoDataFrame({"id": list(ids), "name_zh": [f"项目{i}" for i in ids],
                             "name_en": [f"Item {i}" for i in ids], "plan_text": [""] * len(ids),
                             "layer": ["hub"] * len(ids), "status": ["在建"] * len(ids),
                             "deadline": ["2025-12-31"] * len(ids)},
                            geometry=[shapely.Point(x, 31.2)] * len(ids), crs=4326)


def test_file_store_is_a_project_store(store):
    assert isinstance(store, ProjectStore)
    assert isinstance(get_store(), ProjectStore)
    assert get_store().directory == store.directory          # YRDMAP_STORE_DIR


def test_add_load_remove(tmp_path):
    s = FileStore(tmp_path, catalog=_tiny_catalog)
    assert s.add_items(_items("a", "b")) == 2
    user = s.load_user()
    assert list(user["id"]) == ["a", "b"] and user.crs.to_epsg() == 4326
    assert user.iloc[0]["deadline"] == "2025-12-31"
    both = s.load_all()
    assert list(both["id"]) == ["cat-1", "a", "b"]
    assert list(both["source"]) == ["catalog", "user", "user"]
    s.remove("a")                     # what remove refuses: tests/geo/store/test_contract.py
    assert list(s.load_user()["id"]) == ["b"]


def test_file_is_utf8_geojson_one_feature_per_line(tmp_path):
    s = FileStore(tmp_path, catalog=_tiny_catalog)
    s.add_items(_items("a", "b"))
    text = s.path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == '{"type":"FeatureCollection","features":['
    assert len(text.splitlines()) == 4 and "项目a" in text
    data = json.loads(text)
    assert data["features"][0]["geometry"] == {"type": "Point", "coordinates": [121.4, 31.2]}
    assert gpd.read_file(s.path).shape[0] == 2        # any GIS reads it


def test_duplicates_change_nothing(tmp_path):
    s = FileStore(tmp_path, catalog=_tiny_catalog)
    s.add_items(_items("a"))
    before = s.path.read_bytes()
    for bad in (_items("b", "a"), _items("cat-1"), _items("c", "c")):
        with pytest.raises(DuplicateIdError) as exc:
            s.add_items(bad)
        assert exc.value.ids
        assert s.path.read_bytes() == before
    assert "cat-1" in str(DuplicateIdError({"cat-1": "catalog item '目录项'"}))


def test_a_failed_write_leaves_the_old_file(tmp_path, monkeypatch):
    s = FileStore(tmp_path, catalog=_tiny_catalog)
    s.add_items(_items("a"))
    before = s.path.read_bytes()

    def boom(*a, **k):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError, match="disk full"):
        s.add_items(_items("b"))
    assert s.path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [".projects.lock", "projects.geojson"]


def test_a_corrupt_store_is_never_overwritten(tmp_path):
    s = FileStore(tmp_path, catalog=_tiny_catalog)
    s.path.write_text('{"type":"FeatureCollection","features":[{"broken', encoding="utf-8")
    before = s.path.read_bytes()
    with pytest.raises(StoreError, match="cannot be read .* imports are refused until then"):
        s.add_items(_items("a"))
    with pytest.raises(StoreError):
        s.load_user()
    assert s.path.read_bytes() == before


def _writer(folder: str, prefix: str, n: int) -> None:
    s = FileStore(folder, catalog=_tiny_catalog)
    for i in range(n):
        s.add_items(_items(f"{prefix}-{i}", x=121 + i * 0.001))


def _reader(folder: str, n: int, q) -> None:
    s = FileStore(folder, catalog=_tiny_catalog)
    bad = 0
    for _ in range(n):
        try:
            s.load_user()
        except StoreError:
            bad += 1
    q.put(bad)


@pytest.mark.slow
def test_concurrent_imports_never_lose_an_item_and_readers_never_see_half_a_file(tmp_path):
    ctx = mp.get_context("fork" if hasattr(os, "fork") else "spawn")
    q = ctx.Queue()
    procs = [ctx.Process(target=_writer, args=(str(tmp_path), p, 25)) for p in ("a", "b", "c")]
    procs.append(ctx.Process(target=_reader, args=(str(tmp_path), 200, q)))
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    assert q.get(timeout=5) == 0
    ids = set(FileStore(tmp_path, catalog=_tiny_catalog).load_user()["id"])
    assert ids == {f"{p}-{i}" for p in "abc" for i in range(25)}


def test_load_all_and_filters_see_imported_items(store):
    from geo.select import filter_projects
    from geo.store import load_all_with_regions

    store.add_items(_items("user-hq", x=121.3197))
    everything = load_all()
    assert "user-hq" in set(everything["id"]) and "dz-demonstration-zone" in set(everything["id"])
    rich = load_all_with_regions()
    row = rich.loc[rich["id"] == "user-hq"].iloc[0]
    assert row["provinces"] == [310000] and row["source"] == "user"
    hubs_sh = filter_projects(rich, provinces=["上海"], layers=["hub"])
    assert "user-hq" in set(hubs_sh["id"])
    assert "user-hq" in set(filter_projects(rich, text="项目user")["id"])
    store.remove("user-hq")
    assert "user-hq" not in set(load_all_with_regions()["id"])
