"""Overdue items (past 完成时限, not completed) are highlighted on the map, the badges and the table."""
import datetime as dt

import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

import layers.map_builder
from geo.ingest.pipeline import import_file
from geo.store.files import FileStore
from geo.i18n import t
from geo.legend import legend_rows
from layers.map_builder import OVERDUE_COLOR, overdue_overlay
from geo.registry import load_registry
from ui.results import results_frame

from tests.app.test_app import APP, TIMEOUT, map_script

PAST = (dt.date.today() - dt.timedelta(days=30)).isoformat()
FUTURE = (dt.date.today() + dt.timedelta(days=300)).isoformat()


@pytest.fixture
def overdue_store(tmp_path, monkeypatch):
    """A temp store holding one overdue item, one done and one not yet due."""
    csv = tmp_path / "清单.csv"
    pd.DataFrame({
        "id": ["late-1", "done-1", "future-1"],
        "名称": ["逾期的泵站", "已建成的码头", "明年的绿道"],
        "图层": ["hub", "hub", "hub"],
        "状态": ["在建", "建成", "规划"],
        "经度": [120.62, 121.0, 119.9], "纬度": [31.30, 31.1, 30.3],
        "完成时限": [PAST, PAST, FUTURE],
        "责任单位": ["苏州市水务局", "上海港务", "杭州市林水局"],
    }).to_csv(csv, index=False, encoding="utf-8-sig")
    folder = tmp_path / "store"
    monkeypatch.setenv("YRDMAP_STORE_DIR", str(folder))
    items, report = import_file(csv, store=FileStore(folder))
    assert items is not None and not report.errors, report
    layers.map_builder.clear_cache()
    st.cache_resource.clear()
    yield FileStore(folder)
    layers.map_builder.clear_cache()
    st.cache_resource.clear()


def test_overlay_only_for_past_deadline_and_not_done():
    items = pd.DataFrame({"name_zh": ["a", "b", "c"], "name_en": ["a", "b", "c"],
                          "status": ["在建", "运营", "在建"], "deadline": [PAST, PAST, FUTURE],
                          "geometry": [None, None, None]})
    import geopandas as gpd
    import shapely

    gdf = gpd.GeoDataFrame(items.assign(geometry=[shapely.Point(120, 31)] * 3), crs=4326)
    ov = overdue_overlay(gdf, "zh")
    assert ov is not None and len(ov.gdf) == 1 and ov.color == OVERDUE_COLOR
    assert ov.gdf["label"].iloc[0].startswith("a · 完成时限 ")
    assert overdue_overlay(gdf.iloc[1:], "en") is None


def test_legend_lists_the_overdue_halo_only_when_drawn():
    reg = load_registry()
    with_late = legend_rows(reg, {"hub": {"point"}, "overdue": {"overdue"}}, set(), "zh")
    assert t("app.overdue", "zh") in [r.label for r in with_late]
    without = legend_rows(reg, {"hub": {"point"}}, set(), "zh")
    assert t("app.overdue", "zh") not in [r.label for r in without]


def test_table_badge_and_map_flag_the_overdue_item(overdue_store):
    items = overdue_store.load_all()
    from geo.select import with_regions

    frame = results_frame(with_regions(items[items["id"].isin(["late-1", "done-1", "future-1"])]), "zh")
    flags = dict(zip(frame.index, frame[t("app.col_overdue", "zh")]))
    assert flags["late-1"].startswith("⚠") and flags["done-1"] == "" and flags["future-1"] == ""
    assert frame.loc["late-1", t("app.col_responsible", "zh")] == "苏州市水务局"

    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    badges = " ".join(m.value for m in at.markdown)
    assert ":red-badge[逾期 1]" in badges
    script = map_script(at)
    assert OVERDUE_COLOR in script and "逾期的泵站 · 完成时限" in script
