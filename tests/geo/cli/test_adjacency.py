"""``yrdmap neighbors | border | crossings | route``: --json, tables, exit status 2."""

import pytest
from typer.testing import CliRunner

from geo.cli import app

from tests._helpers import cli_json

runner = CliRunner()


run_json = cli_json


def test_help_lists_the_adjacency_commands():
    res = runner.invoke(app, ["--help"])
    for command in ("neighbors", "border", "crossings", "route"):
        assert command in res.output


def test_neighbors_json_fields():
    data = run_json("neighbors", "上海")
    assert [d["adcode"] for d in data] == [320000, 330000]
    for d in data:
        assert set(d) == {"name_zh", "name_en", "adcode", "level", "shared_km", "contact"}
        assert d["level"] == "province" and d["shared_km"] > 100 and d["contact"] == "edge"


def test_neighbors_at_another_level_and_contact_rule():
    cities = run_json("neighbors", "Shanghai", "--level", "city")
    assert {d["name_zh"] for d in cities if d["adcode"] // 10000 == 33} == {"嘉兴市", "舟山市"}
    edge = run_json("neighbors", "江阴市")
    point = run_json("neighbors", "江阴市", "--contact", "point")
    touching = {d["name_zh"]: d for d in point}
    assert "泰兴市" in touching and "泰兴市" not in {d["name_zh"] for d in edge}
    assert touching["泰兴市"]["shared_km"] == 0 and touching["泰兴市"]["contact"] == "point"


def test_border_json_and_symmetry():
    ab = run_json("border", "上海", "浙江")
    ba = run_json("border", "Zhejiang", "310000")
    assert ab == ba
    assert ab["a"]["adcode"] == 310000 and ab["b"]["adcode"] == 330000
    assert 110 < ab["length_km"] < 120 and ab["contact"] == "edge"
    assert {s["name_zh"] for s in ab["sides"] if s["level"] == "city"} == {
        "上海市", "嘉兴市", "舟山市"}
    assert "rail-hu-zha-hang" in {c["id"] for c in ab["crossings"]}


def test_border_within_lists_zone_and_projects():
    near = run_json("border", "上海", "浙江", "--within", "5")
    assert near["within_km"] == 5
    assert all(z["distance_km"] <= 5 for z in near["zone"])
    assert {"青浦区", "嘉善县", "松江区"} <= {z["name_zh"] for z in near["zone"]}
    projects = {p["id"]: p for p in near["projects"]}
    assert projects["rail-hu-zha-hang"]["crosses_border"] is True
    assert projects["hub-water-village-living-room"]["crosses_border"] is False


def test_crossings_json_for_hu_zha_hang():
    data = run_json("crossings", "上海", "浙江", "--layer", "rail")
    assert data and all(d["layer"] == "rail" for d in data)
    row = next(d for d in data if d["id"] == "rail-hu-zha-hang")
    assert row["name_zh"] == "沪乍杭铁路" and row["crossings"] == 1
    assert len(row["points"]) == 1 and len(row["points"][0]) == 2
    assert set(row["km_by_province"]) == {"上海市", "浙江省"}
    assert row["km_by_side"]["上海市"] > 0 and row["km_by_side"]["浙江省"] > 0
    assert {"id", "name_zh", "layer", "crossings", "km_by_province", "km2_by_province"} <= set(row)


def test_crossings_polygons_carry_km2():
    data = run_json("crossings", "上海", "浙江", "--layer", "demonstration_zone")
    dz = next(d for d in data if d["id"] == "dz-demonstration-zone")
    assert dz["crossings"] is None and dz["km2_by_side"]["浙江省"] > 400
    assert set(dz["km2_by_province"]) == {"上海市", "江苏省", "浙江省"}


def test_route_json_adds_up():
    data = run_json("route", "rail-hu-zha-hang", "--level", "city")
    assert [s["name_zh"] for s in data["route"]] == ["上海市", "嘉兴市", "杭州市"]
    assert sum(s["km"] for s in data["route"]) == pytest.approx(data["length_km"], abs=0.01)
    assert data["route"][-1]["to_km"] == pytest.approx(data["length_km"], abs=0.01)


def test_plain_output_is_tables():
    res = runner.invoke(app, ["neighbors", "浙江", "--level", "city"])
    assert res.exit_code == 0 and "上海市" in res.stdout and "rows)" in res.stdout
    res = runner.invoke(app, ["border", "江苏", "安徽"])
    assert res.exit_code == 0 and "江苏省 Jiangsu — 安徽省 Anhui" in res.stdout
    res = runner.invoke(app, ["route", "rail-hu-zha-hang"])
    assert res.exit_code == 0 and "浙江省" in res.stdout


@pytest.mark.parametrize("args, message", [
    (["neighbors", "上嗨"], "unknown region '上嗨'. Closest:"),
    (["neighbors", "上海", "--level", "town"], "level 'town' is not one of"),
    (["neighbors", "上海", "--contact", "queen"], "contact 'queen' is not one of edge, point"),
    (["border", "上海", "安徽"], "do not border each other"),
    (["border", "苏州", "江苏"], "contains"),
    (["border", "上海", "浙江", "--within", "-2"], "km -2.0 must be a number >= 0"),
    (["crossings", "上海", "浙江", "--layer", "railway"], "unknown layer 'railway'"),
    (["route", "rail-hu-zha"], "unknown project id 'rail-hu-zha'. Closest: rail-hu-zha-hang"),
    (["route", "dz-demonstration-zone"], "route needs a LineString"),
])
def test_errors_exit_2_with_one_line(args, message):
    res = runner.invoke(app, [*args, "--json"])
    assert res.exit_code == 2, res.output
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("yrdmap: error:")
    assert message in lines[0]
    assert res.stdout == ""
