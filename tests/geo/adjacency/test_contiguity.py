"""geo.adjacency.contiguity: the pair set without lengths, and polygons in holes."""
from __future__ import annotations

import geopandas as gpd
import pytest
from shapely import Polygon, box

from geo.adjacency import contiguity
from geo.catalog import load_regions


@pytest.mark.parametrize("contact", ["edge", "point"])
def test_pairs_without_lengths_are_the_pairs_with_lengths(contact):
    counties = load_regions("county", "full")
    full = contiguity(counties, contact)
    bare = contiguity(counties, contact, lengths=False)
    assert bare[["a", "b", "contact"]].equals(full[["a", "b", "contact"]])
    assert bare["shared_km"].isna().all() and (full["shared_km"] > 0).sum() == (
        full["contact"] == "edge").sum()
    assert (full["contact"] == "point").any() == (contact == "point")


def test_polygons_in_a_hole_touch_its_ring_only_where_they_meet_it():
    ring = Polygon([(0, 0), (10_000, 0), (10_000, 10_000), (0, 10_000)],
                   [[(2_000, 2_000), (8_000, 2_000), (8_000, 8_000), (2_000, 8_000)]])
    frame = gpd.GeoDataFrame(
        {"adcode": [1, 2, 3, 4]}, crs="EPSG:3857",
        geometry=[ring,
                  box(3_000, 3_000, 5_000, 5_000),          # in the hole, touching nothing
                  box(6_000, 6_000, 8_000, 8_000),          # in the hole's corner: 4 km
                  box(10_000, 10_000, 11_000, 11_000)])     # the ring's outer corner
    out = contiguity(frame, "point", metric="EPSG:3857")
    assert list(zip(out["a"], out["b"], out["contact"])) == [(1, 3, "edge"), (1, 4, "point")]
    assert out["shared_km"].iloc[0] == pytest.approx(4.0, abs=1e-12)
    assert contiguity(frame, metric="EPSG:3857")[["a", "b"]].values.tolist() == [[1, 3]]
