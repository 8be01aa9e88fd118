"""The tracked-state vocabulary and the one-line refusals of bad edits."""
import datetime as dt

import pytest

from geo.tracking.fields import (PROGRESS, TRACKED_FIELDS, TrackingError, check_changes,
                                 check_value, parse_assignments)


@pytest.mark.parametrize("raw,stored", [("在建", "在建"), ("Under construction", "在建"),
                                        ("IN OPERATION", "运营"), (" 暂缓 ", "暂缓")])
def test_progress_accepts_both_languages(raw, stored):
    assert check_value("progress", raw) == stored


def test_every_progress_value_has_english():
    assert list(PROGRESS) == ["未启动", "前期", "在建", "建成", "运营", "暂缓"]
    assert all(PROGRESS.values())


@pytest.mark.parametrize("field,value,names", [
    ("progress", "finished", ["progress", "'finished'", "未启动", "暂缓"]),
    ("percent", "140", ["percent", "'140'", "0", "100"]),
    ("percent", "4.5", ["percent", "'4.5'"]),
    ("deadline", "2025年底", ["deadline", "'2025年底'", "YYYY-MM-DD"]),
    ("deadline", "2025-02-30", ["deadline", "'2025-02-30'"]),
    ("colour", "red", ["'colour'", "progress", "deadline"]),
])
def test_bad_values_name_field_value_and_accepted(field, value, names):
    with pytest.raises(TrackingError) as err:
        check_value(field, value)
    msg = str(err.value)
    assert "\n" not in msg
    for n in names:
        assert n in msg


def test_values_are_normalised():
    assert check_value("deadline", dt.date(2025, 6, 30)) == "2025-06-30"
    assert check_value("deadline", "2025/6/3") == "2025-06-03"
    assert check_value("percent", "40%") == 40
    assert check_value("percent", 100.0) == 100
    assert check_value("responsible_unit", "  上海市交通委 ") == "上海市交通委"
    for f in TRACKED_FIELDS:
        assert check_value(f, "") is None      # an empty value clears


def test_changes_all_checked_before_any_is_kept():
    with pytest.raises(TrackingError, match="deadline"):
        check_changes({"progress": "在建", "deadline": "soon"})
    with pytest.raises(TrackingError, match="no change"):
        check_changes({})


def test_assignments():
    assert parse_assignments(["progress=在建", "progress_note=a=b"]) == {
        "progress": "在建", "progress_note": "a=b"}
    with pytest.raises(TrackingError, match="field=value"):
        parse_assignments(["progress"])
