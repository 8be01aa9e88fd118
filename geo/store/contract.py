"""The store contract: what every project store answers, its errors, the item fields.

One module so that both stores (:mod:`geo.store.files`, :mod:`geo.db.store`) and the
code that calls them depend on the contract only, never on each other. See
:mod:`geo.store` for the methods and how to add one.
"""
from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import Protocol, runtime_checkable

import geopandas as gpd

from geo.errors import InputError, YrdmapError
from geo.schema import PLANNING_FIELDS, PROJECT_FIELDS

__all__ = ["ProjectStore", "StoreError", "DuplicateIdError", "ITEM_FIELDS", "USER_FIELDS",
           "new_ids", "taken_by"]

#: properties the store adds to an imported item
USER_FIELDS = ("source", "source_file", "imported_at")
#: the stored properties of an item, in order: the catalog's schema fields, the planning
#: fields, then the store's own (any other property of an imported item follows them)
ITEM_FIELDS = tuple(PROJECT_FIELDS) + tuple(PLANNING_FIELDS) + USER_FIELDS


class StoreError(YrdmapError, RuntimeError):
    """The store cannot be read or written (corrupt file, busy lock, database down,
    unknown backend). Doors show its message as one line (the CLI exits with 1)."""


class DuplicateIdError(StoreError, ValueError):
    """Ids already taken; ``ids`` maps each id to where it is (catalog / imported file).

    Examples
    --------
    >>> str(DuplicateIdError({"a": "catalog item '甲'"}))
    "id(s) already in the store: 'a' (catalog item '甲'); nothing was added"
    """

    def __init__(self, ids: dict[str, str]):
        self.ids = dict(ids)
        listed = "; ".join(f"{k!r} ({v})" for k, v in list(ids.items())[:10])
        more = f" and {len(ids) - 10} more" if len(ids) > 10 else ""
        super().__init__(f"id(s) already in the store: {listed}{more}; nothing was added")


def new_ids(items: gpd.GeoDataFrame) -> tuple[list[str], dict[str, str]]:
    """The ids of ``items`` about to be added, as text, and those repeated within them
    (id → ``twice in the items added``, for :class:`DuplicateIdError`); an
    :class:`~geo.errors.InputError` when there is no ``id`` column or an item has no
    geometry. What every store checks before :meth:`ProjectStore.add_items` writes.

    Examples
    --------
    >>> from shapely import Point
    >>> new_ids(gpd.GeoDataFrame({"id": ["a", 2, "a"]}, geometry=[Point(0, 0)] * 3))
    (['a', '2', 'a'], {'a': 'twice in the items added'})
    >>> new_ids(gpd.GeoDataFrame({"id": ["a"]}, geometry=[None]))
    Traceback (most recent call last):
    ...
    geo.errors.InputError: items without geometry cannot be stored
    """
    if "id" not in items.columns:
        raise InputError("items have no 'id' column")
    if any(g is None or g.is_empty for g in items.geometry.values):
        raise InputError("items without geometry cannot be stored")
    ids = [str(i) for i in items["id"]]
    repeated: dict[str, str] = {}
    seen: set[str] = set()
    for i in ids:
        if i in seen:
            repeated[i] = "twice in the items added"
        seen.add(i)
    return ids, repeated


def taken_by(source: str, name_zh: str, source_file: str | None) -> str:
    """Where a taken id is, as :meth:`ProjectStore.ids` words it.

    Examples
    --------
    >>> taken_by("catalog", "沪苏湖铁路", None), taken_by("user", "甲", None)
    ("catalog item '沪苏湖铁路'", "imported from 'a file'")
    """
    if source == "catalog":
        return f"catalog item {name_zh!r}"
    return f"imported from {source_file or 'a file'!r}"


@runtime_checkable
class ProjectStore(Protocol):
    """Where items live: the plan's catalog plus the items users imported.

    Frames are WGS84 GeoDataFrames with the :data:`ITEM_FIELDS` columns (extras follow)
    and ``source`` = ``catalog`` | ``user``.
    """

    # ── reading ──────────────────────────────────────────────────────────────
    def load_all(self) -> gpd.GeoDataFrame:
        """Catalog then imported items."""

    def load_user(self) -> gpd.GeoDataFrame:
        """Only the imported items."""

    def load_all_with_regions(self) -> gpd.GeoDataFrame:
        """:meth:`load_all` plus the computed columns of :func:`geo.item_regions.with_regions`."""

    def select(self, *, provinces: Iterable = (), cities: Iterable = (),
               layers: Iterable[str] = (), status: Iterable[str] = (), text: str | None = None,
               cross_provincial: bool = False) -> gpd.GeoDataFrame:
        """The items (with computed columns) matching every criterion, as
        :func:`geo.select.filter_projects` defines them."""

    def region_stats(self, by: str = "province", within: Iterable = (), *,
                     provinces: Iterable = (), layers: Iterable[str] = (),
                     status: Iterable[str] = ()):
        """:func:`geo.stats.region_stats` of the items ``provinces``/``layers``/``status``
        select; a :class:`geo.stats.RegionStats`."""

    def ids(self) -> dict[str, str]:
        """Every id taken → where (``catalog item '…'`` or ``imported from '…'``)."""

    def version(self) -> Hashable:
        """A value that changes whenever the stored items change (for caches)."""

    # ── writing ──────────────────────────────────────────────────────────────
    def add_items(self, items: gpd.GeoDataFrame) -> int:
        """Add all ``items`` or none (:class:`DuplicateIdError`); return how many."""

    def remove(self, item_id: str) -> None:
        """Remove one imported item (``KeyError`` for a catalog or unknown id)."""

    # ── tracking (#16) ───────────────────────────────────────────────────────
    def edit_log(self):
        """The store's append-only edit log and accounts (:mod:`geo.tracking`):
        ``edits(item)``, ``state()``, ``versions()``, ``version(item)``, ``stamp()``,
        ``append(item, changes, who, comment, expected_version, base)`` (the version check
        and the append in one step), ``accounts()``, ``put_account``, ``delete_account``.
        Writes go through :mod:`geo.tracking.service`, which checks roles first."""
