"""The PostGIS project store: :class:`geo.store.ProjectStore` on a shared database.

Reading, filtering and statistics run in SQL (:mod:`geo.db.queries`): ``select`` and
``region_stats`` send the criteria to the database and get back only what matches.

Catalog and imported items are rows of ``projects``; every write is one transaction
that also (re)measures the written items in SQL (:mod:`geo.db.measure`), so an import
lands whole or not at all, and a reader never sees an item without its measures.
Concurrent edits of one item are serialised by its ``version``: :meth:`update_item`
only applies when the version the editor read is still current, and otherwise raises
:class:`~geo.db.connection.ConflictError` — no lost update. The store keeps nothing on
local disk, so any number of app processes can share one database.
"""
from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterable

import geopandas as gpd
import shapely

from geo.db.connection import (ConflictError, DatabaseUnavailable, database_url, describe,
                               psycopg, session)
from geo.db.items import ITEM_COLUMNS, insert_items, read_items
from geo.db.measure import measure_items
from geo.db.queries import (filter_projects, refresh_with_regions, region_stats, revisions,
                             rows_of, select_ids, with_regions)
from geo.db.schema import check_schema
from geo.errors import InputError
from geo.jsonable import plain
from geo.schema import LAYERS, STATUS
from geo.store.contract import DuplicateIdError, new_ids, taken_by

__all__ = ["PostGISStore", "EDITABLE"]

#: fields :meth:`PostGISStore.update_item` may change (plus ``geometry``)
EDITABLE = tuple(c for c in ITEM_COLUMNS if c not in ("id", "source_file", "imported_at"))


class PostGISStore:
    """Items in PostGIS (see the module docstring).

    Parameters
    ----------
    url : a libpq connection string; default ``$YRDMAP_DATABASE_URL``.
    """

    def __init__(self, url: str | None = None):
        self.url = database_url(url)
        if self.url is None:
            raise DatabaseUnavailable("no database configured: set YRDMAP_DATABASE_URL="
                                      "postgresql://user@host:port/dbname")
        self._lock = threading.Lock()
        self._cache: dict[str, tuple] = {}
        self._checked = False

    @property
    def location(self) -> str:
        return describe(self.url)

    def __repr__(self) -> str:
        return f"PostGISStore({self.location!r})"

    @contextlib.contextmanager
    def _session(self):
        """A session on the store's database, its schema checked once per store."""
        with session(self.url) as conn:
            if not self._checked:
                check_schema(conn)
                self._checked = True
            yield conn

    # ----------------------------------------------------------------- reading
    def version(self) -> int:
        """A counter that changes with every committed write to the project list."""
        with self._session() as conn:
            return conn.execute("SELECT counter FROM store_state").fetchone()[0]

    def _cached(self, key: str, where: str, computed: bool = False) -> gpd.GeoDataFrame:
        with self._session() as conn:
            ver = conn.execute("SELECT counter FROM store_state").fetchone()[0]
            with self._lock:
                hit = self._cache.get(key)
            if hit is not None and hit[0] == ver:
                return hit[1].copy()
            frame = read_items(conn, where, computed=computed)
        with self._lock:
            self._cache[key] = (ver, frame)
        return frame.copy()

    def load_all(self) -> gpd.GeoDataFrame:
        """Catalog then imported items (in the order they were added), WGS84, with
        ``source`` (catalog/user) and ``version`` columns."""
        return self._cached("all", "TRUE")

    def load_user(self) -> gpd.GeoDataFrame:
        """Only the imported items."""
        return self._cached("user", "p.source = 'user'")

    def catalog(self) -> gpd.GeoDataFrame:
        """Only the catalog items (as loaded by ``yrdmap db load``, with edits)."""
        return self._cached("catalog", "p.source = 'catalog'")

    def _regions(self, conn, ver: int | None = None) -> tuple[int, gpd.GeoDataFrame]:
        """The store version and every item with its computed regions
        (:func:`geo.db.queries.with_regions`), cached by version (not a copy: callers
        copy). ``ver``: the version the caller already read on ``conn``."""
        if ver is None:
            ver = conn.execute("SELECT counter FROM store_state").fetchone()[0]
        with self._lock:
            hit = self._cache.get("regions")
        if hit is not None and hit[0] == ver:
            return hit[:2]
        ver = conn.execute("SELECT counter FROM store_state").fetchone()[0]
        # from the frame of an earlier version: only the rows written since are read
        got = refresh_with_regions(conn, hit[1], hit[2]) if hit is not None else None
        if got is None:
            revs = dict(revisions(conn))
            got = with_regions(conn), revs
        frame, revs = got
        with self._lock:
            self._cache["regions"] = (ver, frame, revs)
        return ver, frame

    def _selected(self, conn, criteria: dict) -> gpd.GeoDataFrame | None:
        """The rows of the cached frame of :meth:`_regions` whose ids match ``criteria``
        in SQL (:func:`geo.db.queries.select_ids`), or ``None`` when a write landed
        between reading the ids and the frame."""
        ver, ids = select_ids(conn, **criteria)
        have, frame = self._regions(conn, ver)
        return rows_of(frame, ids) if have == ver else None

    def load_all_with_regions(self) -> gpd.GeoDataFrame:
        """:meth:`load_all` plus the computed columns of :func:`geo.select.with_regions`,
        measured in SQL (:func:`geo.db.queries.with_regions`)."""
        with self._session() as conn:
            return self._regions(conn)[1].copy()

    def select(self, *, provinces: Iterable = (), cities: Iterable = (),
               layers: Iterable[str] = (), status: Iterable[str] = (), text: str | None = None,
               cross_provincial: bool = False) -> gpd.GeoDataFrame:
        """The items matching every criterion, filtered in SQL
        (:func:`geo.db.queries.select_ids`), their rows taken from the frame of every
        item with its regions, cached by store version (the same rows and order as
        :func:`geo.db.queries.filter_projects`). The ids come with the version they were
        read at; if a write lands before the frame is read, the answer is all SQL."""
        criteria = dict(provinces=provinces, cities=cities, layers=layers, status=status,
                        text=text, cross_provincial=cross_provincial)
        with self._session() as conn:
            items = self._selected(conn, criteria)
            # None: a write landed between the two reads, so answer it all in SQL
            return items if items is not None else filter_projects(conn, **criteria)

    def region_stats(self, by: str = "province", within: Iterable = (), *,
                     provinces: Iterable = (), layers: Iterable[str] = (),
                     status: Iterable[str] = ()):
        """Per-region statistics of the selected items, counted and summed in SQL
        (:func:`geo.db.queries.region_stats`); the merged km/km² dissolve the selected
        rows of the cached frame (as :meth:`select`)."""
        criteria = dict(provinces=provinces, layers=layers, status=status)
        with self._session() as conn:
            return region_stats(conn, by, within, items=self._selected(conn, criteria),
                                **criteria)

    def ids(self) -> dict[str, str]:
        """Every id taken → where: ``catalog item '…'`` or ``imported from '…'``."""
        with self._session() as conn:
            rows = conn.execute("SELECT id, source, name_zh, source_file FROM projects "
                                "ORDER BY seq").fetchall()
        return {i: taken_by(s, n, f) for i, s, n, f in rows}

    def get_item(self, item_id: str):
        """One item (a row with its ``version``); ``KeyError`` for an unknown id."""
        with self._session() as conn:
            frame = read_items(conn, "p.id = %(id)s", {"id": item_id})
        if not len(frame):
            raise KeyError(f"no item has the id {item_id!r}")
        return frame.iloc[0]

    def edit_log(self):
        """The edit log and accounts in this database (:class:`geo.tracking.pg_log.PGEditLog`,
        tables of migration 002)."""
        from geo.tracking.pg_log import PGEditLog

        return PGEditLog(self.url)

    # ----------------------------------------------------------------- writing
    def add_items(self, items: gpd.GeoDataFrame) -> int:
        """Add every item of ``items`` (with ``id``) or none, measured in the same
        transaction. Raises :class:`geo.store.DuplicateIdError` when an id repeats or is
        taken (also when a concurrent import took it first); nothing is written then."""
        ids, dup = new_ids(items)
        pg = psycopg()
        with self._session() as conn:
            for i, s, n, f in conn.execute(
                    "SELECT id, source, name_zh, source_file FROM projects WHERE id = ANY(%s)",
                    (ids,)):
                dup[i] = taken_by(s, n, f)
            if dup:
                raise DuplicateIdError(dup)
            if not ids:
                return 0
            try:
                with conn.transaction():
                    insert_items(conn, items.assign(id=ids), "user")
            except pg.errors.UniqueViolation:
                taken = {r[0] for r in conn.execute(
                    "SELECT id FROM projects WHERE id = ANY(%s)", (ids,))}
                raise DuplicateIdError({i: "taken by a concurrent import"
                                        for i in ids if i in taken} or
                                       {ids[0]: "taken by a concurrent import"}) from None
            measure_items(conn, ids)
        return len(ids)

    def remove(self, item_id: str) -> None:
        """Remove one imported item by id (a catalog id or unknown id raises ``KeyError``)."""
        with self._session() as conn:
            row = conn.execute("SELECT source FROM projects WHERE id = %s FOR UPDATE",
                               (item_id,)).fetchone()
            if row is None:
                raise KeyError(f"no imported item has the id {item_id!r}")
            if row[0] == "catalog":
                raise KeyError(f"{item_id!r} is a catalog item; only imported items can be "
                               "removed")
            conn.execute("DELETE FROM projects WHERE id = %s", (item_id,))

    def update_item(self, item_id: str, changes: dict, expected_version: int) -> int:
        """Apply ``changes`` (field → value; ``geometry`` a shapely geometry in WGS84) to
        one item if it is still at ``expected_version``; return the new version.

        Raises
        ------
        ConflictError
            When the item changed (or was removed) since the editor read that version.
        KeyError
            For an unknown id.
        ValueError
            For a field that cannot be edited, or an unknown layer or status.
        """
        changes = dict(changes)
        unknown = [k for k in changes if k not in EDITABLE and k != "geometry"]
        if unknown:
            raise InputError(f"field {unknown[0]!r} cannot be edited; editable: "
                             f"{', '.join(EDITABLE)}, geometry")
        if not changes:
            raise InputError("no change given")
        if "layer" in changes and changes["layer"] not in LAYERS:
            raise InputError(f"unknown layer {changes['layer']!r}; accepted: {', '.join(LAYERS)}")
        if "status" in changes:
            if changes["status"] not in STATUS:
                raise InputError(f"unknown status {changes['status']!r}; accepted: "
                                 + ", ".join(STATUS))
            changes.setdefault("status_en", STATUS[changes["status"]])
        geom = changes.pop("geometry", None)
        if geom is not None and (not isinstance(geom, shapely.Geometry) or geom.is_empty):
            raise InputError("geometry must be a non-empty shapely geometry (WGS84)")
        sets, params = [], []
        for k, v in changes.items():
            sets.append(f"{k} = %s")
            params.append(plain(v))
        if geom is not None:
            sets.append("geom = ST_SetSRID(ST_GeomFromWKB(%s), 4326)")
            params.append(shapely.to_wkb(shapely.force_2d(geom)))
        with self._session() as conn:
            row = conn.execute(
                f"UPDATE projects SET {', '.join(sets)}, version = version + 1, "
                "updated_at = now() WHERE id = %s AND version = %s RETURNING version",
                (*params, item_id, int(expected_version))).fetchone()
            if row is None:
                now = conn.execute("SELECT version FROM projects WHERE id = %s",
                                   (item_id,)).fetchone()
                if now is None:
                    raise KeyError(f"no item has the id {item_id!r} (removed, or never added)")
                raise ConflictError(item_id, int(expected_version), now[0])
            if geom is not None:
                measure_items(conn, [item_id])
        return row[0]
