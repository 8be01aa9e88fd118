"""The statistics view: renders in zh and en (AppTest), charts and downloads present;
chart specs, classes and download bytes checked without a browser."""
import io
import textwrap

import pytest

pytest.importorskip("altair")
pytest.importorskip("mapclassify")

from streamlit.testing.v1 import AppTest  # noqa: E402

from geo.catalog import load_projects  # noqa: E402
from geo.stats import region_stats  # noqa: E402
from tests._helpers import script_file  # noqa: E402
from ui.stats_charts import city_choropleth, classify, layer_bars, status_bars  # noqa: E402

SCRIPT = textwrap.dedent("""
    import streamlit as st
    from geo.select import filter_projects
    from ui.stats import stats_panel

    lang = st.query_params.get("lang", "zh")
    layers = st.query_params.get_all("layer")
    stats_panel(lang, filter_projects(layers=layers, text=st.query_params.get("q")))
""")


@pytest.fixture
def app(tmp_path):
    path = script_file(tmp_path, SCRIPT, "stats_app.py")

    def make(lang, layers=(), q=None):
        at = AppTest.from_file(path, default_timeout=120)
        at.query_params["lang"] = lang
        if layers:
            at.query_params["layer"] = list(layers)
        if q:
            at.query_params["q"] = q
        return at.run()
    return make


@pytest.mark.parametrize("lang, title, total", [("zh", "查询统计", "合计"),
                                                ("en", "Statistics", "Total")])
def test_panel_renders_tables_charts_and_downloads(app, lang, title, total):
    at = app(lang)
    assert not at.exception
    assert at.subheader[0].value == title
    charts = at.get("vega_lite_chart")
    assert len(charts) == 3  # grouped bars, stacked status bars, choropleth
    assert len(at.dataframe) == 2  # summary, targets
    summary = at.dataframe[0].value
    assert summary.iloc[-1, 0] == total and len(summary) == 6
    assert len(at.get("download_button")) == 2 + 2 + 2 + 2 + 2
    targets = at.dataframe[1].value
    assert len(targets) == 10 and set(targets.iloc[:, 3]) == {"仅目标" if lang == "zh"
                                                              else "target only"}


def test_by_city_map_measure_and_compare(app):
    at = app("zh")
    at.segmented_control[0].set_value("city").run()
    assert not at.exception
    assert len(at.dataframe[0].value) == 41 + 2  # cities, outside, total
    at.selectbox[0].select("rail_km").run()
    assert not at.exception
    picker = at.multiselect[0]
    picker.select(310000).select(320500).run()  # adcodes, shown by name
    assert not at.exception
    table = at.dataframe[1].value
    assert list(table.columns[-3:]) == ["上海市", "苏州市", "Δ 苏州市 − 上海市"]
    assert len(at.get("download_button")) == 12


def test_panel_follows_the_filters_and_survives_an_empty_selection(app):
    at = app("en", layers=["rail"])
    assert not at.exception
    summary = at.dataframe[0].value
    assert summary.iloc[-1, 1] == 9  # the catalog's rail items
    at = app("zh", q="no-such-item-anywhere")
    assert not at.exception
    assert at.info[0].value == "当前筛选下没有项目。"
    assert at.dataframe[0].value.iloc[-1, 1] == 0
    assert len(at.get("vega_lite_chart")) == 3


# ── pure pieces ──────────────────────────────────────────────────────────────

@pytest.fixture(scope="module")
def stats():
    return {by: region_stats(load_projects(), by) for by in ("province", "city")}


def test_bar_specs_have_chinese_labels(stats):
    spec = layer_bars(stats["province"].by_layer, "zh").to_dict()
    assert spec["encoding"]["x"]["title"] == "地区"
    assert spec["encoding"]["x"]["sort"] == ["上海市", "江苏省", "浙江省", "安徽省"]
    assert spec["encoding"]["color"]["scale"]["domain"][0] == "示范区"
    spec = status_bars(stats["province"].by_status, "zh").to_dict()
    assert spec["encoding"]["color"]["title"] == "状态"


def test_choropleth_has_every_city_and_a_classed_legend(stats):
    spec = city_choropleth(stats["city"].summary, "items", "zh", k=4).to_dict()
    assert spec["mark"]["type"] == "geoshape"
    features = spec["data"]["values"]
    assert len(features) == 41
    domain = spec["encoding"]["color"]["scale"]["domain"]
    assert {f["properties"]["class"] for f in features} <= set(domain)
    assert len(domain) <= 5
    with pytest.raises(ValueError, match="'nope'"):
        city_choropleth(stats["city"].summary, "nope")


def test_classify_keeps_zero_apart_and_caps_the_classes():
    labels, order = classify([0, 0, 5, 5, 5], k=5, integer=True)
    assert order == ["无", "5 – 5"] and labels == ["无", "无", "5 – 5", "5 – 5", "5 – 5"]
    labels, order = classify([1.5, 2.5, 100.0, 200.0], k=2, lang="en")
    assert len(order) == 2 and "none" not in order
    assert classify([0, 0], lang="en") == (["none", "none"], ["none"])


def test_downloads_csv_has_a_bom_and_xlsx_reads_back():
    openpyxl = pytest.importorskip("openpyxl")
    import pandas as pd

    from ui.downloads import table_csv, table_xlsx

    df = pd.DataFrame({"地区": ["浙江省"], "项目数（项）": [41]})
    assert table_csv(df).startswith(b"\xef\xbb\xbf\xe5\x9c\xb0\xe5\x8c\xba")
    ws = openpyxl.load_workbook(io.BytesIO(table_xlsx(df, "统计/各省"))).active
    assert ws.title == "统计_各省" and ws["A2"].value == "浙江省" and ws["B2"].value == 41


@pytest.mark.slow
def test_charts_export_as_png_and_svg(stats):
    pytest.importorskip("vl_convert")
    from ui.downloads import chart_png, chart_svg

    chart = layer_bars(stats["province"].by_layer, "zh")
    assert chart_png(chart).startswith(b"\x89PNG")
    svg = chart_svg(chart).decode("utf-8")
    assert svg.startswith("<svg") and "江苏省" in svg
    assert chart_svg(city_choropleth(stats["city"].summary, "rail_km")).startswith(b"<svg")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_covered_km2_by_default_sums_on_request(app, lang):
    """#17.5: 安徽's zone area is what the zones cover (≤ the province), the per-item sums
    are one toggle away and say so in their header."""
    from geo.i18n import t

    at = app(lang)
    table = at.dataframe[0].value
    sum_word = "各项之和" if lang == "zh" else "sum of items"
    assert not [c for c in table.columns if sum_word in c]
    assert all(df.proto.placeholder == "" for df in at.dataframe)    # no "None" cells
    zone = next(c for c in table.columns if c.startswith("合作与开放区域面积" if lang == "zh"
                                                          else "Zone area"))
    anhui = table[table.iloc[:, 0] == ("安徽省" if lang == "zh" else "Anhui")].iloc[0]
    assert anhui[zone] <= 140_200
    toggle = next(w for w in at.toggle if w.label == t("stats.show_sums", lang))
    toggle.set_value(True).run()
    table = at.dataframe[0].value
    sums = [c for c in table.columns if sum_word in c]
    assert len(sums) == 6
    anhui = table[table.iloc[:, 0] == ("安徽省" if lang == "zh" else "Anhui")].iloc[0]
    assert anhui[next(c for c in sums if c.startswith(zone.split("（")[0].split(" (")[0]))] > 300_000


def test_layer_chart_colours_are_the_map_colours():
    """#17.12: a bar's colour is its layer's colour on the map."""
    from geo.registry import load_registry
    from geo.schema import LAYERS

    spec = layer_bars(region_stats(load_projects()).by_layer, "zh").to_dict()
    scale = spec["encoding"]["color"]["scale"]
    reg = load_registry()
    assert scale["domain"] == [v["zh"] for v in LAYERS.values()]
    assert scale["range"] == [reg.project_entry(k).style["color"] for k in LAYERS]
