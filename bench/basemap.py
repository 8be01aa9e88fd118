"""What the offline basemap's labels, rivers and sea mask cost the default view (issue 12).

Two measures, each against the same app without the three layers in the same run (the
"before": ``app.py`` started with a ``sitecustomize`` that leaves the registry's ``sea``,
``rivers`` and ``labels`` entries out — see :data:`WITHOUT` — so nothing in the app knows
about the benchmark):

- payload: the bytes of map data in the default map script — every vector layer's data
  and the label rows — built in-process for the default view (zoom 6.5), in both
  languages (English names are longer); budget 1.3 × the map data without them;
- browser: time to the first painted map and bytes transferred for the default view in
  headless Chromium (:func:`bench.browser.load_view`), app and "before" app alternating.
"""
from __future__ import annotations

import dataclasses
import json
import os
import tempfile
from pathlib import Path
from unittest import mock

from bench._measure import row, skipped, summary

#: the default view's map data may grow by this factor at most (issue 12)
PAYLOAD_BUDGET = 1.3
#: ``sitecustomize.py`` of the "before" server: the registry without the three layers
WITHOUT = """
import dataclasses
import layers.map_builder as _mb
from layers.basemap_layers import SOURCES as _SOURCES
from geo.registry import load_registry as _load


def _without_basemap():
    reg = _load()
    return dataclasses.replace(reg, layers=tuple(e for e in reg.layers
                                                 if e.source not in _SOURCES))


_mb.load_registry = _without_basemap
"""


def _start_without(bb):
    """Start app.py with :data:`WITHOUT` on its path; returns (process, url, log)."""
    folder = Path(tempfile.mkdtemp(prefix="yrdmap-bench-basemap-"))
    (folder / "sitecustomize.py").write_text(WITHOUT, encoding="utf-8")
    old = os.environ.get("PYTHONPATH")
    path = os.pathsep.join([str(folder), str(bb.ROOT)] + ([old] if old else []))
    with mock.patch.dict(os.environ, {"PYTHONPATH": path}):
        return bb.start_server(bb.ROOT / "app.py")


def map_data_bytes(lang: str, with_basemap: bool) -> int:
    """Bytes of vector data and label rows in the default map script."""
    from geo.registry import load_registry
    from geo.store import get_store, load_all_with_regions
    from layers import basemap_layers, basemaps, map_builder
    from layers.folium_layers import VectorLayer

    reg = load_registry()
    if not with_basemap:
        reg = dataclasses.replace(reg, layers=tuple(e for e in reg.layers
                                                    if e.source not in basemap_layers.SOURCES))
    items = load_all_with_regions()
    spec = map_builder.map_spec(items, lang, basemaps.DEFAULT_BASEMAP, [], None, None,
                                get_store().version())
    original = map_builder.load_registry
    map_builder.load_registry = lambda: reg
    try:
        fmap = map_builder.build_map(spec)
    finally:
        map_builder.load_registry = original
    total = 0

    def walk(el):
        nonlocal total
        for child in el._children.values():
            if isinstance(child, VectorLayer):
                total += len(child.data_json.encode())
            elif isinstance(child, basemap_layers.ZoomLabels):
                total += len(child.rows_json.encode())
            walk(child)

    walk(fmap)
    return total


def run(quick: bool = False, notes: dict | None = None) -> list[dict]:
    from bench import browser as bb

    notes = {} if notes is None else notes
    rows = []
    for lang in ("zh", "en"):
        before = map_data_bytes(lang, False)
        after = map_data_bytes(lang, True)
        notes[f"map_data_{lang}"] = {"before": before, "after": after}
        rows.append(row(f"basemap: map data in the default view's script ({lang}), with "
                        "labels, rivers and sea ÷ without", after / before, "×",
                        budget=PAYLOAD_BUDGET,
                        note=f"{after / 1e6:.3f} MB with, {before / 1e6:.3f} MB without"))
    names = ("basemap: time to first painted map, default view",
             "basemap: bytes transferred, default view, total")
    reason = bb.missing()
    if reason:
        return rows + [skipped(n, reason) for n in names]
    runs = 1 if quick else 5
    with bb.chromium() as browser:
        servers = {"with": bb.start_server(bb.ROOT / "app.py"),
                   "without": _start_without(bb)}
        try:
            loads = {k: [] for k in servers}
            for k, (_, url, _) in servers.items():   # warm each server once
                bb.load_view(browser, url, timeout=180.0)
            for _ in range(runs):                     # alternate, so load is shared
                for k, (_, url, _) in servers.items():
                    loads[k].append(bb.load_view(browser, url, timeout=60.0))
        finally:
            for proc, _, log in servers.values():
                bb.stop_server(proc)
                log.unlink(missing_ok=True)
    notes["loads"] = json.loads(json.dumps(loads, default=str))

    def med(k, key, scale=1.0):
        vals = [r[key] * scale for r in loads[k] if r.get(key) is not None]
        return summary(vals) if vals else None

    rows.append(row(names[0], med("with", "first_paint_s"), "s",
                    peer="the same app without labels, rivers and sea",
                    peer_value=med("without", "first_paint_s"), budget=bb.TIME_BUDGET_S,
                    note="ratio > 1: paints sooner than without"))
    rows.append(row(names[1], med("with", "total_bytes", 1e-6), "MB",
                    peer="the same app without labels, rivers and sea",
                    peer_value=med("without", "total_bytes", 1e-6), budget=bb.BYTES_BUDGET_MB))
    return rows
