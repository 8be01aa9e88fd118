"""Every data format re-reads to the same items: properties exact, geometry within 1e-7°."""
from __future__ import annotations

import json
import zipfile
import xml.etree.ElementTree as ET

import numpy as np
import pytest
import shapely

from geo.export import (ExportError, read_csv, read_geojson, read_gpkg, read_kml,
                        read_shapefile, read_xlsx, write_csv, write_data, write_geojson,
                        write_gpkg, write_kml, write_shapefile, write_xlsx)
from geo.export._table import NULLABLE, records
from geo.export.xlsx import items_table

TOL = 1e-7
ROUND_TRIPS = {
    "geojson": (write_geojson, read_geojson, "geojson"),
    "gpkg": (write_gpkg, read_gpkg, "gpkg"),
    "csv": (write_csv, read_csv, "csv"),
    "kml": (write_kml, read_kml, "kml"),
    "shp": (write_shapefile, read_shapefile, "zip"),
}


def _norm(rec: dict, fmt: str = "") -> dict:
    # flat formats (CSV, DBF, KML) cannot tell an empty text from a missing one: in the
    # catalog's nullable text columns both read back as null; DBF trims a text's
    # leading and trailing spaces (documented in geo/export/shapefile.py)
    out = {k: (None if k in NULLABLE and v == "" else v) for k, v in rec.items()}
    if fmt == "shp":
        out = {k: (v.strip() if isinstance(v, str) else v) for k, v in out.items()}
    return out


def assert_same_items(original, back, fmt=""):
    a = {r["id"]: _norm(r, fmt) for r in records(original)}
    b = {r["id"]: _norm(r, fmt) for r in records(back)}
    assert set(a) == set(b)
    for item_id, rec in a.items():
        assert set(b[item_id]) == set(rec), item_id
        for key, value in rec.items():
            assert b[item_id][key] == value, (item_id, key, value, b[item_id][key])
    ga = dict(zip(original["id"], original.geometry.values))
    gb = dict(zip(back["id"], back.geometry.values))
    for item_id, geom in ga.items():
        other = gb[item_id]
        assert shapely.get_dimensions(other) == shapely.get_dimensions(geom), item_id
        assert shapely.get_num_geometries(other) == shapely.get_num_geometries(geom), item_id
        # normalised (canonical ring order and orientation), every vertex within 1e-7°
        a = shapely.get_coordinates(shapely.normalize(geom))
        b = shapely.get_coordinates(shapely.normalize(other))
        assert a.shape == b.shape, item_id
        assert np.abs(a - b).max(initial=0.0) <= TOL, item_id


def _written_and_read(fmt: str, items, folder):
    """``items`` written in ``fmt`` (a key of :data:`ROUND_TRIPS`) to ``folder`` and read back."""
    write, read, ext = ROUND_TRIPS[fmt]
    return read(write(items, folder / f"items.{ext}"))


@pytest.mark.parametrize("fmt", ROUND_TRIPS)
def test_round_trip_tiny(fmt, tiny, tmp_path):
    assert_same_items(tiny, _written_and_read(fmt, tiny, tmp_path), fmt)


@pytest.mark.parametrize("fmt", ROUND_TRIPS)
def test_round_trip_catalog(fmt, catalog, tmp_path):
    # the catalog itself round-trips exactly
    assert_same_items(catalog, _written_and_read(fmt, catalog, tmp_path))


def test_geojson_is_rfc7946(tiny, tmp_path):
    fc = json.loads((write_geojson(tiny, tmp_path / "a.geojson")).read_text(encoding="utf-8"))
    assert fc["type"] == "FeatureCollection" and "crs" not in fc
    poly = next(f for f in fc["features"] if f["geometry"]["type"] == "Polygon")
    exterior, hole = (shapely.LinearRing(r) for r in poly["geometry"]["coordinates"])
    assert exterior.is_ccw and not hole.is_ccw   # right-hand rule
    assert fc["features"][0]["properties"]["name_zh"] == "上海中心"


def test_csv_opens_in_excel(tiny, tmp_path):
    raw = write_csv(tiny, tmp_path / "a.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")                 # UTF-8 BOM
    header = raw[3:].split(b"\r\n", 1)[0].decode("utf-8")
    assert header.split(",")[-1] == "wkt" and header.startswith("id,name_zh")
    assert "上海中心".encode() in raw


def test_gpkg_one_table_per_layer(tiny, tmp_path):
    import pyogrio

    path = write_gpkg(tiny, tmp_path / "a.gpkg")
    names = [name for name, _ in pyogrio.list_layers(path)]
    assert sorted(names) == sorted(set(tiny["layer"]))


def test_kml_names_descriptions_and_folders(tiny, tmp_path):
    ns = {"k": "http://www.opengis.net/kml/2.2"}
    root = ET.parse(write_kml(tiny, tmp_path / "a.kml", lang="zh")).getroot()
    folders = [f.findtext("k:name", namespaces=ns) for f in root.iterfind(".//k:Folder", ns)]
    assert "轨道交通" in folders and "枢纽与节点" in folders
    pm = root.find(".//k:Placemark", ns)
    assert pm.findtext("k:name", namespaces=ns) == "上海中心"
    assert "规划" in pm.findtext("k:description", namespaces=ns)
    en = ET.parse(write_kml(tiny, tmp_path / "b.kml", lang="en")).getroot()
    assert en.find(".//k:Placemark", ns).findtext("k:name", namespaces=ns) == "Shanghai"


def test_shapefile_zip_members_cpg_and_chinese(tiny, tmp_path):
    import pyogrio

    path = write_shapefile(tiny, tmp_path / "a.zip")
    with zipfile.ZipFile(path) as zf:
        names = zf.namelist()
        assert all(n.isascii() for n in names)
        assert "fields.csv" in names
        for stem in ("yrdmap_points", "yrdmap_multipoints", "yrdmap_lines", "yrdmap_polygons"):
            assert {f"{stem}.{e}" for e in ("shp", "shx", "dbf", "prj", "cpg")} <= set(names)
        assert zf.read("yrdmap_points.cpg").decode().strip().upper() in ("UTF-8", "UTF8")
        zf.extractall(tmp_path / "x")
    # a plain GIS reader (no yrdmap code) sees the Chinese names and 10-char fields
    df = pyogrio.read_dataframe(tmp_path / "x" / "yrdmap_points.shp")
    assert "上海中心" in set(df["name_zh"])
    assert all(len(c.encode()) <= 10 for c in df.columns if c != "geometry")
    poly = pyogrio.read_dataframe(tmp_path / "x" / "yrdmap_polygons.shp")
    assert {"members", "km2_by_prv", "cross_prov"} <= set(poly.columns)


def test_xlsx_results_table(catalog, tmp_path):
    table = read_xlsx(write_xlsx(catalog, tmp_path / "a.xlsx", lang="zh"))
    expected = items_table(catalog, "zh")
    assert list(table.columns) == list(expected.columns)
    assert list(table["编号"]) == list(catalog["id"])
    for col in [c for c in expected.columns if c.endswith(("km", "km²"))]:
        for got, want in zip(table[col], expected[col]):
            if want is None or want != want:
                assert got is None or got != got, col
            else:
                assert got == pytest.approx(want, abs=1e-9), col
    assert {"上海市 km", "江苏省 km²", "区外/海域 km"} <= set(table.columns)


def test_xlsx_text_never_becomes_a_formula(tiny, tmp_path):
    from openpyxl import load_workbook

    wb = load_workbook(write_xlsx(tiny, tmp_path / "a.xlsx"))
    cells = [c for row in wb.worksheets[0].iter_rows() for c in row
             if isinstance(c.value, str) and c.value.startswith("杭州=")]
    assert cells and all(c.data_type == "s" for c in cells)


def test_write_data_refuses_empty_and_map_formats(tiny, tmp_path):
    with pytest.raises(ExportError, match="no items"):
        write_data("csv", tiny.iloc[0:0], tmp_path / "a.csv")
    with pytest.raises(ExportError, match="map format"):
        write_data("png", tiny, tmp_path / "a.png")
    with pytest.raises(ExportError, match="not one of"):
        write_data("dxf", tiny, tmp_path / "a.dxf")
    assert list(tmp_path.iterdir()) == []


def test_failed_write_leaves_nothing_and_keeps_the_old_file(tiny, tmp_path, monkeypatch):
    from geo.export import geojson

    target = tmp_path / "a.geojson"
    target.write_text("old", encoding="utf-8")

    def boom(*a, **k):
        raise RuntimeError("disk full")

    monkeypatch.setattr(geojson.json, "dump", boom)
    with pytest.raises(RuntimeError):
        write_geojson(tiny, target)
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.geojson"]
