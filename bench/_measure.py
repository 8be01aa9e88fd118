"""Timing helpers shared by the benchmarks: median of N runs after a warm-up, result rows.

A row (see :func:`row`) is one figure: its median, min and max over the runs, the
peer measured in the same run, the ratio and the budget. ``ratio`` is always "how
many times better than the peer": peer/us when lower is better (seconds, bytes),
us/peer when higher is better (throughput). A figure that could not be measured is a
:func:`skipped` row carrying the reason.
"""
from __future__ import annotations

import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Sequence

#: the keys of every row, in report order
ROW_KEYS = ("name", "value", "unit", "min", "max", "runs", "peer", "peer_value", "peer_min",
            "peer_max", "peer_runs", "ratio", "budget", "within_budget", "lower_is_better",
            "note", "skipped")


def summary(values: Sequence[float]) -> dict:
    """Median, min, max and count of measured values."""
    values = list(values)
    return {"median": statistics.median(values), "min": min(values), "max": max(values),
            "runs": len(values)}


def timed(fn: Callable[[], object], runs: int = 5, warmup: int = 1) -> dict:
    """Median/min/max seconds of ``fn`` over ``runs`` runs after ``warmup`` runs."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return summary(times)


def timed_subprocess(code: str, runs: int = 5, warmup: int = 1) -> dict:
    """Like :func:`timed` for a fresh interpreter running ``code`` (cold start)."""
    return timed(lambda: subprocess.run([sys.executable, "-c", code], check=True), runs, warmup)


def _parts(v) -> tuple:
    if isinstance(v, dict):
        return v["median"], v.get("min"), v.get("max"), v.get("runs")
    return v, None, None, (None if v is None else 1)


def row(name: str, value: dict | float | None, unit: str, *, peer: str | None = None,
        peer_value: dict | float | None = None, budget: float | None = None,
        lower_is_better: bool = True, note: str | None = None) -> dict:
    """One result row: figure, its peer measured in the same run, the ratio and the budget.

    ``value``/``peer_value`` are a :func:`timed`/:func:`summary` dict or a single number.
    """
    v, vmin, vmax, vruns = _parts(value)
    p, pmin, pmax, pruns = _parts(peer_value)
    within = None if (budget is None or v is None) else \
        (v <= budget if lower_is_better else v >= budget)
    ratio = None
    if p is not None and v:
        ratio = (p / v) if lower_is_better else ((v / p) if p else None)
    return {"name": name, "value": v, "unit": unit, "min": vmin, "max": vmax, "runs": vruns,
            "peer": peer, "peer_value": p, "peer_min": pmin, "peer_max": pmax,
            "peer_runs": pruns, "ratio": ratio, "budget": budget, "within_budget": within,
            "lower_is_better": lower_is_better, "note": note, "skipped": None}


def skipped(name: str, reason: str, unit: str = "", *, budget: float | None = None) -> dict:
    """A figure that could not be measured here (a missing optional peer or tool)."""
    out = row(name, None, unit, budget=budget)
    out["skipped"] = reason
    return out


def print_rows(prog: str, run: Callable[[bool], Iterable[dict]],
               argv: Sequence[str] | None = None) -> None:
    """The command line of one benchmark module: ``python -m <prog> [--quick]`` prints
    the rows of ``run(quick)``, one JSON object a line.

    Parameters
    ----------
    prog : the command's name in its usage line (``python -m bench.assign``).
    run : the module's ``run(quick)``, yielding :func:`row` dicts.
    argv : the arguments (default: the command line's).

    Examples
    --------
    >>> print_rows("python -m bench.example", lambda quick: [{"name": "x", "quick": quick}],
    ...            ["--quick"])
    {"name": "x", "quick": true}
    """
    import argparse
    import json

    ap = argparse.ArgumentParser(prog=prog)
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args(argv)
    for r in run(args.quick):
        print(json.dumps(r, ensure_ascii=False))
