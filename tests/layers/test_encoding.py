"""The compact geometry encoding round-trips every geometry type and stays script-safe."""
from __future__ import annotations

import json

import numpy as np
import pytest
import shapely
from tests.layers.layer_samples import GEOMETRIES

from geo.display import round_geometry
from layers.encoding import (DECODER_JS, decimals_of, decode_coords, decode_features,
                             encode_coords, encode_features)


def test_google_reference_vector():
    # developers.google.com/maps/documentation/utilities/polylinealgorithm
    assert encode_coords([(38.5, -120.2), (40.7, -120.95), (43.252, -126.453)], 5) == \
        "_p~iF~ps|U_ulLnnqC_mqNvxq`@"


@pytest.mark.parametrize("decimals", [0, 3, 4, 5, 6])
def test_random_round_trip(decimals):
    rng = np.random.default_rng(decimals)
    xy = np.round(rng.uniform(-180, 180, (500, 2)), decimals)
    text = encode_coords(xy, decimals)
    assert decode_coords(text, decimals) == [tuple(map(float, r)) for r in xy]
    assert not set(text) & set("<>&\"'")


def test_encoded_is_much_smaller_than_geojson():
    geom = round_geometry(shapely.Point(121, 31).buffer(1, quad_segs=500), 4)
    enc = json.dumps(encode_features([geom], 4))
    assert len(enc) * 2.5 < len(shapely.to_geojson(geom))


@pytest.mark.parametrize("geom_type", list(GEOMETRIES))
def test_every_geometry_type_round_trips(geom_type):
    geom = shapely.Polygon(shapely.box(120, 30, 121, 31).exterior,
                           [shapely.box(120.2, 30.2, 120.4, 30.4).exterior.coords]) \
        if geom_type == "Polygon" else GEOMETRIES[geom_type]
    data = encode_features([geom], 3, ids=["x"], properties=[{"a": 1}])
    fc = decode_features(json.loads(json.dumps(data)))
    back = shapely.geometry.shape(fc["features"][0]["geometry"])
    assert fc["features"][0]["id"] == "x" and fc["features"][0]["properties"] == {"a": 1}
    assert back.geom_type == geom.geom_type
    assert shapely.equals_exact(shapely.normalize(back), shapely.normalize(round_geometry(geom, 3)),
                                tolerance=1e-9)


def test_decimals_of():
    assert decimals_of(np.array([[120.0, 31.0]])) == 0
    assert decimals_of(np.array([[120.1234, 31.5]])) == 4
    assert decimals_of(np.array([[np.pi, 1.0]])) == 7


def test_decoder_js_handles_every_code():
    for code in ("c === 1", "c === 2 || c === 4", "c === 3 || c === 5"):
        assert code in DECODER_JS
    assert DECODER_JS.startswith("if (!window.yrdDecode)")
