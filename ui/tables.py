"""How a table is shown: empty cells empty (never "None" or "nan"), amounts with one
decimal (never "53.500000"), counts as whole numbers.

:func:`styled` wraps a DataFrame in a pandas ``Styler`` that Streamlit shows with
these display values while sorting on the numbers underneath.

Examples
--------
>>> import pandas as pd
>>> df = pd.DataFrame({"km": [53.5, None], "n": [3, 4], "name": ["a", None]})
>>> styled(df).to_html().count("None"), "53.5" in styled(df).to_html()
(0, True)
"""
from __future__ import annotations

from collections.abc import Callable

import pandas as pd

__all__ = ["styled"]


def _format(decimals: int):
    def fmt(v):
        if v is None or (isinstance(v, float) and v != v):
            return ""
        if isinstance(v, bool):
            return "✓" if v else ""
        if isinstance(v, float):
            return f"{v:,.{decimals}f}"
        return v
    return fmt


def styled(df: pd.DataFrame, *, decimals: int = 1,
           row_style: Callable[[pd.Series], list[str]] | None = None):
    """``df`` as a Styler: blanks for missing values, floats to ``decimals``.

    ``row_style`` (a row → one CSS string per cell) colours rows, e.g. overdue ones.
    """
    out = df.style.format(_format(decimals), na_rep="")
    if row_style is not None:
        out = out.apply(row_style, axis=1)
    return out
