"""The map of a 50,000-item store (issue 19): counted discs, not 50,000 shapes.

A file store in a temporary folder gets N synthetic items (:func:`geo.synth.synthetic_items`;
N = 50,000, or 3,000 with ``--quick``, still over :data:`layers.clusters.MAX_SHAPES`).
For the default view (all of the YRD) and a zoomed view (Shanghai at zoom 10, the view
window only), measured in the same run:

- the map's layers as the app sends them on a rerun (``item_layers(…, by_url=True)``,
  warm caches): seconds to build and render them, and their bytes;
- the peer: the same items drawn one by one (the limit lifted), which is what the app
  sent before the counted discs — the bytes a browser would have to parse and the SVG
  shapes it would have to draw (the budget is the browser not freezing: the shapes
  drawn stay under the limit).

``python -m bench.map_scale [--quick]``.
"""
from __future__ import annotations

import os
import tempfile
from unittest import mock

from bench._measure import print_rows, row, timed

N_FULL, N_QUICK = 50_000, 3_000
VIEWS = {"default view (all of the YRD)": None, "Shanghai, zoom 10 (view window)":
         (31.23, 121.47, 10.0)}


def _layers(items, view, limit=None):
    """A function building the app's rerun layers for ``view`` (``limit``: another
    :data:`~layers.clusters.MAX_SHAPES`), returning their bytes and what they show."""
    from streamlit_folium import _get_feature_group_string

    from layers import map_builder
    from layers.clusters import ClusterLayer

    def build():
        saved = map_builder.MAX_SHAPES
        if limit is not None:
            map_builder.MAX_SHAPES = limit
        try:
            spec = map_builder.map_spec(items, "zh", "offline", [], view, None)
            base = map_builder.base_map(map_builder.base_spec(spec), lazy_hidden=True)
            groups = map_builder.item_layers(spec, base, base_level=map_builder.base_spec(spec),
                                             by_url=True)
            base.fmap.render()
            text = "".join(_get_feature_group_string(g, base.fmap, i)
                           for i, g in enumerate(groups))
            clustered = any(isinstance(c, ClusterLayer) for g in groups
                            for c in g._children.values())
            return {"bytes": len(text.encode()), "clustered": clustered,
                    "shown": len(map_builder.display_items(spec))}
        finally:
            map_builder.MAX_SHAPES = saved
    return build


def run(quick: bool = False) -> list[dict]:
    from geo.store import files
    from geo.synth import synthetic_items
    from layers import map_builder
    from layers.clusters import MAX_SHAPES

    n = N_QUICK if quick else N_FULL
    runs = 3 if quick else 5
    folder = tempfile.mkdtemp(prefix="yrdmap-map-scale-")
    env = mock.patch.dict(os.environ, {"YRDMAP_STORE_DIR": folder})
    env.start()
    rows = []
    try:
        files.FileStore(folder).add_items(synthetic_items(n, seed=7))
        map_builder.clear_cache()
        from geo.store import load_all_with_regions

        items = load_all_with_regions()
        for label, view in VIEWS.items():
            ours = _layers(items, view)
            every = _layers(items, view, limit=10 ** 9)
            t_ours, t_every = timed(ours, runs), timed(every, max(2, runs // 2))
            got, peer = ours(), every()
            name = f"map of a {n:,}-item store, {label}"
            rows.append(row(f"{name}: layers built and rendered on a rerun", t_ours, "s",
                            peer="every item drawn one by one (the limit lifted)",
                            peer_value=t_every))
            rows.append(row(f"{name}: layer script sent on a rerun", got["bytes"] / 1e6, "MB",
                            peer="every item drawn one by one", peer_value=peer["bytes"] / 1e6,
                            note=f"{got['shown']:,} items in the window; "
                                 + ("drawn as counted discs" if got["clustered"]
                                    else "drawn one by one")))
            rows.append(row(f"{name}: item shapes the browser draws", 0.0 if got["clustered"]
                            else float(got["shown"]), "shapes",
                            peer="every item drawn one by one", peer_value=float(peer["shown"]),
                            budget=float(MAX_SHAPES)))
    finally:
        env.stop()
        map_builder.clear_cache()
    return rows


if __name__ == "__main__":
    print_rows("python -m bench.map_scale", run)
