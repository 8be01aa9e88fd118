"""One conversion of property values to plain JSON/SQL-ready Python values."""
from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd

__all__ = ["plain"]


def plain(v):
    """A JSON/SQL-ready Python value: numpy scalars and arrays unwrapped, dates as ISO
    text, NaN/NA/NaT → None, lists and dicts converted recursively.

    Examples
    --------
    >>> plain([np.int64(3), float("nan"), {"a": np.array([1.5])}, dt.date(2025, 6, 30)])
    [3, None, {'a': [1.5]}, '2025-06-30']
    """
    if v is None:
        return None
    if isinstance(v, np.generic):
        v = v.item()
    if isinstance(v, float):
        return v if math.isfinite(v) else None
    if isinstance(v, np.ndarray):
        v = v.tolist()
    if isinstance(v, (list, tuple)):
        return [plain(x) for x in v]
    if isinstance(v, dict):
        return {str(k): plain(x) for k, x in v.items()}
    if isinstance(v, (pd.Timestamp, dt.datetime, dt.date)):
        return v.isoformat()
    if v is pd.NA or v is pd.NaT:
        return None
    return v
