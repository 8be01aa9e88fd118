"""Overdue and due-soon lists of all items (plan and imported), for the 进度 view and the
督办 report.

:func:`due_table` takes items with their tracked state (:func:`geo.tracking.service.
with_tracking`) and returns one row per item that is overdue or due within ``days`` days
(:mod:`geo.overdue`), with ``kind`` (``overdue``/``due_soon``) and ``days`` (negative:
days past the deadline; else days left), most urgent first. :func:`group_key` names
the group of an item under ``--by responsible_unit`` or ``--by province`` (a
cross-provincial item is listed under each of its provinces).
"""
from __future__ import annotations

import datetime as dt

import pandas as pd

from geo.errors import InputError
from geo.i18n import t
from geo.overdue import DUE_SOON_DAYS, _today, due_soon_mask, overdue_mask

__all__ = ["BY", "due_table", "grouped"]

#: the ways the report groups its rows
BY = ("responsible_unit", "province")


def due_table(items: pd.DataFrame, today: dt.date | str | None = None,
              days: int = DUE_SOON_DAYS) -> pd.DataFrame:
    """The overdue and due-soon rows of ``items`` (see the module docstring).

    Examples
    --------
    >>> df = pd.DataFrame({"id": ["a", "b", "c", "d"], "status": ["在建"] * 4,
    ...     "progress": [None, "建成", "在建", None],
    ...     "deadline": ["2025-06-01", "2025-06-01", "2025-07-10", None]})
    >>> due_table(df, "2025-07-01")[["id", "kind", "days"]].to_dict("records")
    [{'id': 'a', 'kind': 'overdue', 'days': -30}, {'id': 'c', 'kind': 'due_soon', 'days': 9}]
    """
    over, soon = overdue_mask(items, today), due_soon_mask(items, today, days)
    rows = items[over | soon].copy()
    rows["kind"] = ["overdue" if o else "due_soon" for o in over[over | soon]]
    due = pd.to_datetime(rows["deadline"].astype("string"), format="%Y-%m-%d")
    rows["days"] = (due - _today(today)).dt.days.astype(int)
    return rows.sort_values(["days", "id"], kind="stable").reset_index(drop=True)


def grouped(rows: pd.DataFrame, by: str, lang: str = "zh") -> list[tuple[str, pd.DataFrame]]:
    """``[(group name, its rows)]`` sorted by name, empty groups left out."""
    from geo.records import region_name

    if by not in BY:
        raise InputError(t("tracking.by_unknown", "en", by=by))
    groups: dict[str, list[int]] = {}
    for i, r in rows.iterrows():
        if by == "responsible_unit":
            unit = r.get("responsible_unit")
            keys = [unit.strip() if isinstance(unit, str) and unit.strip()
                    else t("tracking.no_unit", lang)]
        else:
            provs = list(r.get("provinces") if r.get("provinces") is not None else [])
            keys = [region_name(int(a), lang) for a in provs] or [t("tracking.no_province", lang)]
        for k in keys:
            groups.setdefault(k, []).append(i)
    return [(k, rows.loc[groups[k]]) for k in sorted(groups)]
