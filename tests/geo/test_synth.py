"""Synthetic project lists: reproducible, in the YRD, realistic proportions, valid fields."""
import numpy as np
import pytest

from geo.catalog import load_regions
from geo.schema import LAYERS, STATUS
from geo.synth import KIND_SHARES, synthetic_items


def test_items_are_reproducible_valid_and_inside_the_region():
    items = synthetic_items(3000, seed=7)
    assert items["id"].is_unique and len(items) == 3000
    assert items.equals(synthetic_items(3000, seed=7))
    assert not items.equals(synthetic_items(3000, seed=8))
    assert set(items["layer"]) <= set(LAYERS) and set(items["status"]) <= set(STATUS)
    assert (items["status_en"] == items["status"].map(STATUS)).all()
    assert items.geometry.is_valid.all()
    region = load_regions("province", "s100").union_all()
    anchors = items.geometry.representative_point()
    pts = items.geom_type == "Point"
    assert region.contains(anchors[pts].values).all()       # points: inside a county
    shares = items.geom_type.value_counts(normalize=True)
    for kind, geom_type in (("point", "Point"), ("line", "LineString"), ("polygon", "Polygon")):
        assert abs(shares[geom_type] - KIND_SHARES[kind]) < 0.03
    lines = items[items.geom_type == "LineString"].to_crs(3857)
    km = lines.length / 1e3 * np.cos(np.radians(31))
    assert km.between(3, 80).all()
    assert items["deadline"].str.fullmatch(r"20(2[1-7])-\d\d-\d\d").all()


@pytest.mark.parametrize("bad", [-1, 1.5, True, "10"])
def test_bad_count_is_refused(bad):
    with pytest.raises((ValueError, TypeError)):
        synthetic_items(bad)
