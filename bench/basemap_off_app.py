"""The app without the offline basemap's sea, rivers and labels (issue 12's "before").

:mod:`bench.basemap` runs this script beside ``app.py`` in the same run to measure what
the labels, rivers and sea mask add to the default view. It is ``app.py`` with the
registry's ``sea``/``rivers``/``labels`` entries left out; never run by the app.
"""
import dataclasses
import runpy
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import layers.map_builder as map_builder  # noqa: E402
from layers.basemap_layers import SOURCES  # noqa: E402
from layers.registry import load_registry  # noqa: E402


def _without_basemap():
    reg = load_registry()
    return dataclasses.replace(reg, layers=tuple(e for e in reg.layers
                                                 if e.source not in SOURCES))


map_builder.load_registry = _without_basemap
runpy.run_path(str(ROOT / "app.py"), run_name="__main__")
