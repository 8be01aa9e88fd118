"""The legend escapes its text and follows the layer control (its rows: tests/geo/test_legend.py)."""
from __future__ import annotations

import dataclasses
import re

import folium
import pytest

from geo.legend import legend_rows
from geo.registry import load_registry
from layers.legend import Legend, legend_html, swatch_svg

REG = load_registry()


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
