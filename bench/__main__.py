"""Run every benchmark and print figure, peer, ratio and budget.

``python -m bench`` (full) or ``python -m bench --quick`` (a smoke run for CI).
"""
from __future__ import annotations

import argparse
import importlib
import json
import platform
from pathlib import Path

MODULES = ["bench.foundation", "bench.stats", "bench.export", "bench.adjacency", "bench.assign"]


def _fmt(v) -> str:
    return "" if v is None else (f"{v:.3f}" if isinstance(v, float) else str(v))


def main(argv: list[str] | None = None) -> list[dict]:
    ap = argparse.ArgumentParser(prog="python -m bench")
    ap.add_argument("--quick", action="store_true", help="fewer runs, smaller inputs (CI smoke)")
    ap.add_argument("--only", action="append", help="run only these modules (e.g. foundation)")
    ap.add_argument("--out", type=Path, help="write the rows as JSON here")
    args = ap.parse_args(argv)
    rows = []
    for name in MODULES:
        if args.only and name.split(".")[-1] not in args.only:
            continue
        rows.extend(importlib.import_module(name).run(quick=args.quick))
    print(f"machine: {platform.machine()} {platform.processor() or ''} python {platform.python_version()}")
    print("| figure | value | unit | min | max | peer | peer value | ratio (peer/us) | budget | within |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print("| " + " | ".join(_fmt(r[k]) for k in ("name", "value", "unit", "min", "max", "peer",
                                                       "peer_value", "ratio", "budget",
                                                       "within_budget")) + " |")
    if args.out:
        args.out.write_text(json.dumps(rows, indent=2, ensure_ascii=False))
    return rows


if __name__ == "__main__":
    main()
