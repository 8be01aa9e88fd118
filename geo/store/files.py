"""The file project store: the bundled catalog plus imported items in one GeoJSON file.

The file is ``$YRDMAP_STORE_DIR/projects.geojson`` (default
``<data_dir>/user/projects.geojson``), UTF-8, one feature per line. Every write
takes an exclusive lock on ``.projects.lock`` beside it, re-reads the file,
checks ids against the catalog and the store, writes a temporary file in the
same folder, flushes it to disk and renames it over the old one
(:func:`os.replace`), so a reader sees the old or the new file, never half of
one, and two concurrent imports never lose an item. A store file that cannot
be read is never overwritten: writes are refused until it is fixed.

Queries (:meth:`FileStore.select`, :meth:`FileStore.region_stats`) run in Python on
the items with their computed regions: the catalog's are computed once per process,
the imported items' again only when the store file changes.
"""
from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Hashable, Iterable
from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely
from shapely.geometry import mapping, shape

from geo import paths
from geo.criteria import filter_items
from geo.item_regions import COMPUTED, with_regions
from geo.jsonable import plain
from geo.store.contract import ITEM_FIELDS, DuplicateIdError, StoreError, new_ids, taken_by
from geo.store.locking import locked as _locked
from geo.store.locking import write_replacing

__all__ = ["FileStore", "store_dir", "clear_cache"]



_USER_REGIONS: dict[Hashable, pd.DataFrame] = {}


def _computed(frame: gpd.GeoDataFrame) -> pd.DataFrame:
    """``id`` and the computed columns only."""
    return pd.DataFrame(frame[["id", *COMPUTED]])


@lru_cache(maxsize=1)
def _catalog_regions() -> pd.DataFrame:
    from geo.catalog import load_projects

    return _computed(with_regions(load_projects()))


def clear_cache() -> None:
    """Forget the computed regions (after the data folder changed)."""
    _catalog_regions.cache_clear()
    _USER_REGIONS.clear()


def store_dir() -> Path:
    """``store_dir`` (``$YRDMAP_STORE_DIR``, :mod:`geo.config`), or ``data/user/`` in a
    checkout (the user's data folder for an installed package: :func:`geo.paths.user_data_dir`)."""
    from geo import config

    return config.get("store_dir") or paths.user_data_dir()


def _feature_line(props: dict, geom) -> str:
    feature = {"type": "Feature", "properties": props, "geometry": mapping(geom)}
    return json.dumps(feature, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


class FileStore:
    """Imported items in a GeoJSON file (see the module docstring).

    Parameters
    ----------
    directory : the store folder; default :func:`store_dir`.
    catalog : a function returning the catalog GeoDataFrame; default
        :func:`geo.catalog.load_projects`.

    Examples
    --------
    >>> import tempfile
    >>> store = FileStore(tempfile.mkdtemp())
    >>> len(store.load_user()), store.version()
    (0, None)
    """

    def __init__(self, directory: Path | str | None = None, catalog=None):
        self.directory = Path(directory) if directory is not None else store_dir()
        self.path = self.directory / "projects.geojson"
        self._lock = self.directory / ".projects.lock"
        self._catalog = catalog
        self._cache: tuple | None = None

    @property
    def location(self) -> str:
        return str(self.path)

    def __repr__(self) -> str:
        return f"FileStore({str(self.directory)!r})"

    # ----------------------------------------------------------------- reading
    def catalog(self) -> gpd.GeoDataFrame:
        if self._catalog is not None:
            return self._catalog()
        from geo.catalog import load_projects

        return load_projects()

    def version(self):
        """``(mtime_ns, size, inode)`` of the store file, or ``None`` when there is none."""
        return paths.file_stamp(self.path)

    def _read(self) -> list[dict]:
        """The stored features as dicts (``[]`` when there is no file)."""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return []
        try:
            data = json.loads(raw.decode("utf-8"))
            feats = data["features"]
            if data.get("type") != "FeatureCollection" or not isinstance(feats, list):
                raise ValueError("not a FeatureCollection")
            for f in feats:
                f["_geom"] = shape(f["geometry"])
                if not isinstance(f.get("properties"), dict) or not isinstance(f["properties"].get("id"), str):
                    raise ValueError("a feature without properties.id")
        except Exception as exc:
            raise StoreError(f"{self.path}: the store file cannot be read ({type(exc).__name__}: "
                             f"{exc}); fix or move it away — imports are refused until then") from None
        return feats

    def load_user(self) -> gpd.GeoDataFrame:
        """The imported items (an empty frame with the stored columns when none)."""
        ver = self.version()
        if self._cache is not None and self._cache[0] == ver and ver is not None:
            return self._cache[1].copy()
        feats = self._read()
        rows = [dict(f["properties"], geometry=f["_geom"]) for f in feats]
        columns = list(ITEM_FIELDS)
        for r in rows:
            columns += [k for k in r if k not in columns and k != "geometry"]
        gdf = gpd.GeoDataFrame(pd.DataFrame(rows, columns=columns + ["geometry"]),
                               geometry="geometry", crs=4326)
        self._cache = (ver, gdf)
        return gdf.copy()

    def load_all(self) -> gpd.GeoDataFrame:
        """Catalog then imported items in one frame; ``source`` is ``catalog`` or ``user``."""
        cat = self.catalog().copy()
        cat["source"] = "catalog"
        for col in ITEM_FIELDS:
            if col not in cat.columns:
                cat[col] = None
        user = self.load_user()
        if not len(user):
            return cat
        out = pd.concat([cat, user], ignore_index=True)
        return gpd.GeoDataFrame(out, geometry="geometry", crs=4326)

    def ids(self) -> dict[str, str]:
        """Every id taken → where: ``catalog item '…'`` or ``imported from '…'``."""
        cat = self.catalog()
        taken = {str(i): taken_by("catalog", n, None) for i, n in zip(cat["id"], cat["name_zh"])}
        for f in self._read():
            p = f["properties"]
            taken[p["id"]] = taken_by("user", p.get("name_zh"), p.get("source_file"))
        return taken

    def load_all_with_regions(self) -> gpd.GeoDataFrame:
        """:meth:`load_all` plus :func:`geo.item_regions.with_regions`' columns (cached:
        the catalog's part once per process, the imported part until the file changes)."""
        full = self.load_all()
        cat = (_catalog_regions() if self._catalog is None
               else _computed(with_regions(self.catalog())))
        computed = pd.concat([cat, self._user_regions()], ignore_index=True)
        computed = computed.drop_duplicates("id").set_index("id")
        out = full.join(computed, on="id")
        return gpd.GeoDataFrame(out, geometry="geometry", crs=full.crs)

    def _user_regions(self) -> pd.DataFrame:
        key = (str(self.path), self.version())
        if key not in _USER_REGIONS:
            user = self.load_user()
            out = _computed(with_regions(user)) if len(user) else _catalog_regions().iloc[0:0]
            _USER_REGIONS.clear()
            _USER_REGIONS[key] = out
        return _USER_REGIONS[key]

    def select(self, *, provinces: Iterable = (), cities: Iterable = (),
               layers: Iterable[str] = (), status: Iterable[str] = (), text: str | None = None,
               cross_provincial: bool = False) -> gpd.GeoDataFrame:
        """The items matching every criterion (:func:`geo.criteria.filter_items`)."""
        return filter_items(self.load_all_with_regions(), provinces=provinces, cities=cities,
                            layers=layers, status=status, text=text,
                            cross_provincial=cross_provincial)

    def region_stats(self, by: str = "province", within: Iterable = (), *,
                     provinces: Iterable = (), layers: Iterable[str] = (),
                     status: Iterable[str] = ()):
        """:func:`geo.stats.region_stats` of :meth:`select`'s items."""
        from geo.stats import region_stats

        return region_stats(self.select(provinces=provinces, layers=layers, status=status),
                            by, within=within)

    # ----------------------------------------------------------------- writing
    def _write(self, feats: list[dict]) -> None:
        lines = [_feature_line({k: v for k, v in f["properties"].items()}, f["_geom"]) for f in feats]
        body = '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n"
        self.directory.mkdir(parents=True, exist_ok=True)
        # under the lock no other writer is mid-write: any temp file is a killed writer's leftover
        for stale in self.directory.glob(".projects.*.tmp"):
            with contextlib.suppress(OSError):
                stale.unlink()
        write_replacing(self.path, body.encode("utf-8"), prefix=".projects.")
        if os.name != "nt":
            with contextlib.suppress(OSError):
                dfd = os.open(self.directory, os.O_RDONLY)
                try:
                    os.fsync(dfd)
                finally:
                    os.close(dfd)
        self._cache = None

    def edit_log(self):
        """The edit log and accounts beside the imported items
        (:class:`geo.tracking.file_log.FileEditLog`, same folder, same lock)."""
        from geo.tracking.file_log import FileEditLog

        return FileEditLog(self.directory)

    def add_items(self, items: gpd.GeoDataFrame) -> int:
        """Add every item of ``items`` (WGS84, with ``id``) or none.

        Raises :class:`~geo.store.contract.DuplicateIdError` when an id repeats within
        ``items`` or is already in the catalog or the store; the store file is
        then left byte-identical.
        """
        ids, repeated = new_ids(items)
        if items.crs is not None and items.crs.to_epsg() != 4326:
            items = items.to_crs(4326)
        geoms = items.geometry.values
        with _locked(self._lock):
            feats = self._read()
            taken = self.ids()
            dup = {i: taken[i] for i in ids if i in taken}
            dup.update(repeated)
            if dup:
                raise DuplicateIdError(dup)
            if not ids:
                return 0
            cols = [c for c in items.columns if c != items.geometry.name]
            for rec, geom in zip(items[cols].to_dict("records"), geoms):
                props = {k: plain(v) for k, v in rec.items()}
                props["id"] = str(props["id"])
                props.setdefault("source", "user")
                feats.append({"properties": props, "_geom": shapely.force_2d(geom)})
            self._write(feats)
        return len(ids)

    def remove(self, item_id: str) -> None:
        """Remove one imported item by id (a catalog id or unknown id raises ``KeyError``)."""
        with _locked(self._lock):
            feats = self._read()
            keep = [f for f in feats if f["properties"]["id"] != item_id]
            if len(keep) == len(feats):
                if item_id in set(self.catalog()["id"]):
                    raise KeyError(f"{item_id!r} is a catalog item; only imported items can be removed")
                raise KeyError(f"no imported item has the id {item_id!r}")
            self._write(keep)
