"""Tests of geo.adjacency.crossings: items crossing a border."""
from __future__ import annotations

import pandas as pd
import pytest
import shapely

from geo.adjacency import border, crossings, near_border
from geo.adjacency._items import to_metric
from geo.catalog import load_regions

SH, ZJ = 310000, 330000


# ── crossings and routes (the catalog) ────────────────────────────────────────

def test_hu_zha_hang_crosses_shanghai_zhejiang_once():
    b = border("上海", "浙江")
    x = crossings(b, layers=["rail"]).set_index("id")
    row = x.loc["rail-hu-zha-hang"]
    assert row.name_zh == "沪乍杭铁路" and row.kind == "line"
    assert row.crossings == 1
    point = row.points.geoms[0]
    assert shapely.distance(point, b.geometry) < 1e-9                          # on the border
    length = to_metric(row.geometry).length / 1e3
    assert row.km_a + row.km_b == pytest.approx(length, rel=1e-3)
    assert set(row.km_by_province) == {SH, ZJ}


def test_crossings_are_symmetric():
    ab, ba = crossings("上海", "浙江"), crossings("浙江", "上海")
    cols = ["id", "crossings", "km_a", "km_b", "km2_a", "km2_b", "border_km"]
    pd.testing.assert_frame_equal(ab[cols], ba[cols])
    assert all(p.equals(q) for p, q in zip(ab.points.dropna(), ba.points.dropna()))


def test_crossing_points_lie_on_the_border():
    """Within 1e-9° (0.1 mm) in WGS84, where they are computed; a straight lon/lat
    segment bends by millimetres once projected, hence 5 cm in METRIC."""
    b = border("江苏", "浙江")
    border_m = to_metric(b.geometry)
    for mp in crossings(b)["points"].dropna():
        for p in mp.geoms:
            assert shapely.distance(p, b.geometry) < 1e-9
            assert shapely.distance(to_metric(p), border_m) < 0.05


def test_polygons_lying_in_both_sides():
    x = crossings("上海", "浙江").set_index("id")
    dz = x.loc["dz-demonstration-zone"]               # 青浦 + 吴江 + 嘉善
    counties = load_regions("county").set_index("adcode")["area_km2"]
    assert dz.km2_a == pytest.approx(counties[310118])
    assert dz.km2_b == pytest.approx(counties[330421])
    assert "metro-suxichang" not in x.index            # 苏锡常 lies in neither
    with pytest.raises(ValueError, match="unknown layer 'railway'"):
        crossings("上海", "浙江", layers=["railway"])


def test_near_border_includes_crossings_and_grows():
    few = near_border("上海", "浙江", 0)
    more = near_border("上海", "浙江", 5)
    assert set(few.id) <= set(more.id)
    assert set(crossings("上海", "浙江").id) <= set(few[few.crosses_border].id)
