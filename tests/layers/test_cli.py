"""``yrdmap`` as installed (:mod:`layers.cli`): geo.cli's commands with the web map plugged in."""
from __future__ import annotations

from typer.testing import CliRunner

from geo.cli import app
from layers.cli import CONTEXT

runner = CliRunner()


def test_html_export_writes_the_offline_map(tmp_path):
    out = tmp_path / "rail.html"
    res = runner.invoke(app, ["export", "map", "-f", "html", "--layer", "rail", "--lang", "en",
                              "-o", str(out)], obj=CONTEXT)
    assert res.exit_code == 0, res.output
    assert res.stdout.strip() == str(out)
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "L.map(" in page


def test_without_the_web_map_the_html_export_is_one_line(tmp_path):
    out = tmp_path / "rail.html"
    res = runner.invoke(app, ["export", "map", "-f", "html", "--layer", "rail", "-o", str(out)])
    assert res.exit_code == 2, res.output
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and "layers.cli" in lines[0], res.stderr
    assert not out.exists()
