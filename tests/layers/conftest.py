"""Fixtures for the layer tests: see layer_samples.py."""
from __future__ import annotations

import pytest
from tests.layers.layer_samples import item_frame


@pytest.fixture
def make_items():
    return item_frame
