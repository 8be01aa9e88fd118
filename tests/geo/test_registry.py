"""The layer registry: every entry checked, and the checks themselves can fail."""
from __future__ import annotations

import copy
import re
import tomllib

import pytest

from geo.registry import (
    REGISTRY_PATH,
    REQUIRED_KEYS,
    RegistryError,
    load_registry,
    parse_registry,
)
from geo.schema import LAYERS, STATUS

REG = load_registry()
RAW = tomllib.loads(REGISTRY_PATH.read_text(encoding="utf-8"))


@pytest.mark.parametrize("entry", REG.layers, ids=lambda e: e.id)
def test_entry_is_complete(entry):
    assert entry.name["zh"].strip() and entry.name["en"].strip()
    assert re.fullmatch(r"#[0-9a-f]{6}", entry.style["color"], re.I)
    assert entry.attribution.strip()
    if entry.is_project:
        assert entry.project_layer in LAYERS
        assert entry.interactive
        # the registry's titles are the catalog's titles: one vocabulary on screen
        assert entry.name == LAYERS[entry.project_layer]
    else:
        assert entry.legend in ("fill", "line", "point")
        assert not entry.interactive


@pytest.mark.parametrize("entry", REG.background, ids=lambda e: e.id)
def test_background_source_loads(entry):
    from geo import basemap
    from geo.catalog import load_lakes, load_regions

    loaders = {"lakes": load_lakes, "sea": basemap.load_sea, "rivers": basemap.load_rivers,
               "labels": basemap.load_labels}
    gdf = loaders[entry.source]() if entry.source in loaders else load_regions(
        entry.source.split(":")[1], "s1000")
    assert len(gdf) > 0 and gdf.crs.to_epsg() == 4326


def test_every_catalog_layer_drawn_once_and_every_status_styled_once():
    assert sorted(e.project_layer for e in REG.projects) == sorted(LAYERS)
    for status in STATUS:
        assert REG.status_class(status).statuses.count(status) == 1


def test_county_lines_off_by_default():
    assert REG.layer("counties").show is False
    assert all(e.show for e in REG.layers if e.id != "counties")


def test_planning_dashed_construction_solid():
    assert REG.status_class("规划").dash and REG.status_class("前期工作").dash
    assert REG.status_class("开工建设").dash == "" and REG.status_class("在建").dash == ""


@pytest.mark.parametrize("key", REQUIRED_KEYS)
def test_missing_required_key_is_named(key):
    raw = copy.deepcopy(RAW)
    del raw["layer"][0][key]
    with pytest.raises(RegistryError, match=key):
        parse_registry(raw)


@pytest.mark.parametrize("mutate, message", [
    (lambda r: r["layer"][0]["style"].update(color="red"), "#rrggbb"),
    (lambda r: r["layer"][0]["style"].update(fill_opacity=1.5), "0..1"),
    (lambda r: r["layer"][0]["style"].update(stroke_dash="1"), "unknown style key"),
    (lambda r: r["layer"][0].update(source="wfs:foo"), "source"),
    (lambda r: r["layer"].append(copy.deepcopy(r["layer"][0])), "duplicate"),
    (lambda r: r["layer"].pop(), "hub"),
    (lambda r: r["status_class"][0]["statuses"].append("在建"), "在建"),
    (lambda r: r["status_class"][0]["statuses"].remove("规划"), "规划"),
    (lambda r: r["status_class"][0].update(dash="dashed"), "dash"),
])
def test_bad_registry_raises_naming_the_problem(mutate, message):
    raw = copy.deepcopy(RAW)
    mutate(raw)
    with pytest.raises(RegistryError, match=message):
        parse_registry(raw)
