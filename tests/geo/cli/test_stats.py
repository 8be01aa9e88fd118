"""``yrdmap stats``: --json parses, and the CLI's numbers are geo.stats' numbers."""

import pytest
from typer.testing import CliRunner

from geo.cli import app
from geo.select import filter_projects
from geo.stats import compare, region_stats
from geo.targets import target_records

from tests._helpers import cli_json

runner = CliRunner()


def _json(args):
    return cli_json("stats", *args)


def test_help_lists_stats():
    res = runner.invoke(app, ["--help"])
    assert res.exit_code == 0 and "stats" in res.output


@pytest.mark.parametrize("args, by, filters", [
    ([], "province", {}),
    (["--by", "city"], "city", {}),
    (["--by", "city", "--province", "浙江", "--layer", "rail", "--layer", "waterway"], "city",
     {"provinces": ["浙江"], "layers": ["rail", "waterway"]}),
    (["-p", "上海", "-p", "Jiangsu", "--status", "推进"], "province",
     {"provinces": ["上海", "Jiangsu"], "status": ["推进"]}),
])
def test_cli_numbers_equal_geo_stats(args, by, filters):
    data = _json(args)
    items = filter_projects(**filters)
    expected = region_stats(items, by, within=filters.get("provinces", ())).to_records()
    assert data["by"] == by
    for table in ("summary", "by_layer", "by_status"):
        assert len(data[table]) == len(expected[table])
        for got, want in zip(data[table], expected[table]):
            assert got.keys() == want.keys()
            for k, v in want.items():
                assert got[k] == (pytest.approx(v) if isinstance(v, float) else v), (table, k)


def test_compare_json_equals_geo_compare():
    data = _json(["--compare", "上海", "--compare", "苏州"])
    expected = compare(filter_projects(), ["上海", "苏州"]).to_dict("records")
    assert data == [{k: pytest.approx(v) if isinstance(v, float) else v for k, v in r.items()}
                    for r in expected]
    assert "Δ 苏州市 − 上海市" in data[0]


def test_targets_json_is_the_targets_table():
    data = _json(["--targets", "--lang", "en"])
    assert data == target_records("en")
    assert all(r["status"] == "target only" for r in data)


def test_plain_output_is_a_table_with_the_total_row():
    res = runner.invoke(app, ["stats"])
    assert res.exit_code == 0
    assert "浙江省" in res.stdout and "合计" in res.stdout and "rows)" in res.stdout


@pytest.mark.parametrize("args, needle", [
    (["--by", "county"], "'county'"),
    (["--province", "浙將"], "浙將"),
    (["--layer", "tram"], "'tram'"),
    (["--compare", "上海"], "two or more"),
    (["--lang", "fr"], "'fr'"),
])
def test_bad_values_exit_2_naming_the_value(args, needle):
    res = runner.invoke(app, ["stats", *args])
    assert res.exit_code == 2
    assert needle in res.stderr and res.stderr.count("\n") == 1
