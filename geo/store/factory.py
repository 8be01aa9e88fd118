"""Which store answers: PostGIS when ``YRDMAP_DATABASE_URL`` is set, else the files."""
from __future__ import annotations

import os
from functools import lru_cache

import geopandas as gpd

from geo.store.contract import ProjectStore, StoreError

__all__ = ["get_store", "load_all", "load_all_with_regions", "clear_cache"]


def get_store() -> ProjectStore:
    """The configured store: :class:`geo.db.store.PostGISStore` on ``YRDMAP_DATABASE_URL``
    when it is set, else :class:`geo.store.files.FileStore` (the bundled catalog plus
    ``data/user/`` or ``YRDMAP_STORE_DIR``). ``YRDMAP_STORE`` = ``file`` | ``postgis``
    overrides the choice. Nothing is connected or read until the store is asked.

    Examples
    --------
    >>> isinstance(get_store(), ProjectStore)
    True
    """
    url = os.environ.get("YRDMAP_DATABASE_URL", "").strip()
    kind = os.environ.get("YRDMAP_STORE", "").strip() or ("postgis" if url else "file")
    if kind == "file":
        from geo.store.files import FileStore

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
    """Catalog plus imported items from the configured store."""
    return get_store().load_all()


def load_all_with_regions(store: ProjectStore | None = None) -> gpd.GeoDataFrame:
    """``store``'s (default: the configured store's) items with their computed columns
    (:func:`geo.item_regions.with_regions`), cached by the store until it changes."""
    return (store or get_store()).load_all_with_regions()


def clear_cache() -> None:
    """Forget cached stores and computed columns (after the data folder changed)."""
    import geo.store.files as files

    files.clear_cache()
    _postgis_store.cache_clear()
