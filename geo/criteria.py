"""The filter criteria of every door: layer and status vocabularies, and the filter itself.

:func:`check_layers` and :func:`status_to_zh` check and normalise criteria (the same
errors whichever store answers); :func:`filter_items` applies them to items that carry
the computed columns of :func:`geo.item_regions.with_regions`. Pure; the PostGIS store
turns the same criteria into SQL (:func:`geo.db.queries.filter_projects`).
"""
from __future__ import annotations

from collections.abc import Iterable

import geopandas as gpd
import pandas as pd

from geo.errors import InputError
from geo.regions import Region, resolve
from geo.schema import LAYERS, STATUS

__all__ = ["layer_keys", "status_keys", "check_layers", "status_to_zh", "resolve_all",
           "filter_items"]


def layer_keys() -> list[str]:
    """The layer keys (``rail``, ``waterway`` …)."""
    return list(LAYERS)


def status_keys() -> dict[str, str]:
    """Status vocabulary zh → en."""
    return dict(STATUS)


def check_layers(layers: Iterable[str]) -> list[str]:
    """``layers`` as a list, or ValueError naming the first unknown one and the accepted keys.

    Examples
    --------
    >>> check_layers(["rail"])
    ['rail']
    >>> check_layers(["railway"])
    Traceback (most recent call last):
    ...
    geo.errors.InputError: unknown layer 'railway'; accepted: demonstration_zone, metropolitan_area, rail, waterway, ecological_corridor, zone, hub
    """
    layers = list(layers)
    unknown = [v for v in layers if v not in layer_keys()]
    if unknown:
        raise InputError(f"unknown layer {unknown[0]!r}; accepted: {', '.join(layer_keys())}")
    return layers


def status_to_zh(status: Iterable[str]) -> list[str]:
    """Statuses given in Chinese or English → the Chinese vocabulary keys, or ValueError
    naming the unknown one and every accepted value."""
    vocab = status_keys()
    en_to_zh = {en.lower(): zh for zh, en in vocab.items()}
    out = []
    for s in status:
        if s in vocab:
            out.append(s)
        elif str(s).lower() in en_to_zh:
            out.append(en_to_zh[str(s).lower()])
        else:
            raise InputError(f"unknown status {s!r}; accepted: "
                             + ", ".join(f"{k} ({v})" for k, v in vocab.items()))
    return out


def resolve_all(names: Iterable, level: str) -> list[Region]:
    """Names, English names or adcodes → Regions of ``level`` (RegionError if unknown)."""
    return [n if isinstance(n, Region) else resolve(n, level=level) for n in names]


def filter_items(items: gpd.GeoDataFrame, *, provinces: Iterable = (), cities: Iterable = (),
                 layers: Iterable[str] = (), status: Iterable[str] = (),
                 text: str | None = None, cross_provincial: bool = False) -> gpd.GeoDataFrame:
    """The rows of ``items`` (with computed columns) matching every given criterion; see
    :func:`geo.select.filter_projects` for the criteria."""
    mask = pd.Series(True, index=items.index)
    for names, level, column in ((provinces, "province", "provinces"),
                                 (cities, "city", "cities_in")):
        wanted = {r.adcode for r in resolve_all(names, level)}
        if wanted:
            mask &= items[column].map(lambda codes, wanted=wanted: bool(wanted & set(codes)))
    layers = check_layers(layers)
    if layers:
        mask &= items["layer"].isin(layers)
    status = status_to_zh(status)
    if status:
        mask &= items["status"].isin(status)
    if text:
        needle = text.strip().lower()
        hay = (items["id"].astype(str) + "\n" + items["name_zh"].astype(str) + "\n"
               + items["name_en"].astype(str) + "\n" + items["plan_text"].astype(str)).str.lower()
        mask &= hay.str.contains(needle, regex=False)
    if cross_provincial:
        mask &= items["cross_provincial"]
    return items[mask]
