"""``yrdmap users|edit|history|report`` and the role check of every CLI write
(edit, import, imported --remove, users) as a viewer and as an out-of-scope editor."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from geo.cli import app

runner = CliRunner()
CSV = "id,项目名称,经度,纬度,责任单位,完成时限\nsz-1,苏州泵站,120.62,31.30,苏州市水务局,2025-06-30\n"


def run(args, password=None, new_password=None, **kw):
    env = {}
    if password is not None:
        env["YRDMAP_PASSWORD"] = password
    if new_password is not None:
        env["YRDMAP_NEW_PASSWORD"] = new_password
    return runner.invoke(app, args, env=env, **kw)


@pytest.fixture
def team(store_dir, tmp_path):
    """root (admin), js (editor of 江苏), zj (editor of 浙江), v (viewer); sz-1 imported."""
    assert run(["users", "add", "root", "--role", "admin"], new_password="password-root").exit_code == 0
    for name, role, scope in (("js", "editor", ["--scope", "江苏"]),
                              ("zj", "editor", ["--scope", "浙江"]), ("v", "viewer", [])):
        res = run(["users", "add", name, "--role", role, *scope, "--user", "root"],
                  password="password-root", new_password=f"password-{name}")
        assert res.exit_code == 0, res.output
    csv = tmp_path / "list.csv"
    csv.write_text(CSV, encoding="utf-8")
    res = run(["import", str(csv), "--user", "js"], password="password-js")
    assert res.exit_code == 0, res.output
    return store_dir


def test_single_user_edit_history_json(store_dir):
    res = run(["edit", "rail-airport-link", "--set", "progress=在建", "--set", "percent=30",
               "--user", "ann", "--comment", "开工"])
    assert res.exit_code == 0, res.output
    assert "progress None → '在建'" in res.stdout
    res = run(["history", "rail-airport-link", "--json"])
    rows = json.loads(res.stdout)
    assert [(r["field"], r["new"], r["who"], r["comment"], r["version"]) for r in rows] == [
        ("progress", "在建", "ann", "开工", 1), ("percent", 30, "ann", "开工", 1)]


@pytest.mark.parametrize("args,needle", [
    (["edit", "rail-airport-link", "--set", "progress=finished"], "progress 'finished'"),
    (["edit", "rail-airport-link", "--set", "deadline=2025年底"], "deadline '2025年底' is not a date"),
    (["edit", "rail-airport-link", "--set", "colour=red"], "field 'colour' cannot be edited"),
    (["edit", "nope", "--set", "progress=在建"], "no item has the id 'nope'"),
    (["history", "nope"], "no item has the id 'nope'"),
    (["report", "overdue", "--format", "docx"], "--format 'docx'"),
    (["report", "overdue", "--by", "city"], "--by 'city'"),
])
def test_bad_input_one_line_exit_2(store_dir, args, needle):
    res = run(args)
    assert res.exit_code == 2, res.output
    assert needle in res.stderr and len(res.stderr.strip().splitlines()) == 1
    assert not (store_dir / "edits.jsonl").exists()


@pytest.mark.parametrize("who", ["v", "zj"])
def test_every_cli_write_refused_for_viewer_and_out_of_scope_editor(team, tmp_path, who):
    before = {p.name: p.read_bytes() for p in team.iterdir() if p.is_file()}
    pw = f"password-{who}"
    csv = tmp_path / "more.csv"
    csv.write_text(CSV.replace("sz-1", "sz-2"), encoding="utf-8")
    for args in (["edit", "sz-1", "--set", "progress=建成", "--user", who],
                 ["import", str(csv), "--user", who],
                 ["imported", "--remove", "sz-1", "--user", who],
                 ["users", "add", "x", "--role", "viewer", "--user", who],
                 ["users", "remove", "js", "--user", who]):
        res = run(args, password=pw, new_password="password-x")
        assert res.exit_code == 3, (args, res.output)
        assert "may not" in res.stderr and len(res.stderr.strip().splitlines()) == 1
    after = {p.name: p.read_bytes() for p in team.iterdir() if p.is_file()}
    assert after == before


def test_team_writes_need_sign_in(team):
    res = run(["edit", "sz-1", "--set", "progress=建成"])
    assert res.exit_code == 3 and "sign in" in res.stderr
    res = run(["edit", "sz-1", "--set", "progress=建成", "--user", "js"], password="wrong-pass")
    assert res.exit_code == 3 and "wrong account name or password" in res.stderr


def test_editor_in_scope_and_conflict(team):
    res = run(["edit", "sz-1", "--set", "progress=在建", "--user", "js", "--version", "0"],
              password="password-js")
    assert res.exit_code == 0, res.output
    res = run(["edit", "sz-1", "--set", "progress=暂缓", "--user", "root", "--version", "0"],
              password="password-root")
    assert res.exit_code == 1 and "js changed progress" in res.stderr
    res = run(["imported", "--remove", "sz-1", "--user", "js"], password="password-js")
    assert res.exit_code == 0, res.output


def test_users_list_never_shows_hashes(team):
    res = run(["users", "list", "--json"])
    rows = json.loads(res.stdout)
    assert [r["name"] for r in rows] == ["root", "js", "zj", "v"]
    assert rows[1]["scope"] == ["江苏省"] and "hash" not in res.stdout
    assert "password-" not in (team / "accounts.json").read_text("utf-8")
    res = run(["users", "set-role", "v", "editor", "--scope", "杭州", "--user", "root"],
              password="password-root")
    assert res.exit_code == 0, res.output
    assert json.loads(run(["users", "list", "--json"]).stdout)[3]["scope"] == ["杭州市"]


def test_report_overdue_xlsx(team, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "督办.xlsx"
    res = run(["report", "overdue", "--format", "xlsx", "--out", str(out), "--date", "2026-01-01"])
    assert res.exit_code == 0, res.output
    rows = list(load_workbook(out).worksheets[0].iter_rows(values_only=True))
    assert [(r[0], r[1], r[2]) for r in rows[1:]] == [("苏州市水务局", "逾期", "sz-1")]
    res = run(["report", "overdue", "--out", str(out)])
    assert res.exit_code == 2 and "--force" in res.stderr
