"""The legend's rows list exactly what is drawn, in registry order."""
from __future__ import annotations

from geo.legend import legend_rows
from geo.registry import load_registry

REG = load_registry()


def test_rows_only_for_drawn_layers_in_registry_order():
    drawn = {"hub": {"point"}, "provinces": {"line"}, "rail": {"line"},
             "zone": {"fill", "point"}}
    rows = legend_rows(REG, drawn, set(), "zh")
    assert [r.label for r in rows] == ["省界", "轨道交通", "合作与开放区域", "枢纽与节点"]
    zone = rows[2]
    assert [k for k, _ in zone.swatches] == ["fill", "point"]
    assert zone.layers == ("zone",)


def test_status_rows_only_for_present_classes():
    rows = legend_rows(REG, {"rail": {"line"}}, {"planned", "underway"}, "en")
    status = [r for r in rows if r.section == "status"]
    assert [r.label for r in status] == ["planned (dashed)", "under way (solid)"]  # no points
    assert status[0].swatches[0][1]["dash"] == "8 6"
    assert status[1].swatches[0][1]["dash"] == ""
    assert legend_rows(REG, {}, set(), "en") == []


def test_hollow_points_are_explained_by_their_status_row():
    """#17.12: the status classes whose points are drawn hollow (registry ``hollow``) are
    named in a hollow-dot row, in the web and the static legend alike; the line samples
    keep their full length."""
    reg = REG
    hollow = {sc.id for sc in reg.status_classes if sc.hollow}
    assert hollow == {"planned", "preliminary"}
    rows = legend_rows(reg, {"hub": {"point"}}, {"planned", "preliminary", "underway"}, "zh")
    status = {r.label: r.swatches for r in rows if r.section == "status"}
    (kind, dot), = status["空心点：规划、前期工作（尚未开工）"]
    assert kind == "point" and dot["fill_color"] == "#ffffff"
    assert [k for k, _ in status["规划（虚线）"]] == ["line"]
    rows = legend_rows(reg, {"hub": {"point"}}, {"underway"}, "zh")
    assert not [r for r in rows if "空心点" in r.label]
