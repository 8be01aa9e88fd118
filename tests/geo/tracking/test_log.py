"""The file store's append-only edit log: versions, conflicts, torn lines, concurrency."""
import json
import threading

import pytest

from geo.tracking.file_log import FileEditLog
from geo.tracking.log import EditConflict, current_state

from tests._helpers import run_in_threads


@pytest.fixture
def log(tmp_path):
    return FileEditLog(tmp_path)


def test_append_only_rows_and_derived_state(log):
    first = log.append("a", {"progress": "前期", "percent": 10}, "ann", "立项", 0)
    assert [(e.field, e.old, e.new, e.version) for e in first] == [
        ("progress", None, "前期", 1), ("percent", None, 10, 1)]
    before = log.path.read_bytes()
    second = log.append("a", {"progress": "在建", "percent": 10}, "bo", "开工", 1)
    assert [(e.field, e.old, e.new, e.who, e.comment) for e in second] == [
        ("progress", "前期", "在建", "bo", "开工")]       # unchanged fields write no row
    assert log.path.read_bytes().startswith(before)      # appended, nothing rewritten
    assert log.state() == {"a": {"progress": "在建", "percent": 10}}
    assert log.version("a") == 2 and log.version("b") == 0
    assert current_state(log.edits()) == log.state()
    assert log.append("a", {"percent": 10}, "bo", None, 2) == []


def test_base_values_are_the_old_of_the_first_edit(log):
    rows = log.append("imp-1", {"responsible_unit": "新单位"}, "ann", None, 0,
                      base={"responsible_unit": "苏州市水务局"})
    assert rows[0].old == "苏州市水务局"


def test_stale_version_is_a_conflict_naming_who_what_when(log):
    log.append("a", {"progress": "在建"}, "ann", None, 0)
    size = log.path.stat().st_size
    with pytest.raises(EditConflict) as err:
        log.append("a", {"progress": "暂缓"}, "bo", None, 0)
    msg = str(err.value)
    assert "ann changed progress at" in msg and "nothing was saved" in msg
    assert log.path.stat().st_size == size


def test_torn_last_line_is_ignored_then_cut(log):
    log.append("a", {"progress": "在建"}, "ann", None, 0)
    with open(log.path, "ab") as fh:
        fh.write(b'{"item": "a", "field": "perc')           # a crash mid-write
    assert log.version("a") == 1
    log.append("a", {"percent": 50}, "ann", None, 1)
    lines = log.path.read_text("utf-8").splitlines()
    assert len(lines) == 2 and all(json.loads(x) for x in lines)


def test_corrupt_line_refuses_with_the_line_number(log):
    log.path.write_text('{"item": "a"}\n', encoding="utf-8")
    from geo.store import StoreError

    with pytest.raises(StoreError, match="line 1"):
        log.edits()


def test_concurrent_saves_of_one_version_one_wins(log):
    results = []
    barrier = threading.Barrier(4)

    def save(who):
        barrier.wait()
        try:
            log.append("a", {"progress_note": who}, who, None, 0)
            results.append("ok")
        except EditConflict:
            results.append("conflict")

    run_in_threads(save, [(f"u{i}",) for i in range(4)])
    assert sorted(results) == ["conflict"] * 3 + ["ok"]
    assert len(log.edits()) == 1


def test_accounts_file_is_private_and_atomic(log):
    log.put_account({"name": "root", "role": "admin", "scope": [], "hash": "h"}, new=True)
    assert (log.accounts_path.stat().st_mode & 0o777) == 0o600
    with pytest.raises(ValueError, match="already exists"):
        log.put_account({"name": "root", "role": "admin", "scope": [], "hash": "h"}, new=True)
    log.delete_account("root")
    assert log.accounts() == {}
    with pytest.raises(KeyError):
        log.delete_account("root")
