"""Team store at scale: a province-sized 重大项目 list in PostGIS (issue 19).

A throwaway PostgreSQL/PostGIS server (``scripts/postgis.sh start``) gets the bundled
boundaries and catalog, then N synthetic items (:func:`geo.synth.synthetic_items`,
70 % points, 20 % lines, 10 % polygons spread over the 305 counties; N = 50,000, or
5,000 with ``--quick``). Measured, each against the same query done in Python on the
loaded frame (:func:`geo.criteria.filter_items`, :func:`geo.stats.region_stats`) in
the same run:

- import of 5,000 rows through the import pipeline (CSV with WKT → check → store, the
  items measured per province in the same transaction): budget <= 10 s;
- a filter change (province + layer, the sidebar's query) answered by
  ``PostGISStore.select`` (ids in SQL, rows from the frame cached by store version; the
  first read after a write, which rebuilds that frame, is its own row — from nothing,
  and after a one-item edit, when only the changed rows are read): budget <= 0.3 s;
- the statistics per province of all items, ``PostGISStore.region_stats`` (GROUP BYs
  over the per-item rows kept with the measures, ``project_stats``): budget <= 1 s.

``python -m bench.store_scale [--quick]``. Without the PostgreSQL/PostGIS packages the
rows are skipped with the install hint (CI installs them).
"""
from __future__ import annotations

import os
import subprocess
import tempfile
import time
from pathlib import Path

from bench._measure import print_rows, row, skipped, summary, timed

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "postgis.sh"
IMPORT_ROWS = 5_000
BUDGET_IMPORT_S, BUDGET_FILTER_S, BUDGET_STATS_S = 10.0, 0.3, 1.0


def _server():
    if subprocess.run(["bash", str(SCRIPT), "check"]).returncode != 0:
        return None
    proc = subprocess.run(["bash", str(SCRIPT), "start"], capture_output=True, text=True,
                          env=dict(os.environ, YRDMAP_PG_NO_INSTALL="1"), timeout=120)
    if proc.returncode != 0:
        raise RuntimeError(f"scripts/postgis.sh start failed: {proc.stderr[-500:]}")
    return dict(line.split("=", 1) for line in proc.stdout.split() if "=" in line)


def _csv(items, path: Path) -> None:
    table = items.drop(columns="geometry").assign(
        wkt=items.geometry.to_wkt(), cities=items["cities"].map(lambda c: c[0]))
    table = table.rename(columns={"name_zh": "项目名称", "responsible_unit": "责任单位",
                                  "deadline": "完成时限"})
    table[["id", "项目名称", "name_en", "layer", "status", "责任单位", "完成时限",
           "wkt"]].to_csv(path, index=False, encoding="utf-8")


def run(quick: bool = False) -> list[dict]:
    n = 5_000 if quick else 50_000
    label = f"{n // 1000}k items"
    env = _server()
    if env is None:
        return [skipped(f"team store {label}", "PostgreSQL/PostGIS are not installed "
                        "(bash scripts/system-deps.sh)")]
    try:
        return _measure(env["YRDMAP_DATABASE_URL"], n, label, quick)
    finally:
        subprocess.run(["bash", str(SCRIPT), "stop", env["YRDMAP_PG_DIR"]], timeout=60)


def _measure(url: str, n: int, label: str, quick: bool) -> list[dict]:
    from geo.criteria import filter_items
    from geo.db.load import load
    from geo.db.schema import migrate
    from geo.db.store import PostGISStore
    from geo.ingest.pipeline import import_file
    from geo.stats import region_stats
    from geo.synth import synthetic_items

    runs = 3 if quick else 5
    migrate(url)
    load(url)
    store = PostGISStore(url)
    items = synthetic_items(n, seed=19)
    first = items.iloc[:IMPORT_ROWS]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "重大项目清单.csv"
        _csv(first, path)
        t0 = time.perf_counter()
        _, report = import_file(path, store=store)
        import_s = time.perf_counter() - t0
    if not report.ok:
        raise RuntimeError(f"the synthetic import was refused: {report.issues[:3]}")
    t0 = time.perf_counter()
    for start in range(IMPORT_ROWS, n, 10_000):
        store.add_items(items.iloc[start:start + 10_000])
    load_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    frame = store.load_all_with_regions()   # what the first read after a write rebuilds
    frame_s = time.perf_counter() - t0

    def edit_one() -> None:                 # an editor saves one item's status
        item = store.get_item(items["id"].iloc[n // 2])
        store.update_item(item["id"], {"status": "在建" if item["status"] != "在建"
                                       else "规划"}, int(item["version"]))

    def refresh() -> float:
        edit_one()
        t0 = time.perf_counter()
        store.load_all_with_regions()       # only the edited row is read again
        return time.perf_counter() - t0

    refresh_s = summary([refresh() for _ in range(runs)])
    frame = store.load_all_with_regions()
    total = len(frame)
    criteria = dict(provinces=["浙江省"], layers=["hub"])
    ours_filter = timed(lambda: store.select(**criteria), runs=runs)
    peer_filter = timed(lambda: filter_items(frame, **criteria), runs=runs)
    same = len(store.select(**criteria)) == len(filter_items(frame, **criteria))
    ours_stats = timed(lambda: store.region_stats("province"), runs=runs)
    peer_stats = timed(lambda: region_stats(frame, "province"), runs=runs)
    return [
        row(f"team store: import {IMPORT_ROWS:,} rows (CSV → check → PostGIS)", import_s, "s",
            budget=BUDGET_IMPORT_S),
        row(f"team store: load the other {n - IMPORT_ROWS:,} items (add_items, 10k batches)",
            load_s, "s"),
        row(f"team store {label}: first read after a write (every item with its regions, "
            "cached by store version)", frame_s, "s"),
        row(f"team store {label}: first read after a one-item edit (the frame of the "
            "version before, refreshed by row revision)", refresh_s, "s"),
        row(f"team store {label} (+{total - n} catalog): filter 浙江 + hub, ids in SQL, "
            "rows from the cached frame",
            ours_filter, "s", peer="filter_items on the loaded frame", peer_value=peer_filter,
            budget=BUDGET_FILTER_S),
        row(f"team store {label}: filter answers agree", float(same), "bool", budget=1.0,
            lower_is_better=False),
        row(f"team store {label}: statistics by province, in SQL", ours_stats, "s",
            peer="geo.stats.region_stats on the loaded frame", peer_value=peer_stats,
            budget=BUDGET_STATS_S),
    ]


if __name__ == "__main__":
    print_rows("python -m bench.store_scale", run)
