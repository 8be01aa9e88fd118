"""The report's exact lines, geometry repair, duplicate ids and all-or-nothing."""
from __future__ import annotations

import pytest
import shapely

from tests.geo.ingest._ingest_files import excel_csv, snapshot, text_file
from geo.ingest import check_file, import_file
from geo.ingest.fields import parse_deadline, parse_layer, parse_status
from geo.ingest.locate import CellError
from geo.ingest.validate import repair

HEAD = ["id", "项目名称", "图层", "状态", "经度", "纬度", "责任单位", "完成时限", "预期成果"]
GOOD = [
    ["sh-001", "虹桥枢纽", "枢纽与节点", "在建", "121.3197", "31.1942", "上海市交通委", "2025-12-31", "通车"],
    ["js-001", "南京北站", "hub", "Planned", "118.7300", "32.1500", "南京市", "2026年6月", "开工"],
]


def test_clean_file_imports_with_all_fields(tmp_path, store):
    path = excel_csv(tmp_path / "ok.csv", [HEAD, *GOOD])
    items, report = import_file(path, store=store)
    assert report.ok and report.imported == 2
    assert report.issues == []
    assert report.lines() == ["ok.csv (csv, gb18030, 2 rows): 0 warning(s): 2 item(s) imported"]
    user = store.load_user()
    assert list(user["id"]) == ["sh-001", "js-001"]
    assert list(user["status"]) == ["在建", "规划"] and list(user["status_en"]) == [
        "under construction", "planned"]
    assert list(user["layer"]) == ["hub", "hub"]
    assert list(user["source"]) == ["user", "user"]
    assert list(user["source_file"]) == ["ok.csv", "ok.csv"]


def test_report_lines_are_exact_and_sorted_by_row(tmp_path, store):
    rows = [HEAD,
            ["a-1", "好", "hub", "在建", "121.47", "31.23", "", "2025-02-30", ""],
            ["a-1", "", "railway", "已完成", "121.47", "31.23", "", "", ""],
            ["b 2", "坏id", "hub", "在建", "121.47", "abc", "", "", ""]]
    path = excel_csv(tmp_path / "bad.csv", rows, "utf-8-sig")
    items, report = check_file(path, store=store)
    assert items is None
    assert report.lines() == [
        "error: row 2: 完成时限 = '2025-02-30': has the day 30, but 2025-02 has 28 days; accepted: a "
        "date: 2025-12-31, 2025/12/31, 2025.12.31, 2025年12月31日, 2025-12 or 2025年12月 (end of "
        "month), 2025 or 2025年底 (end of year), 2025年上半年; or 长期/持续推进 for no deadline",
        "error: row 3: id = 'a-1': the id is already used in row 2; accepted: a unique id in every row",
        "error: row 3: 项目名称: the name is empty; accepted: a name in every row",
        "error: row 3: 图层 = 'railway': is not a known layer; accepted: demonstration_zone (示范区); "
        "metropolitan_area (都市圈); rail (轨道交通); waterway (水运与水利); ecological_corridor "
        "(生态屏障与廊道); zone (合作与开放区域); hub (枢纽与节点)",
        "error: row 3: 状态 = '已完成': is not a known status; accepted: 规划 (planned); 规划建设 "
        "(planned for construction); 前期工作 (preliminary work); 开工建设 (construction started); "
        "在建 (under construction); 推进 (advancing); 建设 (under development); 实施 "
        "(implementing); 保护 (protection); 申报 (application); 运营 (in operation); 建成 (completed)",
        "error: row 4: 纬度 = 'abc': is not a number; accepted: decimal degrees such as 121.4737, "
        "or 121°28′25″",
        "error: row 4: id = 'b 2': is not a usable id; accepted: 1–64 ASCII letters, digits, '-', "
        "'_' or '.', starting with a letter or digit (e.g. 'sh-2025-001'); or leave out the whole "
        "id column to have ids made",
        "bad.csv (csv, utf-8-sig, 3 rows): 7 error(s), 0 warning(s): nothing imported",
    ]
    d = report.to_dict()
    assert d["ok"] is False and d["errors"] == 7 and d["issues"][0] == {
        "severity": "error", "row": 2, "field": "完成时限", "value": "2025-02-30",
        "reason": "has the day 30, but 2025-02 has 28 days",
        "accepted": d["issues"][0]["accepted"]}


def test_invalid_polygon_is_repaired_with_a_warning(tmp_path, store):
    path = text_file(tmp_path / "bow.csv", 'name,layer,wkt\n蝴蝶,zone,"POLYGON ((120.9 31.0, '
                     '121.1 31.2, 121.1 31.0, 120.9 31.2, 120.9 31.0))"\n')
    items, report = import_file(path, store=store)
    assert report.ok and report.imported == 1
    assert [i.line() for i in report.issues if i.row] == [
        "warning: row 2: geometry = 'Polygon': invalid geometry (Self-intersection[121 31.1]) repaired "
        "with make_valid to a MultiPolygon; accepted: a valid geometry, to import it unchanged"]
    g = store.load_user().geometry.iloc[0]
    assert g.is_valid and g.geom_type == "MultiPolygon" and g.area == pytest.approx(0.02)


def test_repair_refuses_collapsing_and_collections():
    with pytest.raises(CellError, match="collapses"):
        repair(shapely.from_wkt("POLYGON ((121 31, 121.1 31, 121.2 31, 121 31))"))
    with pytest.raises(CellError, match="GeometryCollection"):
        repair(shapely.from_wkt("GEOMETRYCOLLECTION (POINT (121 31), LINESTRING (121 31, 122 31))"))
    g, why = repair(shapely.from_wkt("POINT Z (121 31 5)"))
    assert g.wkt == "POINT (121 31)" and why is None


def test_duplicate_ids_against_the_store_and_the_catalog(tmp_path, store):
    path = excel_csv(tmp_path / "first.csv", [HEAD, *GOOD])
    assert import_file(path, store=store)[1].imported == 2
    again = excel_csv(tmp_path / "again.csv",
                      [HEAD, GOOD[0], ["dz-demonstration-zone"] + GOOD[1][1:]])
    items, report = import_file(again, store=store)
    assert items is None and report.imported == 0
    assert [i.line() for i in report.errors] == [
        "error: row 2: id = 'sh-001': the id is already in the store: imported from 'first.csv'; "
        "accepted: a new id (remove the stored item first to replace it: yrdmap imported --remove ID)",
        "error: row 3: id = 'dz-demonstration-zone': the id is already in the store: catalog item "
        "'长三角生态绿色一体化发展示范区'; accepted: a new id (remove the stored item first to replace "
        "it: yrdmap imported --remove ID)"]


def test_reimporting_a_file_without_ids_is_caught(tmp_path, store):
    path = text_file(tmp_path / "noid.csv", "项目名称,经度,纬度\n点,121.47,31.23\n")
    assert import_file(path, store=store)[1].imported == 1
    _, report = import_file(path, store=store)
    assert not report.ok and "already in the store" in report.errors[0].reason


def test_one_bad_row_leaves_store_and_source_untouched(tmp_path, store):
    ok = excel_csv(tmp_path / "ok.csv", [HEAD, *GOOD])
    import_file(ok, store=store)
    store_before = snapshot(store.path)
    rows = [HEAD] + [[f"n-{i}", f"项目{i}", "hub", "在建", "121.4", "31.2", "", "", ""] for i in range(50)]
    rows[37][5] = "312.0"                          # one bad latitude among fifty rows
    bad = excel_csv(tmp_path / "fifty.csv", rows)
    source_before = snapshot(bad)
    items, report = import_file(bad, store=store)
    assert items is None and report.imported == 0 and len(report.errors) == 1
    assert report.errors[0].row == 38
    assert snapshot(store.path) == store_before
    assert snapshot(bad) == source_before
    assert sorted(p.name for p in store.directory.iterdir()) == [".projects.lock", "projects.geojson"]


def test_dry_run_writes_nothing(tmp_path, store):
    path = excel_csv(tmp_path / "ok.csv", [HEAD, *GOOD])
    items, report = import_file(path, store=store, dry_run=True)
    assert report.ok and len(items) == 2 and report.imported == 0
    assert report.summary().endswith("2 item(s) would be imported (dry run)")
    assert not store.path.exists()


def test_extras_reserved_names_control_characters_and_length(tmp_path, store):
    rows = [["项目名称", "经度", "纬度", "provinces", "备注", "备注", "投资"],
            ["点", "121.47", "31.23", "x", "一", "二", "3"],
            ["长" * 201, "121.47", "31.23", "", "", "", ""],
            ["控\x1b[31m制", "121.47", "31.23", "", "", "", ""]]
    path = excel_csv(tmp_path / "x.csv", rows, "utf-8")
    items, report = check_file(path, store=store)
    lines = [i.line() for i in report.issues]
    assert ("warning: file: 备注: the column name is used more than once; column 6 is kept as "
            "'备注_2'; accepted: unique column names") in lines
    assert ("warning: file: provinces: computed on import (as in a CSV exported by this app); "
            "these columns are not kept") in lines
    assert any(i.startswith("error: row 3: 项目名称 = '长长长") and "is 201 characters long; "
               "accepted: at most 200 characters" in i for i in lines)
    assert ("error: row 4: 项目名称 = '控\\x1b[31m制': contains the control character U+001B; "
            "accepted: plain text") in lines


@pytest.mark.parametrize("text, iso", [
    ("2025-12-31", "2025-12-31"), ("2025/3/1", "2025-03-01"), ("2025.03.01", "2025-03-01"),
    ("2025年3月1日", "2025-03-01"), ("2025-02", "2025-02-28"), ("2024年2月", "2024-02-29"),
    ("2025", "2025-12-31"), ("2025年", "2025-12-31"), ("2025年底", "2025-12-31"),
    ("2025年底前", "2025-12-31"), ("2025年上半年", "2025-06-30"), ("2025年三季度", "2025-09-30"),
    ("2025-06-30T00:00:00", "2025-06-30"), (2026, "2026-12-31"), ("持续推进", None), ("", None),
])
def test_deadline_forms(text, iso):
    assert parse_deadline(text) == iso


@pytest.mark.parametrize("text", ["明年", "2025-13", "25/12/31", "1800", 45657])
def test_deadline_rejects(text):
    with pytest.raises(CellError):
        parse_deadline(text)


def test_vocabularies_accept_zh_en_and_keys():
    assert parse_layer("水运与水利") == parse_layer("WATERWAYS") == "waterway"
    assert parse_status("运营") == parse_status("In operation") == "运营"
