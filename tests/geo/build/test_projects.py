"""The catalog builder's routes: through reference positions, along river courses, and the
one-line errors for a bad route (geo.build.projects)."""
from __future__ import annotations

import pytest
import shapely

from geo.build.projects import CatalogError, Reference, build_projects, route_coords

ITEM = '''[[item]]
id = "rail-test"
name_zh = "测试线"
name_en = "Test line"
layer = "rail"
clause = "十七"
quote = "测试句"
status = "规划"
precision = "{precision}"
cities = [320500]
{geometry}
'''


@pytest.fixture(scope="module")
def ref():
    return Reference()


def _build(tmp_path, monkeypatch, geometry, precision="approximate"):
    seed = tmp_path / "seed"
    seed.mkdir(exist_ok=True)
    (seed / "plan.txt").write_text("这是测试句。\n", "utf-8")
    monkeypatch.setenv("YRDMAP_SEED_DIR", str(seed))
    spec = tmp_path / "lines.toml"
    spec.write_text(ITEM.format(precision=precision, geometry=geometry), "utf-8")
    return build_projects(tmp_path / "out.geojson", files=(spec,))


def test_route_through_positions_keeps_them_as_waypoints(tmp_path, monkeypatch, ref):
    gdf = _build(tmp_path, monkeypatch, 'route = ["苏州北站", "苏州南站"]')
    line = gdf.geometry.iloc[0]
    assert list(line.coords) == [ref.position("t", "route", "苏州北站"),
                                 ref.position("t", "route", "苏州南站")]
    assert gdf.waypoints.iloc[0] == ["苏州北站", "苏州南站"]


def test_river_stretch_follows_the_course(ref):
    coords, exact = route_coords("t", "route", ["长江 芜湖港", "~长江", "长江 南京长江大桥"], ref)
    assert not exact and len(coords) > 20
    course = ref.course("t", "route", "长江", "river")
    assert max(course.distance(shapely.Point(c)) for c in coords) < 1e-6


@pytest.mark.parametrize("geometry, precision, message", [
    ('route = ["苏州北站", "不存在站"]', "approximate", "'不存在站' is not a row of data/reference/positions.csv"),
    ('route = ["~长江", "长江 芜湖港", "长江 安庆港"]', "approximate", "must stand between two position names"),
    ('route = ["苏州北站", "~长江", "长江 芜湖港"]', "approximate", "'苏州北站' lies .* m from the 长江 course"),
    ('route = ["长江 芜湖港", "~黄河", "长江 安庆港"]', "approximate", "'黄河' is not a river"),
    ('route = ["苏州北站", "苏州南站"]', "boundary", "'boundary' is for admin-derived polygons"),
    ('route = ["苏州北站", "苏州南站"]\npublished = { km = 40 }', "approximate", "missing 'of'"),
])
def test_bad_routes_name_item_field_and_value(tmp_path, monkeypatch, geometry, precision, message):
    with pytest.raises(CatalogError, match=f"catalog item 'rail-test'.*{message}"):
        _build(tmp_path, monkeypatch, geometry, precision)
