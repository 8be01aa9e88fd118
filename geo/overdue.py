"""Overdue items: past their deadline (完成时限) and not completed.

``deadline`` holds an ISO date (``2025-12-31``) or nothing. An item is overdue
on ``today`` when its deadline is strictly before ``today`` and its status is
not one of :data:`DONE_STATUSES`. The map and the table highlight the rows of
:func:`overdue_mask`; this module only computes it.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd

__all__ = ["DONE_STATUSES", "overdue_mask", "with_overdue"]

#: statuses that mean the item is finished (zh and en; compared case-insensitively)
DONE_STATUSES = frozenset({"运营", "建成", "已建成", "完成", "已完成", "竣工", "已竣工",
                           "in operation", "completed", "done", "finished"})


def _today(today) -> pd.Timestamp:
    if today is None:
        today = dt.date.today()
    return pd.Timestamp(today).normalize()


def overdue_mask(gdf: pd.DataFrame, today: dt.date | str | None = None) -> pd.Series:
    """Boolean Series (same index as ``gdf``): past the deadline and not done.

    Parameters
    ----------
    gdf : items with ``deadline`` (ISO date text, date or empty) and ``status``;
        a frame without ``deadline`` has no overdue item.
    today : the reference date (default: the local date today).

    Examples
    --------
    >>> df = pd.DataFrame({"deadline": ["2025-06-30", "2025-06-30", None, "2026-01-01"],
    ...                    "status": ["在建", "运营", "在建", "规划"]})
    >>> overdue_mask(df, "2025-07-01").tolist()
    [True, False, False, False]
    >>> overdue_mask(df, "2025-06-30").tolist()
    [False, False, False, False]
    """
    if "deadline" not in gdf.columns:
        return pd.Series(False, index=gdf.index, name="overdue")
    due = pd.to_datetime(gdf["deadline"].astype("string"), errors="coerce", format="%Y-%m-%d")
    status = gdf["status"] if "status" in gdf.columns else pd.Series(None, index=gdf.index)
    done = status.map(lambda s: isinstance(s, str) and s.strip().lower() in DONE_STATUSES)
    mask = (due < _today(today)).fillna(False) & ~done.astype(bool)
    return mask.astype(bool).rename("overdue")


def with_overdue(gdf: pd.DataFrame, today: dt.date | str | None = None) -> pd.DataFrame:
    """A copy of ``gdf`` with a boolean ``overdue`` column (see :func:`overdue_mask`)."""
    out = gdf.copy()
    out["overdue"] = overdue_mask(gdf, today)
    return out
