"""Statistics by province/city, comparisons and the 2025 targets (geo.stats, geo.targets)."""
import re

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from geo import crs
from geo.catalog import load_regions
from geo.measure import OUTSIDE, lies_in, measure_by_region
from geo.regions import RegionError
from geo.schema import LAYERS, STATUS
from geo.stats import MEASURES, compare, region_stats, statistics
from geo.targets import CLAUSE, STATUS_EN, STATUS_ZH, TARGETS, target_records


def _items(*rows):
    """Tiny catalog-like frame: (id, layer, status, geometry[, member_adcodes])."""
    return gpd.GeoDataFrame({"id": [r[0] for r in rows], "layer": [r[1] for r in rows],
                             "status": [r[2] for r in rows],
                             "member_adcodes": [r[4] if len(r) > 4 else None for r in rows]},
                            geometry=[r[3] for r in rows], crs=4326)


def _row(summary, adcode):
    return summary.set_index("adcode").loc[adcode]


@pytest.fixture(scope="module")
def stats(catalog_items):
    return statistics(catalog_items)


# ── km of lines ──────────────────────────────────────────────────────────────

def test_per_province_km_of_each_line_item_sums_to_its_length(catalog_items):
    lines = catalog_items[shapely.get_dimensions(catalog_items.geometry.values) == 1]
    assert len(lines) >= 10
    parts = measure_by_region(lines, "province")
    total = dict(zip(lines["id"], lines.geometry.to_crs(crs.METRIC).length / 1e3))
    for item_id, g in parts.groupby("id"):
        assert g["km"].sum() == pytest.approx(total[item_id], rel=1e-3), item_id


def test_rail_and_waterway_km_rows_add_up_to_the_total(catalog_items, stats):
    summary = stats["province"].summary
    for key, layer in (("rail_km", "rail"), ("waterway_km", "waterway")):
        items = catalog_items[catalog_items.layer == layer]
        whole = (items.geometry.to_crs(crs.METRIC).length / 1e3).sum()
        rows = summary[summary.kind != "total"][f"{key}_sum"].sum()    # the per-item sums
        assert rows == pytest.approx(whole, rel=1e-3), key
        for k in (key, f"{key}_sum"):                                    # and the covered km
            rows = summary[summary.kind != "total"][k].sum()
            assert summary[summary.kind == "total"][k].iloc[0] == pytest.approx(rows, rel=1e-9)


def test_line_across_a_border_splits_between_the_two_provinces():
    line = shapely.LineString([(120.95, 31.38), (121.25, 31.38)])  # 昆山 → 嘉定
    s = region_stats(_items(("r1", "rail", "开工建设", line)), "province").summary
    length = gpd.GeoSeries([line], crs=4326).to_crs(crs.METRIC).length[0] / 1e3
    assert _row(s, 310000)["rail_km"] + _row(s, 320000)["rail_km"] == pytest.approx(length)
    assert _row(s, 330000)["rail_km"] == 0
    assert _row(s, 310000)["cross_provincial"] == 1 and _row(s, -1)["cross_share"] == 100.0


def test_a_sea_part_goes_to_the_outside_row():
    line = shapely.LineString([(121.90, 30.86), (122.60, 30.60)])  # 芦潮港 → the sea
    s = region_stats(_items(("w1", "waterway", "推进", line)), "province").summary
    assert "outside" in set(s.kind)
    length = gpd.GeoSeries([line], crs=4326).to_crs(crs.METRIC).length[0] / 1e3
    assert s[s.kind != "total"]["waterway_km"].sum() == pytest.approx(length, rel=1e-9)
    assert _row(s, OUTSIDE)["waterway_km"] > 50


# ── km² of areas ─────────────────────────────────────────────────────────────

def test_demonstration_zone_area_by_province_equals_its_three_counties(catalog_items):
    demo = catalog_items[catalog_items.id == "dz-demonstration-zone"]
    counties = load_regions("county").set_index("adcode")["area_km2"]
    s = region_stats(demo, "province").summary
    for province, county in ((310000, 310118), (320000, 320509), (330000, 330421)):
        assert _row(s, province)["demonstration_km2"] == pytest.approx(counties[county],
                                                                       rel=1e-9)
    assert _row(s, 340000)["demonstration_km2"] == 0
    assert _row(s, -1)["demonstration_km2"] == pytest.approx(
        counties[[310118, 320509, 330421]].sum(), rel=1e-9)
    assert 2300 < _row(s, -1)["demonstration_km2"] < 2500  # "about 2,413 km²"


def test_demonstration_zone_by_city_lies_in_shanghai_suzhou_jiaxing(catalog_items):
    demo = catalog_items[catalog_items.id == "dz-demonstration-zone"]
    s = region_stats(demo, "city").summary
    inside = s[(s.kind == "region") & (s.demonstration_km2 > 0)]
    assert set(inside.adcode) == {310100, 320500, 330400}


def test_member_split_matches_clipping_the_full_resolution_outline():
    counties = load_regions("county").set_index("adcode")
    codes = [310118, 320509, 330421]
    union = shapely.coverage_union_all(counties.loc[codes].geometry.values)
    by_members = measure_by_region(_items(("a", "zone", "推进", union, codes)), "city")
    clipped = measure_by_region(_items(("b", "zone", "推进", union)), "city")
    a = by_members.set_index("adcode")["km2"]
    b = clipped[lies_in(clipped)].set_index("adcode")["km2"]
    assert list(a.index) == list(b.index)
    np.testing.assert_allclose(a.to_numpy(), b.to_numpy(), rtol=1e-4)


# ── counts ───────────────────────────────────────────────────────────────────

@pytest.mark.parametrize("by", ["province", "city"])
def test_counts_add_up(catalog_items, stats, by):
    s = stats[by]
    summary = s.summary
    n_layers = summary[[f"n_{k}" for k in LAYERS]].sum(axis=1)
    assert (n_layers == summary["items"]).all()
    total = _row(summary, -1)
    assert total["items"] == len(catalog_items)
    assert {k: int(total[f"n_{k}"]) for k in LAYERS} == \
        {k: int((catalog_items.layer == k).sum()) for k in LAYERS}
    regions_ = summary[summary.kind == "region"].set_index("adcode")["items"]
    by_status = s.by_status.groupby("adcode")["count"].sum()
    assert (by_status.reindex(regions_.index, fill_value=0) == regions_).all()
    by_layer = s.by_layer.groupby("adcode")["count"].sum()
    assert (by_layer.reindex(regions_.index) == regions_).all()
    # each item counts once in every region where a part of it lies
    parts = measure_by_region(catalog_items, by)
    expected = parts[lies_in(parts)].groupby("adcode")["id"].nunique()
    assert (regions_[regions_ > 0] == expected.reindex(regions_[regions_ > 0].index)).all()


def test_cross_provincial_items_are_those_in_two_or_more_provinces(catalog_items, stats):
    parts = measure_by_region(catalog_items, "province")
    n = parts[lies_in(parts)].groupby("id")["adcode"].nunique()
    total = _row(stats["province"].summary, -1)
    assert total["cross_provincial"] == int((n > 1).sum())
    assert total["cross_share"] == pytest.approx(100 * (n > 1).sum() / len(catalog_items))
    demo = _row(stats["province"].summary, 310000)
    assert 0 < demo["cross_share"] <= 100


def test_a_point_at_sea_counts_outside():
    sea = shapely.Point(123.5, 30.5)
    s = region_stats(_items(("h", "hub", "运营", sea)), "province").summary
    assert _row(s, OUTSIDE)["items"] == 1 and _row(s, -1)["items"] == 1
    assert s[s.kind == "region"]["items"].sum() == 0


def test_within_restricts_rows_to_the_province_and_its_cities(catalog_items):
    s = region_stats(catalog_items, "city", within=["浙江"]).summary
    regions_ = s[s.kind == "region"]
    assert len(regions_) == 11 and set(regions_.province_adcode) == {330000}
    assert "outside" not in set(s.kind)
    full = region_stats(catalog_items, "province").summary
    assert regions_["rail_km"].sum() == pytest.approx(_row(full, 330000)["rail_km"], rel=1e-6)


def test_bad_arguments_name_the_bad_value(catalog_items):
    with pytest.raises(ValueError, match="'county'"):
        region_stats(catalog_items, "county")
    with pytest.raises(RegionError, match="浙將"):
        region_stats(catalog_items, within=["浙將"])
    with pytest.raises(ValueError, match="'tram'"):
        region_stats(catalog_items.assign(layer="tram"))
    with pytest.raises(ValueError, match="status"):
        region_stats(catalog_items.drop(columns="status"))


def test_empty_selection_gives_zero_rows(catalog_items):
    s = region_stats(catalog_items.iloc[0:0], "province").summary
    assert list(s.kind) == ["region"] * 4 + ["total"]
    assert s["items"].sum() == 0 and s["rail_km"].sum() == 0


# ── comparison ───────────────────────────────────────────────────────────────

def test_compare_two_provinces_side_by_side_with_differences(catalog_items, stats):
    t = compare(catalog_items, ["上海", "Zhejiang"])
    assert list(t.columns) == ["measure", "label", "unit", "上海市", "浙江省",
                               "Δ 浙江省 − 上海市"]
    sh, zj = _row(stats["province"].summary, 310000), _row(stats["province"].summary, 330000)
    t = t.set_index("measure")
    for key in MEASURES:
        assert t.loc[key, "上海市"] == pytest.approx(sh[key])
        assert t.loc[key, "浙江省"] == pytest.approx(zj[key])
        assert t.loc[key, "Δ 浙江省 − 上海市"] == pytest.approx(zj[key] - sh[key])
    status_rows = [k for k in t.index if k.startswith("status:")]
    assert status_rows and all(k[7:] in STATUS for k in status_rows)


def test_compare_mixes_a_province_and_cities(catalog_items, stats):
    t = compare(catalog_items, [310000, "苏州", "嘉兴市"], lang="en").set_index("measure")
    assert list(t.columns[2:]) == ["Shanghai", "Suzhou", "Jiaxing", "Δ Suzhou − Shanghai",
                                   "Δ Jiaxing − Shanghai"]
    sz = _row(stats["city"].summary, 320500)
    assert t.loc["demonstration_km2", "Suzhou"] == pytest.approx(sz["demonstration_km2"])
    assert (t["Δ Jiaxing − Shanghai"] == t["Jiaxing"] - t["Shanghai"]).all()


@pytest.mark.parametrize("places, error, match", [
    (["上海"], ValueError, "two or more"),
    (["上海", "上海市"], ValueError, "twice"),
    (["上海", "吴江区"], ValueError, "county"),
    (["上海", "苏洲"], RegionError, "苏洲"),
])
def test_compare_rejects_bad_places(catalog_items, places, error, match):
    with pytest.raises(error, match=match):
        compare(catalog_items, places)


# ── the 2025 targets ─────────────────────────────────────────────────────────

def _catalog_targets_section(shared_dir) -> str:
    text = (shared_dir / "plan-catalog.md").read_text(encoding="utf-8")
    return text[text.index("## 2025 targets"):]


def test_every_catalog_target_is_in_the_table(shared_dir):
    section = _catalog_targets_section(shared_dir)
    numbers = {float(n) for n in re.findall(r"(?<![\d.,:])(\d+(?:\.\d+)?)(?![\d,])", section)}
    numbers -= {2025.0, 21.0}  # the year; the seed's OCR slip quoted in the note
    values = {t.value for t in TARGETS if t.value is not None}
    assert numbers <= values, numbers - values
    assert {1.2, 70, 3, 507, 80, 2.1, 11.5, 79} <= values


def test_targets_quote_the_seed_clause(shared_dir):
    seed = "".join(p.read_text(encoding="utf-8") for p in (shared_dir / "seed").glob("*.txt"))
    start = seed.index("(三)主要目标")
    clause = seed[start:seed.index("二、", start)]
    fixed = clause.replace("21万元", "2.1万元").replace("大福提升", "大幅提升") \
        .replace(",", "，")
    for t in TARGETS:
        assert t.quote.replace(",", "，") in fixed, t.key


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_targets_are_target_only_and_never_carry_a_current_value(lang):
    rows = target_records(lang)
    assert len(rows) == len(TARGETS) == 10
    for r in rows:
        assert r["clause"] == CLAUSE == "三(三)"
        assert r["status"] == (STATUS_ZH if lang == "zh" else STATUS_EN)
        assert not any(k in r for k in ("current", "current_value", "actual", "progress"))
        assert r["target"]
    assert [r["target"] for r in rows if r["key"] == "public_spending"] == \
        (["2.1万元"] if lang == "zh" else ["2.1 × 10,000 yuan"])


def test_a_target_must_be_well_formed():
    from geo.targets import Target

    with pytest.raises(ValueError, match="'~'"):
        Target("x", "x", "x", "~", 1.0, "", "", "x")
    with pytest.raises(ValueError, match="words_zh"):
        Target("x", "x", "x", "", None, "", "", "x")


def test_the_tables_are_plain_json(catalog_items):
    import json

    rec = region_stats(catalog_items, "city").to_records()
    assert json.loads(json.dumps(rec, ensure_ascii=False)) == rec
    assert set(rec) == {"by", "summary", "by_layer", "by_status"}
    assert isinstance(pd.DataFrame(rec["summary"]).loc[0, "items"], (int, np.integer))


# ── overlaps merged by default, per-item sums labelled (#17.5) ────────────────

def test_covered_area_never_exceeds_the_region_and_sums_are_kept():
    from geo.catalog import load_projects, load_regions
    from geo.stats import MEASURES, SUM_MEASURES, region_stats

    s = region_stats(load_projects(), "province").summary.set_index("adcode")
    area = load_regions("province", "full").set_index("adcode")["area_km2"]
    for key in ("zone_km2", "metropolitan_km2", "ecological_km2", "demonstration_km2"):
        for code, km2 in area.items():
            assert s.loc[code, key] <= km2 * 1.001, (key, code)
            assert s.loc[code, key] <= s.loc[code, f"{key}_sum"] + 1e-6
    assert s.loc[340000, "zone_km2_sum"] > 2 * area.loc[340000]     # the sum double counts
    total = s.loc[-1]
    assert total["rail_km"] < total["rail_km_sum"]                   # corridors over lines
    assert total["waterway_km"] < total["waterway_km_sum"]          # 大运河 and its belt
    assert set(SUM_MEASURES) <= set(MEASURES)
    assert "各项之和" in MEASURES["rail_km_sum"]["zh"] and "各项之和" not in MEASURES["rail_km"]["zh"]
    assert "sum of items" in MEASURES["zone_km2_sum"]["en"]


def test_a_line_beside_a_longer_one_counts_once():
    import geopandas as gpd
    import shapely

    from geo.stats import region_stats

    a = shapely.LineString([(120.0, 31.6), (121.0, 31.6)])
    b = shapely.LineString([(120.2, 31.605), (120.8, 31.605)])      # 0.5 km north of a
    items = gpd.GeoDataFrame({"id": ["a", "b"], "layer": ["rail", "rail"],
                              "status": ["规划", "规划"]}, geometry=[a, b], crs=4326)
    total = region_stats(items, "province").summary.iloc[-1]
    assert total["rail_km"] == pytest.approx(
        gpd.GeoSeries([a], crs=4326).to_crs("EPSG:32651").length.iloc[0] / 1e3, rel=0.01)
    assert total["rail_km_sum"] > total["rail_km"] * 1.5
