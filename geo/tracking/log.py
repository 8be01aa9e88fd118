"""The append-only edit log: one :class:`Edit` per changed field, and what follows from it.

Every save of an item writes one row per field it changes — item, field, old value,
new value, who, when (UTC, ISO 8601), comment — all with the item's new
``version`` (1 for its first save, then 2, 3, …). Rows are never changed or
removed. The current tracked state of an item is the fold of its rows
(:func:`current_state`); its version is the highest version in them.

Saves are optimistic: the editor says which version they read; if the item has
moved on since, :func:`check_version` raises :class:`EditConflict` naming who
changed what and when, and nothing is written.

Examples
--------
>>> rows = [Edit("a", "progress", None, "前期", "ann", "2026-01-02T08:00:00+00:00", "", 1),
...         Edit("a", "progress", "前期", "在建", "bo", "2026-03-01T09:30:00+00:00", "开工", 2)]
>>> current_state(rows)
{'a': {'progress': '在建'}}
>>> item_versions(rows)
{'a': 2}
>>> check_version("a", 1, rows)
Traceback (most recent call last):
...
geo.tracking.log.EditConflict: item 'a' was changed since you read it (version 1): bo changed progress at 2026-03-01 09:30 UTC; nothing was saved — reload the item and make your edit again
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass

from geo.tracking.fields import TrackingError

__all__ = ["Edit", "EditConflict", "now_utc", "current_state", "item_versions",
           "check_version", "make_edits", "edit_from_dict"]


class EditConflict(TrackingError):
    """The item changed since the editor read it; ``edits`` are the newer rows."""

    def __init__(self, item: str, expected: int, edits: list["Edit"]):
        self.item, self.expected, self.edits = item, expected, list(edits)
        if edits:
            by_save: dict[tuple, list[str]] = {}
            for e in edits:
                by_save.setdefault((e.who, e.when), []).append(e.field)
            said = "; ".join(f"{who} changed {', '.join(fields)} at {_short_time(when)}"
                             for (who, when), fields in by_save.items())
        else:
            said = "its history was rewritten or removed"
        super().__init__(f"item {item!r} was changed since you read it (version {expected}): "
                         f"{said}; nothing was saved — reload the item and make your edit again")


@dataclass(frozen=True)
class Edit:
    """One changed field of one save (see the module docstring)."""

    item: str
    field: str
    old: object
    new: object
    who: str
    when: str
    comment: str
    version: int

    def to_dict(self) -> dict:
        return asdict(self)


def edit_from_dict(d: Mapping) -> Edit:
    """An :class:`Edit` from its :meth:`Edit.to_dict` form."""
    return Edit(str(d["item"]), str(d["field"]), d.get("old"), d.get("new"), str(d["who"]),
                str(d["when"]), str(d.get("comment") or ""), int(d["version"]))


def now_utc() -> str:
    """The current time, UTC, ISO 8601 to the second."""
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()


def _short_time(when: str) -> str:
    try:
        t = dt.datetime.fromisoformat(when).astimezone(dt.timezone.utc)
    except ValueError:
        return when
    return t.strftime("%Y-%m-%d %H:%M UTC")


def current_state(edits: Iterable[Edit]) -> dict[str, dict]:
    """Item → {field: value} after every edit, in log order (a cleared field stays, as None)."""
    out: dict[str, dict] = {}
    for e in edits:
        out.setdefault(e.item, {})[e.field] = e.new
    return out


def item_versions(edits: Iterable[Edit]) -> dict[str, int]:
    """Item → its version (0 for an item never edited, so absent here)."""
    out: dict[str, int] = {}
    for e in edits:
        out[e.item] = max(out.get(e.item, 0), e.version)
    return out


def check_version(item: str, expected: int | None, edits: Iterable[Edit]) -> int:
    """The item's current version; :class:`EditConflict` when it is not ``expected``
    (``None`` skips the check)."""
    rows = [e for e in edits if e.item == item]
    current = max((e.version for e in rows), default=0)
    if expected is not None and int(expected) != current:
        raise EditConflict(item, int(expected), [e for e in rows if e.version > int(expected)])
    return current


def make_edits(item: str, changes: Mapping, before: Mapping, who: str, comment: str | None,
               version: int, when: str | None = None) -> list[Edit]:
    """The rows of one save: one per field whose value really changes (``before`` is the
    item's state read under the same lock or transaction)."""
    when = when or now_utc()
    return [Edit(item, f, before.get(f), v, who, when, comment or "", version)
            for f, v in changes.items() if before.get(f) != v]
