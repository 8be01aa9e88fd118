"""Server time of a filter change (budget: <= 300 ms), against the naive app.

Two measurements, each a sequence of province-filter changes where every change picks
a selection not seen before in that process (single provinces, then pairs), so no
per-selection cache answers for free; the first change is the warm-up:

- AppTest: the whole page script rerun after the sidebar's province multiselect
  changes (``streamlit.testing.v1.AppTest``: what the server does for a user's
  filter change, without the browser). Peer: :mod:`bench.naive_app` under AppTest
  with the same changes (it rebuilds ``explore()`` of every layer on each rerun).
- direct: the functions ``app.py`` calls for the map — ``filter_projects`` on the
  cached items, ``layers.map_builder.map_spec`` + ``build_map`` — plus the rendering
  ``st_folium`` does (``get_root().render()`` and the map string). Peer: filter the
  items with ``GeoDataFrame.intersects`` the chosen provinces, ``explore()`` the same
  layers at full resolution, the same rendering.

The naive peer is slow (~7 s a change here): it runs 3 changes after its warm-up in a
full run, and only on the direct path (1 change, no warm-up) in ``--quick``.
"""
from __future__ import annotations

import logging
import time
from itertools import combinations
from pathlib import Path

from bench._measure import row, skipped, summary

ROOT = Path(__file__).resolve().parents[1]
BUDGET_S = 0.3
PROVINCES = (310000, 320000, 330000, 340000)
#: every change a new selection: 4 single provinces, then the 6 pairs
CHANGES = [[p] for p in PROVINCES] + [list(c) for c in combinations(PROVINCES, 2)]
PEER = "naive: filter a GeoDataFrame, explore() every layer at full resolution"


def _quiet() -> None:
    for name in ("streamlit", "streamlit.runtime.caching.cache_data_api",
                 "streamlit.runtime.scriptrunner_utils.script_run_context"):
        logging.getLogger(name).setLevel(logging.ERROR)


def apptest_changes(script: Path, key: str, runs: int, warmup: int = 1) -> dict:
    """Seconds of ``AppTest.run()`` after each province change (first ``warmup`` dropped)."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(script), default_timeout=300)
    at.run()
    if at.exception:
        raise RuntimeError(f"{script.name}: {at.exception[0].value}")
    times = []
    for i, chosen in enumerate(CHANGES[:warmup + runs]):
        at.multiselect(key=key).set_value(chosen)
        t0 = time.perf_counter()
        at.run()
        dt = time.perf_counter() - t0
        if at.exception:
            raise RuntimeError(f"{script.name}: {at.exception[0].value}")
        if i >= warmup:
            times.append(dt)
    return summary(times)


def _render(fmap) -> None:
    """What st_folium does with the map before sending it (streamlit_folium 0.2x)."""
    fmap.get_root().render()
    try:
        from streamlit_folium import _get_header, _get_html, _get_map_string
    except ImportError:         # another streamlit-folium: the root render is the bulk
        return
    fmap.render()
    _get_html(fmap)
    _get_header(fmap)
    _get_map_string(fmap)


def _direct(step, runs: int, warmup: int) -> dict:
    times = []
    for i, chosen in enumerate(CHANGES[:warmup + runs]):
        t0 = time.perf_counter()
        step(chosen)
        dt = time.perf_counter() - t0
        if i >= warmup:
            times.append(dt)
    return summary(times)


def ours_direct(runs: int, warmup: int = 1) -> dict:
    from geo.select import filter_projects
    from geo.store import get_store, load_all_with_regions
    from layers import basemaps, map_builder

    items = load_all_with_regions()
    version = get_store().version()        # as app.py passes it

    def step(chosen):
        sel = filter_projects(items, provinces=chosen)
        spec = map_builder.map_spec(sel, "zh", basemaps.DEFAULT_BASEMAP, [], None, None,
                                    version)
        _render(map_builder.build_map(spec))

    return _direct(step, runs, warmup)


def naive_direct(runs: int, warmup: int = 1) -> dict:
    from geo.catalog import load_lakes, load_projects, load_regions

    provinces = load_regions("province", "full")
    cities, counties = load_regions("city", "full"), load_regions("county", "full")
    lakes = load_lakes()
    projects = load_projects()[["id", "name_zh", "layer", "status", "geometry"]]

    def step(chosen):
        area = provinces[provinces["adcode"].isin(chosen)].union_all()
        sel = projects[projects.intersects(area)]
        m = provinces.explore(name="provinces", tiles=None)
        cities.explore(m=m, name="city", style_kwds={"fill": False})
        counties.explore(m=m, name="county", style_kwds={"fill": False})
        lakes.explore(m=m, name="lakes")
        if len(sel):
            sel.explore(m=m, column="layer", name="projects")
        _render(m)

    return _direct(step, runs, warmup)


def run(quick: bool = False) -> list[dict]:
    import importlib.util

    _quiet()
    runs = 2 if quick else 5
    peer_runs = 1 if quick else 3
    name_at = "filter change: server time of the page rerun (AppTest, province filter)"
    name_direct = ("filter change: select + build map + render, the functions app.py calls "
                   "(province filter)")
    if importlib.util.find_spec("streamlit_folium") is None:
        reason = "streamlit-folium is not installed"
        return [skipped(name_at, reason, "s", budget=BUDGET_S),
                skipped(name_direct, reason, "s", budget=BUDGET_S)]
    ours_at = apptest_changes(ROOT / "app.py", "w_provinces", runs)
    direct = ours_direct(runs)
    naive_d = naive_direct(peer_runs, warmup=0 if quick else 1)
    rows = []
    if quick:
        rows.append(row(name_at, ours_at, "s", budget=BUDGET_S,
                        note="peer not measured in --quick"))
    else:
        naive_at = apptest_changes(ROOT / "bench" / "naive_app.py", "provinces", peer_runs)
        rows.append(row(name_at, ours_at, "s", peer=PEER + " (bench/naive_app.py, AppTest)",
                        peer_value=naive_at, budget=BUDGET_S))
    rows.append(row(name_direct, direct, "s", peer=PEER + " (direct)", peer_value=naive_d,
                    budget=BUDGET_S))
    return rows


if __name__ == "__main__":
    import json
    import sys

    for r in run(quick="--quick" in sys.argv):
        print(json.dumps(r, ensure_ascii=False))
