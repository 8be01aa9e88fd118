"""The Streamlit page through AppTest: renders in both languages, filters reach the map,
the URL state restores and warns, strings are escaped. (AppTest cannot click the map:
tests/browser does that.)"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo.datum import wgs84_to_gcj02
from geo.select import filter_projects
from layers.encoding import decode_features
from layers.folium_layers import tooltip_text
from geo.i18n import t
from layers.i18n import layer_label

APP = str(Path(__file__).resolve().parents[2] / "app.py")
TIMEOUT = 180


def _run(**params) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def map_args(at: AppTest) -> dict:
    (comp,) = [c for c in at.get("component_instance")
               if c.proto.component_name == "streamlit_folium.st_folium"]
    return json.loads(comp.proto.json_args)


def map_script(at: AppTest) -> str:
    """All the map's JavaScript: the base map and the layers st_folium adds to it."""
    args = map_args(at)
    return "\n".join(args[k] or "" for k in ("script", "feature_group", "layer_control"))


def data_file(url: str) -> dict:
    """The decoded content of a data file a layer names (``…/app/static/cache/…``)."""
    from layers.assets import STATIC_DIR

    path = STATIC_DIR / url.split("/app/static/", 1)[1]
    return decode_features(json.loads(path.read_text(encoding="utf-8")))


def map_layers(at: AppTest) -> list[dict]:
    """Every vector layer in the map script, decoded: {"features": [...]}: inline data,
    and the features a layer draws from a data file (``yrdLoad(url, ids)``)."""
    script = map_script(at)
    out, dec = [], json.JSONDecoder()
    for m in re.finditer(r"var data = ", script):
        data, _ = dec.raw_decode(script, m.end())
        if data is None:                # null: a static file, fetched when shown
            continue
        out.append(decode_features(data) if "d" in data else data)   # encoded or GeoJSON
    for m in re.finditer(r'window\.yrdLoad\(("[^"]+"), ', script):
        keep, _ = dec.raw_decode(script, m.end())
        fc = data_file(json.loads(m.group(1)))
        if keep is not None:
            fc["features"] = [f for f in fc["features"] if f["id"] in set(keep)]
        out.append(fc)
    return out


def project_features(at: AppTest) -> list[dict]:
    return [f for layer in map_layers(at) for f in layer["features"] if isinstance(f.get("id"), str)]


def badge_total(at: AppTest) -> int:
    text = " ".join(m.value for m in at.markdown)
    m = re.search(r"共 (\d+) 项|(\d+) items", text)
    assert m, text
    return int(m.group(1) or m.group(2))


@pytest.fixture(scope="module")
def default_app() -> AppTest:
    return _run()


def test_renders_in_chinese_by_default(default_app):
    at = default_app
    assert at.title[0].value == t("app.page_title", "zh")
    assert at.sidebar.radio[0].value == "zh"
    labels = [w.label for w in at.sidebar.multiselect]
    assert labels == [t("app.provinces", "zh"), t("app.cities", "zh"), t("app.counties", "zh"),
                      t("app.status", "zh")]
    assert badge_total(at) == len(filter_projects())


def test_map_element_holds_every_item_and_the_background(default_app):
    at = default_app
    ids = {f["id"] for f in project_features(at)}
    assert ids == set(filter_projects()["id"])
    args = map_args(at)
    # what the map sends back: clicks, the view, and the layer control's choices (for the link);
    # never the bounds or the drawn features, which would rerun the app on every pan
    assert set(args["returned_objects"]) <= {"last_object_clicked", "last_object_clicked_tooltip",
                                             "center", "zoom", "selected_layers"}
    script = map_script(at)
    for pane in ("yrdProvinces", "yrdCities", "yrdCounties", "yrdLakes", "yrdPolygons",
                 "yrdLines", "yrdPoints"):
        assert f'"{pane}"' in script
    # layer names for the layer control, the legend, the tools
    assert "L.Control.Search" in script and "L.Control.MiniMap" in script
    assert "yrd-legend" in script and "imperial: false" in script
    # tooltips in Chinese: name · layer title, escaped
    catalog = filter_projects().set_index("id")
    for f in project_features(at):
        row = catalog.loc[f["id"]]
        assert f["properties"]["tip"] == tooltip_text(row["name_zh"], layer_label(row["layer"], "zh"))
        assert f["properties"]["label"] == row["name_zh"]


def test_map_assets_are_local(default_app):
    args = map_args(default_app)
    for url in args["js_links"] + args["css_links"]:
        assert url.startswith("../../app/static/vendor/"), url
    assert "http" not in " ".join(args["js_links"] + args["css_links"])


def test_english_from_the_url_changes_every_label():
    at = _run(lang="en")
    assert at.title[0].value == t("app.page_title", "en")
    assert [w.label for w in at.sidebar.multiselect][0] == "Provinces"
    assert "items" in " ".join(m.value for m in at.markdown)
    tips = [f["properties"]["tip"] for f in project_features(at)]
    assert tips and not any(re.search(r"[\u4e00-\u9fff]", tip.split(" · ")[1]) for tip in tips)
    assert "Find by name" in map_script(at)


def test_language_switch_keeps_filters():
    at = _run(prov="320000")
    at.sidebar.radio[0].set_value("en").run()
    assert not at.exception
    assert at.title[0].value == t("app.page_title", "en")
    assert at.sidebar.multiselect[0].value == [320000]
    assert dict(at.query_params) == {"prov": "320000", "lang": "en"}


def test_province_filter_reduces_map_table_and_badges(default_app):
    total = len(project_features(default_app))
    at = _run()
    at.sidebar.multiselect[0].set_value([310000]).run()
    assert not at.exception
    expected = filter_projects(provinces=[310000])
    feats = project_features(at)
    assert {f["id"] for f in feats} == set(expected["id"])
    assert 0 < len(feats) < total
    assert badge_total(at) == len(expected)
    assert len(at.dataframe[0].value) == len(expected)
    assert dict(at.query_params)["prov"] == "310000"


def test_city_options_narrow_to_the_chosen_province():
    at = _run(prov="310000")
    cities = at.sidebar.multiselect[1].options
    assert cities == ["上海市"]


def test_layer_and_status_filters():
    at = _run(layers="rail,hub")
    layers = {f for f in filter_projects(layers=["rail", "hub"])["id"]}
    assert {f["id"] for f in project_features(at)} == layers
    at = _run(status="规划")
    assert {f["id"] for f in project_features(at)} == set(filter_projects(status=["规划"])["id"])


def test_empty_result_says_so():
    at = _run(q="no-such-item-anywhere-42")
    assert any(t("app.no_results", "zh") in i.value for i in at.info)
    assert project_features(at) == []
    assert badge_total(at) == 0
    # the background is still drawn
    assert map_layers(at)


def test_unknown_province_in_url_warns_and_falls_back():
    at = _run(prov="Atlantis", z="not-a-number", lat="31", lon="121")
    warnings = [w.value for w in at.warning]
    assert any("Atlantis" in w for w in warnings)
    assert any("z=" in w for w in warnings)
    assert badge_total(at) == len(filter_projects())


def test_url_state_restores_filters_and_selection():
    item = filter_projects(layers=["rail"]).iloc[0]
    at = _run(lang="en", prov="320000,330000", layers="rail", cross="1", sel=item["id"],
              lat="31.2", lon="120.5", z="9")
    sb = at.sidebar
    assert sb.radio[0].value == "en"
    assert sb.multiselect[0].value == [320000, 330000]
    assert sb.toggle[0].value is True
    # the details panel shows the selected item
    assert any(item["name_en"].split(" ")[0] in m.value for m in at.markdown)
    # the view is the map's starting view, at the finer detail level of zoom 9
    script = map_args(at)["script"]
    assert "center: [31.2, 120.5]" in script and '"zoom": 9' in script
    params = dict(at.query_params)
    assert params["sel"] == item["id"] and params["z"] == "9" and params["cross"] == "1"


def test_gaode_basemap_shifts_vectors_to_gcj02():
    at = _run(base="gaode")
    script = map_args(at)["script"]
    assert "autonavi.com" in script
    # a hub (a point) moved by the GCJ-02 offset of its own position
    hubs = filter_projects(layers=["hub"])
    hub = hubs[hubs.geometry.geom_type == "Point"].iloc[0]
    feat = next(f for f in project_features(at) if f["id"] == hub["id"])
    glon, glat = wgs84_to_gcj02(hub.geometry.x, hub.geometry.y)
    x, y = feat["geometry"]["coordinates"]
    assert x == pytest.approx(float(glon), abs=6e-4) and y == pytest.approx(float(glat), abs=6e-4)
    assert abs(x - hub.geometry.x) > 1e-3          # not the WGS84 position
    assert any(t("app.gcj_note", "zh") in c.value for c in at.caption)


def test_tianditu_without_key_falls_back_with_a_warning(monkeypatch):
    monkeypatch.delenv("TIANDITU_KEY", raising=False)
    at = _run(base="tianditu")
    assert any(t("app.tianditu_needs_key", "zh") in w.value for w in at.warning)
    assert "tianditu.gov.cn" not in map_script(at)


def test_bad_custom_tile_url_is_refused():
    at = _run(base="custom", tiles="javascript:alert(1)//{z}/{x}/{y}")
    # refused where the link is read (ui.url_state: not an http(s) XYZ URL), said so
    assert any("tiles=" in w.value and "javascript:" in w.value for w in at.warning)
    assert "javascript:" not in map_script(at)


def test_filter_rerun_is_fast(default_app):
    import time

    at = _run()
    at.sidebar.multiselect[0].set_value([320000]).run()
    start = time.perf_counter()
    at.sidebar.multiselect[0].set_value([330000]).run()
    elapsed = time.perf_counter() - start
    assert not at.exception
    # generous bound for CI; the 300 ms is measured in bench/
    assert elapsed < 3.0, elapsed


EVIL = "<img src=x onerror=alert(1)>"
TEMPLATE = "{{ nope.nope }}"          # raises if anything compiles the data as a template


@pytest.fixture
def evil_data(tmp_path, monkeypatch):
    """A data folder whose first item is named with HTML and a Jinja expression."""
    import streamlit as st

    import geo.catalog
    import geo.store
    import layers.folium_layers
    import layers.map_builder

    src = Path(__file__).resolve().parents[2] / "data"
    for folder in ("boundaries", "network", "reference"):   # everything but the catalog
        (tmp_path / folder).symlink_to(src / folder)
    data = json.loads((src / "projects.geojson").read_text(encoding="utf-8"))
    props = data["features"][0]["properties"]
    props["name_zh"] = EVIL
    props["name_en"] = f"{EVIL} {TEMPLATE}"
    props["note"] = f"[click](javascript:alert(1)) {TEMPLATE} **bold**"
    (tmp_path / "projects.geojson").write_text(json.dumps(data, ensure_ascii=False),
                                               encoding="utf-8")

    def clear():
        geo.catalog.clear_cache()
        geo.store.clear_cache()
        layers.folium_layers._ENCODED.clear()
        layers.map_builder.clear_cache()
        st.cache_resource.clear()

    monkeypatch.setenv("YRDMAP_DATA_DIR", str(tmp_path))
    clear()
    yield props["id"]
    monkeypatch.delenv("YRDMAP_DATA_DIR")
    clear()


def test_html_and_template_text_in_the_data_stay_text(evil_data):
    at = _run(sel=evil_data)
    md = "\n".join(m.value for m in at.markdown)
    assert "<img" not in md and "&lt;img src=x onerror=alert\\(1\\)&gt;" in md
    assert "](javascript" not in md
    feat = next(f for f in project_features(at) if f["id"] == evil_data)
    assert feat["properties"]["tip"].startswith("<b>&lt;img src=x onerror=alert(1)&gt;</b>")
    assert feat["properties"]["label"] == EVIL        # written with textContent by the search
    # the table shows the name as plain text
    assert EVIL in set(at.dataframe[0].value.iloc[:, 0])
    at_en = _run(sel=evil_data, lang="en")
    md = "\n".join(m.value for m in at_en.markdown)    # the (English) note: English UI only
    assert "](javascript" not in md and "\\[click\\]\\(javascript" in md
    assert "\\*\\*bold\\*\\*" in md
    feat = next(f for f in project_features(at_en) if f["id"] == evil_data)
    assert TEMPLATE in feat["properties"]["tip"]


def test_adjacency_link_opens_its_tab_and_its_overlays_reach_the_map():
    at = _run(adj_a="310000", adj_b="320000")
    args = map_args(at)
    groups = args["feature_group"] or ""
    assert "yrdHighlight" in groups and "window.yrdDecode(" in groups
    # overlays are listed in the layer control, by their (escaped) names
    assert "feature_group_feature_group_" in args["layer_control"]
    # the open tab is the adjacency panel (its neighbour table), not the items table
    assert not any(t("app.col_clause", "zh") in df.value.columns for df in at.dataframe)
    params = dict(at.query_params)
    assert params["adj_a"] == "310000" and params["adj_b"] == "320000"


def test_filters_selection_and_zoom_change_layers_not_the_map():
    """The component's identity (its key: a hash of the base map script) stays while
    filters, the selection and the detail level change — the browser keeps its frame
    and only the layers (``feature_group``) are replaced (tests/browser checks the
    frame itself survives)."""
    at = _run()
    first = map_args(at)
    at.sidebar.multiselect[0].set_value([310000]).run()
    after_filter = map_args(at)
    assert after_filter["key"] == first["key"] and after_filter["script"] == first["script"]
    assert after_filter["feature_group"] != first["feature_group"]
    # the layers hidden at start (counties) are not sent: a static file, fetched when shown
    swap = re.search(r'"counties:s1000[^"]*";.*?var data = (\S+), url = "([^"]+)"',
                     first["feature_group"], re.S)
    assert swap and swap.group(1) == "null", first["feature_group"][:300]
    assert swap.group(2).startswith("../../app/static/cache/")
    assert len(data_file(swap.group(2))["features"]) > 300
    item = filter_projects(provinces=[310000]).iloc[0]
    at.session_state["selected"] = item["id"]
    # zooming in past a detail level (the component reports its view): finer data, same map
    at.session_state["map"] = {"center": {"lat": 31.2, "lng": 121.45}, "zoom": 12,
                               "last_object_clicked": None, "last_object_clicked_tooltip": None}
    at.run()
    assert not at.exception
    zoomed = map_args(at)
    assert zoomed["key"] == first["key"] and zoomed["script"] == first["script"]
    assert "provinces:full" in zoomed["feature_group"]
    assert '"yrdHalo"' in zoomed["feature_group"]          # the selection's halo
    params = dict(at.query_params)
    assert params["z"] == "12" and params["sel"] == item["id"]
