"""The name resolver: every accepted form, ambiguity and close-match errors."""
import pytest

from geo.regions import RegionError, regions, resolve


@pytest.mark.parametrize("name", ["江苏省", "江苏", "Jiangsu", "jiangsu", "320000", 320000,
                                  " Jiangsu Province "])
def test_province_forms(name):
    assert resolve(name).adcode == 320000


@pytest.mark.parametrize("name, adcode", [
    ("苏州市", 320500), ("苏州", 320500), ("宿州", 341300), ("六安", 341500), ("Lu'an", 341500),
    ("吴江区", 320509), ("吴江", 320509), ("Wujiang District", 320509), ("Wujiang", 320509),
    ("嘉善县", 330421), ("Jiashan County", 330421), ("浦东新区", 310115), ("Pudong New Area", 310115),
    ("昆山市", 320583), ("Kunshan", 320583), ("淳安", 330127), ("Chun'an", 330127),
])
def test_city_and_county_forms(name, adcode):
    assert resolve(name).adcode == adcode


def test_shanghai_is_the_province_unless_a_level_is_given():
    assert resolve("上海").level == "province"
    assert resolve("上海", level="city").adcode == 310100


@pytest.mark.parametrize("name, codes", [
    ("Suzhou", {320500, 341300}), ("Taizhou", {321200, 331000}), ("鼓楼区", {320106, 320302}),
])
def test_ambiguous_names_list_every_candidate(name, codes):
    with pytest.raises(RegionError) as err:
        resolve(name)
    assert {c.adcode for c in err.value.candidates} == codes
    assert "ambiguous" in str(err.value)


def test_ambiguity_is_lifted_by_level():
    with pytest.raises(RegionError):
        resolve("Suzhou", level="city")  # still two cities
    assert resolve("320302").name_en == "Gulou District"


@pytest.mark.parametrize("name, expected", [("江苏舍", "江苏省"), ("Zhejang", "浙江省"), ("Hangzou", "杭州市")])
def test_unknown_names_suggest_close_matches(name, expected):
    with pytest.raises(RegionError) as err:
        resolve(name)
    assert expected in str(err.value)
    assert "unknown region" in str(err.value)


def test_level_restricts():
    with pytest.raises(RegionError):
        resolve("江苏", level="city")
    with pytest.raises(RegionError):
        resolve("江苏", level="township")


def test_region_list():
    assert len(regions("province")) == 4
    assert len(regions("city")) == 41
    assert len(regions("county")) == 305
    assert len({r.adcode for r in regions()}) == 350
