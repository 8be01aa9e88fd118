"""The PDF's optional second page: the per-province statistics of the exported items."""
import warnings

import pypdf
import pytest

from geo.export import ExportError, map_bytes, write_map
from geo.export.summary_page import summary_rows
from geo.select import filter_projects
from geo.stats import region_stats


@pytest.fixture(scope="module")
def rail():
    return filter_projects(layers=["rail"])


def test_pdf_gets_a_second_page_with_the_same_numbers_as_the_statistics(tmp_path, rail):
    out = tmp_path / "rail.pdf"
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no missing glyphs, no font fallback
        write_map(rail, out, lang="zh", summary_page=True, dpi=72)
    reader = pypdf.PdfReader(out)
    assert len(reader.pages) == 2
    text = reader.pages[1].extract_text()
    assert "统计摘要" in text and "合计" in text
    total = region_stats(rail, "province").summary.set_index("kind").loc["total"]
    assert f"{total.rail_km:,.1f}" in text
    assert f"{int(total['items']):,d}" in text


def test_without_the_option_the_pdf_has_one_page(rail):
    data = map_bytes(rail, "pdf", lang="en", dpi=72)
    import io

    assert len(pypdf.PdfReader(io.BytesIO(data)).pages) == 1


def test_summary_page_is_refused_for_raster_and_svg(rail):
    with pytest.raises(ExportError, match="PDF only"):
        map_bytes(rail, "png", summary_page=True, dpi=72)


def test_rows_cover_every_province_then_outside_and_total(rail):
    header, rows = summary_rows(rail, "en")
    names = [r[0] for r in rows]
    assert names[:4] == ["Shanghai", "Jiangsu", "Zhejiang", "Anhui"]
    assert names[-1] == "Total"
    assert all(len(r) == len(header) for r in rows)
