"""The project store: the plan's catalog plus the items users imported.

:class:`ProjectStore` is the interface every store implements — the file store
(:class:`geo.ingest.store.FileStore`, the default) and, later, a PostGIS store.
``add_items`` is transactional: all items are added or none (an id already in
the catalog or the store raises :class:`DuplicateIdError` and changes nothing).
``get_store()`` picks the store from ``YRDMAP_STORE`` (unset or ``file``);
``load_all()`` is what the app and the CLI read.
"""
from __future__ import annotations

from geo.errors import YrdmapError
import os
from collections.abc import Hashable
from functools import lru_cache
from typing import Protocol, runtime_checkable

import geopandas as gpd
import pandas as pd

__all__ = ["ProjectStore", "StoreError", "DuplicateIdError", "get_store", "load_all",
           "load_all_with_regions", "USER_FIELDS"]

#: properties the store adds to an imported item (besides the catalog's and planning fields)
USER_FIELDS = ("source", "source_file", "imported_at")


class StoreError(YrdmapError, RuntimeError):
    """The store cannot be read or written (corrupt file, busy lock, unknown backend)."""


class DuplicateIdError(StoreError, ValueError):
    """Ids already taken; ``ids`` maps each id to where it is (catalog / imported file)."""

    def __init__(self, ids: dict[str, str]):
        self.ids = dict(ids)
        listed = "; ".join(f"{k!r} ({v})" for k, v in list(ids.items())[:10])
        more = f" and {len(ids) - 10} more" if len(ids) > 10 else ""
        super().__init__(f"id(s) already in the store: {listed}{more}; nothing was added")


@runtime_checkable
class ProjectStore(Protocol):
    """Where items live. Implementations: file (GeoJSON), PostGIS (planned)."""

    def load_all(self) -> gpd.GeoDataFrame:
        """Catalog and imported items, WGS84, with a ``source`` column (catalog/user)."""

    def load_user(self) -> gpd.GeoDataFrame:
        """Only the imported items."""

    def add_items(self, items: gpd.GeoDataFrame) -> int:
        """Add all ``items`` or none; return how many were added."""

    def remove(self, item_id: str) -> None:
        """Remove one imported item (catalog items cannot be removed)."""

    def version(self) -> Hashable:
        """A value that changes whenever the stored items change (for caches)."""


def get_store() -> ProjectStore:
    """The configured store: PostGIS when ``YRDMAP_DATABASE_URL`` is set, else the
    bundled files plus ``data/user/`` (``YRDMAP_STORE`` = ``file`` | ``postgis``
    overrides the choice).

    Examples
    --------
    >>> isinstance(get_store(), ProjectStore)
    True
    """
    url = os.environ.get("YRDMAP_DATABASE_URL", "").strip()
    kind = os.environ.get("YRDMAP_STORE", "").strip() or ("postgis" if url else "file")
    if kind == "file":
        from geo.ingest.store import FileStore

        return FileStore()
    if kind == "postgis":
        if not url:
            raise StoreError("YRDMAP_STORE=postgis needs YRDMAP_DATABASE_URL=postgresql://…")
        return _postgis_store(url)
    raise StoreError(f"YRDMAP_STORE={kind!r} is not a known store; accepted: file, postgis")


@lru_cache(maxsize=4)
def _postgis_store(url: str) -> ProjectStore:
    from geo.db.store import PostGISStore

    return PostGISStore(url)


def load_all() -> gpd.GeoDataFrame:
    """Catalog plus imported items from the configured store (see :func:`get_store`)."""
    return get_store().load_all()


@lru_cache(maxsize=1)
def _catalog_regions() -> pd.DataFrame:
    from geo.catalog import load_projects
    from geo.select import with_regions

    cat = load_projects()
    out = with_regions(cat)
    return pd.DataFrame(out[["id"] + [c for c in out.columns if c not in cat.columns]])


_USER_REGIONS: dict[Hashable, pd.DataFrame] = {}


def _user_regions(store: ProjectStore) -> pd.DataFrame:
    from geo.select import with_regions

    key = (type(store).__name__, str(getattr(store, "location", "")), store.version())
    if key not in _USER_REGIONS:
        user = store.load_user()
        if len(user):
            out = with_regions(user)
            out = pd.DataFrame(out[["id"] + [c for c in out.columns if c not in user.columns]])
        else:
            out = _catalog_regions().iloc[0:0]
        _USER_REGIONS.clear()
        _USER_REGIONS[key] = out
    return _USER_REGIONS[key]


def load_all_with_regions(store: ProjectStore | None = None) -> gpd.GeoDataFrame:
    """:func:`load_all` plus :func:`geo.select.with_regions`' computed columns.

    The catalog's part is computed once per process, the imported part again
    only when the store's :meth:`~ProjectStore.version` changes. Pass the result
    to :func:`geo.select.filter_projects` as ``projects``.
    """
    store = store or get_store()
    if hasattr(store, "load_all_with_regions"):
        return store.load_all_with_regions()
    full = store.load_all()
    computed = pd.concat([_catalog_regions(), _user_regions(store)], ignore_index=True)
    computed = computed.drop_duplicates("id").set_index("id")
    out = full.join(computed, on="id")
    return gpd.GeoDataFrame(out, geometry="geometry", crs=full.crs)
