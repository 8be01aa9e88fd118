"""Standalone HTML: scripts, stylesheets and their images inlined; nothing external left."""
from __future__ import annotations

import pytest

from geo.export import ExportError, external_references, standalone_html, write_html

PAGE = """<!DOCTYPE html><html><head><title></title>
<script src="../../app/static/vendor/lib/a.js"></script>
<link rel="stylesheet" href="../../app/static/vendor/lib/a.css"/>
</head><body><div id="m"></div><script>var x = 1;</script></body></html>"""


@pytest.fixture
def static(tmp_path):
    lib = tmp_path / "static" / "vendor" / "lib"
    (lib / "images").mkdir(parents=True)
    (lib / "a.js").write_text("var L = {}; // see http://example.org/docs\n"
                              "var s = '</script>';", encoding="utf-8")
    (lib / "a.css").write_text(".i{background:url(images/i.png)} .j{background:url(missing.svg)}"
                               " .k{behavior:url(#default#VML)}", encoding="utf-8")
    (lib / "images" / "i.png").write_bytes(b"\x89PNG\r\n\x1a\nfake")
    return {"../../app/static": tmp_path / "static"}


def test_everything_is_inlined(static):
    html = standalone_html(PAGE, roots=static)
    assert "<script src" not in html and "<link" not in html
    assert "data:image/png;base64," in html and "url(data:,)" in html
    assert "<\\/script>" in html                 # a script cannot end the inlined block
    assert external_references(html) == []


def test_a_cdn_reference_is_refused_and_nothing_written(static, tmp_path):
    page = PAGE.replace("</head>", '<script src="https://cdn.example.com/x.js"></script></head>')
    with pytest.raises(ExportError, match="cdn.example.com"):
        write_html(page, tmp_path / "out.html", roots=static)
    assert not (tmp_path / "out.html").exists()


def test_a_url_in_the_page_script_is_a_reference_unless_allowed(static):
    page = PAGE.replace("var x = 1;", "L.tileLayer('https://tiles.example.com/{z}/{x}/{y}.png');")
    with pytest.raises(ExportError, match="tiles.example.com"):
        standalone_html(page, roots=static)
    html = standalone_html(page, roots=static, allow=("https://tiles.example.com/",))
    assert external_references(html) == ["https://tiles.example.com/{z}/{x}/{y}.png"]


@pytest.mark.parametrize("html,expected", [
    ('<img src="http://x.org/a.png">', ["http://x.org/a.png"]),
    ('<link rel="icon" href="//x.org/f.ico">', ["//x.org/f.ico"]),
    ("<style>@import url('https://fonts.x/css');</style>", ["https://fonts.x/css"]),
    ('<div style="background:url(https://x.org/b.png)"></div>', ["https://x.org/b.png"]),
    ('<svg xmlns="http://www.w3.org/2000/svg"></svg><a href="#top">top</a>', []),
    ('<img src="data:image/png;base64,AAAA">', []),
])
def test_external_references(html, expected):
    assert external_references(html) == expected


def test_title_is_set(static, tmp_path):
    out = write_html(PAGE, tmp_path / "a.html", roots=static, title="浙江 <轨道>")
    assert "<title>浙江 &lt;轨道&gt;</title>" in out.read_text(encoding="utf-8")
