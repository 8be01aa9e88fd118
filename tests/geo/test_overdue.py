"""``geo.overdue``: past the deadline and not completed."""
from __future__ import annotations

import datetime as dt

import geopandas as gpd
import pandas as pd
import shapely

from geo.overdue import DONE_STATUSES, overdue_mask, with_overdue


def test_mask_by_deadline_status_and_today():
    df = pd.DataFrame({
        "deadline": ["2025-06-30", "2025-06-30", "2025-06-30", None, float("nan"), "2026-01-01",
                     "garbage"],
        "status": ["在建", "运营", "completed", "在建", "在建", "规划", "在建"],
    })
    assert overdue_mask(df, dt.date(2025, 7, 1)).tolist() == [True, False, False, False, False,
                                                             False, False]
    assert overdue_mask(df, "2026-01-02").tolist() == [True, False, False, False, False, True, False]
    assert overdue_mask(df, "2025-06-30").tolist() == [False] * 7     # due today is not overdue
    assert overdue_mask(df).name == "overdue"


def test_frames_without_deadline_and_catalog_plus_imports(tmp_path):
    from geo.store.files import FileStore

    store = FileStore(tmp_path)
    assert not overdue_mask(pd.DataFrame({"status": ["在建"]}), "2030-01-01").any()
    items = gpd.GeoDataFrame({"id": ["u-1"], "name_zh": ["逾期"], "name_en": ["Late"],
                              "plan_text": [""], "layer": ["hub"], "status": ["在建"],
                              "deadline": ["2024-12-31"]},
                             geometry=[shapely.Point(121.4, 31.2)], crs=4326)
    store.add_items(items)
    flagged = with_overdue(store.load_all(), "2025-01-01")
    assert flagged.loc[flagged.overdue, "id"].tolist() == ["u-1"]
    assert flagged["overdue"].dtype == bool


def test_done_statuses_include_the_plan_vocabulary_word():
    assert "运营" in DONE_STATUSES
