"""The 督办 report: the XLSX lists exactly the overdue (and due-soon) items; the PDF
renders Chinese text and ends with a map page."""
import datetime as dt

import pytest

from geo.store import load_all_with_regions
from geo.tracking.due import due_table
from geo.tracking.report import write_report
from geo.tracking.service import edit_item, with_tracking

TODAY = dt.date(2026, 3, 1)


@pytest.fixture
def tracked(team):
    store, log, users = team
    root = users["root"]
    # imp-sz: deadline 2025-06-30 from its import, not done → overdue
    edit_item("rail-airport-link", {"deadline": "2026-01-31", "progress": "在建",
                                    "responsible_unit": "上海市交通委"}, user=root, log=log,
              store=store)                                     # overdue
    edit_item("rail-hu-zha-hang", {"deadline": "2026-02-01", "progress": "运营"}, user=root,
              log=log, store=store)                            # past, but done
    edit_item("dz-demonstration-zone", {"deadline": "2026-03-20",
                                        "responsible_unit": "示范区执委会"}, user=root, log=log,
              store=store)                                     # due soon
    edit_item("metro-shanghai", {"deadline": "2026-06-30"}, user=root, log=log,
              store=store)                                     # later
    return with_tracking(load_all_with_regions(store), log)


def _sheet(path, index=0):
    from openpyxl import load_workbook

    wb = load_workbook(path)
    rows = list(wb.worksheets[index].iter_rows(values_only=True))
    return wb, rows[0], rows[1:]


def test_due_table(tracked):
    rows = due_table(tracked, TODAY)
    assert dict(zip(rows["id"], rows["kind"])) == {
        "imp-sz": "overdue", "rail-airport-link": "overdue", "dz-demonstration-zone": "due_soon"}


def test_xlsx_lists_exactly_the_overdue_items(tracked, tmp_path):
    out = write_report(tracked, tmp_path / "r.xlsx", today=TODAY)
    wb, header, rows = _sheet(out)
    assert wb.sheetnames == ["督办清单", "按单位汇总", "说明"]
    assert header[:3] == ("责任单位", "类别", "编号")
    listed = {(r[0], r[1], r[2]) for r in rows}
    assert listed == {("苏州市水务局", "逾期", "imp-sz"), ("上海市交通委", "逾期", "rail-airport-link"),
                      ("示范区执委会", "即将到期", "dz-demonstration-zone")}
    overdue = {r[2] for r in rows if r[1] == "逾期"}
    assert overdue == set(due_table(tracked, TODAY).query("kind == 'overdue'")["id"])
    clause = header.index("规划条款")
    assert all(r[clause] for r in rows)                   # every row carries its plan clause
    _, sum_header, sums = _sheet(out, 1)
    assert sum(r[1] for r in sums) == 2 and sum(r[2] for r in sums) == 1


def test_xlsx_by_province_lists_cross_provincial_items_under_each(tracked, tmp_path):
    out = write_report(tracked, tmp_path / "p.xlsx", by="province", lang="en", today=TODAY)
    _, header, rows = _sheet(out)
    assert header[0] == "Province"
    groups = {(r[0], r[2]) for r in rows}
    assert ("Jiangsu", "imp-sz") in groups and ("Shanghai", "rail-airport-link") in groups
    assert {g for g, i in groups if i == "dz-demonstration-zone"} >= {"Shanghai", "Jiangsu",
                                                                       "Zhejiang"}


def test_pdf_renders_chinese_and_has_a_map_page(tracked, tmp_path):
    pypdf = pytest.importorskip("pypdf")
    out = write_report(tracked, tmp_path / "r.pdf", today=TODAY)
    reader = pypdf.PdfReader(out)
    text = "\n".join(p.extract_text() for p in reader.pages)
    for words in ("长三角一体化 清单督办报告", "逾期", "苏州市水务局", "苏州的泵站", "逾期与即将到期项目分布"):
        assert words in text
    fonts = {str(f) for p in reader.pages for f in
             (p["/Resources"].get("/Font") or {}).values()}
    assert fonts                                           # embedded fonts, real text
    assert "逾期与即将到期项目分布" in reader.pages[-1].extract_text()


def test_empty_report_says_so(team, tmp_path):
    store, log, _ = team
    items = with_tracking(load_all_with_regions(store), log)
    out = write_report(items, tmp_path / "none.pdf", today=dt.date(2020, 1, 1))
    import pypdf

    assert "没有逾期或即将到期的项目" in pypdf.PdfReader(out).pages[0].extract_text()


def test_unknown_format_or_grouping(tracked, tmp_path):
    from geo.export import ExportError

    with pytest.raises(ExportError, match="docx"):
        write_report(tracked, tmp_path / "r.docx")
    with pytest.raises(ValueError, match="accepted: responsible_unit, province"):
        write_report(tracked, tmp_path / "r.xlsx", by="city")
    assert not (tmp_path / "r.xlsx").exists()
