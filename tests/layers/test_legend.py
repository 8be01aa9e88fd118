"""The legend lists exactly what is drawn, escapes its text and follows the layer control."""
from __future__ import annotations

import dataclasses
import re

import folium
import pytest

from layers.legend import Legend, legend_html, legend_rows, swatch_svg
from layers.registry import load_registry

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


def test_html_escapes_labels():
    row = dataclasses.replace(legend_rows(REG, {"rail": {"line"}}, set(), "en")[0],
                              label="<script>alert(1)</script>")
    out = legend_html([row], "en")
    assert "<script>" not in out and "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert 'data-layers="rail"' in out and out.startswith("<details><summary") and ">Legend</summary>" in out


@pytest.mark.parametrize("kind, tag", [("fill", "rect"), ("line", "line"), ("point", "circle")])
def test_swatches(kind, tag):
    svg = swatch_svg(kind, {"color": "#112233", "fill_color": "#445566", "dash": "8 6"})
    assert f"<{tag} " in svg and "#112233" in svg
    assert ('stroke-dasharray="8 6"' in svg) is (kind != "point")
    with pytest.raises(ValueError):
        swatch_svg("hatch", {})


def test_control_script_ties_rows_to_layers():
    m = folium.Map(tiles=None)
    group = folium.FeatureGroup(name="Rail").add_to(m)
    Legend(legend_html(legend_rows(REG, {"rail": {"line"}}, set(), "en"), "en"),
           {"rail": group}).add_to(m)
    html = m.get_root().render()
    assert re.search(r'"rail": feature_group_[0-9a-f]+,', html)
    assert 'map.on("overlayadd overlayremove", sync)' in html
    assert ".yrd-legend" in html


def test_hollow_points_are_explained_by_their_status_row():
    """#17.12: the status classes whose points are drawn hollow (registry ``hollow``) are
    named in a hollow-dot row, in the web and the static legend alike; the line samples
    keep their full length."""
    from layers.registry import load_registry

    reg = load_registry()
    hollow = {sc.id for sc in reg.status_classes if sc.hollow}
    assert hollow == {"planned", "preliminary"}
    rows = legend_rows(reg, {"hub": {"point"}}, {"planned", "preliminary", "underway"}, "zh")
    status = {r.label: r.swatches for r in rows if r.section == "status"}
    (kind, dot), = status["空心点：规划、前期工作（尚未开工）"]
    assert kind == "point" and dot["fill_color"] == "#ffffff"
    assert [k for k, _ in status["规划（虚线）"]] == ["line"]
    rows = legend_rows(reg, {"hub": {"point"}}, {"underway"}, "zh")
    assert not [r for r in rows if "空心点" in r.label]
