"""Tables as shown (#17.8): no "None"/"nan" cells, no "53.500000" lengths."""
from __future__ import annotations

import re

import pytest

from geo.select import filter_projects
from ui.results import results_frame
from ui.tables import styled


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_results_table_shows_blanks_and_one_decimal(lang):
    frame = results_frame(filter_projects(), lang)
    assert frame.isna().any().any()               # lines have no area, areas no length
    html = styled(frame.reset_index(drop=True)).to_html()
    cells = re.findall(r"<td[^>]*>(.*?)</td>", html)
    assert cells and not {"None", "nan", "NaN", "<NA>"} & set(cells)
    assert not any(re.fullmatch(r"-?[\d,]+\.\d{2,}", c) for c in cells)
    assert any(re.fullmatch(r"[\d,]+\.\d", c) for c in cells)   # km with one decimal


def test_whole_numbers_and_flags():
    import pandas as pd

    df = pd.DataFrame({"n": pd.array([3, None], dtype="Int64"), "x": [True, False]})
    cells = re.findall(r"<td[^>]*>(.*?)</td>", styled(df).to_html())
    assert cells == ["3", "✓", "", ""]          # row by row
