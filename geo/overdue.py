"""Overdue and due-soon items: past (or near) their deadline (完成时限) and not completed.

``deadline`` holds an ISO date (``2025-12-31``) or nothing. An item is overdue
on ``today`` when its deadline is strictly before ``today`` and it is not done:
its tracked ``progress`` (:mod:`geo.tracking`) is 建成/运营, or — for an item
nobody has tracked — its status is one of :data:`DONE_STATUSES`. It is due soon
when it is not done and its deadline falls within the next ``days`` (30) days,
today included. The map, the table and the 督办 report highlight the rows of
:func:`overdue_mask` and :func:`due_soon_mask`; this module only computes them.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd

__all__ = ["DONE_STATUSES", "DUE_SOON_DAYS", "overdue_mask", "due_soon_mask", "done_mask",
           "with_overdue"]

#: statuses that mean the item is finished (zh and en; compared case-insensitively)
DONE_STATUSES = frozenset({"运营", "建成", "已建成", "完成", "已完成", "竣工", "已竣工",
                           "in operation", "completed", "done", "finished"})
#: the horizon of "due soon", days
DUE_SOON_DAYS = 30


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
    return _not_done_and_due(gdf, "overdue", lambda due: due < _today(today))


def _due(gdf: pd.DataFrame) -> pd.Series:
    return pd.to_datetime(gdf["deadline"].astype("string"), errors="coerce", format="%Y-%m-%d")


def _not_done_and_due(gdf: pd.DataFrame, name: str, when) -> pd.Series:
    """Boolean Series named ``name``: the item is not done and ``when(due)`` holds for its
    deadline (``due``: the deadlines as timestamps, ``NaT`` where empty or unreadable);
    all ``False`` for a frame without ``deadline``."""
    if "deadline" not in gdf.columns:
        return pd.Series(False, index=gdf.index, name=name)
    mask = when(_due(gdf)).fillna(False) & ~done_mask(gdf)
    return mask.astype(bool).rename(name)


def _is_done(value) -> bool:
    return isinstance(value, str) and value.strip().lower() in DONE_STATUSES


def done_mask(gdf: pd.DataFrame) -> pd.Series:
    """Boolean Series: the item is finished (tracked progress first, else the status).

    >>> df = pd.DataFrame({"status": ["运营", "在建", "在建"], "progress": ["在建", "建成", None]})
    >>> done_mask(df).tolist()
    [False, True, False]
    """
    status = gdf["status"] if "status" in gdf.columns else pd.Series(None, index=gdf.index)
    done = status.map(_is_done).astype(bool)
    if "progress" in gdf.columns:
        tracked = gdf["progress"].map(lambda p: isinstance(p, str) and bool(p))
        done = done.where(~tracked, gdf["progress"].map(_is_done).astype(bool))
    return done.astype(bool)


def due_soon_mask(gdf: pd.DataFrame, today: dt.date | str | None = None,
                  days: int = DUE_SOON_DAYS) -> pd.Series:
    """Boolean Series: not done and due within ``days`` days from ``today`` (inclusive).

    >>> df = pd.DataFrame({"deadline": ["2025-07-01", "2025-07-31", "2025-08-01", "2025-06-30"],
    ...                    "status": ["在建"] * 4})
    >>> due_soon_mask(df, "2025-07-01").tolist()
    [True, True, False, False]
    """
    def within_days(due: pd.Series) -> pd.Series:
        start = _today(today)
        return (due >= start) & (due <= start + pd.Timedelta(days=days))

    return _not_done_and_due(gdf, "due_soon", within_days)


def with_overdue(gdf: pd.DataFrame, today: dt.date | str | None = None) -> pd.DataFrame:
    """A copy of ``gdf`` with a boolean ``overdue`` column (see :func:`overdue_mask`)."""
    out = gdf.copy()
    out["overdue"] = overdue_mask(gdf, today)
    return out
