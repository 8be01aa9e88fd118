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

__all__ = ["styled", "shown_table", "MAX_STYLED_CELLS"]

#: pandas' Styler renders at most this many cells (``styler.render.max_elements``); a
#: larger table (a team store of 50,000 items) is shown with column formats alone
MAX_STYLED_CELLS = 262_144


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


def shown_table(df: pd.DataFrame, *, decimals: int = 1,
                row_style: Callable[[pd.Series], list[str]] | None = None) -> tuple:
    """``(data, column_config)`` for ``st.dataframe``: :func:`styled` ``df``, or — over
    :data:`MAX_STYLED_CELLS` — ``df`` itself with its float columns formatted to
    ``decimals`` by ``column_config`` (thousands separated; rows not coloured).

    Examples
    --------
    >>> data, config = shown_table(pd.DataFrame({"km": [1234.5]}))
    >>> type(data).__name__, config
    ('Styler', None)
    >>> big = pd.DataFrame({"km": [1.0] * (MAX_STYLED_CELLS + 1)})
    >>> data, config = shown_table(big)
    >>> type(data).__name__, config["km"]["type_config"]["format"]
    ('DataFrame', '%,.1f')
    """
    if df.size <= MAX_STYLED_CELLS:
        return styled(df, decimals=decimals, row_style=row_style), None
    import streamlit as st

    return df, {c: st.column_config.NumberColumn(format=f"%,.{decimals}f")
                for c in df.columns if df[c].dtype.kind == "f"}
