"""Find items and places by what a planner types: ranked, names first.

:func:`item_hits` ranks the items a text matches: the name itself, then names that
start with it or contain it, then the id, then only the plan's text (a clause's
shared sentence names eight railways: those come last); with no match at all, the
names most alike are offered as suggestions. :func:`place_hits` finds provinces,
cities and counties by Chinese name (full or short), English name, or the initials
of the pinyin (``sz`` → 苏州市, 宿州市 …). :func:`search` puts both together.

Pure: no streamlit; the regions come from :mod:`geo.regions`.

Examples
--------
>>> [h.label_zh for h in place_hits("hz")][:2]
['杭州市', '湖州市']
>>> place_hits("Suzhou")[0].label_zh, place_hits("苏州")[0].key
('苏州市', 320500)
>>> pinyin_initials("Lianyungang City"), pinyin_initials("Jing'an District")
('lyg', 'ja')
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

__all__ = ["Hit", "item_hits", "place_hits", "search", "pinyin_initials", "rank_items"]

_INITIALS = ("zh", "ch", "sh", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "j",
             "q", "x", "r", "z", "c", "s", "y", "w", "")
_FINALS = ("iang", "iong", "uang", "ang", "eng", "ing", "ong", "ian", "iao", "uai", "uan",
           "ai", "ei", "ao", "ou", "an", "en", "er", "ia", "ie", "iu", "in", "ua", "uo", "ui",
           "un", "ue", "ve", "a", "o", "e", "i", "u", "v")
_SYLLABLES = frozenset(i + f for i in _INITIALS for f in _FINALS)
_LONGEST = max(map(len, _SYLLABLES))
_EN_SUFFIX = re.compile(r"\s+(district|city|county|province|municipality|"
                        r"autonomous county|new area)$", re.I)
_LEVEL_ORDER = {"province": 0, "city": 1, "county": 2}


@dataclass(frozen=True)
class Hit:
    """One search result: an item (``key`` = its id) or a place (``key`` = adcode)."""

    kind: str            # "item" or "place"
    key: object
    label_zh: str
    label_en: str
    score: float         # higher first
    match: str           # name, id, text, similar (items); name, english, pinyin (places)
    level: str = ""      # a place's level

    def label(self, lang: str) -> str:
        return self.label_en if lang == "en" else self.label_zh


def _segment(word: str) -> list[str] | None:
    """``word`` (lower-case pinyin, no tones) split into syllables, longest first, or
    None when it is not pinyin."""
    @lru_cache(maxsize=None)
    def go(i: int):
        if i == len(word):
            return ()
        for n in range(min(_LONGEST, len(word) - i), 0, -1):
            if word[i:i + n] in _SYLLABLES:
                rest = go(i + n)
                if rest is not None:
                    return (word[i:i + n], *rest)
        return None

    out = go(0)
    return None if out is None else list(out)


def pinyin_initials(name_en: str) -> str:
    """The initials of a pinyin place name (its English name less District, City …);
    ``""`` when a word is not pinyin."""
    base = _EN_SUFFIX.sub("", name_en.strip())
    out = []
    for word in re.split(r"[\s'’\-]+", base.lower()):
        if not word:
            continue
        syllables = _segment(word)
        if syllables is None:
            return ""
        out += [s[0] for s in syllables]
    return "".join(out)


def _norm(text: str) -> str:
    return re.sub(r"[\s'’\-·]", "", str(text).strip().lower())


@lru_cache(maxsize=1)
def _places() -> list[tuple]:
    """(region, Chinese keys, English keys, initials) of every province, city, county."""
    from geo.regions import _short_zh, all_regions

    out = []
    provinces = {r.adcode: r.name_zh for r in all_regions() if r.level == "province"}
    for r in all_regions():
        if r.level == "city" and r.name_zh == provinces.get(r.province_adcode):
            continue                      # 上海市 the city is 上海市 the province
        zh = {_norm(r.name_zh), _norm(_short_zh(r.name_zh))}
        en = {_norm(r.name_en), _norm(_EN_SUFFIX.sub("", r.name_en))}
        out.append((r, zh, en, pinyin_initials(r.name_en)))
    return out


def place_hits(text: str, limit: int = 8) -> list[Hit]:
    """Provinces, cities and counties matching ``text``, best first.

    Exact names score highest, then names starting with the text, then (Chinese)
    names containing it, then the pinyin initials; provinces before cities before
    counties at equal score. 上海市 the city, the same place as 上海市 the province,
    is listed once.
    """
    q = _norm(text)
    if not q:
        return []
    latin = q.isascii()
    hits = []
    for r, zh, en, initials in _places():
        score, match = 0.0, ""
        keys = en if latin else zh
        if q in keys:
            score, match = 100.0, "english" if latin else "name"
        elif any(k.startswith(q) for k in keys):
            score, match = 80.0, "english" if latin else "name"
        elif not latin and len(q) >= 2 and any(q in k for k in keys):
            score, match = 60.0, "name"
        elif latin and len(q) >= 2 and initials == q:
            score, match = 70.0, "pinyin"
        elif latin and len(q) >= 2 and initials.startswith(q):
            score, match = 50.0, "pinyin"
        if score:
            hits.append(Hit("place", r.adcode, r.name_zh, r.name_en,
                            score - _LEVEL_ORDER[r.level], match, r.level))
    hits.sort(key=lambda h: (-h.score, _LEVEL_ORDER[h.level], h.key))
    return hits[:limit]


def rank_items(items: pd.DataFrame, text: str) -> pd.Series:
    """A score per item for ``text`` (0 = no match): the name (exact 100, start 90,
    contained 80), the id (50), the plan's text only (30).

    >>> df = pd.DataFrame({"id": ["a", "b"], "name_zh": ["沿海通道", "通苏嘉甬铁路"],
    ...                    "name_en": ["Coastal", "Tong-Su-Jia-Yong"],
    ...                    "plan_text": ["推进通苏嘉甬等", "通苏嘉甬铁路"]})
    >>> rank_items(df, "通苏嘉甬").tolist()
    [30.0, 90.0]
    """
    q = str(text).strip().lower()
    score = pd.Series(0.0, index=items.index)
    if not q:
        return score
    # Latin letters match English names at a word's start ("nj" is not in "Nanjing")
    word = re.compile(r"(?<![a-z])" + re.escape(q)) if q.isascii() else None
    for col in ("plan_text", "id", "name_en", "name_zh"):
        if col not in items.columns:
            continue
        v = items[col].astype("string").fillna("").str.lower()
        if col == "plan_text":
            score = score.mask(v.str.contains(q, regex=False) & (score < 30), 30.0)
        elif col == "id":
            found = v.str.contains(word) if word is not None else v.str.contains(q, regex=False)
            score = score.mask(found & (score < 50), 50.0)
        else:
            found = v.str.contains(word) if word is not None else v.str.contains(q, regex=False)
            score = score.mask(found & (score < 80), 80.0)
            score = score.mask(v.str.startswith(q) & (score < 90), 90.0)
            score = score.mask((v == q) & (score < 100), 100.0)
    return score


def item_hits(items: pd.DataFrame, text: str, limit: int = 8,
              suggest: bool = True) -> list[Hit]:
    """The items ``text`` matches, best first (:func:`rank_items`); with no match,
    up to three names most alike (``match="similar"``) when ``suggest``."""
    score = rank_items(items, text)
    order = score[score > 0].sort_values(ascending=False, kind="stable")
    rows = items.loc[order.index]
    hits = [Hit("item", r["id"], str(r["name_zh"]), str(r["name_en"]), float(s),
                {100.0: "name", 90.0: "name", 80.0: "name", 50.0: "id"}.get(float(s), "text"))
            for (_, r), s in zip(rows.iterrows(), order)]
    if hits or not suggest:
        return hits[:limit]
    q = str(text).strip()
    if not q:
        return []
    names = {str(n): i for i, n in zip(items["id"], items["name_zh"])}
    ratio = {n: difflib.SequenceMatcher(None, q, n).ratio() for n in names}
    close = sorted((n for n, r in ratio.items() if r >= 0.3), key=lambda n: -ratio[n])[:3]
    by_id = items.set_index("id")
    return [Hit("item", names[n], n, str(by_id.loc[names[n], "name_en"]),
                round(10 * ratio[n], 3), "similar") for n in close]


def search(text: str, items: pd.DataFrame, limit: int = 10) -> list[Hit]:
    """Items and places by score (a place named exactly before an item whose name only
    contains the text), the items matched by the plan's text or id only after every
    name; with nothing else the items most alike; at most ``limit``.

    >>> from geo.catalog import load_projects
    >>> hits = search("通苏嘉甬", load_projects())
    >>> hits[0].label_zh, hits[0].match, {h.match for h in hits[1:]}
    ('通苏嘉甬铁路', 'name', {'text'})
    """
    items_ = item_hits(items, text, limit=limit, suggest=False)
    places = place_hits(text, limit=limit)
    named = sorted([h for h in items_ if h.match == "name"] + places,
                   key=lambda h: -h.score)
    out = named + [h for h in items_ if h.match != "name"]
    if not out:
        out = item_hits(items, text, limit=3)
    return out[:limit]
