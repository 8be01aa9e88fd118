"""CSV/XLSX exports neutralise cells spreadsheets would run as formulas (OWASP CSV
injection), re-read exactly by default, and write cells raw on request."""
import csv

import pytest

from geo.export import read_csv, read_xlsx, write_csv, write_xlsx
from geo.export._formula import TRIGGERS, guard, unguard
from geo.select import filter_projects

NASTY = ["=HYPERLINK(\"http://evil\",\"x\")", "+1+1", "-2+3", "@SUM(A1)", "\tTAB", "\rCR",
         "'=already", "''=twice", "'plain", "正常名称"]


@pytest.fixture
def items():
    gdf = filter_projects(layers=["rail"]).head(len(NASTY)).copy()
    gdf["name_zh"] = NASTY[: len(gdf)]
    gdf["note"] = ["=cmd|' /C calc'!A0"] + [None] * (len(gdf) - 1)
    return gdf


def test_guard_round_trip():
    for s in NASTY + ["", "a=b", "-", "'"]:
        assert unguard(guard(s)) == s
    assert all(guard(c + "x").startswith("'") for c in TRIGGERS)
    assert guard(-1.5) == -1.5                           # numbers stay numbers


def test_csv_cells_neutralised_and_read_back_exactly(items, tmp_path):
    path = write_csv(items, tmp_path / "x.csv")
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    col = rows[0].index("name_zh")
    cells = [r[col] for r in rows[1:]]
    assert not any(c.startswith(TRIGGERS) for c in cells)
    assert rows[1][rows[0].index("note")].startswith("'=")
    back = read_csv(path)
    assert list(back["name_zh"]) == list(items["name_zh"])
    assert back["note"].iloc[0] == items["note"].iloc[0]


def test_csv_raw_cells_on_request(items, tmp_path):
    path = write_csv(items, tmp_path / "raw.csv", guard_formulas=False)
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[1][rows[0].index("name_zh")] == NASTY[0]
    assert list(read_csv(path, guarded=False)["name_zh"]) == list(items["name_zh"])


def test_xlsx_cells_neutralised_text_and_read_back(items, tmp_path):
    from openpyxl import load_workbook

    path = write_xlsx(items, tmp_path / "x.xlsx")
    ws = load_workbook(path).worksheets[0]
    names = [c.value for c in ws["C"][1:]] + [c.value for c in ws["B"][1:]]
    assert not any(isinstance(v, str) and v.startswith(TRIGGERS) for v in names)
    assert all(c.data_type == "s" for c in ws["B"][1:])
    want = [s.replace("\r", "\n") for s in items["name_zh"]]   # XLSX (XML) keeps no bare CR
    back = read_xlsx(path)
    assert list(back.iloc[:, 1]) == want
    raw = write_xlsx(items, tmp_path / "raw.xlsx", guard_formulas=False)
    assert list(read_xlsx(raw, guarded=False).iloc[:, 1]) == want
