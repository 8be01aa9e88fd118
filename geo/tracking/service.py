"""The one way to change tracked state, import or remove items: check, authorise, write.

The app, the CLI and the Python API all call these functions, so the role check
(:func:`geo.auth.authorise`) and the validation (:func:`geo.tracking.fields.check_changes`)
happen in one place:

- :func:`edit_item` — one save of an item's tracked fields, with the optimistic
  version check; returns the edit rows written;
- :func:`add_items` / :func:`remove_item` — the store's writes behind the same check;
- :func:`with_tracking` — items with their current tracked state (from the log);
- :func:`history` — an item's edit rows, oldest first.

:func:`edit_log` picks the log of the configured store: the file store's
``edits.jsonl`` or the PostGIS tables.
"""
from __future__ import annotations

import geopandas as gpd
import pandas as pd

from geo.auth import User, auth_mode, authorise
from geo.tracking.fields import TRACKED_FIELDS, check_changes
from geo.tracking.log import Edit

__all__ = ["edit_log", "with_tracking", "edit_item", "history", "add_items", "remove_item",
           "GuardedStore", "guarded",
           "find_item", "actor_name"]


def edit_log(store=None):
    """The edit log (and accounts) of ``store`` (default: the configured store): the
    contract's :meth:`~geo.store.contract.ProjectStore.edit_log`."""
    if store is None:
        from geo.store import get_store

        store = get_store()
    return store.edit_log()


def with_tracking(items: pd.DataFrame, log) -> pd.DataFrame:
    """``items`` with every tracked field as a column (the log's value where an item was
    edited, the stored one — e.g. an import's 责任单位 — otherwise) and
    ``tracking_version`` (0 for an item never edited)."""
    state, versions = log.state(), log.versions()
    out = items.copy()
    for f in TRACKED_FIELDS:
        col = out[f].astype(object) if f in out.columns else pd.Series(None, index=out.index,
                                                                         dtype=object)
        edited = out["id"].map(lambda i, f=f: f in state.get(i, {}))
        values = out["id"].map(lambda i, f=f: state.get(i, {}).get(f))
        col = col.where(~edited.astype(bool), values)
        out[f] = col.where(col.notna(), None)
    out["tracking_version"] = out["id"].map(lambda i: int(versions.get(i, 0))).astype(int)
    return out


def find_item(item_id: str, store=None) -> pd.Series:
    """The item (with computed regions) of ``item_id``; ``KeyError`` naming it."""
    from geo.store import get_store, load_all_with_regions

    items = load_all_with_regions(store or get_store())
    hits = items[items["id"] == item_id]
    if not len(hits):
        raise KeyError(f"no item has the id {item_id!r}; see `yrdmap projects` or "
                       "`yrdmap imported` for the ids")
    return hits.iloc[0]


def actor_name(user: User | None) -> str:
    """Who an edit is recorded as: the account, or in single mode the OS user."""
    if user is not None:
        return user.name
    import getpass

    try:
        return f"{getpass.getuser()} (single-user)"
    except Exception:   # no login name (a service account)
        return "local (single-user)"


def edit_item(item_id: str, changes: dict, *, user: User | None, comment: str | None = None,
              expected_version: int | None = None, store=None, log=None,
              item: pd.Series | None = None) -> list[Edit]:
    """Save ``changes`` (field → raw value) to ``item_id`` as ``user``.

    Checks, in this order, before anything is written: the item exists, ``user`` may
    edit it (:func:`geo.auth.authorise`), every field and value is acceptable; then
    appends the rows if the item is still at ``expected_version`` (``None``: whatever
    it is now) — else :class:`~geo.tracking.log.EditConflict` names who changed what.

    Raises
    ------
    KeyError, geo.auth.PermissionDenied, geo.tracking.fields.TrackingError,
    geo.tracking.log.EditConflict
    """
    log = log or edit_log(store)
    item = item if item is not None else find_item(item_id, store)
    authorise(user, "edit", item, log=log)
    checked = check_changes(changes)
    base = {f: _plain(item.get(f)) for f in TRACKED_FIELDS if f in item.index}
    return log.append(item_id, checked, actor_name(user), comment, expected_version, base)


def _plain(v):
    from geo.jsonable import plain

    v = plain(v)
    return None if isinstance(v, str) and not v.strip() else v


def history(item_id: str, log=None) -> list[Edit]:
    """The edit rows of ``item_id``, oldest first."""
    return (log or edit_log()).edits(item_id)


def add_items(items: gpd.GeoDataFrame, *, user: User | None, store=None, log=None) -> int:
    """:meth:`ProjectStore.add_items` after :func:`geo.auth.authorise` of every item."""
    from geo.select import with_regions
    from geo.store import get_store

    store = store or get_store()
    log = log or edit_log(store)
    if auth_mode(log) == "team":
        for _, row in with_regions(items).iterrows():
            authorise(user, "import", row, mode="team")
    return store.add_items(items)


def remove_item(item_id: str, *, user: User | None, store=None, log=None) -> None:
    """:meth:`ProjectStore.remove` after :func:`geo.auth.authorise` of the item."""
    from geo.store import get_store

    store = store or get_store()
    log = log or edit_log(store)
    if auth_mode(log) == "team":
        authorise(user, "remove", find_item(item_id, store), mode="team")
    store.remove(item_id)


class GuardedStore:
    """``store`` as ``user`` sees it: reads pass through; ``add_items`` and ``remove`` go
    through :func:`add_items` / :func:`remove_item` (the role check). Hand it to code
    that writes through a store (``geo.ingest.import_file(..., store=...)``)."""

    def __init__(self, store, user: User | None):
        self._store, self.user = store, user

    def __getattr__(self, name):
        return getattr(self._store, name)

    def __repr__(self) -> str:
        return f"GuardedStore({self._store!r}, user={self.user})"

    def add_items(self, items) -> int:
        return add_items(items, user=self.user, store=self._store)

    def remove(self, item_id: str) -> None:
        remove_item(item_id, user=self.user, store=self._store)


def guarded(store=None, user: User | None = None) -> GuardedStore:
    """:class:`GuardedStore` of ``store`` (default: the configured store)."""
    if store is None:
        from geo.store import get_store

        store = get_store()
    return GuardedStore(store, user)
