"""The PostGIS store at scale (issue 19): statistics from the per-item rows kept with the
measures (``project_stats``, migration 003), and the frame of every item refreshed by
row revision (migration 004) — both must stay equal to computing everything afresh,
through every kind of write."""
from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from geo import stats as file_stats
from tests._helpers import assert_same_region_stats

pytestmark = pytest.mark.slow


def items(*ids, geoms=None, layer="rail", **extra) -> gpd.GeoDataFrame:
    geoms = geoms or [shapely.LineString([(120.6 + 0.3 * k, 31.0), (121.4, 31.2 + 0.1 * k)])
                      for k in range(len(ids))]
    return gpd.GeoDataFrame({"id": list(ids), "name_zh": [f"测试{i}" for i in ids],
                             "name_en": list(ids), "layer": layer, "status": "规划",
                             "status_en": "planned", "source_file": "t.csv", **extra},
                            geometry=geoms, crs=4326)


def stats_rows(url: str) -> list[tuple]:
    from geo.db.connection import connect

    with connect(url) as c:
        return c.execute("SELECT project_id, level, adcode, km, km2, part, member, "
                         "first_member, cross_provincial, layer, status FROM project_stats "
                         "ORDER BY project_id, level, adcode").fetchall()


def remeasured_rows(url: str) -> list[tuple]:
    """The rows yrdmap_measure_stats writes for every item now, in a transaction rolled
    back (what a fresh measurement gives)."""
    from geo.db.connection import connect
    from geo.db.measure import STATS_EPS
    from geo.measure import MIN_KM, MIN_KM2

    with connect(url) as c:
        c.execute("SELECT yrdmap_measure_stats(array(SELECT id FROM projects), %s, %s, %s)",
                  (STATS_EPS, MIN_KM, MIN_KM2))
        rows = c.execute("SELECT project_id, level, adcode, km, km2, part, member, "
                         "first_member, cross_provincial, layer, status FROM project_stats "
                         "ORDER BY project_id, level, adcode").fetchall()
        c.rollback()
    return rows


def assert_stats_match_python(store, **kwargs):
    frame = store.load_all_with_regions()
    from geo import select as sel

    for by in ("province", "city"):
        db = store.region_stats(by, **kwargs)
        fs = file_stats.region_stats(sel.filter_projects(frame, **{
            k: v for k, v in kwargs.items() if k != "within"}), by,
            within=kwargs.get("within", ()))
        assert_same_region_stats(db, fs, atol=1e-3, label=f"{by} ")


def test_stats_rows_follow_every_write(store):
    """Adding, editing (labels and geometry) and removing keep project_stats equal to a
    fresh measurement, and the statistics equal to geo.stats on the store's frame."""
    assert stats_rows(store.url) == remeasured_rows(store.url)
    store.add_items(items("s-cross", "s-sea", geoms=[
        shapely.LineString([(121.30, 30.95), (120.95, 30.80), (120.75, 30.75)]),  # 沪 → 浙
        shapely.LineString([(121.90, 30.86), (122.60, 30.60)])]))                 # to sea
    store.add_items(items("s-zone", layer="zone",
                          geoms=[shapely.box(120.70, 30.85, 120.95, 31.05)]))
    store.add_items(items("s-pts", layer="hub", geoms=[
        shapely.MultiPoint([(118.80, 32.06), (117.23, 31.82), (123.5, 33.0)])]))
    assert stats_rows(store.url) == remeasured_rows(store.url)
    assert_stats_match_python(store)
    v = int(store.get_item("s-cross")["version"])
    v = store.update_item("s-cross", {"layer": "waterway", "status": "在建"}, v)
    rows = [r for r in stats_rows(store.url) if r[0] == "s-cross"]
    assert rows and {(r[9], r[10]) for r in rows} == {("waterway", "在建")}
    store.update_item("s-cross", {"geometry": shapely.LineString([(120.1, 30.2),
                                                                  (120.3, 30.3)])}, v)
    store.remove("s-zone")
    assert stats_rows(store.url) == remeasured_rows(store.url)
    assert not [r for r in stats_rows(store.url) if r[0] == "s-zone"]
    assert_stats_match_python(store)
    assert_stats_match_python(store, within=["浙江"], provinces=["浙江"])
    assert_stats_match_python(store, layers=["rail", "waterway"], status=["规划"])


def test_each_item_counts_once_in_the_total(store):
    store.add_items(items("s-three", geoms=[shapely.LineString(
        [(119.2, 31.3), (120.2, 31.3), (121.3, 31.2)])]))   # across several cities
    s = store.region_stats("city")
    total = s.summary[s.summary["kind"] == "total"].iloc[0]
    assert int(total["items"]) == len(store.load_all())
    assert int(s.summary[s.summary["kind"] != "total"]["items"].sum()) > int(total["items"])


def test_the_frame_is_refreshed_by_row_revision(store, monkeypatch):
    """After each kind of write, the frame rebuilt from the rows that changed equals a
    full read, and only those rows are read."""
    from geo.db import queries
    from geo.db import store as store_mod
    from geo.db.connection import connect

    read: list = []
    real = queries.with_regions

    def counting(conn, where="TRUE", params=None):
        out = real(conn, where, params)
        read.append(len(out))
        return out

    monkeypatch.setattr(store_mod, "with_regions", counting)
    monkeypatch.setattr(queries, "with_regions", counting)

    def check(expect_rows: int | None):
        read.clear()
        got = store.load_all_with_regions()
        with connect(store.url) as c:
            full = real(c)
        pd.testing.assert_frame_equal(got, full)
        if expect_rows is not None:
            assert read == [expect_rows], read
        return got

    n = len(check(None))
    store.add_items(items("r-a", "r-b"))
    check(2)
    v = int(store.get_item("r-a")["version"])
    store.update_item("r-a", {"note": "改", "geometry": shapely.LineString(
        [(119.0, 32.0), (119.5, 32.1)])}, v)
    check(1)
    store.remove("r-b")
    assert len(check(None)) == n + 1 and not read      # nothing to read: a row went
    store.add_items(items("r-b"))                      # the same id again: a new row
    check(1)
    assert "owner" not in store.load_all_with_regions().columns
    store.add_items(items("r-c", owner=["某单位"]))    # a new extra property: read again
    got = check(None)
    assert read == [1, n + 3] and got["owner"].notna().sum() == 1
    store.remove("r-c")                                # its only holder gone: full read
    got = check(None)
    assert "owner" not in got.columns and read == [n + 2]
    with connect(store.url) as c:                      # a write outside the items' rows
        c.execute("UPDATE store_state SET counter = counter + 1")
        c.commit()
    check(None)
    assert not read
