"""geo.search: items ranked names first, places by name, English name, pinyin initials."""
from __future__ import annotations

import pytest

from geo.regions import all_regions
from geo.search import item_hits, pinyin_initials, place_hits, rank_items, search


def test_every_region_has_pinyin_initials():
    missing = [r.name_en for r in all_regions() if not pinyin_initials(r.name_en)]
    assert not missing
    assert pinyin_initials("Suzhou City") == "sz" and pinyin_initials("Huangpu District") == "hp"


@pytest.mark.parametrize("query, first", [("苏州", 320500), ("苏州市", 320500), ("Suzhou", 320500),
                                           ("江苏", 320000), ("Jiangsu", 320000), ("js", 320000),
                                           ("吴江", 320509), ("Wujiang", 320509),
                                           ("pd", 310115), ("上海", 310000)])
def test_place_hits(query, first):
    hits = place_hits(query)
    assert hits and hits[0].key == first, [(h.label_zh, h.score) for h in hits]


def test_shanghai_is_listed_once():
    assert [h.label_zh for h in place_hits("上海市")].count("上海市") == 1


def test_names_before_the_plan_text(catalog_items):
    score = rank_items(catalog_items, "通苏嘉甬")
    ranked = catalog_items.loc[score.sort_values(ascending=False).index]
    assert ranked.iloc[0]["name_zh"] == "通苏嘉甬铁路"
    assert (score > 0).sum() >= 2 and score.max() > score[score > 0].min()
    hits = search("通苏嘉甬", catalog_items)
    assert hits[0].kind == "item" and hits[0].match == "name"
    assert all(h.match == "text" for h in hits[1:])


def test_latin_letters_match_at_a_word_start(catalog_items):
    assert not [h for h in item_hits(catalog_items, "nj", suggest=False)]
    assert search("nj", catalog_items)[0].label_zh == "南京市"


def test_no_match_suggests_names_alike(catalog_items):
    hits = item_hits(catalog_items, "沪苏湖")
    assert hits and all(h.match == "similar" for h in hits)
    assert item_hits(catalog_items, "zzzzqqq") == []
