"""Hostile and oversized input: refused with one clear line, nothing written anywhere."""
from __future__ import annotations

import stat
import zipfile

import pytest

from tests.geo.ingest._ingest_files import excel_csv, text_file, zip_files
from geo.ingest import Limits, check_file, import_file, safe_filename

CSV = "项目名称,经度,纬度\n点,121.47,31.23\n".encode("utf-8")


def _only_error(report) -> str:
    assert len(report.errors) == 1, report.lines()
    return report.errors[0].line()


@pytest.mark.parametrize("member", ["../evil.csv", "../../etc/cron.d/evil", "/abs/evil.csv",
                                    "C:/Windows/evil.csv", "ok/../../evil.csv", "..\\evil.csv"])
def test_zip_path_traversal_is_refused(tmp_path, store, member):
    path = zip_files(tmp_path / "evil.zip", {"list.csv": CSV, member: CSV})
    items, report = import_file(path, store=store)
    assert items is None and report.imported == 0
    line = _only_error(report)
    assert line.startswith(f"error: file: archive member {member!r} ")
    assert "the archive is refused; accepted: a zip whose members are plain relative names" in line
    assert not (tmp_path / "evil.csv").exists() and not (tmp_path.parent / "evil.csv").exists()
    assert not store.path.exists()


def test_zip_symlink_is_refused(tmp_path, store):
    path = tmp_path / "link.zip"
    with zipfile.ZipFile(path, "w") as zf:
        info = zipfile.ZipInfo("list.csv")
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        zf.writestr(info, "/etc/passwd")
    _, report = check_file(path, store=store)
    assert "is a symbolic link" in _only_error(report)


def test_zip_bomb_is_refused_before_extraction(tmp_path, store):
    path = zip_files(tmp_path / "bomb.zip", {"list.csv": CSV + b"0" * (40 * 2**20)})
    assert path.stat().st_size < 100_000           # 40 MB of zeros in ~40 kB
    items, report = check_file(path, store=store)
    line = _only_error(report)
    assert line.startswith("error: file: archive member 'list.csv' expands ")
    assert "refused as a zip bomb; accepted: a compression ratio under 100×" in line


def test_xlsx_bomb_is_refused(tmp_path, store):
    path = zip_files(tmp_path / "bomb.xlsx", {"[Content_Types].xml": b"<x/>",
                                              "xl/worksheets/sheet1.xml": b" " * (30 * 2**20)})
    _, report = check_file(path, store=store)
    assert "refused as a zip bomb" in _only_error(report)


def test_too_much_uncompressed_data_is_refused(tmp_path, store):
    limits = Limits(max_unzipped_bytes=1000, max_ratio=10**9)
    path = zip_files(tmp_path / "big.zip", {"list.csv": CSV + b"x" * 5000}, zipfile.ZIP_STORED)
    _, report = check_file(path, store=store, limits=limits)
    assert _only_error(report).startswith("error: file: archive expands to 5,")


def test_oversize_file_is_refused_with_the_limit(tmp_path, store, monkeypatch):
    monkeypatch.setenv("YRDMAP_MAX_UPLOAD_MB", "0.001")       # 1,048 bytes
    path = tmp_path / "big.csv"
    path.write_bytes(CSV + b"x" * 2000)
    _, report = check_file(path, store=store)
    assert _only_error(report) == (
        "error: file: file is 2,044 bytes, over the upload limit of 1,048 bytes; accepted: a smaller "
        "file: split the list, or raise YRDMAP_MAX_UPLOAD_MB")


def test_feature_count_limit(tmp_path, store):
    rows = [["项目名称", "经度", "纬度"]] + [[f"p{i}", "121.4", "31.2"] for i in range(30)]
    path = excel_csv(tmp_path / "many.csv", rows, "utf-8")
    _, report = check_file(path, store=store, limits=Limits(max_features=20))
    assert _only_error(report).startswith("error: file: file has ")
    assert "rows/features, over the limit of 20; accepted: a smaller file: split the list, or " \
           "raise YRDMAP_MAX_FEATURES" in _only_error(report)


def test_vertex_limit(tmp_path, store):
    coords = ", ".join(f"{121 + i * 1e-4} 31" for i in range(500))
    path = text_file(tmp_path / "long.csv", f'name,layer,wkt\n长线,rail,"LINESTRING ({coords})"\n')
    _, report = check_file(path, store=store, limits=Limits(max_vertices=100))
    assert _only_error(report) == ("error: file: geometries have 500 vertices, over the limit of "
                                   "100; accepted: simplified geometries, or raise YRDMAP_MAX_VERTICES")


def test_kml_entity_expansion_is_refused(tmp_path, store):
    lol = ('<?xml version="1.0"?><!DOCTYPE kml [<!ENTITY a "aaaaaaaaaa">'
           '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
           '<kml><Placemark><name>&c;</name><Point><coordinates>121,31</coordinates></Point>'
           '</Placemark></kml>')
    path = text_file(tmp_path / "lol.kml", lol)
    _, report = check_file(path, store=store)
    assert _only_error(report) == ("error: file: KML declares a DOCTYPE or XML entities; refused "
                                   "(entity expansion); accepted: KML as Google Earth or 奥维 exports it")


def test_deeply_nested_kml_is_a_clear_error(tmp_path, store):
    path = text_file(tmp_path / "deep.kml",
                     "<kml>" + "<Folder>" * 5000 + "</Folder>" * 5000 + "</kml>")
    _, report = check_file(path, store=store)
    assert report.errors and report.errors[0].row is None


def test_upload_bytes_path_is_checked_too(tmp_path, store):
    from geo.ingest import check_bytes

    items, report = check_bytes(CSV, "../../清单.csv", store=store)
    assert report.ok and len(items) == 1
    assert items.iloc[0]["source_file"] == "清单.csv"
    _, report = check_bytes(CSV * 1000, "x.csv", store=store, limits=Limits(max_bytes=100))
    assert "over the upload limit" in _only_error(report)
    _, report = check_bytes(b"MZ\x90\x00", "setup.exe", store=store)
    assert "file type '.exe' is not supported" in _only_error(report)


@pytest.mark.parametrize("text, safe", [
    ("../../etc/passwd", "etc_passwd"),
    ("长三角<script>alert(1)</script>.csv", "长三角_script_alert(1)_script_.csv"),
    ("a/b\\c:d*e?f\"g<h>i|j", "a_b_c_d_e_f_g_h_i_j"),
    ("CON.txt", "_CON.txt"),
    ("\x00\x1b[31m", "31m"),
    ("...", "export"),
    ("报告 2025（终稿）.pdf", "报告 2025(终稿).pdf"),
])
def test_safe_filename(text, safe):
    assert safe_filename(text) == safe
