"""Loaders for the basemap's water, coast and label files in ``data/boundaries/``.

Built by ``python -m geo.build water neighbours labels`` (see ``data/boundaries/SOURCES.md``):

- :func:`load_sea` — the sea inside each coastal county's polygon (a unit *without the
  sea* is its polygon minus this);
- :func:`load_areas` — km² of every unit: ``area_km2`` (the admin polygon), ``sea_km2``,
  ``land_km2`` (land and inland water, as official areas count them);
- :func:`load_waters` — estuary and bay water inside the 长江口/杭州湾 mouths that no admin
  polygon covers, each piece given to its nearest county;
- :func:`load_neighbours` — the provinces around the YRD (naming what lies outside);
- :func:`load_rivers`, :func:`load_labels` — what the map and the static exports draw.

Examples
--------
>>> areas = load_areas().set_index("adcode")
>>> round(float(areas.at[310000, "land_km2"]))   # 上海市 without the sea
6320
>>> sorted(load_neighbours().name_zh)
['山东省', '江西省', '河南省', '湖北省', '福建省']
"""
from __future__ import annotations

from functools import lru_cache

import geopandas as gpd
import pandas as pd

from geo import paths
from geo.catalog import check_fields

__all__ = ["load_sea", "load_areas", "load_waters", "load_neighbours", "load_rivers",
           "load_labels", "clear_cache", "OFFLINE_COLORS"]

#: colours of the offline background, sea/outside and land: the web map's
#: (:mod:`layers.basemaps`) and the static map's
OFFLINE_COLORS = {"sea": "#dfe9f1", "land": "#fbfaf6"}

_FIELDS = {
    "sea": {"adcode": "int", "name_zh": "str", "sea_km2": "float"},
    "waters": {"adcode": "int", "province_adcode": "int", "city_adcode": "int",
               "area_km2": "float"},
    "neighbours": {"adcode": "int", "name_zh": "str", "name_en": "str"},
    "rivers": {"source": "str", "km": "float"},
    "labels": {"name_zh": "str", "name_en": "str", "level": "str", "zooms_zh": "int",
               "zooms_en": "int"},
}


def _load(stem: str) -> gpd.GeoDataFrame:
    path = paths.boundaries_dir() / f"{stem}.geojson"
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing: run `python -m geo.build water labels`")
    gdf = gpd.read_file(path, engine="pyogrio")
    check_fields(gdf, _FIELDS[stem], path.name)
    return gdf


@lru_cache(maxsize=1)
def load_sea() -> gpd.GeoDataFrame:
    """The sea inside each coastal county (``adcode``, ``name_zh``, ``sea_km2``), WGS84."""
    return _load("sea")


@lru_cache(maxsize=1)
def load_waters() -> gpd.GeoDataFrame:
    """Estuary/bay water outside every admin polygon, by nearest county, WGS84."""
    return _load("waters")


@lru_cache(maxsize=1)
def load_neighbours() -> gpd.GeoDataFrame:
    """The five provinces that touch the YRD (200 m simplified), WGS84."""
    return _load("neighbours")


@lru_cache(maxsize=1)
def load_rivers() -> gpd.GeoDataFrame:
    """Rivers: named (``name_zh``/``name_en``) and WDBII's unnamed rest (names empty)."""
    return _load("rivers")


@lru_cache(maxsize=1)
def load_labels() -> gpd.GeoDataFrame:
    """Label points with ``level`` and the per-language zoom bitmasks of geo.build.labels."""
    return _load("labels")


@lru_cache(maxsize=1)
def load_areas() -> pd.DataFrame:
    """adcode, level, name_zh, area_km2, sea_km2, land_km2 of every province/city/county."""
    path = paths.boundaries_dir() / "areas.csv"
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing: run `python -m geo.build water`")
    return pd.read_csv(path, dtype={"adcode": "int64"})


def clear_cache() -> None:
    """Forget the loaded files (after the data folder changed)."""
    for fn in (load_sea, load_waters, load_neighbours, load_rivers, load_labels, load_areas):
        fn.cache_clear()
