"""Tracking on PostGIS (migration 002): two concurrent edits → one conflict, nothing lost;
the log is append-only; accounts and the role check work on the shared store."""
from __future__ import annotations

import threading

import pytest

from geo.auth import PermissionDenied, User, add_account, auth_mode, sign_in
from geo.tracking.log import EditConflict
from geo.tracking.service import edit_item, edit_log, with_tracking

from tests._helpers import run_in_threads

ITEM = "rail-airport-link"      # a catalog item in 上海


@pytest.fixture
def store(postgis_store):
    return postgis_store


def test_log_is_the_postgis_one_and_team_mode(store):
    log = edit_log(store)
    assert log.kind == "postgis" and auth_mode(log) == "team"


def test_two_concurrent_edits_one_conflict(store):
    log = edit_log(store)
    barrier = threading.Barrier(2)
    outcome = {}

    def save(who, value):
        barrier.wait()
        try:
            outcome[who] = log.append(ITEM, {"progress": value}, who, None, 0)
        except EditConflict as exc:
            outcome[who] = exc

    run_in_threads(save, (("ann", "在建"), ("bo", "暂缓")))
    conflicts = [w for w, o in outcome.items() if isinstance(o, EditConflict)]
    assert len(conflicts) == 1, outcome
    winner = ({"ann", "bo"} - set(conflicts)).pop()
    assert f"{winner} changed progress at" in str(outcome[conflicts[0]])
    edits = log.edits(ITEM)
    assert [(e.who, e.version) for e in edits] == [(winner, 1)]
    assert log.state()[ITEM] == {"progress": edits[0].new} and log.version(ITEM) == 1


def test_state_and_history_kept_in_step(store):
    log = edit_log(store)
    root = User("root", "admin")
    v0 = store.version()
    edit_item(ITEM, {"progress": "前期", "deadline": "2026-06-30"}, user=root,
              expected_version=0, store=store, log=log)
    edit_item(ITEM, {"progress": "在建", "percent": 20}, user=root, comment="开工",
              expected_version=1, store=store, log=log)
    assert store.version() != v0                          # caches see the save
    rows = [(e.field, e.old, e.new, e.version, e.comment) for e in log.edits(ITEM)]
    assert rows == [("progress", None, "前期", 1, ""), ("deadline", None, "2026-06-30", 1, ""),
                    ("progress", "前期", "在建", 2, "开工"), ("percent", None, 20, 2, "开工")]
    row = with_tracking(store.load_all(), log).set_index("id").loc[ITEM]
    assert (row["progress"], row["percent"], row["deadline"], row["tracking_version"]) == \
        ("在建", 20, "2026-06-30", 2)


def test_edit_log_is_append_only(store):
    from geo.db.connection import DatabaseError, session

    log = edit_log(store)
    log.append(ITEM, {"progress": "在建"}, "ann", None, 0)
    with pytest.raises(DatabaseError, match="append-only"):
        with session(store.url) as conn:
            conn.execute("UPDATE tracking_edits SET new = '\"运营\"'")
    with pytest.raises(DatabaseError, match="append-only"):
        with session(store.url) as conn:
            conn.execute("DELETE FROM tracking_edits")
    assert [e.new for e in log.edits(ITEM)] == ["在建"]


def test_accounts_and_refusals_on_postgis(store, monkeypatch):
    from geo import auth

    monkeypatch.setattr(auth, "_failures", {})
    log = edit_log(store)
    add_account(log, "root", "admin", "password-root")
    root = sign_in(log, "root", "password-root")
    add_account(log, "zj", "editor", "password-zj", ["浙江"], by=root)
    add_account(log, "v", "viewer", "password-v", by=root)
    for name in ("zj", "v"):
        user = sign_in(log, name, f"password-{name}")
        with pytest.raises(PermissionDenied):
            edit_item(ITEM, {"progress": "建成"}, user=user, store=store, log=log)
    with pytest.raises(PermissionDenied, match="sign in"):
        edit_item(ITEM, {"progress": "建成"}, user=None, store=store, log=log)
    assert log.edits(ITEM) == []
    with pytest.raises(auth.SignInError):
        sign_in(log, "zj", "password-v")
    assert "password" not in str(log.accounts())


def test_cli_writes_on_postgis_need_an_account(db_url, tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from geo import auth
    from geo.cli import app
    from geo.db.store import PostGISStore

    monkeypatch.setattr(auth, "_failures", {})
    monkeypatch.setenv("YRDMAP_DATABASE_URL", db_url)
    monkeypatch.delenv("YRDMAP_AUTH", raising=False)
    runner = CliRunner()
    csv = tmp_path / "list.csv"
    csv.write_text("id,项目名称,经度,纬度\nzj-1,杭州泵站,120.16,30.27\n", encoding="utf-8")
    res = runner.invoke(app, ["import", str(csv)])
    assert res.exit_code == 3 and "sign in to import" in res.stderr
    res = runner.invoke(app, ["edit", ITEM, "--set", "progress=在建"])
    assert res.exit_code == 3 and "sign in to edit" in res.stderr
    log = PostGISStore(db_url).edit_log()
    add_account(log, "root", "admin", "password-root")
    add_account(log, "zj", "editor", "password-zj", ["浙江"], by=User("root", "admin"))
    res = runner.invoke(app, ["import", str(csv), "--user", "zj"],
                        env={"YRDMAP_PASSWORD": "password-zj"})
    assert res.exit_code == 0, res.output
    res = runner.invoke(app, ["edit", ITEM, "--set", "progress=在建", "--user", "zj"],
                        env={"YRDMAP_PASSWORD": "password-zj"})
    assert res.exit_code == 3 and "outside the editor's scope" in res.stderr
    assert "zj-1" in set(PostGISStore(db_url).load_user()["id"]) and log.edits() == []
