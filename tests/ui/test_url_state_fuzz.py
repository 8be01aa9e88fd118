"""Fuzz the URL-state parser: any query string decodes to a valid state, never raises,
and what it keeps survives an encode/decode round trip.

``YRDMAP_FUZZ_EXAMPLES`` sets the examples per test (default 200; CI runs 3,000).
"""
import math
import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ui.state import vocabulary
from ui.url_state import PARAMS, ViewState, decode, encode

N = int(os.environ.get("YRDMAP_FUZZ_EXAMPLES", "200"))
VOCAB = vocabulary(frozenset({"rail-hu-zha-hang", "dz-demonstration-zone"}))

# values mixing the vocabulary with hostile text: names, adcodes, numbers, markup, control chars
TOKENS = st.sampled_from(["浙江", "江苏省", "Shanghai", "320000", "330100", "苏州", "Suzhou",
                          "rail", "hub", "开工建设", "planned", "osm", "gaode", "offline",
                          "rail-hu-zha-hang", "none", "1", "0", "nan", "inf", "-1e308", "31.2",
                          "<img src=x onerror=alert(1)>", "</script>", "{{x}}", "\x00", "%", ","])
VALUES = st.one_of(st.text(max_size=60), st.lists(TOKENS, max_size=6).map(",".join))
PARAMS_MAP = st.dictionaries(st.one_of(st.sampled_from(PARAMS + ("adj_a", "junk")), st.text(max_size=5)),
                             VALUES, max_size=len(PARAMS) + 2)
SETTINGS = settings(max_examples=N, deadline=None, derandomize=os.environ.get("CI") == "true",
                    suppress_health_check=[HealthCheck.too_slow])


def _valid(state: ViewState) -> None:
    assert state.lang in ("zh", "en")
    assert all(isinstance(a, int) for a in state.provinces + state.cities)
    assert state.layers is None or set(state.layers) <= set(VOCAB.layers)
    assert set(state.status) <= set(VOCAB.status)
    assert state.basemap in VOCAB.basemaps
    assert state.selected is None or state.selected in VOCAB.items
    assert len(state.text) <= 200
    for v in (state.lat, state.lon, state.zoom):
        assert v is None or math.isfinite(v)


@SETTINGS
@given(PARAMS_MAP)
def test_any_query_decodes_to_a_valid_state_without_raising(params):
    state, issues = decode(params, VOCAB)
    _valid(state)
    assert all(i.param for i in issues)


@SETTINGS
@given(PARAMS_MAP)
def test_decoded_state_round_trips(params):
    state, _ = decode(params, VOCAB)
    again, issues = decode(encode(state), VOCAB)
    assert again == state
    assert not issues
