"""``yrdmap projects``: output, --json and errors (exit 2, one line on stderr)."""
import json

from typer.testing import CliRunner

from geo.cli import app

runner = CliRunner()


def test_help_lists_subcommands():
    res = runner.invoke(app, ["--help"])
    assert res.exit_code == 0
    assert "projects" in res.output


def test_json_is_a_parsable_array_with_computed_fields():
    res = runner.invoke(app, ["projects", "--province", "浙江", "--layer", "rail", "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert isinstance(data, list) and data
    for item in data:
        assert {"id", "name_zh", "name_en", "layer", "status", "precision", "provinces",
                "km_by_province", "km2_by_province"} <= set(item)
        assert item["layer"] == "rail"
        assert "浙江省" in item["provinces"]


def test_cross_provincial_and_search():
    res = runner.invoke(app, ["projects", "--cross-provincial", "--json"])
    data = json.loads(res.stdout)
    assert data and all(len(i["provinces"]) >= 2 for i in data)
    res = runner.invoke(app, ["projects", "--search", "示范区", "--json"])
    assert any(i["layer"] == "demonstration_zone" for i in json.loads(res.stdout))


def test_plain_output_is_a_table():
    res = runner.invoke(app, ["projects", "--layer", "demonstration_zone"])
    assert res.exit_code == 0
    assert "demonstration_zone" in res.stdout and "rows)" in res.stdout


def test_unknown_province_exits_2_with_one_line():
    res = runner.invoke(app, ["projects", "--province", "江苏舍"])
    assert res.exit_code == 2
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and "江苏省" in lines[0]
    assert res.stdout == ""


def test_unknown_layer_exits_2():
    res = runner.invoke(app, ["projects", "--layer", "railway", "--json"])
    assert res.exit_code == 2
    assert "unknown layer 'railway'" in res.stderr
    assert res.stdout == ""
