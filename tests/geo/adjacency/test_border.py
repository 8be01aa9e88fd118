"""Tests of geo.adjacency.border: the shared border of two regions and the zone along it."""
from __future__ import annotations

import pytest

from geo.adjacency import AdjacencyError, border, border_zone, graph, neighbours
from geo.adjacency._items import to_metric
from geo.regions import RegionError

SH, ZJ = 310000, 330000


# ── border and border zone ────────────────────────────────────────────────────

def test_border_is_symmetric_and_adds_up():
    b = border("上海", "浙江")
    assert border("浙江", "上海") == b
    assert (b.a.adcode, b.b.adcode) == (SH, ZJ)
    assert to_metric(b.geometry).length / 1e3 == pytest.approx(b.length_km, rel=1e-9)
    assert b.length_km == pytest.approx(graph("province").set_index(["a", "b"]).at[
        (SH, ZJ), "shared_km"], rel=1e-12)
    for side in (SH, ZJ):
        counties = b.sides[(b.sides.side == side) & (b.sides.level == "county")]
        assert counties.shared_km.sum() == pytest.approx(b.length_km, rel=1e-9)
    assert set(b.sides[b.sides.side == ZJ].name_zh) == {"嘉兴市", "舟山市", "嘉善县", "平湖市",
                                                        "嵊泗县"}


def test_border_between_levels_and_point_contacts():
    assert border("上海", "嘉兴").length_km == pytest.approx(
        neighbours("上海", level="city").set_index("adcode").at[330400, "shared_km"])
    touch = border(320281, 321283)            # 江阴市 · 泰兴市: a corner on the Yangtze
    assert touch.contact == "point" and touch.length_km == 0
    assert touch.geometry.geom_type == "Point"


def test_border_errors_name_the_problem():
    with pytest.raises(AdjacencyError, match="do not border.*江苏省, 浙江省"):
        border("上海", "安徽")
    with pytest.raises(AdjacencyError, match="江苏省 contains 苏州市"):
        border("苏州", "江苏")
    with pytest.raises(RegionError, match="unknown region"):
        border("上嗨", "浙江")


def test_border_zone_grows_with_distance():
    previous: set = set()
    for km in (0, 1, 5, 10, 25):
        zone = border_zone("江苏", "浙江", km)
        codes = set(zone.adcode)
        assert previous <= codes
        assert (zone.distance_km <= km + 1e-9).all()
        previous = codes
    touching = border_zone("江苏", "浙江", 0)
    b = border("江苏", "浙江")
    along = set(b.sides[b.sides.level == "county"].adcode)
    assert along <= set(touching.adcode)
    assert set(touching[touching.side != 0].adcode) == along | (
        set(touching[touching.side != 0].adcode) - along)
    with pytest.raises(ValueError, match="km -1"):
        border_zone("江苏", "浙江", -1)
