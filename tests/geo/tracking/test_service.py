"""The one write path: every write (edit, import, remove) as a viewer and as an
out-of-scope editor is refused and writes nothing; in scope it is kept with history."""
import pytest

from geo.auth import PermissionDenied
from geo.tracking.log import EditConflict
from geo.tracking.fields import TrackingError
from geo.tracking.service import (add_items, edit_item, guarded, history, remove_item,
                                  with_tracking)
from geo.store import load_all_with_regions

from tests.geo.tracking.conftest import imported

SH_CATALOG = "rail-airport-link"       # a catalog item in 上海


def _snapshot(store, log):
    return (store.path.read_bytes(), log.path.read_bytes() if log.path.exists() else b"")


@pytest.mark.parametrize("who", ["v", "zj", None])
def test_every_write_path_refused(team, who):
    store, log, users = team
    user = users.get(who)
    before = _snapshot(store, log)
    with pytest.raises(PermissionDenied):
        edit_item("imp-sz", {"progress": "建成"}, user=user, store=store, log=log)
    with pytest.raises(PermissionDenied):
        add_items(imported("imp-sz-2", 120.6, 31.2), user=user, store=store, log=log)
    with pytest.raises(PermissionDenied):
        remove_item("imp-sz", user=user, store=store, log=log)
    with pytest.raises(PermissionDenied):
        guarded(store, user).add_items(imported("imp-sz-3", 120.6, 31.2))
    assert _snapshot(store, log) == before


def test_editor_in_scope_edits_imports_removes(team):
    store, log, users = team
    rows = edit_item("imp-sz", {"progress": "在建", "percent": "60",
                                "responsible_unit": "苏州市水利局"}, user=users["js"],
                     comment="开工", store=store, log=log)
    assert {(e.field, e.old, e.new) for e in rows} == {
        ("progress", None, "在建"), ("percent", None, 60),
        ("responsible_unit", "苏州市水务局", "苏州市水利局")}
    assert [e.who for e in history("imp-sz", log)] == ["js"] * 3
    items = with_tracking(load_all_with_regions(store), log)
    row = items.set_index("id").loc["imp-sz"]
    assert (row["progress"], row["percent"], row["responsible_unit"], row["tracking_version"]) \
        == ("在建", 60, "苏州市水利局", 1)
    untouched = items.set_index("id").loc[SH_CATALOG]
    assert untouched["progress"] is None and untouched["tracking_version"] == 0
    assert add_items(imported("imp-sz-2", 120.6, 31.2), user=users["js"], store=store,
                     log=log) == 1
    remove_item("imp-sz-2", user=users["js"], store=store, log=log)
    edit_item(SH_CATALOG, {"progress": "运营"}, user=users["root"], store=store, log=log)


def test_bad_value_and_unknown_item_write_nothing(team):
    store, log, users = team
    with pytest.raises(TrackingError, match="deadline 'Q3' is not a date"):
        edit_item("imp-sz", {"progress": "在建", "deadline": "Q3"}, user=users["js"],
                  store=store, log=log)
    with pytest.raises(TrackingError, match="field 'status' cannot be edited"):
        edit_item("imp-sz", {"status": "建成"}, user=users["js"], store=store, log=log)
    with pytest.raises(KeyError, match="no item has the id 'nope'"):
        edit_item("nope", {"progress": "在建"}, user=users["root"], store=store, log=log)
    assert not log.path.exists()


def test_second_editor_of_the_same_version_gets_a_conflict(team):
    store, log, users = team
    edit_item("imp-sz", {"progress": "在建"}, user=users["js"], expected_version=0,
              store=store, log=log)
    with pytest.raises(EditConflict, match="js changed progress"):
        edit_item("imp-sz", {"progress": "暂缓"}, user=users["root"], expected_version=0,
                  store=store, log=log)
    assert with_tracking(store.load_all(), log).set_index("id").loc["imp-sz", "progress"] == "在建"


def test_single_user_store_stays_open(tmp_path, monkeypatch):
    from geo.store.files import FileStore
    from geo.tracking.file_log import FileEditLog

    monkeypatch.delenv("YRDMAP_AUTH", raising=False)
    store, log = FileStore(tmp_path), FileEditLog(tmp_path)
    rows = edit_item(SH_CATALOG, {"progress": "在建"}, user=None, store=store, log=log)
    assert rows[0].who.endswith("(single-user)")
    assert add_items(imported(), user=None, store=store, log=log) == 1
