"""File names say what the export is and are safe on Windows."""
from __future__ import annotations

import datetime as dt

import pytest

from geo.export.filenames import MAX_BYTES, export_filename, sanitize

WINDOWS_FORBIDDEN = set('<>:"/\\|?*') | {chr(c) for c in range(32)}


@pytest.mark.parametrize("text,expected", [
    ("浙江省", "浙江省"),
    ('a<b>c:d"e/f\\g|h?i*j', "a_b_c_d_e_f_g_h_i_j"),
    ("  spaces   inside  ", "spaces_inside"),
    ("trailing dots...", "trailing_dots"),
    ("..hidden", "hidden"),
    ("CON", "CON_"), ("nul.txt", "nul_.txt"), ("Com1", "Com1_"), ("LPT9.png", "LPT9_.png"),
    ("COM¹", "COM¹_"), ("console", "console"),
    ("\u202egpj.exe", "gpj.exe"),            # bidi override removed
    ("zero\u200bwidth", "zero_width"),
    ("tab\tnew\nline", "tab_new_line"),
    ("", "yrdmap"), ("???", "yrdmap"),
])
def test_sanitize(text, expected):
    assert sanitize(text) == expected


def test_sanitize_caps_length_on_character_boundaries():
    out = sanitize("长" * 500)
    assert len(out) <= 80 and len(out.encode("utf-8")) <= MAX_BYTES
    out.encode("utf-8").decode("utf-8")


def test_export_filename_says_region_layers_date():
    name = export_filename("png", filters={"provinces": ["浙江"], "cities": ["苏州"],
                                           "layers": ["rail"]}, date=dt.date(2026, 1, 2))
    assert name == "长三角_浙江省-苏州市_轨道交通_2026-01-02.png"
    en = export_filename("zip", lang="en", filters={"layers": ["hub"]}, date=dt.date(2026, 1, 2))
    assert en == "YRD_Hubs_and_sites_2026-01-02.zip"


def test_export_filename_with_hostile_label_is_safe():
    name = export_filename("pdf", label='CON<script>"../../etc/passwd"' + "x" * 300,
                           date=dt.date(2026, 1, 2))
    assert not (set(name) & WINDOWS_FORBIDDEN)
    assert name.endswith("_2026-01-02.pdf") and len(name) <= 80 + 4
    assert ".." not in name


def test_export_filename_rejects_bad_extension():
    with pytest.raises(ValueError, match="extension"):
        export_filename("p/n/g")

def test_a_title_naming_the_region_does_not_repeat_it():
    """#17.12: 长三角_浙江省_浙江省_… no more."""
    import datetime as dt

    from geo.export import default_title, export_filename

    f = {"provinces": ["浙江"], "layers": ["rail"]}
    day = dt.date(2026, 11, 28)
    name = export_filename("png", filters=f, label=default_title(f, "zh"), date=day)
    assert name == "长三角_浙江省_轨道交通_2026-11-28.png"
    assert export_filename("png", filters=f, label="浙江省 年度汇报", date=day) == \
        "长三角_浙江省_年度汇报_轨道交通_2026-11-28.png"


def test_a_county_filter_names_the_file_and_the_title():
    import datetime as dt

    from geo.export.describe import default_title

    name = export_filename("png", filters={"counties": ["昆山市"], "layers": ["rail"]},
                           date=dt.date(2026, 12, 2))
    assert name == "长三角_昆山市_轨道交通_2026-12-02.png"
    assert "昆山市" in default_title({"counties": ["昆山市"]})
    assert "Kunshan" in default_title({"counties": ["昆山市"]}, "en")
