"""``yrdmap export map|data``: files written, --force, one-line errors (exit 2), no partial files."""
from __future__ import annotations

import json
import os

import pytest
from typer.testing import CliRunner

from geo.cli import app

runner = CliRunner()


def _one_line_error(res) -> str:
    assert res.exit_code == 2, res.output
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("yrdmap: error:"), res.stderr
    return lines[0]


def test_help_lists_both_commands():
    res = runner.invoke(app, ["export", "--help"])
    assert res.exit_code == 0 and "map" in res.output and "data" in res.output


def test_map_png_then_refuse_overwrite_then_force(tmp_path):
    out = tmp_path / "rail.png"
    args = ["export", "map", "--format", "png", "--layer", "rail", "--dpi", "60", "--out", str(out)]
    res = runner.invoke(app, args)
    assert res.exit_code == 0, res.output
    assert res.stdout.strip() == str(out) and out.stat().st_size > 10_000
    before = out.stat().st_mtime_ns
    line = _one_line_error(runner.invoke(app, args))
    assert "exists" in line and "--force" in line
    assert out.stat().st_mtime_ns == before
    res = runner.invoke(app, args + ["--force", "--paper", "A3", "--orientation", "portrait"])
    assert res.exit_code == 0, res.output


def test_data_geojson_default_name(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    res = runner.invoke(app, ["export", "data", "--format", "geojson", "--province", "浙江",
                              "--layer", "hub", "--lang", "en"])
    assert res.exit_code == 0, res.output
    name = res.stdout.strip()
    assert name.startswith("YRD_Zhejiang_Hubs_and_sites_") and name.endswith(".geojson")
    fc = json.loads((tmp_path / name).read_text(encoding="utf-8"))
    assert fc["features"] and all(f["properties"]["layer"] == "hub" for f in fc["features"])


@pytest.mark.parametrize("fmt,ext", [("shp", "zip"), ("xlsx", "xlsx"), ("csv", "csv"),
                                     ("kml", "kml"), ("gpkg", "gpkg")])
def test_data_formats(fmt, ext, tmp_path):
    out = tmp_path / f"a.{ext}"
    res = runner.invoke(app, ["export", "data", "-f", fmt, "--layer", "rail", "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert out.stat().st_size > 0


@pytest.mark.parametrize("args,needle", [
    (["map", "--format", "gif"], "'gif'"),
    (["map", "--format", "csv"], "data format"),
    (["data", "--format", "png"], "map format"),
    (["map", "--page", "letter"], "page 'letter'"),
    (["map", "--extent", "bbox:1,2"], "four numbers"),
    (["map", "--extent", "region:火星"], "unknown region"),
    (["data", "--province", "江苏舍"], "江苏省"),
    (["data", "--lang", "fr"], "language 'fr'"),
])
def test_usage_errors(args, needle, tmp_path):
    out = tmp_path / "x.out"
    line = _one_line_error(runner.invoke(app, ["export", *args, "--out", str(out)]))
    assert needle in line
    assert list(tmp_path.iterdir()) == []


def test_empty_result_exits_2_and_writes_nothing(tmp_path):
    out = tmp_path / "none.geojson"
    line = _one_line_error(runner.invoke(app, ["export", "data", "--search", "不存在的项目xyz",
                                               "--out", str(out)]))
    assert "no items" in line
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_unwritable_folder(tmp_path):
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o500)
    line = _one_line_error(runner.invoke(app, ["export", "data", "--out", str(ro / "a.geojson")]))
    assert "not writable" in line


def test_missing_folder(tmp_path):
    line = _one_line_error(runner.invoke(app, ["export", "map", "--out",
                                               str(tmp_path / "no" / "such" / "a.png")]))
    assert "does not exist" in line
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="needs Linux /proc")
def test_unwritable_path_even_as_root():
    line = _one_line_error(runner.invoke(app, ["export", "data", "--layer", "rail",
                                               "--out", "/proc/yrdmap-export-test.geojson"]))
    assert "cannot write" in line or "not writable" in line
    assert not os.path.exists("/proc/yrdmap-export-test.geojson")
