"""Counted circles for views with too many items (layers/clusters.py)."""
from __future__ import annotations

import json
import pytest

from geo.catalog import load_projects
from geo.synth import synthetic_items
from layers import map_builder
from layers.clusters import ClusterLayer, cell_metres, cluster_group, cluster_rows
from layers.i18n import layer_label
from layers.map_builder import base_map, base_spec, item_layers, map_spec


def test_every_item_is_counted_once_in_a_cell_near_it():
    items = synthetic_items(5000, seed=3)
    rows = cluster_rows(items, cell_metres(500.0))
    assert sum(r[2] for r in rows) == 5000
    assert all(sum(r[3].values()) == r[2] for r in rows)
    totals: dict = {}
    for r in rows:
        for k, v in r[3].items():
            totals[k] = totals.get(k, 0) + v
    assert totals == items["layer"].value_counts().to_dict()
    # the YRD in 96 km cells: far fewer circles than items, each inside the region
    assert 20 < len(rows) < 500
    lats, lons = [r[0] for r in rows], [r[1] for r in rows]
    assert 27 < min(lats) and max(lats) < 35.5 and 114.5 < min(lons) and max(lons) < 123.5
    # finer levels, smaller cells: more circles
    assert len(cluster_rows(items, cell_metres(50.0))) > 3 * len(rows)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_circles_carry_escaped_tooltips_in_the_ui_language(lang):
    items = synthetic_items(300, seed=1)
    group = cluster_group(items, 500.0, lang)
    (layer,) = [c for c in group._children.values() if isinstance(c, ClusterLayer)]
    rows = json.loads(layer.rows_json)
    assert sum(r[2] for r in rows) == 300
    tips = " ".join(r[3] for r in rows)
    label = layer_label(items["layer"].iloc[0], lang)
    assert label in tips and ("项" in tips if lang == "zh" else "items" in tips)
    assert "</script>" not in layer.rows_json


def test_a_map_with_more_items_in_view_than_the_limit_draws_circles(monkeypatch):
    """Over the limit: one group of counted circles, no item shapes, no overdue halo,
    no search box over items; under it, the items themselves."""
    monkeypatch.setattr(map_builder, "MAX_SHAPES", 50)
    items = load_projects()
    spec = map_spec(items, "zh", "offline", [], None, None)
    base = base_map(base_spec(spec), lazy_hidden=True)
    groups = item_layers(spec, base, by_url=True)
    found = [c for g in groups for c in g._children.values() if isinstance(c, ClusterLayer)]
    assert len(found) == 1
    assert sum(r[2] for r in json.loads(found[0].rows_json)) == len(items)
    names = {e.title("zh") for e in map_builder.load_registry().projects}
    assert not [g for g in groups if g.layer_name in names]
    small = map_spec(items.iloc[:40], "zh", "offline", [], None, None)
    groups = item_layers(small, base, by_url=True)
    assert not [c for g in groups for c in g._children.values() if isinstance(c, ClusterLayer)]
    assert [g for g in groups if g.layer_name in names]

