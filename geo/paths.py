"""Where the bundled data lives (``YRDMAP_DATA_DIR`` overrides the repo's ``data/``)."""
from __future__ import annotations

import os
from pathlib import Path

__all__ = ["data_dir", "boundaries_dir", "projects_path"]


def data_dir() -> Path:
    """The data folder: ``$YRDMAP_DATA_DIR`` or ``<repo>/data``."""
    env = os.environ.get("YRDMAP_DATA_DIR")
    return Path(env) if env else Path(__file__).resolve().parents[1] / "data"


def boundaries_dir() -> Path:
    return data_dir() / "boundaries"


def projects_path() -> Path:
    return data_dir() / "projects.geojson"
