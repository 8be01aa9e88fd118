"""Every CLI door reads the store: an item imported with ``yrdmap import`` is found by
``projects``, ``stats``, ``export``, ``border``, ``crossings`` and ``route`` — with the
file store and with PostGIS (``YRDMAP_DATABASE_URL``); a dead database is one line and
exit status 1 for each of them; and both stores give the doors the same answers."""
from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from geo.cli import app
from tests._helpers import REPO

runner = CliRunner()
ID = "u-door-line"
#: a rail line from 上海 into 嘉兴 (浙江), one row of a GBK CSV as planners send them
CSV = ("id,项目名称,图层,状态,WKT\n"
       f'{ID},门测试铁路,rail,规划,"LINESTRING (121.30 30.95, 120.95 30.80, 120.75 30.75)"\n')


@pytest.fixture(params=["file", "postgis"])
def mode(request, tmp_path, monkeypatch):
    """The store the CLI is pointed at: a fresh file store, or a private loaded database."""
    if request.param == "file":
        monkeypatch.setenv("YRDMAP_STORE_DIR", str(tmp_path / "store"))
    else:
        monkeypatch.setenv("YRDMAP_DATABASE_URL", request.getfixturevalue("db_url"))
        monkeypatch.setenv("YRDMAP_STORE_DIR", str(tmp_path / "unused"))
        # a PostGIS store is a team store: writes need sign-in (tests/geo/tracking/test_pg_log.py);
        # the doors' reads are under test here, so the import runs in single-user mode
        monkeypatch.setenv("YRDMAP_AUTH", "single")
    return request.param


def cli(*args: str):
    res = runner.invoke(app, list(args))
    assert res.exit_code == 0, (args, res.output, res.exception)
    return res


def cli_json(*args: str):
    return json.loads(cli(*args, "--json").stdout)


def import_csv(tmp_path: Path) -> None:
    path = tmp_path / "清单.csv"
    path.write_bytes(CSV.encode("gbk"))
    assert cli("import", str(path)).stdout.splitlines()[-1].endswith("1 item(s) imported")


def total(stats: dict) -> dict:
    [row] = [r for r in stats["summary"] if r["kind"] == "total"]
    return row


def test_an_imported_item_is_found_through_every_door(mode, tmp_path):
    before = cli_json("stats")
    assert cli_json("projects", "--search", "门测试") == []
    import_csv(tmp_path)
    if mode == "postgis":
        assert not (tmp_path / "unused").exists()

    [item] = cli_json("projects", "--search", "门测试")
    assert item["id"] == ID and item["layer"] == "rail"
    assert item["province_adcodes"] == [310000, 330000] and item["cross_provincial"]
    assert item["km_by_province"]["上海市"] == pytest.approx(28.2, abs=0.1)
    assert ID in {r["id"] for r in cli_json("projects", "--province", "浙江", "--layer", "rail")}
    assert ID in {r["id"] for r in cli_json("projects", "--cross-provincial")}

    after = cli_json("stats")
    assert total(after)["items"] == total(before)["items"] + 1
    assert total(after)["n_rail"] == total(before)["n_rail"] + 1
    # the per-item sum grows by the item's km; the covered km (overlaps merged) by at most that
    assert total(after)["rail_km_sum"] == pytest.approx(total(before)["rail_km_sum"] + 57.2,
                                                        abs=0.5)
    assert total(before)["rail_km"] < total(after)["rail_km"] <= total(before)["rail_km"] + 57.7

    out = tmp_path / "out.geojson"
    cli("export", "data", "--format", "geojson", "--search", "门测试", "--out", str(out))
    [feature] = json.loads(out.read_text("utf-8"))["features"]
    assert feature["properties"]["id"] == ID

    crossing = {r["id"]: r for r in cli_json("crossings", "上海", "浙江", "--layer", "rail")}
    assert crossing[ID]["crossings"] >= 1
    assert ID in {r["id"] for r in cli_json("border", "上海", "浙江")["crossings"]}
    route = cli_json("route", ID)
    assert route["length_km"] == pytest.approx(57.2, abs=0.5)
    assert {s["adcode"] for s in route["route"]} == {310000, 330000}


DOORS = [("projects",), ("stats",), ("stats", "--compare", "上海", "--compare", "浙江"),
         ("export", "data", "--format", "geojson"), ("export", "map", "--format", "png"),
         ("border", "上海", "浙江"), ("crossings", "上海", "浙江"), ("route", "rail-hu-zha-hang")]


@pytest.mark.parametrize("args", DOORS, ids=" ".join)
def test_a_dead_database_is_one_line_and_exit_1(args, down_url, monkeypatch, tmp_path):
    monkeypatch.setenv("YRDMAP_DATABASE_URL", down_url)
    monkeypatch.chdir(tmp_path)
    res = runner.invoke(app, list(args))
    assert res.exit_code == 1, (res.output, res.exception)
    lines = res.output.strip().splitlines()
    assert len(lines) == 1, res.output
    assert lines[0].startswith("yrdmap: error: cannot reach the project database "
                               "postgres@127.0.0.1:1/yrdmap")
    assert list(tmp_path.iterdir()) == []


def test_a_dead_database_prints_no_traceback(down_url, tmp_path):
    env = dict(os.environ, YRDMAP_DATABASE_URL=down_url, PYTHONPATH=str(REPO))
    proc = subprocess.run([sys.executable, "-m", "layers.cli", "projects", "--search", "x"],
                          capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120)
    assert proc.returncode == 1 and proc.stdout == ""
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
    assert "cannot reach the project database" in proc.stderr


def _close(a, b, path="") -> None:
    """JSON answers equal: numbers within 1e-3 (km, km²), everything else exactly."""
    if isinstance(a, dict):
        assert isinstance(b, dict) and set(a) == set(b), (path, a, b)
        for k in a:
            _close(a[k], b[k], f"{path}.{k}")
    elif isinstance(a, list):
        assert isinstance(b, list) and len(a) == len(b), (path, a, b)
        for i, (x, y) in enumerate(zip(a, b)):
            _close(x, y, f"{path}[{i}]")
    elif isinstance(a, float) or isinstance(b, float):
        assert (a is None and b is None) or math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-3), \
            (path, a, b)
    else:
        assert a == b, (path, a, b)


QUESTIONS = [("projects",), ("projects", "--province", "浙江", "--layer", "rail"),
             ("projects", "--city", "嘉兴"), ("projects", "--search", "铁路", "--status", "规划"),
             ("projects", "--cross-provincial"), ("stats",), ("stats", "--by", "city"),
             ("stats", "--by", "city", "-p", "浙江", "-l", "rail"),
             ("stats", "--status", "规划"), ("crossings", "上海", "浙江")]


@pytest.mark.slow
def test_both_stores_give_the_doors_the_same_answers(db_url, tmp_path, monkeypatch):
    """Parity of the doors: the same imported list, the CLI's answers from the file store
    (Python) and from PostGIS (SQL) agree."""
    answers = {}
    for mode in ("file", "postgis"):
        monkeypatch.setenv("YRDMAP_STORE_DIR", str(tmp_path / mode))
        if mode == "postgis":
            monkeypatch.setenv("YRDMAP_DATABASE_URL", db_url)
            monkeypatch.setenv("YRDMAP_AUTH", "single")   # team-store sign-in: not under test
        import_csv(tmp_path)
        answers[mode] = [cli_json(*q) for q in QUESTIONS]
    for q, a, b in zip(QUESTIONS, answers["file"], answers["postgis"]):
        _close(a, b, " ".join(q))
