"""Statistics view budget: the whole statistics computation for all items
(:func:`geo.stats.statistics`: by province and by city — counts by layer and
status, clipped km and km², cross-provincial shares) after the layers are loaded,
within 0.3 s.

Figures: cold (region geometries projected and prepared, every item measured
afresh: what a new filter costs at worst), warm (item parts memoised: what a
rerun of the page costs), and the first call in a fresh process after loading the
layers (adds projecting, preparing and indexing the full-resolution regions once).

Peer: the naive way — ``geopandas.overlay`` of the items × the provinces and × the
cities (lines in the metric CRS, polygons in the equal-area CRS), then ``.length``
/ ``.area`` and group sums by region and layer.
"""
from __future__ import annotations

import subprocess
import sys

import geopandas as gpd
import shapely

from bench._measure import row, timed

BUDGET = 0.3

FIRST_CALL = """
import time
import geo.catalog as c
from geo.stats import statistics
for lvl in ("province", "city", "county"):
    c.load_regions(lvl, "full"); c.load_regions(lvl, "s100"); c.load_regions(lvl, "s1000")
items = c.load_projects()
t = time.perf_counter(); statistics(items); print(time.perf_counter() - t)
"""


def _first_call(runs: int) -> dict:
    times = [float(subprocess.run([sys.executable, "-c", FIRST_CALL], check=True,
                                  capture_output=True, text=True).stdout.split()[-1])
             for _ in range(runs)]
    times.sort()
    return {"median": times[len(times) // 2], "min": times[0], "max": times[-1], "runs": runs}


def naive_overlay(items: gpd.GeoDataFrame) -> dict:
    """km and km² by region and layer through ``geopandas.overlay`` (the peer)."""
    from geo import crs
    from geo.catalog import load_regions

    dims = shapely.get_dimensions(items.geometry.values)
    lines = items[dims == 1][["id", "layer", "geometry"]]
    polys = items[dims == 2][["id", "layer", "geometry"]]
    out = {}
    for level in ("province", "city"):
        regions = load_regions(level, "full")[["adcode", "geometry"]]
        ov = gpd.overlay(lines.to_crs(crs.METRIC), regions.to_crs(crs.METRIC),
                         how="intersection", keep_geom_type=True)
        km = (ov.length / 1e3).groupby([ov["adcode"], ov["layer"]]).sum()
        ov = gpd.overlay(polys.to_crs(crs.EQUAL_AREA), regions.to_crs(crs.EQUAL_AREA),
                         how="intersection", keep_geom_type=True)
        km2 = (ov.area / 1e6).groupby([ov["adcode"], ov["layer"]]).sum()
        out[level] = (km, km2)
    return out


def run(quick: bool = False) -> list[dict]:
    from geo.catalog import load_projects, load_regions
    from geo.measure import clear_measure_cache
    from geo.stats import statistics

    runs = 2 if quick else 5
    for level in ("province", "city", "county"):
        load_regions(level, "full")
    items = load_projects()
    statistics(items)  # project and prepare the regions once

    def cold():
        clear_measure_cache()
        statistics(items)

    cold_t = timed(cold, runs=runs)
    warm_t = timed(lambda: statistics(items), runs=runs)
    peer = timed(lambda: naive_overlay(items), runs=1 if quick else 3, warmup=0)
    first = _first_call(1 if quick else 3)
    n = len(items)
    peer_name = "naive geopandas.overlay items × provinces and × cities, .length/.area"
    rows = [
        row(f"statistics view, all {n} items, cold (every item measured afresh)", cold_t, "s",
            peer=peer_name, peer_value=peer, budget=BUDGET),
        row(f"statistics view, all {n} items, warm (item parts memoised)", warm_t, "s",
            peer=peer_name, peer_value=peer, budget=BUDGET),
        row(f"statistics view, all {n} items, first call in a fresh process "
            "(+ projecting/preparing full-resolution regions)", first, "s",
            peer=peer_name, peer_value=peer),
    ]
    for r in rows:
        budget = "-" if r["budget"] is None else f"{r['budget'] * 1e3:.0f} ms"
        print(f"{r['name']}: {r['value'] * 1e3:.0f} ms (budget {budget}); "
              f"peer {r['peer_value']:.2f} s; ratio ×{r['ratio']:.1f}")
    return rows


if __name__ == "__main__":
    run(quick="--quick" in sys.argv)
