"""Search (#17.6): ranked items and places in the sidebar; a click selects the hit.
Ranking and place matching are in tests/geo/test_search.py."""
from __future__ import annotations



from geo.i18n import t

from tests.app.test_app import _run


_app = _run


def _hits(at) -> list:
    return [b for b in at.sidebar.button if b.key and b.key.startswith("w_hit_")]


def test_item_hits_are_ranked_and_a_click_selects_the_item():
    at = _app(q="通苏嘉甬")
    hits = _hits(at)
    assert hits[0].label == t("search.item", "zh", name="通苏嘉甬铁路")
    assert len(hits) > 1                              # the clause's other railways follow
    table = at.dataframe[0].value
    assert table.iloc[0, 0] == "通苏嘉甬铁路"           # name match first in the table too
    assert at.dataframe[0].proto.placeholder == ""        # #17.8: empty cells, not "None"
    hits[0].click().run()
    assert not at.exception
    assert at.session_state["selected"] == "rail-tong-su-jia-yong"
    assert at.query_params["sel"] in ("rail-tong-su-jia-yong", ["rail-tong-su-jia-yong"])
    assert any("通苏嘉甬铁路" in m.value for m in at.markdown if m.value.startswith("**"))


def test_places_by_name_and_pinyin_initials_and_a_click_goes_there():
    at = _app(q="sz")
    labels = [b.label for b in _hits(at)]
    assert labels[0] == t("search.place", "zh", name="苏州市", level=t("search.level_city", "zh"))
    _hits(at)[0].click().run()
    assert not at.exception
    lat, lon, zoom = at.session_state["view"]
    assert 30.7 < lat < 32.1 and 119.9 < lon < 121.4 and zoom >= 8      # 苏州
    at = _app(q="Hangzhou", lang="en")
    assert _hits(at)[0].label == t("search.place", "en", name="Hangzhou",
                                   level=t("search.level_city", "en"))


def test_nothing_found_offers_names_alike():
    at = _app(q="沪苏湖")
    assert any(t("search.similar", "zh", q="沪苏湖") in c.value for c in at.sidebar.caption)
    hits = _hits(at)
    assert hits
    name = hits[0].label.split(" · ", 1)[1]
    hits[0].click().run()
    assert not at.exception
    assert at.sidebar.text_input[0].value == name.replace("\\", "")
    assert at.session_state["selected"]
