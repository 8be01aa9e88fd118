"""Fixtures for the import tests: a temporary store, and writers of real files."""
from __future__ import annotations


import pytest

from geo.store.files import FileStore


@pytest.fixture
def store(store_dir) -> FileStore:
    """An empty file store in a temp folder, also set as the default store."""
    return FileStore(store_dir)
