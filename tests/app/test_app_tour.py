"""The planner's tour (#17) through AppTest: filters bring the map to the results and
outline the chosen region, a county filter in the link, one click for one layer, a
tile basemap that says when it cannot load, a collapsed legend, a map that fits."""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_app import _run, badge_total, map_args, map_script  # noqa: E402

from geo.i18n import t  # noqa: E402
from geo.select import filter_projects  # noqa: E402
from ui.state import KEYS, MAP_SIZES  # noqa: E402


def _js(key: str) -> str:
    """A string as the map script holds it (JSON, non-ASCII escaped)."""
    import json

    return json.dumps(t(key, "zh"))[1:-1]


@pytest.fixture(scope="module")
def tour_app():
    return _run()


def test_choosing_a_province_moves_the_map_there_and_outlines_it():
    at = _run()
    assert at.session_state["_map_cmd"] is None if "_map_cmd" in at.session_state else True
    at.sidebar.multiselect[0].set_value([330000]).run()           # 浙江
    assert not at.exception
    lat, lon, zoom = at.session_state["_map_cmd"]
    assert 27.0 < lat < 31.2 and 118.0 < lon < 122.9 and zoom >= 6.5, (lat, lon, zoom)
    args = map_args(at)
    assert args["center"] == [lat, lon] and args["zoom"] == zoom
    assert _js("app.chosen_regions") in map_script(at)
    # the link holds the new view
    assert at.query_params["z"] == re.sub(r"\.0$", "", str(zoom))
    # clearing the filter goes back to the whole YRD
    at.sidebar.multiselect[0].set_value([]).run()
    lat2, lon2, zoom2 = at.session_state["_map_cmd"]
    assert zoom2 < zoom and 29 < lat2 < 33.5
    assert _js("app.chosen_regions") not in map_script(at)


def test_a_search_text_moves_the_map_to_its_results():
    at = _run()
    at.sidebar.text_input(key=KEYS["text"]).set_value("虹桥").run()
    assert not at.exception
    hits = filter_projects(text="虹桥")
    lat, lon, _ = at.session_state["_map_cmd"]
    lon0, lat0, lon1, lat1 = hits.total_bounds
    assert lon0 - 0.5 <= lon <= lon1 + 0.5 and lat0 - 0.5 <= lat <= lat1 + 0.5


def test_a_shared_link_keeps_its_own_view():
    at = _run(prov="330000", lat="31.2", lon="121.5", z="11")
    assert at.session_state["view"] == (31.2, 121.5, 11.0)
    assert at.session_state["_map_cmd"] is None if "_map_cmd" in at.session_state else True


def test_county_filter_from_the_link_narrows_and_round_trips():
    at = _run(county="吴江区")
    assert not at.exception and not at.warning
    box = at.sidebar.multiselect(key=KEYS["counties"])
    assert box.value == [320509]
    assert badge_total(at) == len(filter_projects(counties=[320509])) < len(filter_projects())
    assert at.query_params["county"] == "320509"
    # unknown county: warned, dropped
    bad = _run(county="不存在县")
    assert any("不存在县" in w.value for w in bad.warning)
    # the county options follow the chosen city
    at.sidebar.multiselect(key=KEYS["cities"]).set_value([330100]).run()     # 杭州
    options = at.sidebar.multiselect(key=KEYS["counties"]).options
    assert options and "吴江区" not in " ".join(options)
    assert at.sidebar.multiselect(key=KEYS["counties"]).value == []


def test_only_this_layer_is_one_click_and_the_row_clears():
    at = _run()
    at.sidebar.button_group(key="w_only_layer").set_value("rail").run()
    assert not at.exception
    assert at.session_state[KEYS["layers"]] == ["rail"]
    assert at.session_state["w_only_layer"] is None
    assert at.query_params["layers"] == "rail"
    assert badge_total(at) == len(filter_projects(layers=["rail"]))


def test_tile_basemap_says_when_it_cannot_load_and_keeps_lakes_and_minimap():
    at = _run(base="gaode")
    assert not at.exception
    script = map_script(at)
    assert "yrd-tile-status" in script and "tileerror" in script
    assert "webrd01.is.autonavi.com" in script
    args = map_args(at)
    lakes = json.dumps("湖泊")[1:-1]
    assert lakes in script                     # in the layer control and the legend rows
    assert r'data-layers=\"lakes\"' in args["feature_group"]      # a legend row
    # the mini-map is the province outlines (a vector copy), never the unreachable tiles
    assert "Control.MiniMap(mini" in args["feature_group"]
    assert "L.geoJson(" in args["feature_group"].split("Control.MiniMap(mini")[0].rsplit("function create", 1)[-1]
    notes = " ".join(c.value for c in at.sidebar.caption)
    assert t("app.basemap_needs_internet", "zh", host="webrd01.is.autonavi.com") in notes
    # the offline basemap has no tiles, so no message
    assert "yrd-tile-status" not in map_script(_run())


def test_legend_starts_collapsed_and_the_map_fits_a_laptop_screen(tour_app):
    script = map_args(tour_app)["feature_group"]
    assert "<details><summary" in script.replace("\\u003c", "<").replace("\\u003e", ">")
    assert "details open" not in script and "yrdmap.legend.open" in script
    assert map_args(tour_app)["height"] == MAP_SIZES["medium"] <= 560
    at = _run()
    at.sidebar.button_group(key=KEYS["map_size"]).set_value("large").run()
    assert map_args(at)["height"] == MAP_SIZES["large"]
