"""The tests of geo/db/ run on the PostGIS store: ``store`` here is the root conftest's
``postgis_store`` (the root ``store`` is the file store)."""
import pytest


@pytest.fixture
def store(postgis_store):
    return postgis_store
