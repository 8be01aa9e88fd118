"""Static maps: exact pixel size and dpi, every layer's colour visible, real text in
PDF/SVG, no missing glyphs (any matplotlib glyph warning fails these tests)."""
from __future__ import annotations

import io
import warnings
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from PIL import Image

from geo.export import ExportError, map_bytes, page_size, write_map
from geo.export.describe import default_title

pytestmark = pytest.mark.filterwarnings("error:Glyph:UserWarning",
                                        "error:.*missing from font:UserWarning")
FILTERS = {"provinces": ["浙江"], "layers": ["rail", "hub", "ecological_corridor"]}


@pytest.fixture(scope="module")
def zj(catalog):
    from geo.select import filter_projects

    return filter_projects(catalog, provinces=FILTERS["provinces"], layers=FILTERS["layers"])


@pytest.fixture(scope="module")
def png_a4(zj, tmp_path_factory):
    path = tmp_path_factory.mktemp("png") / "zj.png"
    write_map(zj, path, filters=FILTERS)
    return path


def test_png_a4_landscape_300dpi_size(png_a4):
    with Image.open(png_a4) as im:
        assert im.size == (3508, 2480)
        assert [round(v) for v in im.info["dpi"]] == [300, 300]


@pytest.mark.parametrize("page,orientation,dpi,size", [
    ("a4", "portrait", 300, (2480, 3508)),
    ("a3", "landscape", 150, (2480, 1754)),
    ("a3", "portrait", 300, (3508, 4961)),
])
def test_page_sizes(page, orientation, dpi, size):
    w, h = page_size(page, orientation, dpi)
    assert (round(w * dpi), round(h * dpi)) == size


def test_png_not_blank_and_shows_each_layer_colour(png_a4):
    from geo.registry import load_registry

    with Image.open(png_a4) as im:
        px = np.asarray(im.convert("RGB")).reshape(-1, 3).astype(int)
    assert len(np.unique(px[::97], axis=0)) > 50          # not blank
    reg = load_registry()
    for key in FILTERS["layers"]:
        rgb = np.array([int(reg.project_entry(key).style["color"][i:i + 2], 16) for i in (1, 3, 5)])
        close = (np.abs(px - rgb).sum(axis=1) < 40).sum()
        assert close > 200, f"layer {key}: colour {rgb} found on {close} pixels"


def test_pdf_has_selectable_chinese_text(zj, tmp_path):
    from pypdf import PdfReader

    path = write_map(zj, tmp_path / "zj.pdf", filters=FILTERS)
    text = PdfReader(path).pages[0].extract_text()
    assert default_title(FILTERS, "zh") in text
    for label in ("图例", "轨道交通", "枢纽与节点", "生态屏障与廊道", "省界", "资料来源", "北"):
        assert label in text
    assert "示范区" not in text.split("图例", 1)[1]   # not drawn → not in the legend


def test_svg_parses_with_text_elements(zj):
    data = map_bytes(zj, "svg", lang="en", filters=FILTERS, page="a4", orientation="portrait")
    root = ET.fromstring(data)
    texts = ["".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert default_title(FILTERS, "en") in texts
    assert "Rail" in texts and "Legend" in texts


def test_font_missing_glyphs_would_be_caught(zj):
    """The guard works: a font without CJK glyphs raises the warning we turn into errors."""
    from matplotlib.figure import Figure

    fig = Figure()
    fig.text(0.5, 0.5, "长三角", family="DejaVu Sans")
    with pytest.raises(UserWarning, match="missing"):
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            fig.savefig(io.BytesIO(), format="png")


@pytest.mark.parametrize("extent", ["region:苏州", "bbox:120.5,30.8,121.5,31.6", "yrd"])
def test_extents(zj, catalog, extent):
    data = map_bytes(catalog, "png", dpi=60, extent=extent, lang="en")
    with Image.open(io.BytesIO(data)) as im:
        assert im.size == (round(page_size("a4", "landscape", 60)[0] * 60), 496)


@pytest.mark.parametrize("kwargs,match", [
    ({"page": "letter"}, "page 'letter'"),
    ({"orientation": "sideways"}, "orientation"),
    ({"dpi": 20}, "dpi 20"),
    ({"extent": "bbox:1,2,3"}, "four numbers"),
    ({"extent": "bbox:10,10,11,11"}, "outside the YRD"),
    ({"lang": "fr"}, "language 'fr'"),
])
def test_bad_options_name_the_value(zj, kwargs, match):
    with pytest.raises((ExportError, ValueError), match=match):
        map_bytes(zj, "png", **kwargs)


def test_empty_selection_and_unknown_format(zj, tmp_path):
    with pytest.raises(ExportError, match="no items"):
        write_map(zj.iloc[0:0], tmp_path / "a.png")
    with pytest.raises(ExportError, match="'gif'"):
        write_map(zj, tmp_path / "a.gif")
    assert list(tmp_path.iterdir()) == []
