"""The tracked state of an item, its vocabulary, and the checking of edits.

Every item keeps the plan's wording (``status``, from the verb in the plan text)
and gets a *tracked* state that planners edit:

=================== ==========================================================
``progress``        one of :data:`PROGRESS` (未启动 not started, 前期 preparation,
                    在建 under construction, 建成 completed, 运营 in operation,
                    暂缓 suspended); English accepted on input, stored in Chinese
``percent``         percent complete, a whole number 0–100
``responsible_unit`` 责任单位, free text
``deadline``        完成时限, an ISO date ``YYYY-MM-DD`` (``2025/12/31`` accepted)
``expected_result`` 预期成果, free text
``progress_note``   a free note on the state (the plan's own ``note`` is untouched)
=================== ==========================================================

An empty value clears a field. :func:`check_changes` turns raw input (from a
form, ``--set field=value`` or the API) into stored values, or raises
:class:`TrackingError` with one line naming the field, the value and what is
accepted — before anything is written.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

from geo.errors import YrdmapError

__all__ = ["PROGRESS", "DONE_PROGRESS", "TRACKED_FIELDS", "TrackingError", "check_value",
           "check_changes", "parse_assignments", "progress_label"]

#: the progress vocabulary, Chinese → English, in the order a project runs through it
PROGRESS = {"未启动": "not started", "前期": "preparation", "在建": "under construction",
            "建成": "completed", "运营": "in operation", "暂缓": "suspended"}
#: progress values that mean the item is finished (never overdue)
DONE_PROGRESS = frozenset({"建成", "运营"})
#: the fields an edit may change, in display order
TRACKED_FIELDS = ("progress", "percent", "responsible_unit", "deadline", "expected_result",
                  "progress_note")
_TEXT_MAX = 2000
_DATE = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")


class TrackingError(YrdmapError, ValueError):
    """An edit that cannot be applied (one line: field, value, what is accepted)."""


def progress_label(value, lang: str = "zh") -> str:
    """The progress value in ``lang`` (``""`` for none).

    >>> progress_label("在建", "en"), progress_label("在建", "zh"), progress_label(None)
    ('under construction', '在建', '')
    """
    if not isinstance(value, str) or not value:
        return ""
    return PROGRESS.get(value, value) if lang == "en" else value


def _empty(value) -> bool:
    return value is None or (isinstance(value, float) and value != value) or \
        (isinstance(value, str) and not value.strip())


def check_value(field: str, value):
    """The stored form of ``value`` for ``field``, or :class:`TrackingError`.

    Examples
    --------
    >>> check_value("progress", "Under construction"), check_value("percent", "40")
    ('在建', 40)
    >>> check_value("deadline", "2025/6/30"), check_value("deadline", "")
    ('2025-06-30', None)
    >>> check_value("progress", "done")
    Traceback (most recent call last):
    ...
    geo.tracking.fields.TrackingError: progress 'done' is not in the vocabulary; accepted: 未启动 (not started), 前期 (preparation), 在建 (under construction), 建成 (completed), 运营 (in operation), 暂缓 (suspended)
    >>> check_value("deadline", "next year")
    Traceback (most recent call last):
    ...
    geo.tracking.fields.TrackingError: deadline 'next year' is not a date; accepted: YYYY-MM-DD, e.g. 2025-12-31
    """
    if field not in TRACKED_FIELDS:
        raise TrackingError(f"field {field!r} cannot be edited; accepted: "
                            + ", ".join(TRACKED_FIELDS))
    if _empty(value):
        return None
    if field == "progress":
        text = str(value).strip()
        if text in PROGRESS:
            return text
        by_en = {en: zh for zh, en in PROGRESS.items()}
        if text.lower() in by_en:
            return by_en[text.lower()]
        raise TrackingError(f"progress {value!r} is not in the vocabulary; accepted: "
                            + ", ".join(f"{k} ({v})" for k, v in PROGRESS.items()))
    if field == "percent":
        text = str(value).strip().rstrip("%").strip()
        try:
            number = float(text)
        except ValueError:
            number = float("nan")
        if not (0 <= number <= 100) or number != int(number):
            raise TrackingError(f"percent {value!r} is not a whole number from 0 to 100; "
                                "accepted: 0, 1, …, 100")
        return int(number)
    if field == "deadline":
        if isinstance(value, dt.datetime):
            return value.date().isoformat()
        if isinstance(value, dt.date):
            return value.isoformat()
        m = _DATE.match(str(value).strip())
        try:
            if not m:
                raise ValueError
            return dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat()
        except ValueError:
            raise TrackingError(f"deadline {value!r} is not a date; accepted: YYYY-MM-DD, "
                                "e.g. 2025-12-31") from None
    text = str(value).strip()
    if len(text) > _TEXT_MAX:
        raise TrackingError(f"{field} is {len(text)} characters long; accepted: at most "
                            f"{_TEXT_MAX}")
    return text


def check_changes(changes: Mapping[str, object]) -> dict:
    """Every change checked (:func:`check_value`); at least one is needed.

    >>> check_changes({"progress": "运营", "percent": 100})
    {'progress': '运营', 'percent': 100}
    """
    if not changes:
        raise TrackingError("no change given; accepted fields: " + ", ".join(TRACKED_FIELDS))
    return {field: check_value(field, value) for field, value in changes.items()}


def parse_assignments(pairs) -> dict:
    """``["progress=在建", "percent=40"]`` → ``{"progress": "在建", "percent": "40"}``.

    >>> parse_assignments(["note = a=b"]) == {"note": "a=b"}
    True
    """
    out = {}
    for pair in pairs:
        field, sep, value = str(pair).partition("=")
        if not sep or not field.strip():
            raise TrackingError(f"--set {pair!r} is not field=value; accepted fields: "
                                + ", ".join(TRACKED_FIELDS))
        out[field.strip()] = value.strip()
    return out
