"""``yrdmap import`` / ``yrdmap imported``: report on stdout, exit 0/1/2, all or nothing."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from geo.cli import app

runner = CliRunner()
GOOD = "id,项目名称,经度,纬度,责任单位,完成时限\nsh-1,虹桥枢纽,121.3197,31.1942,交通委,2025年底\n"


def _file(tmp_path, text=GOOD, name="list.csv", encoding="gbk"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_help_lists_import():
    res = runner.invoke(app, ["--help"])
    assert "import" in res.output and "imported" in res.output
    res = runner.invoke(app, ["import", "--help"])
    assert res.exit_code == 0
    for opt in ("--datum", "--encoding", "--crs", "--dry-run", "--json"):
        assert opt in res.output


def test_clean_import_writes_and_exits_0(tmp_path, store_dir):
    res = runner.invoke(app, ["import", str(_file(tmp_path))])
    assert res.exit_code == 0, res.output
    assert res.stdout.splitlines()[-1] == "list.csv (csv, gb18030, 1 row): 2 warning(s): 1 item(s) imported"
    assert "sh-1" in (store_dir / "projects.geojson").read_text(encoding="utf-8")
    res = runner.invoke(app, ["imported", "--json"])
    assert res.exit_code == 0
    [item] = json.loads(res.stdout)
    assert item["id"] == "sh-1" and item["deadline"] == "2025-12-31" and item["responsible_unit"] == "交通委"


def test_dry_run_json_writes_nothing(tmp_path, store_dir):
    res = runner.invoke(app, ["import", str(_file(tmp_path)), "--dry-run", "--json"])
    assert res.exit_code == 0
    data = json.loads(res.stdout)
    assert data["ok"] is True and data["dry_run"] is True and data["imported"] == 0
    assert data["encoding"] == "gb18030" and data["rows"] == 1
    assert not (store_dir / "projects.geojson").exists()


def test_errors_exit_1_print_every_line_and_write_nothing(tmp_path, store_dir):
    runner.invoke(app, ["import", str(_file(tmp_path, name="first.csv"))])
    before = (store_dir / "projects.geojson").read_bytes()
    bad = _file(tmp_path, GOOD + "sh-2,反了,31.19,121.31,,\nsh-3,好的,121.4,31.2,,\n", "bad.csv")
    source = bad.read_bytes()
    res = runner.invoke(app, ["import", str(bad)])
    assert res.exit_code == 1
    lines = res.stdout.splitlines()
    assert ("error: row 2: id = 'sh-1': the id is already in the store: imported from 'first.csv'; "
            "accepted: a new id (remove the stored item first to replace it: yrdmap imported "
            "--remove ID)") in lines
    assert ("error: row 3: 经度/纬度 = '31.19, 121.31': lon and lat look swapped (the first number "
            "is a latitude); accepted: longitude first: lon 114–124, lat 26–36") in lines
    assert lines[-1] == "bad.csv (csv, gb18030, 3 rows): 2 error(s), 2 warning(s): nothing imported"
    assert (store_dir / "projects.geojson").read_bytes() == before
    assert bad.read_bytes() == source
    res = runner.invoke(app, ["import", str(bad), "--json"])
    assert res.exit_code == 1 and json.loads(res.stdout)["errors"] == 2


def test_gcj02_and_encoding_options(tmp_path, store_dir):
    path = _file(tmp_path, "名称,lng,lat\n高德点,121.531541859215,31.17530398364597\n", "amap.csv", "utf-8")
    res = runner.invoke(app, ["import", str(path), "--datum", "gcj02", "--encoding", "utf-8", "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads((store_dir / "projects.geojson").read_text(encoding="utf-8"))
    lon, lat = data["features"][0]["geometry"]["coordinates"]
    assert (round(lon, 7), round(lat, 7)) == (121.5272106, 31.1774276)


@pytest.mark.parametrize("args, message", [
    (["--datum", "bd09"], "yrdmap: error: datum 'bd09': unknown datum 'bd09'; accepted: wgs84 or gcj02"),
    (["--encoding", "klingon"], "yrdmap: error: encoding 'klingon': unknown encoding 'klingon'; "
                                "accepted: utf-8, utf-8-sig, gb18030, gbk, utf-16"),
    (["--crs", "EPSG:0"], "yrdmap: error: crs 'EPSG:0': unknown CRS 'EPSG:0'; accepted: an EPSG code such "
                          "as EPSG:4549 (CGCS2000 / 3-degree GK CM 120E), EPSG:4490 or EPSG:4326"),
])
def test_usage_errors_exit_2_with_one_line(tmp_path, store_dir, args, message):
    res = runner.invoke(app, ["import", str(_file(tmp_path)), *args])
    assert res.exit_code == 2
    assert res.stderr.strip().splitlines() == [message]
    assert res.stdout == ""


def test_missing_file_exits_2(tmp_path, store_dir):
    res = runner.invoke(app, ["import", str(tmp_path / "nope.csv")])
    assert res.exit_code == 2 and "file not found" in res.stderr


def test_hostile_zip_exits_1_with_the_refusal(tmp_path, store_dir):
    import zipfile

    path = tmp_path / "evil.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("../evil.csv", GOOD)
    res = runner.invoke(app, ["import", str(path)])
    assert res.exit_code == 1
    assert res.stdout.splitlines()[0] == (
        "error: file: archive member '../evil.csv' escapes the archive's folder (path traversal); "
        "the archive is refused; accepted: a zip whose members are plain relative names")


def test_imported_remove(tmp_path, store_dir):
    runner.invoke(app, ["import", str(_file(tmp_path))])
    res = runner.invoke(app, ["imported", "--remove", "sh-1"])
    assert res.exit_code == 0 and "removed sh-1" in res.stderr
    res = runner.invoke(app, ["imported", "--remove", "sh-1"])
    assert res.exit_code == 2 and "no imported item has the id 'sh-1'" in res.stderr
    res = runner.invoke(app, ["imported", "--remove", "dz-demonstration-zone"])
    assert res.exit_code == 2 and "is a catalog item" in res.stderr
