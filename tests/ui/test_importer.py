"""``ui.importer.import_panel`` in AppTest: upload → report → import → listed → removed."""
from __future__ import annotations

from streamlit.testing.v1 import AppTest

SCRIPT = """
import sys
from ui.importer import import_panel
import_panel(sys.argv[-1] if sys.argv[-1] in ("zh", "en") else "zh")
"""
GOOD = "id,项目名称,经度,纬度,完成时限\nsh-1,<b>虹桥</b>,121.3197,31.1942,2025年底\n".encode("gbk")
BAD = "id,项目名称,经度,纬度\nsh-2,反了,31.19,121.31\n".encode("utf-8")


def _app(lang: str = "zh") -> AppTest:
    """The import panel in ``lang``, run once without an exception."""
    script = SCRIPT if lang == "zh" else SCRIPT.replace(
        'sys.argv[-1] if sys.argv[-1] in ("zh", "en") else "zh"', repr(lang))
    at = AppTest.from_string(script, default_timeout=60)
    at.run()
    assert not at.exception
    return at


def _upload(at, name: str, data: bytes) -> AppTest:
    """Give the uploader ``data`` as the CSV file ``name``; the rerun raises nothing."""
    at.file_uploader[0].set_value((name, data, "text/csv")).run()
    assert not at.exception
    return at


def _click(at, key: str) -> AppTest:
    """Click the button ``key``; the rerun raises nothing."""
    at.button(key=key).click().run()
    assert not at.exception
    return at


def test_upload_check_import_and_remove(store_dir):
    at = _upload(_app(), "清单.csv", GOOD)
    assert "检查通过：1 个项目可导入" in at.success[0].value
    assert not (store_dir / "projects.geojson").exists()          # checking writes nothing
    _click(at, "yrdmap_import_go")
    assert "已导入 1 个项目" in at.success[0].value
    text = (store_dir / "projects.geojson").read_text(encoding="utf-8")
    assert "<b>虹桥</b>" in text and '"deadline":"2025-12-31"' in text
    assert at.file_uploader[0].value is None                       # the uploader was emptied
    at.multiselect(key="yrdmap_import_remove_pick").set_value(["sh-1"]).run()
    _click(at, "yrdmap_import_remove")
    assert '"sh-1"' not in (store_dir / "projects.geojson").read_text(encoding="utf-8")


def test_a_bad_file_shows_every_line_and_no_import_button(store_dir):
    at = _upload(_app(), "bad.csv", BAD)
    assert "发现 1 个错误" in at.error[0].value
    text = "\n".join(m.value for m in at.markdown)
    assert "**错误** · 第 2 行" in text
    assert "经度和纬度似乎填反了" in text and "look swapped" not in text      # Chinese report
    assert "None" not in text and "nan" not in text
    assert not [b for b in at.button if b.key == "yrdmap_import_go"]
    assert not (store_dir / "projects.geojson").exists()


def test_english_labels_and_gcj02_choice(store_dir):
    at = _app("en")
    at.radio(key="yrdmap_import_datum").set_value("gcj02")
    _upload(at, "amap.csv", b"name,lng,lat\nP,121.531541859215,31.17530398364597\n")
    assert at.success[0].value.startswith("Check passed: 1 item(s)")
    _click(at, "yrdmap_import_go")
    from geo.store.files import FileStore

    p = FileStore(store_dir).load_user().geometry.iloc[0]
    assert (round(p.x, 7), round(p.y, 7)) == (121.5272106, 31.1774276)


def test_uploader_limit_is_the_import_limit_and_controls_do_not_share_a_row(store_dir, monkeypatch):
    monkeypatch.setenv("YRDMAP_MAX_UPLOAD_MB", "7")
    at = _app()
    assert at.get("file_uploader")[0].proto.max_upload_size_mb == 7
    assert not at.columns                       # datum, encoding and CRS each get a full line


def test_a_bad_limit_setting_is_one_line_not_a_traceback(store_dir, monkeypatch):
    monkeypatch.setenv("YRDMAP_MAX_FEATURES", "-1")
    at = _app()
    shown = at.error[0].value.replace("\\", "")          # Markdown-escaped
    assert "YRDMAP_MAX_FEATURES = '-1'" in shown and "大于 0 的数" in shown


def test_database_down_is_a_sanitised_message(store_dir, monkeypatch):
    monkeypatch.setenv("YRDMAP_STORE", "postgis")
    monkeypatch.setenv("YRDMAP_DATABASE_URL", "postgresql://yrdadmin:pw@127.0.0.1:9/yrdmap")
    monkeypatch.setenv("YRDMAP_DATABASE_TIMEOUT", "1")
    at = _app()
    shown = " ".join(w.value for w in at.warning)
    assert "项目存储暂不可用" in shown
    for secret in ("yrdadmin", "127.0.0.1", "9/yrdmap", "postgresql"):
        assert secret not in shown


def test_english_report_has_english_reasons(store_dir):
    at = _app("en")
    _upload(at, "bad.csv", BAD)
    text = "\n".join(m.value for m in at.markdown)
    assert "**error** · row 2" in text and "look swapped" in text


def test_the_imported_box_keeps_its_label_through_import_pick_and_removal(store_dir):
    """#17.4: the box's label is constant (its count inside), so Streamlit keeps the same
    box — open — when the count changes or an item is picked for removal."""
    at = _app()
    label = at.expander[-1].label
    assert label == "已导入的项目" and at.expander[-1].key == "w_imported_box"
    _upload(at, "清单.csv", GOOD)
    _click(at, "yrdmap_import_go")
    assert at.expander[-1].label == label
    assert any("已导入的项目（1）" in c.value for c in at.expander[-1].caption)
    at.multiselect(key="yrdmap_import_remove_pick").set_value(["sh-1"]).run()
    assert at.expander[-1].label == label
