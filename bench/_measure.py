"""Timing helpers shared by the benchmarks: median of N runs after a warm-up."""
from __future__ import annotations

import statistics
import subprocess
import sys
import time
from collections.abc import Callable


def timed(fn: Callable[[], object], runs: int = 5, warmup: int = 1) -> dict:
    """Median/min/max seconds of ``fn`` over ``runs`` runs after ``warmup`` runs."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return {"median": statistics.median(times), "min": min(times), "max": max(times), "runs": runs}


def timed_subprocess(code: str, runs: int = 5, warmup: int = 1) -> dict:
    """Like :func:`timed` for a fresh interpreter running ``code`` (cold start)."""
    return timed(lambda: subprocess.run([sys.executable, "-c", code], check=True), runs, warmup)


def row(name: str, value: dict | float, unit: str, *, peer: str | None = None,
        peer_value: dict | float | None = None, budget: float | None = None,
        lower_is_better: bool = True) -> dict:
    """One result row: figure, its peer measured in the same run, the ratio and the budget."""
    v = value["median"] if isinstance(value, dict) else value
    p = peer_value["median"] if isinstance(peer_value, dict) else peer_value
    within = None if budget is None else (v <= budget if lower_is_better else v >= budget)
    return {"name": name, "value": v, "unit": unit,
            "min": value.get("min") if isinstance(value, dict) else None,
            "max": value.get("max") if isinstance(value, dict) else None,
            "peer": peer, "peer_value": p,
            "ratio": (p / v) if (p and v) else None,
            "budget": budget, "within_budget": within}
