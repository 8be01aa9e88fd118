"""Load the bundled layers as GeoDataFrames (cached), with a schema check.

``load_regions(level, resolution)`` gives the admin units, ``load_lakes()`` the
named lakes and ``load_projects()`` the plan's items. Every loader checks the
columns it promises and fails with :class:`DataError` naming the file, the
feature and the field. The returned frames are shared cache entries: copy
before mutating.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import pandas as pd

from geo import paths
from geo.errors import YrdmapError, choice

__all__ = ["DataError", "LEVELS", "RESOLUTIONS", "RESOLUTION_TOLERANCE_M", "load_regions",
           "load_lakes", "load_network", "load_projects", "read_projects", "clear_cache"]

LEVELS = ("province", "city", "county")
#: ``full`` is the converted source; ``s100``/``s1000`` are coverage-simplified
#: display versions (tolerance 100 m / 1 km) that keep borders shared.
RESOLUTIONS = ("full", "s100", "s1000")
#: the tolerance (metres) each resolution's boundary files were simplified at: what other
#: background polygons drawn with them (lakes) are simplified at to match
RESOLUTION_TOLERANCE_M = {"full": 0.0, "s100": 100.0, "s1000": 1000.0}
_STEM = {"province": "provinces", "city": "cities", "county": "counties"}
REGION_FIELDS = {"adcode": "int", "name_zh": "str", "name_en": "str", "level": "str",
                 "province_adcode": "int", "area_km2": "float"}
LAKE_FIELDS = {"name_zh": "str", "name_en": "str", "area_km2": "float"}


class DataError(YrdmapError, ValueError):
    """A data file is missing or breaks its schema."""


def _read(path: Path) -> gpd.GeoDataFrame:
    if not path.exists():
        raise DataError(f"{path}: file not found (regenerate with `python -m geo.build`)")
    gdf = gpd.read_file(path, engine="pyogrio", use_arrow=True)
    if gdf.crs is None or gdf.crs.to_epsg() != 4326:
        raise DataError(f"{path}: CRS is {gdf.crs}, expected EPSG:4326 (WGS84)")
    return gdf


def check_fields(gdf: gpd.GeoDataFrame, fields: dict[str, str], source: str,
                 key: str = "name_zh") -> None:
    """Raise :class:`DataError` naming the feature and field that breaks ``fields``."""
    for field, kind in fields.items():
        if field not in gdf.columns:
            raise DataError(f"{source}: field {field!r} is missing "
                            f"(required: {', '.join(fields)})")
        bad = gdf[field].isna()
        if kind == "str":
            bad |= ~gdf[field].map(lambda v: isinstance(v, str) and v != "")
        elif kind in ("int", "float"):
            bad |= pd.to_numeric(gdf[field], errors="coerce").isna()
        if bad.any():
            i = int(bad.to_numpy().nonzero()[0][0])
            who = gdf[key].iloc[i] if key in gdf.columns else f"row {i}"
            raise DataError(f"{source}: feature {who!r} (row {i}) has field {field!r} = "
                            f"{gdf[field].iloc[i]!r}; expected a non-empty {kind}")
    empty = gdf.geometry.isna() | gdf.geometry.is_empty
    if empty.any():
        i = int(empty.to_numpy().nonzero()[0][0])
        raise DataError(f"{source}: feature {gdf[key].iloc[i]!r} (row {i}) has no geometry")


@lru_cache(maxsize=None)
def load_regions(level: str, resolution: str = "full") -> gpd.GeoDataFrame:
    """Provinces, cities or counties of the YRD, WGS84, sorted by adcode.

    Parameters
    ----------
    level : {"province", "city", "county"}
    resolution : {"full", "s100", "s1000"}

    Examples
    --------
    >>> len(load_regions("city")), len(load_regions("county", "s1000"))
    (41, 305)
    """
    choice("level", level, LEVELS)
    choice("resolution", resolution, RESOLUTIONS)
    suffix = "" if resolution == "full" else f"_{resolution}"
    path = paths.boundaries_dir() / f"{_STEM[level]}{suffix}.geojson"
    gdf = _read(path)
    check_fields(gdf, REGION_FIELDS, path.name)
    for col in ("adcode", "province_adcode", "city_adcode"):
        if col in gdf:
            gdf[col] = gdf[col].astype("Int64" if gdf[col].isna().any() else "int64")
    return gdf.sort_values("adcode").reset_index(drop=True)


@lru_cache(maxsize=None)
def load_lakes() -> gpd.GeoDataFrame:
    """Named lakes and river water of the YRD (GSHHG full resolution), WGS84."""
    path = paths.boundaries_dir() / "lakes.geojson"
    gdf = _read(path)
    check_fields(gdf, LAKE_FIELDS, path.name)
    return gdf


NETWORK_KINDS = ("lines", "stations")


@lru_cache(maxsize=None)
def load_network(kind: str = "lines") -> gpd.GeoDataFrame:
    """The existing network drawn as context (``data/network/{lines,stations}.geojson``)."""
    if kind not in NETWORK_KINDS:
        raise ValueError(f"network kind {kind!r}; accepted: {', '.join(NETWORK_KINDS)}")
    return _read(paths.data_dir() / "network" / f"{kind}.geojson")


def read_projects(path: Path) -> gpd.GeoDataFrame:
    """Read and validate a project file in the catalog's schema (uncached)."""
    from geo.schema import validate_projects

    gdf = _read(path)
    try:
        validate_projects(gdf)
    except ValueError as exc:
        raise DataError(f"{path.name}: {exc}") from exc
    return gdf


@lru_cache(maxsize=None)
def load_projects() -> gpd.GeoDataFrame:
    """The plan's items from ``data/projects.geojson``, validated."""
    return read_projects(paths.projects_path())


def clear_cache() -> None:
    """Forget every cached layer (after the data folder changed)."""
    for fn in (load_regions, load_lakes, load_network, load_projects):
        fn.cache_clear()
