"""Shared fixtures: the repo's paths, and the shared/ folder beside it (CI copies it there)."""
from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not (SHARED / "plan-catalog.md").exists():
        pytest.skip(f"{SHARED} (the plan catalog and seed) is not beside the repo")
    return SHARED


@pytest.fixture(autouse=True)
def _file_store_unless_asked(monkeypatch):
    """Tests use the bundled files unless they set a database URL themselves."""
    monkeypatch.delenv("YRDMAP_DATABASE_URL", raising=False)
    monkeypatch.delenv("YRDMAP_STORE", raising=False)
