"""The details panel's lines: what an imported item carries is shown, empty fields are not."""
from __future__ import annotations

import datetime as dt

import pytest

from geo.i18n import t
from geo.select import filter_projects
from ui.details import detail_lines, md_text


@pytest.fixture(scope="module")
def item():
    return filter_projects().iloc[0].copy()


def _labels(rows):
    return [k for k, _ in rows]


def test_imported_fields_and_overdue_are_shown(item):
    late = item.copy()
    late["responsible_unit"] = "苏州市水务局"
    late["deadline"] = (dt.date.today() - dt.timedelta(days=30)).isoformat()
    late["status"] = "在建"
    rows = dict(detail_lines(late, "zh"))
    assert rows[t("app.col_responsible", "zh")] == "苏州市水务局"
    assert rows[t("app.col_deadline", "zh")].endswith("⚠ " + t("app.overdue", "zh"))
    done = late.copy()
    done["status"] = "建成"
    assert "⚠" not in dict(detail_lines(done, "zh"))[t("app.col_deadline", "zh")]
    assert dict(detail_lines(late, "en"))["Responsible unit"] == "苏州市水务局"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_empty_fields_are_left_out(item, lang):
    bare = item.copy()
    bare["clause"] = ""
    bare["plan_text"] = None
    bare["name_en"] = bare["name_zh"]          # an import without an English name
    bare["note"] = float("nan")
    bare["responsible_unit"] = None
    bare["deadline"] = None
    rows = detail_lines(bare, lang)
    labels = _labels(rows)
    assert t("app.d_clause", lang) not in labels
    assert t("app.d_name_en", lang) not in labels and t("app.d_name_zh", lang) not in labels
    assert t("app.d_note", lang) not in labels
    assert t("app.col_responsible", lang) not in labels
    assert t("app.col_deadline", lang) not in labels
    assert all(v not in ("", "None", "nan", "第（）条") for _, v in rows)


def test_status_is_in_the_ui_language_only(item):
    rows = dict(detail_lines(item, "zh"))
    assert rows[t("app.d_status", "zh")] == item["status"]      # no "推进 · advancing"
    assert dict(detail_lines(item, "en"))["Status"] == item["status_en"]


def test_english_notes_stay_out_of_the_chinese_ui(item):
    english = item.copy()
    english["note"] = "合肥, 淮南, with 安庆's 桐城市."
    assert t("app.d_note", "zh") not in _labels(detail_lines(english, "zh"))
    assert dict(detail_lines(english, "en"))["Note"] == english["note"]
    chinese = item.copy()
    chinese["note"] = "约 2,413 km²，含青浦区"
    assert dict(detail_lines(chinese, "zh"))[t("app.d_note", "zh")] == chinese["note"]
    both = item.copy()
    both["note_zh"] = "合肥、淮南，以及安庆的桐城市。"
    assert dict(detail_lines(both, "zh"))[t("app.d_note", "zh")] == both["note_zh"]


def test_values_are_escaped():
    assert "<" not in md_text("<b>x</b>")
