"""Tests of geo.adjacency.route: a line's length region by region, in order."""
from __future__ import annotations

import numpy as np
import pytest

from geo.adjacency import route
from geo.adjacency._items import to_metric


def _catalog_lines():
    from geo.catalog import load_projects

    items = load_projects()
    return items[items.geom_type.isin(["LineString", "MultiLineString"])]


@pytest.mark.parametrize("level", ["province", "city", "county"])
def test_route_adds_up_to_the_line(level):
    from geo.measure import measure_by_region

    lines = _catalog_lines()
    assert len(lines) >= 5
    for item in lines.itertuples():
        r = route(item.id, level)
        length = to_metric(item.geometry).length / 1e3
        assert r.km.sum() == pytest.approx(length, rel=1e-3)
        assert (r.km > 0).all() and list(r.seq) == list(range(1, len(r) + 1))
        assert (np.diff(r.from_km) > 0).all()
        assert (r.adcode.to_numpy()[1:] != r.adcode.to_numpy()[:-1]).all()
        if level == "province":
            measured = measure_by_region(lines[lines.id == item.id], "province")
            by_route = r.groupby("adcode").km.sum()
            for a, km in zip(measured.adcode, measured.km):
                assert by_route[a] == pytest.approx(km, rel=1e-3, abs=0.1)


def test_route_order_and_errors():
    r = route("rail-hu-zha-hang", "city")
    assert list(r.name_zh) == ["上海市", "嘉兴市", "杭州市"]
    with pytest.raises(ValueError, match="Closest: rail-hu-zha-hang"):
        route("rail-hu-zha")
    with pytest.raises(ValueError, match="is a (Multi)?Polygon"):
        route("dz-demonstration-zone")
    with pytest.raises(ValueError, match="level 'town'"):
        route("rail-hu-zha-hang", "town")
