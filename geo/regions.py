"""Resolve region names: 江苏省, 江苏, Jiangsu, 320000, 吴江区, Wujiang … → one admin unit.

Accepted forms, at province, city and county level: the full Chinese name, the
short Chinese name (without 省/市/区/县/自治县/新区; 上海 is the province unless a
level is given), the English name with or without its type word, and the
adcode. Unknown or ambiguous names raise :class:`RegionError`, listing the
closest matches or every candidate.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from geo.catalog import LEVELS, load_regions
from geo.errors import YrdmapError, choice

__all__ = ["Region", "RegionError", "resolve", "regions", "all_regions"]

_ZH_SUFFIXES = ("自治县", "新区", "省", "市", "区", "县")
_EN_SUFFIXES = (" autonomous county", " new area", " district", " county", " city",
                " province", " shi", " sheng")


@dataclass(frozen=True, order=True)
class Region:
    """One admin unit: what the resolver returns."""

    adcode: int
    name_zh: str
    name_en: str
    level: str
    province_adcode: int
    city_adcode: int | None

    def label(self, lang: str = "zh") -> str:
        return self.name_zh if lang == "zh" else self.name_en


class RegionError(YrdmapError, LookupError):
    """An unknown or ambiguous region name; ``candidates`` lists the closest ones."""

    def __init__(self, message: str, candidates: list[Region] | None = None):
        super().__init__(message)
        self.candidates = candidates or []


def _norm(text: str) -> str:
    return re.sub(r"[\s'’\-]", "", text.strip().lower())


def _short_zh(name: str) -> str:
    for suffix in _ZH_SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 1:
            return name[: -len(suffix)]
    return name


def _short_en(name: str) -> str:
    low = name.lower()
    for suffix in _EN_SUFFIXES:
        if low.endswith(suffix):
            return name[: -len(suffix)]
    return name


@lru_cache(maxsize=1)
def all_regions() -> tuple[Region, ...]:
    """Every province, city and county, ordered by level then adcode."""
    out = []
    for level in LEVELS:
        gdf = load_regions(level, "s1000")
        for row in gdf.itertuples(index=False):
            city = getattr(row, "city_adcode", None)
            out.append(Region(int(row.adcode), row.name_zh, row.name_en, level,
                              int(row.province_adcode),
                              None if pd.isna(city) else int(city)))
    return tuple(out)


def regions(level: str | None = None) -> list[Region]:
    """All regions, or those of one level."""
    return [r for r in all_regions() if level is None or r.level == level]


@lru_cache(maxsize=1)
def _index() -> dict[str, list[Region]]:
    index: dict[str, list[Region]] = {}
    for r in all_regions():
        keys = {str(r.adcode), _norm(r.name_zh), _norm(_short_zh(r.name_zh)),
                _norm(r.name_en), _norm(_short_en(r.name_en))}
        for key in keys:
            bucket = index.setdefault(key, [])
            if r not in bucket:
                bucket.append(r)
    return index


def _describe(r: Region) -> str:
    return f"{r.name_zh} {r.name_en} ({r.level}, {r.adcode})"


def resolve(name: str | int, level: str | None = None) -> Region:
    """Resolve one region name, short name, English name or adcode.

    Parameters
    ----------
    name : the text or adcode to resolve.
    level : restrict to ``"province"``, ``"city"`` or ``"county"``.

    Examples
    --------
    >>> resolve("江苏").adcode, resolve("Jiangsu").adcode, resolve(320000).name_zh
    (320000, 320000, '江苏省')
    >>> resolve("吴江区").name_en
    'Wujiang District'
    """
    if level is not None:
        choice("level", level, LEVELS, error=RegionError)
    key = _norm(str(name))
    if not key:
        raise RegionError("empty region name")
    hits = _index().get(key) or _index().get(_norm(_short_en(str(name).strip())), [])
    found = [r for r in hits if level is None or r.level == level]
    if len(found) > 1 and level is None:
        # 上海 is both a province and its only city: the higher level wins when
        # the two are the same place (same name); otherwise it is ambiguous.
        top = min(found, key=lambda r: LEVELS.index(r.level))
        levels = [r.level for r in found]
        if len(set(levels)) == len(levels) and all(r.name_zh == top.name_zh for r in found):
            found = [top]
    if len(found) == 1:
        return found[0]
    if found:
        listed = "; ".join(_describe(r) for r in sorted(found))
        raise RegionError(f"region {name!r} is ambiguous: {listed}. "
                          "Give the adcode or a level.", sorted(found))
    pool = {k: v for k, v in _index().items()
            if any(level is None or r.level == level for r in v)}
    close = difflib.get_close_matches(key, list(pool), n=5, cutoff=0.5)
    cands: list[Region] = []
    for k in close:
        for r in pool[k]:
            if r not in cands and (level is None or r.level == level):
                cands.append(r)
    hint = "; ".join(_describe(r) for r in cands[:5]) or "none"
    where = f" at level {level}" if level else ""
    raise RegionError(f"unknown region {name!r}{where}. Closest: {hint}", cands[:5])
