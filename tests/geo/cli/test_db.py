"""``yrdmap db init|load|dump`` with CliRunner against the test server."""
from __future__ import annotations

import geopandas as gpd
import pyogrio
from typer.testing import CliRunner

from geo.cli import app

runner = CliRunner()


def test_init_load_dump(empty_db_url, tmp_path):
    r = runner.invoke(app, ["db", "init", "--url", empty_db_url])
    assert r.exit_code == 0 and "applied migration(s) 001_init" in r.output
    r = runner.invoke(app, ["db", "init", "--url", empty_db_url])
    assert r.exit_code == 0 and "schema is up to date" in r.output
    r = runner.invoke(app, ["db", "load"], env={"YRDMAP_DATABASE_URL": empty_db_url})
    assert r.exit_code == 0, r.output
    from geo.catalog import load_lakes

    assert (f"4 provinces, 41 cities, 305 counties; 832 county borders; {len(load_lakes())} lakes"
            in r.output)
    out = tmp_path / "dump.gpkg"
    r = runner.invoke(app, ["db", "dump", "--out", str(out), "--url", empty_db_url])
    assert r.exit_code == 0, r.output
    layers = dict(pyogrio.list_layers(out))
    assert set(layers) == {"projects", "provinces", "cities", "counties", "lakes"}
    projects = gpd.read_file(out, layer="projects")
    assert len(projects) == 108 and set(projects["source"]) == {"catalog"}
    assert len(gpd.read_file(out, layer="counties")) == 305


def test_load_before_init_says_what_to_do(empty_db_url):
    r = runner.invoke(app, ["db", "load", "--url", empty_db_url])
    assert r.exit_code == 1
    assert "no yrdmap schema" in r.output and "yrdmap db init" in r.output
    assert "Traceback" not in r.output


def test_database_down(down_url, tmp_path):
    for args in (["db", "init"], ["db", "load"], ["db", "dump", "--out", str(tmp_path / "x.gpkg")]):
        r = runner.invoke(app, args + ["--url", down_url])
        assert r.exit_code == 1, args
        lines = r.output.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("yrdmap: error: cannot reach the project "
                                                       "database postgres@127.0.0.1:1/yrdmap")
    assert not (tmp_path / "x.gpkg").exists()


def test_dump_needs_a_gpkg(down_url):
    r = runner.invoke(app, ["db", "dump", "--out", "x.shp", "--url", down_url])
    assert r.exit_code == 2 and ".gpkg" in r.output
