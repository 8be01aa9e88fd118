"""Foundation budgets: cold start (import + load every map layer) and data size.

Peer: the naive cold start — import geopandas and read the full-resolution
boundary files with ``geopandas.read_file`` defaults, as a first prototype would.
"""
from __future__ import annotations

from geo import paths
from bench._measure import row, timed_subprocess

#: the cold start at one boundary resolution ({res}: s100 as displayed, or full)
COLD_START_AT = """
import geo.catalog as c
for lvl in ("province", "city", "county"):
    c.load_regions(lvl, "{res}")
c.load_lakes(); c.load_projects()
"""
COLD_START = COLD_START_AT.format(res="s100")
COLD_START_FULL = COLD_START_AT.format(res="full")
NAIVE = """
import geopandas as gpd
for f in ("provinces", "cities", "counties", "lakes"):
    gpd.read_file("{d}/" + f + ".geojson")
gpd.read_file("{p}")
"""


def run(quick: bool = False) -> list[dict]:
    runs = 2 if quick else 5
    naive = timed_subprocess(NAIVE.format(d=paths.boundaries_dir(), p=paths.projects_path()), runs)
    cold = timed_subprocess(COLD_START, runs)
    cold_full = timed_subprocess(COLD_START_FULL, runs)
    size = sum((paths.boundaries_dir() / f"{s}.geojson").stat().st_size
               for s in ("provinces", "cities", "counties")) / 1e6
    return [
        row("cold start: import + load display layers (s100 boundaries, lakes, projects)",
            cold, "s", peer="naive geopandas.read_file of full-resolution files",
            peer_value=naive, budget=1.0),
        row("cold start: import + load full-resolution layers", cold_full, "s",
            peer="naive geopandas.read_file of full-resolution files", peer_value=naive,
            budget=1.0),
        row("full-resolution boundary files in the repo", size, "MB", budget=20.0),
    ]
