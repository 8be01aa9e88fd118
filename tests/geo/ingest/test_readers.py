"""Every format and encoding, with real files made here: what Excel, ArcGIS, QGIS,
Google Earth / 奥维 and Amap exports look like."""
from __future__ import annotations

import datetime as dt

import geopandas as gpd
import pytest
import shapely

from tests.geo.ingest._ingest_files import (check_ok, error_lines, excel_csv, snapshot, text_file,
                                            zip_files)
from geo.ingest import check_file, import_file

HEADERS = ["序号", "项目名称", "经度", "纬度", "责任单位", "完成时限", "预期成果", "状态", "投资额（亿元）"]
ROWS = [
    [1, "虹桥国际开放枢纽", "121.3197", "31.1942", "上海市发展改革委", "2025年底", "建成国际枢纽", "在建", "12.5"],
    [2, "南京江北新区产业园", "118.7288", "32.1577", "南京市人民政府", "2026-06-30", "产值翻番", "规划", ""],
]


def _check_two(items):
    assert list(items["name_zh"]) == ["虹桥国际开放枢纽", "南京江北新区产业园"]
    assert list(items["responsible_unit"]) == ["上海市发展改革委", "南京市人民政府"]
    assert list(items["deadline"]) == ["2025-12-31", "2026-06-30"]
    assert list(items["expected_result"]) == ["建成国际枢纽", "产值翻番"]
    assert list(items["status"]) == ["在建", "规划"]
    assert items.iloc[0]["投资额（亿元）"] == "12.5"          # unknown columns kept as extras
    assert items.iloc[0]["序号"] == "1"
    assert items.iloc[0].geometry.equals(shapely.Point(121.3197, 31.1942))
    assert items.crs.to_epsg() == 4326
    assert list(items["cities"]) == [[310100], [320100]]


@pytest.mark.parametrize("encoding, detected", [("gbk", "gb18030"), ("utf-8-sig", "utf-8-sig"),
                                                ("utf-8", "utf-8"), ("gb18030", "gb18030")])
def test_csv_encodings_are_detected(tmp_path, store, encoding, detected):
    path = excel_csv(tmp_path / "清单.csv", [HEADERS, *ROWS], encoding)
    items, report = check_ok(path, store=store)
    assert report.encoding == detected
    _check_two(items)


def test_gbk_csv_as_excel_writes_it_has_crlf_no_bom_and_imports(tmp_path, store):
    path = excel_csv(tmp_path / "重点项目.csv", [HEADERS, *ROWS], "gbk")
    raw = path.read_bytes()
    assert b"\r\n" in raw and not raw.startswith(b"\xef\xbb\xbf")
    assert "项目名称".encode("gbk") in raw
    items, report = import_file(path, store=store)
    assert report.ok and report.imported == 2
    assert set(store.load_user()["name_zh"]) == {"虹桥国际开放枢纽", "南京江北新区产业园"}


def test_utf16_tab_text_from_excel_unicode_export(tmp_path, store):
    text = "\r\n".join("\t".join(map(str, r)) for r in [HEADERS, *ROWS]) + "\r\n"
    path = tmp_path / "unicode.txt"
    path.write_bytes(text.encode("utf-16"))        # BOM + UTF-16 LE, tab-separated
    items, report = check_ok(path, store=store)
    assert report.encoding == "utf-16"
    _check_two(items)


def test_encoding_override_wins_and_a_wrong_one_is_reported(tmp_path, store):
    path = excel_csv(tmp_path / "gbk.csv", [HEADERS, *ROWS], "gbk")
    items, report = check_file(path, store=store, encoding="GB18030")
    assert report.ok and report.encoding == "gb18030"
    _check_two(items)
    items, report = check_file(path, store=store, encoding="utf-8")
    assert items is None and len(report.errors) == 1
    line = report.errors[0].line()
    assert line.startswith("error: file: encoding = 'utf-8': line 1: bytes ")
    assert "are not valid utf-8; accepted: UTF-8, UTF-8 with BOM, GBK/GB18030" in line


def test_semicolon_and_title_rows_are_handled(tmp_path, store):
    path = text_file(tmp_path / "semi.csv",
                     "长三角 重点项目清单（2025）;;\n;;\n名称;lng;lat\n测试点;121.47;31.23\n")
    items, report = check_ok(path, store=store)
    assert items.iloc[0]["name_zh"] == "测试点"
    assert items.iloc[0]["id"].endswith("-4")          # made id: spreadsheet row 4


def test_xlsx_with_title_row_dates_numbers_and_second_sheet(tmp_path, store):
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "清单"
    ws.append(["长三角一体化 重点任务清单"])
    ws.merge_cells("A1:G1")
    ws.append(["编号", "任务名称", "经度", "纬度", "牵头单位", "完成时间", "备注"])
    ws.append([101, "杭州湾跨海通道", 121.05, 30.55, "浙江省交通运输厅", dt.datetime(2027, 12, 31), "示例"])
    ws.append([102, "合肥综合性国家科学中心", 117.2272, 31.8206, "安徽省科技厅", "2026年6月", None])
    other = wb.create_sheet("说明")
    other.append(["本表说明"])
    other.append(["第二行"])
    path = tmp_path / "任务清单.xlsx"
    wb.save(path)
    items, report = check_ok(path, store=store)
    assert list(items["id"]) == ["101", "102"]
    assert list(items["deadline"]) == ["2027-12-31", "2026-06-30"]
    assert list(items["responsible_unit"]) == ["浙江省交通运输厅", "安徽省科技厅"]
    assert items.iloc[0]["note"] == "示例"
    [sheet] = [i for i in report.warnings if i.field == "sheet"]
    assert sheet.line() == ("warning: file: sheet = '清单': only the first sheet with data was read; "
                            "not read: '说明'; accepted: one list per workbook, or import each sheet "
                            "saved as its own file")
    bad = [i for i in report.issues if i.row is not None]
    assert not bad


def _gdf(crs=4326):
    gdf = gpd.GeoDataFrame(
        {"id": ["gj-1", "gj-2"], "name": ["沪苏湖铁路", "淀山湖生态区"], "layer": ["rail", "zone"],
         "status": ["开工建设", "保护"], "责任单位": ["国铁集团", "青浦区"],
         "完成时限": ["2024-12-31", "2030"]},
        geometry=[shapely.LineString([(121.38, 31.16), (120.95, 31.00), (120.10, 30.87)]),
                  shapely.Polygon([(120.90, 31.08), (121.00, 31.08), (121.00, 31.16), (120.90, 31.16)])],
        crs=4326)
    return gdf.to_crs(crs)


def _check_gj(items, tol=1e-7, ref=None):
    ref = _gdf() if ref is None else ref
    assert list(items["id"]) == ["gj-1", "gj-2"]
    assert list(items["name_zh"]) == ["沪苏湖铁路", "淀山湖生态区"]
    assert list(items["layer"]) == ["rail", "zone"]
    assert list(items["deadline"]) == ["2024-12-31", "2030-12-31"]
    for a, b in zip(items.geometry, ref.geometry):
        assert shapely.equals_exact(shapely.normalize(a), shapely.normalize(b), tolerance=tol), (a.wkt, b.wkt)


def test_geojson(tmp_path, store):
    path = tmp_path / "items.geojson"
    _gdf().to_file(path, driver="GeoJSON")
    items, report = check_ok(path, store=store)
    _check_gj(items)


def test_geojson_declaring_a_projected_crs_is_transformed(tmp_path, store):
    path = tmp_path / "items_4549.geojson"
    _gdf(4549).to_file(path, driver="GeoJSON")      # GDAL writes the legacy "crs" member
    assert "4549" in path.read_text()
    items, report = check_ok(path, store=store)
    assert "4549" in report.crs
    _check_gj(items, tol=1e-6)


def test_geopackage_in_cgcs2000_gk_is_honoured_and_source_untouched(tmp_path, store):
    folder = tmp_path / "gis"
    folder.mkdir()
    path = folder / "项目.gpkg"
    _gdf(4549).to_file(path, driver="GPKG", layer="项目")
    before = snapshot(path)
    listing = sorted(p.name for p in folder.iterdir())
    items, report = import_file(path, store=store)
    assert report.ok and report.imported == 2, report.lines()
    _check_gj(items, tol=1e-6)
    assert snapshot(path) == before
    assert sorted(p.name for p in folder.iterdir()) == listing


def test_geopackage_with_two_layers_is_refused(tmp_path, store):
    path = tmp_path / "two.gpkg"
    _gdf().to_file(path, driver="GPKG", layer="a")
    _gdf().to_file(path, driver="GPKG", layer="b")
    items, report = check_file(path, store=store)
    assert items is None
    assert report.errors[0].line() == (
        "error: file: the GeoPackage has 2 feature layers ('a', 'b'); accepted: a GeoPackage "
        "with one feature layer (export the layer you mean)")


def _polygons():
    """A Shapefile holds one geometry type: both items as polygons."""
    gdf = _gdf()
    gdf.loc[0, "geometry"] = shapely.Polygon([(121.30, 31.18), (121.34, 31.18), (121.34, 31.21)])
    return gdf


def _shapefile(tmp_path, encoding="GBK", crs=4549):
    folder = tmp_path / "shp"
    folder.mkdir(exist_ok=True)
    path = folder / "项目.shp"
    _polygons().to_crs(crs).to_file(
        path, driver="ESRI Shapefile", encoding=encoding)
    return {p.name: p.read_bytes() for p in folder.iterdir()}


def test_zipped_shapefile_gbk_with_prj_as_arcgis_exports(tmp_path, store):
    files = _shapefile(tmp_path)
    assert "项目.cpg" in files and "项目.prj" in files
    path = zip_files(tmp_path / "项目.zip", {f"export/{k}": v for k, v in files.items()})
    items, report = check_ok(path, store=store)
    assert report.format == "shp"
    _check_gj(items, tol=1e-6, ref=_polygons())
    assert list(items["responsible_unit"]) == ["国铁集团", "青浦区"]


def test_zipped_shapefile_without_cpg_is_detected_as_gbk(tmp_path, store):
    files = _shapefile(tmp_path, crs=4326)
    files.pop("项目.cpg")
    dbf = bytearray(files["项目.dbf"])
    dbf[29] = 0                       # no code page byte either: what old tools write
    files["项目.dbf"] = bytes(dbf)
    path = zip_files(tmp_path / "nocpg.zip", files)
    items, report = check_ok(path, store=store)
    assert report.encoding == "GB18030"
    assert list(items["name_zh"]) == ["沪苏湖铁路", "淀山湖生态区"]


def test_bare_shapefile_path(tmp_path, store):
    _shapefile(tmp_path, crs=4326)
    items, report = check_ok(tmp_path / "shp" / "项目.shp", store=store)
    _check_gj(items, ref=_polygons())


KML = """<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document><name>奥维导出</name>
<Folder><name>轨道</name>
<Placemark><name>沪苏湖铁路</name><description>示意线位</description>
<LineString><coordinates>121.38,31.16,0 120.95,31.00,0 120.10,30.87,0</coordinates></LineString></Placemark>
</Folder>
<Folder><name>节点</name>
<Placemark><name>虹桥枢纽</name><Point><coordinates>121.3197,31.1942,0</coordinates></Point></Placemark>
<Placemark><name>淀山湖</name><Polygon><outerBoundaryIs><LinearRing><coordinates>
120.90,31.08,0 121.00,31.08,0 121.00,31.16,0 120.90,31.16,0 120.90,31.08,0
</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>
</Folder></Document></kml>
"""


def test_kml_from_ovital_with_folders(tmp_path, store):
    path = text_file(tmp_path / "奥维.kml", KML)
    # a line has no default layer: that one row is an error, the others are fine
    assert error_lines(path, store=store) == [
        "error: row 1: layer: a line needs a layer; accepted: rail (轨道交通); "
        "waterway (水运与水利); ecological_corridor (生态屏障与廊道)"]
    kml = KML.replace("<description>示意线位</description>",
                      "<description>示意线位</description><ExtendedData><Data name=\"图层\">"
                      "<value>轨道交通</value></Data></ExtendedData>")
    path.write_text(kml, encoding="utf-8")
    items, report = check_ok(path, store=store)
    assert list(items["name_zh"]) == ["沪苏湖铁路", "虹桥枢纽", "淀山湖"]
    assert list(items["layer"]) == ["rail", "hub", "zone"]
    assert list(items["folder"]) == ["轨道", "节点", "节点"]
    assert items.iloc[0]["note"] == "示意线位"
    assert list(items.geom_type) == ["LineString", "Point", "Polygon"]
    assert not items.geometry.has_z.any()
    assert not {"tessellate", "extrude", "visibility"} & set(items.columns)


def test_kmz(tmp_path, store):
    kml = KML.replace("<Folder><name>轨道</name>", "<Folder><name>x</name>").split("<Folder><name>x</name>")[0]
    kml += "<Placemark><name>虹桥枢纽</name><Point><coordinates>121.3197,31.1942,0</coordinates></Point></Placemark></Document></kml>"
    path = zip_files(tmp_path / "点.kmz", {"doc.kml": kml.encode()})
    items, report = check_ok(path, store=store)
    assert items.iloc[0]["name_zh"] == "虹桥枢纽" and items.iloc[0]["layer"] == "hub"


@pytest.mark.parametrize("name, reason", [
    ("old.xls", "error: file 'old.xls': the old Excel format .xls is not read; accepted: save it "
                "from Excel as .xlsx (Excel 工作簿) or CSV"),
    ("notes.docx", "error: file 'notes.docx': file type '.docx' is not supported; accepted: CSV "
                   "(.csv/.txt), Excel (.xlsx), GeoJSON (.geojson/.json), GeoPackage (.gpkg), "
                   "zipped Shapefile (.zip), KML/KMZ"),
])
def test_unsupported_types_are_one_clear_line(tmp_path, store, name, reason):
    path = tmp_path / name
    path.write_bytes(b"x")
    items, report = check_file(path, store=store)
    assert items is None
    assert [i.line() for i in report.errors] == [reason]


def test_broken_files_are_reported_not_raised(tmp_path, store):
    for name, data in [("bad.geojson", b"{not json"), ("bad.xlsx", b"PK\x03\x04garbage"),
                       ("bad.zip", b"not a zip"), ("bad.kml", b"<kml><Placemark>"),
                       ("bad.gpkg", b"SQLite format 3\x00" + b"\x00" * 100)]:
        path = tmp_path / name
        path.write_bytes(data)
        items, report = check_file(path, store=store)
        assert items is None and len(report.errors) == 1, (name, report.lines())
        assert report.errors[0].row is None


def test_zip_with_two_datasets_is_refused(tmp_path, store):
    path = zip_files(tmp_path / "two.zip", {"a.geojson": b"{}", "b.kml": b"<kml/>"})
    items, report = check_file(path, store=store)
    assert items is None
    assert "exactly one dataset; found 'a.geojson', 'b.kml'" in report.errors[0].reason


def test_zip_of_a_csv_is_read(tmp_path, store):
    csv = excel_csv(tmp_path / "x.csv", [HEADERS, *ROWS], "gbk").read_bytes()
    path = zip_files(tmp_path / "csv.zip", {"清单.csv": csv})
    items, report = check_ok(path, store=store)
    _check_two(items)
