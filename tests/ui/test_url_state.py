"""URL state: round trips, defaults left out, bad values reported and dropped, never raised."""
from __future__ import annotations

import pytest

from ui.url_state import Issue, ViewState, Vocabulary, decode, encode

PROVINCES = {"310000": 310000, "320000": 320000, "江苏": 320000, "jiangsu": 320000,
             "330000": 330000, "340000": 340000}
CITIES = {"320500": 320500, "苏州": 320500, "330100": 330100}


def _resolver(table):
    def resolve(v):
        try:
            return table[str(v).lower()]
        except KeyError:
            raise LookupError(v) from None
    return resolve


VOCAB = Vocabulary(layers=("demonstration_zone", "rail", "waterway", "hub"),
                   status={"规划": "planned", "开工建设": "construction started"},
                   basemaps=("offline", "osm", "gaode", "custom"),
                   province=_resolver(PROVINCES), city=_resolver(CITIES),
                   items=frozenset({"rail-a", "hub-b"}),
                   tile_allowed=lambda url: url.startswith("https://t.example/"))

STATES = [
    ViewState(),
    ViewState(lang="en"),
    ViewState(provinces=(320000, 330000), cities=(320500,), layers=("rail", "waterway"),
              status=("规划",), cross=True, text="沪 杭&x=1", selected="rail-a",
              basemap="gaode", lat=31.2304, lon=121.4737, zoom=9.5),
    ViewState(layers=(), basemap="custom", tiles="https://t.example/{z}/{x}/{y}.png"),
    ViewState(lat=-0.0001, lon=0.0, zoom=0.0),
]


@pytest.mark.parametrize("state", STATES)
def test_round_trip(state):
    params = encode(state)
    assert all(isinstance(v, str) for v in params.values())
    back, issues = decode(params, VOCAB)
    assert issues == []
    assert back == state


def test_defaults_make_an_empty_query():
    assert encode(ViewState()) == {}
    assert decode({}, VOCAB) == (ViewState(), [])


def test_all_layers_is_the_default_and_none_is_explicit():
    assert decode({"layers": "demonstration_zone,rail,waterway,hub"}, VOCAB)[0].layers is None
    assert encode(ViewState(layers=())) == {"layers": "none"}
    assert decode({"layers": "none"}, VOCAB)[0].layers == ()


def test_names_and_english_accepted():
    state, issues = decode({"prov": "江苏,Jiangsu", "city": "苏州", "status": "Planned"}, VOCAB)
    assert issues == []
    assert state.provinces == (320000,) and state.cities == (320500,)
    assert state.status == ("规划",)


def test_unknown_values_are_reported_and_dropped():
    state, issues = decode({"prov": "江苏,Atlantis", "city": "Gotham", "layers": "rail,roads",
                            "status": "done", "base": "bing", "lang": "fr", "sel": "nope",
                            "lat": "31", "lon": "abc", "z": "9", "cross": "maybe"}, VOCAB)
    assert state.provinces == (320000,)
    assert state.cities == () and state.layers == ("rail",) and state.status == ()
    assert state.basemap == "offline" and state.lang == "zh" and state.selected is None
    assert (state.lat, state.lon, state.zoom) == (None, None, None)
    codes = {(i.code, i.param, i.value) for i in issues}
    assert ("app.warn_unknown_province", "prov", "Atlantis") in codes
    assert ("app.warn_unknown_city", "city", "Gotham") in codes
    assert ("app.warn_unknown_item", "sel", "nope") in codes
    for param, value in [("layers", "roads"), ("status", "done"), ("base", "bing"),
                         ("lang", "fr"), ("lon", "abc"), ("cross", "maybe")]:
        assert ("app.warn_unknown_value", param, value) in codes
    assert all(isinstance(i, Issue) for i in issues)


@pytest.mark.parametrize("params", [{"lat": "nan", "lon": "1", "z": "3"},
                                    {"lat": "95", "lon": "1", "z": "3"},
                                    {"lat": "30", "lon": "120", "z": "40"}])
def test_out_of_range_view_falls_back(params):
    state, issues = decode(params, VOCAB)
    assert state.zoom is None and issues


def test_lists_from_repeated_params_take_the_last():
    assert decode({"lang": ["zh", "en"]}, VOCAB)[0].lang == "en"


def test_tiles_only_kept_for_custom_basemap():
    state, _ = decode({"base": "osm", "tiles": "https://x/{z}/{x}/{y}"}, VOCAB)
    assert state.tiles == ""
    assert "tiles" not in encode(ViewState(basemap="osm", tiles="https://x/{z}/{x}/{y}"))


COUNTIES = {"320509": 320509, "吴江区": 320509, "330102": 330102}
VOCAB_C = Vocabulary(layers=VOCAB.layers, status=VOCAB.status, basemaps=VOCAB.basemaps,
                     province=VOCAB.province, city=VOCAB.city, county=_resolver(COUNTIES))


def test_counties_round_trip_and_name_resolution():
    """#17.13: the county filter is in the link, as adcodes; a name resolves to one."""
    s = ViewState(counties=(320509, 330102))
    assert encode(s) == {"county": "320509,330102"}
    assert decode(encode(s), VOCAB_C) == (s, [])
    state, issues = decode({"county": "吴江区,nowhere"}, VOCAB_C)
    assert state.counties == (320509,)
    assert issues == [Issue("app.warn_unknown_county", "county", "nowhere")]


def test_counties_without_a_resolver_are_reported_not_raised():
    state, issues = decode({"county": "320509"}, VOCAB)
    assert state.counties == () and [i.param for i in issues] == ["county"]


def test_background_layers_switched_in_the_layer_control_round_trip():
    from ui.state import vocabulary

    vocab = vocabulary()                    # background: the registry's background layer ids
    assert {"counties", "rivers", "labels"} <= set(vocab.background)
    state, issues = decode({"show": "counties", "hide": "rivers,labels"}, vocab)
    assert issues == [] and state.shown == ("counties",) and state.hidden == ("rivers", "labels")
    assert encode(state) == {"show": "counties", "hide": "rivers,labels"}
    assert decode(encode(state), vocab)[0] == state
    state, issues = decode({"show": "counties,nope", "hide": "counties"}, vocab)
    assert state.shown == () and state.hidden == ("counties",)     # the later parameter wins
    assert [(i.param, i.value) for i in issues] == [("show", "nope")]

