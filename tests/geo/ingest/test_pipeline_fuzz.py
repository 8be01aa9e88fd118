"""Fuzzing the importers and the region resolver: no unhandled exception, every failure a
clear report line (or a :class:`CellError` / :class:`RegionError` with a reason).

``YRDMAP_FUZZ_EXAMPLES`` sets the examples per test (default 200; CI runs several thousand).
"""
from __future__ import annotations

import os
import tempfile

import geopandas as gpd
import pytest
import shapely

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from geo.ingest import check_bytes  # noqa: E402
from geo.ingest.fields import parse_deadline  # noqa: E402
from geo.ingest.locate import (CellError, parse_coordinate, parse_lonlat, parse_wkt,  # noqa: E402
                               resolve_regions)
from geo.store.files import FileStore  # noqa: E402
from geo.regions import RegionError, resolve  # noqa: E402

N = int(os.environ.get("YRDMAP_FUZZ_EXAMPLES", "200"))
FUZZ = settings(max_examples=N, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _catalog():
    return gpd.GeoDataFrame({"id": ["cat-1"], "name_zh": ["目录项"]},
                            geometry=[shapely.Point(121, 31)], crs=4326)


STORE = FileStore(tempfile.mkdtemp(prefix="yrdmap-fuzz-"), catalog=_catalog)


def _assert_clean_outcome(items, report):
    assert (items is None) == (not report.ok) or (items is not None and len(items) == 0)
    for issue in report.issues:
        assert issue.severity in ("error", "warning")
        assert isinstance(issue.reason, str) and issue.reason
        assert "\x1b" not in issue.line()            # hostile text is always escaped
    assert not STORE.path.exists()                    # checks never write


HEADERS = st.sampled_from(["项目名称", "name", "经度", "纬度", "lon", "lat", "x", "y", "WKT",
                           "区县", "城市", "地区", "adcode", "id", "编号", "图层", "状态",
                           "完成时限", "责任单位", "预期成果", "备注", "location", "", "序号"])
CELLS = st.one_of(
    st.text(max_size=30),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.sampled_from(["121.47", "31.23", "鼓楼区", "江苏", "320000", "POINT (121 31)",
                     "POLYGON ((0 0, 1 1, 1 0, 0 1, 0 0))", "2025年底", "在建", "hub", "rail",
                     "121°30′", "=cmd|' /C calc'!A0", "<img src=x onerror=alert(1)>", "\x00", "\x1b[2J"]),
)


@FUZZ
@given(st.binary(max_size=2000), st.sampled_from(["x.csv", "x.geojson", "x.kml", "x.zip",
                                                   "x.xlsx", "x.gpkg", "x.kmz", "x.txt"]))
def test_random_bytes_in_any_format(data, name):
    items, report = check_bytes(data, name, store=STORE)
    _assert_clean_outcome(items, report)


@FUZZ
@given(st.lists(HEADERS, min_size=1, max_size=6),
       st.lists(st.lists(CELLS, max_size=7), max_size=6),
       st.sampled_from(["utf-8", "gbk", "utf-8-sig"]),
       st.sampled_from(["wgs84", "gcj02"]))
def test_structured_csv(headers, rows, encoding, datum):
    import csv
    import io

    buf = io.StringIO()
    csv.writer(buf).writerows([headers, *rows])
    data = buf.getvalue().encode(encoding, errors="replace")
    items, report = check_bytes(data, "x.csv", store=STORE, datum=datum)
    _assert_clean_outcome(items, report)


@FUZZ
@given(st.lists(st.tuples(st.text(max_size=12), st.floats(-1e8, 1e8), st.floats(-1e8, 1e8)),
                min_size=1, max_size=4))
def test_structured_kml(placemarks):
    from xml.sax.saxutils import escape

    body = "".join(f"<Placemark><name>{escape(n)}</name><Point><coordinates>{x},{y}</coordinates>"
                   f"</Point></Placemark>" for n, x, y in placemarks)
    data = f"<kml><Document>{body}</Document></kml>".encode("utf-8", errors="replace")
    items, report = check_bytes(data, "x.kml", store=STORE)
    _assert_clean_outcome(items, report)


@FUZZ
@given(CELLS)
def test_cell_parsers(value):
    for parse in (parse_coordinate, parse_lonlat, parse_wkt, parse_deadline):
        try:
            parse(value)
        except CellError as err:
            assert err.reason


@FUZZ
@given(st.one_of(st.text(max_size=20), st.integers(), CELLS),
       st.sampled_from([None, "province", "city", "county"]))
def test_region_resolver(name, level):
    try:
        resolve(name, level)
    except RegionError as err:
        assert str(err)
    try:
        resolve_regions([(name, level)])
    except CellError as err:
        assert err.reason and err.accepted
