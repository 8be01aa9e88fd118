"""The project store: the plan's catalog plus the items users imported — one contract,
two stores, and the factory every door asks.

Modules (dependencies point down only; no store imports another)

- :mod:`geo.store.contract` — :class:`ProjectStore`, the errors (:class:`StoreError`,
  :class:`DuplicateIdError`) and :data:`ITEM_FIELDS`, the one list of stored item fields.
- :mod:`geo.store.files` — :class:`~geo.store.files.FileStore`: the bundled catalog plus
  ``data/user/projects.geojson``; queries run in Python.
- :mod:`geo.db.store` — :class:`~geo.db.store.PostGISStore`: everything in a shared
  PostGIS database; filters and statistics run in SQL (:mod:`geo.db.queries`).
- :mod:`geo.store.factory` — :func:`get_store`: PostGIS when ``YRDMAP_DATABASE_URL`` is
  set, else the files.

The contract (:class:`ProjectStore`)

=======================  ==============================================================
``load_all()``           catalog then imported items (WGS84; ``source`` catalog/user)
``load_user()``          only the imported items
``load_all_with_regions()``  ``load_all()`` + the computed columns
                         (:func:`geo.item_regions.with_regions`), cached per version
``select(**criteria)``   the items matching the criteria of
                         :func:`geo.select.filter_projects`
``region_stats(by, within, provinces=, layers=, status=)``
                         :class:`geo.stats.RegionStats` of the selected items
``ids()``                every id taken → where it is
``version()``            changes whenever the stored items change (cache key)
``add_items(items)``     all or none; :class:`DuplicateIdError` changes nothing
``remove(item_id)``      one imported item; ``KeyError`` for catalog/unknown ids
=======================  ==============================================================

Adding a method: declare it on :class:`ProjectStore` in :mod:`geo.store.contract` with
its docstring, implement it in both stores, and add a test to the contract suite
(``tests/geo/store/test_contract.py``), which runs every test against both stores. A store
raises :class:`StoreError` (or a subclass) for anything the user cannot fix by changing
the arguments; doors show it as one line (the CLI exits with status 1).

Examples
--------
>>> from geo.store import get_store
>>> store = get_store()
>>> isinstance(store, ProjectStore) and len(store.select(layers=["rail"])) > 0
True
"""
from geo.store.contract import ITEM_FIELDS, USER_FIELDS, DuplicateIdError, ProjectStore, StoreError
from geo.store.factory import clear_cache, get_store, load_all, load_all_with_regions

__all__ = ["ProjectStore", "StoreError", "DuplicateIdError", "ITEM_FIELDS", "USER_FIELDS",
           "get_store", "load_all", "load_all_with_regions", "clear_cache"]
