"""Fuzzing real imports (not dry runs) with damaged files of every format: valid files
(xlsx, zipped Shapefile, KMZ, GeoPackage, GeoJSON, KML, CSV) with bytes flipped, cut,
repeated or inserted. Whatever happens: no exception escapes (everything is a report
line), nothing is written when the report has an error, and the source file is unchanged.

``YRDMAP_FUZZ_EXAMPLES`` sets the examples per test (default 200; CI runs several thousand).
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import tempfile
import zipfile
from pathlib import Path

import geopandas as gpd
import pytest
import shapely

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from geo.ingest import import_file  # noqa: E402
from geo.store.files import FileStore  # noqa: E402

N = int(os.environ.get("YRDMAP_FUZZ_EXAMPLES", "200"))
FUZZ = settings(max_examples=N, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])


def _catalog():
    return gpd.GeoDataFrame({"id": ["cat-1"], "name_zh": ["目录项"]},
                            geometry=[shapely.Point(121, 31)], crs=4326)


FRAME = gpd.GeoDataFrame({"名称": ["虹桥枢纽", "江北新区"], "状态": ["在建", "规划"],
                          "图层": ["hub", "rail"]},
                         geometry=[shapely.Point(121.32, 31.19),
                                   shapely.LineString([(118.7, 32.1), (118.8, 32.2)])], crs=4326)


def _samples() -> dict[str, bytes]:
    out: dict[str, bytes] = {}
    tmp = Path(tempfile.mkdtemp(prefix="yrdmap-fuzz-src-"))
    out["a.csv"] = "项目名称,经度,纬度,完成时限\n虹桥枢纽,121.32,31.19,2025年底\n".encode("gbk")
    out["a.geojson"] = FRAME.to_json().encode()
    kml = ('<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2">'
           '<Document><Placemark><name>虹桥</name><ExtendedData><Data name="状态"><value>在建</value>'
           '</Data></ExtendedData><Point><coordinates>121.32,31.19,0</coordinates></Point>'
           '</Placemark></Document></kml>').encode()
    out["a.kml"] = kml
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("doc.kml", kml)
    out["a.kmz"] = buf.getvalue()
    FRAME.iloc[:1].to_file(tmp / "p.shp", encoding="utf-8")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for p in tmp.glob("p.*"):
            zf.write(p, p.name)
    out["a.zip"] = buf.getvalue()
    FRAME.to_file(tmp / "a.gpkg", layer="items", driver="GPKG")
    out["a.gpkg"] = (tmp / "a.gpkg").read_bytes()
    try:
        import openpyxl

        wb = openpyxl.Workbook()
        for r in (["项目名称", "经度", "纬度", "完成时限"], ["虹桥枢纽", 121.32, 31.19, "2025年底"]):
            wb.active.append(r)
        buf = io.BytesIO()
        wb.save(buf)
        out["a.xlsx"] = buf.getvalue()
    except ImportError:  # pragma: no cover - openpyxl is a test dependency
        pass
    return out


SAMPLES = _samples()
EDITS = st.lists(st.tuples(st.sampled_from(["flip", "cut", "insert", "repeat", "zero"]),
                           st.floats(0, 1), st.binary(min_size=1, max_size=8)),
                 min_size=1, max_size=4)


def _damage(data: bytes, edits) -> bytes:
    buf = bytearray(data)
    for kind, where, extra in edits:
        i = min(int(where * len(buf)), max(len(buf) - 1, 0))
        if kind == "flip" and buf:
            buf[i] ^= extra[0] or 0xFF
        elif kind == "cut":
            del buf[i:]
        elif kind == "insert":
            buf[i:i] = extra
        elif kind == "repeat":
            buf[i:i] = buf[i:i + 64]
        elif kind == "zero":
            buf[i:i + len(extra)] = b"\x00" * len(extra)
    return bytes(buf)


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@FUZZ
@given(st.sampled_from(sorted(SAMPLES)), EDITS, st.sampled_from(["wgs84", "gcj02"]))
def test_damaged_files_never_escape_the_report(tmp_path_factory, name, edits, datum):
    folder = tmp_path_factory.mktemp("f")
    store = FileStore(folder / "store", catalog=_catalog)
    path = folder / name
    path.write_bytes(_damage(SAMPLES[name], edits))
    before = _sha(path)
    try:
        items, report = import_file(path, store=store, datum=datum)
    except Exception as exc:  # pragma: no cover - the failure this test exists to catch
        pytest.fail(f"{name}: {type(exc).__name__} escaped the report: {exc}")
    assert _sha(path) == before                          # the source is never modified
    for issue in report.issues:
        assert issue.reason and "Traceback" not in issue.line()
        assert "yrdmap-read-" not in issue.line() and "yrdmap-upload-" not in issue.line()
    if not report.ok:
        assert items is None
        assert not store.path.exists()                   # no write on error
    else:
        assert report.imported == len(items)
        assert len(store.load_user()) == len(items)


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_undamaged_samples_import(tmp_path, name):
    store = FileStore(tmp_path / "store", catalog=_catalog)
    path = tmp_path / name
    path.write_bytes(SAMPLES[name])
    items, report = import_file(path, store=store)
    assert report.ok, report.lines()
    assert json.loads(store.path.read_text(encoding="utf-8"))["features"]
