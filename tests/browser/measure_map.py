"""Benchmark figures for the map (print them; the lead keeps them in bench/).

    python tests/browser/measure_map.py [--runs N]

Starts app.py and the naive peer (tests/browser/naive_app.py) on free ports, warms
each server once, then loads each default view ``N`` times in fresh browser
contexts (empty cache) with Debian's chromium, and prints first paint and bytes.
"""
from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from browser_helpers import CHROMIUM, CHROMIUM_ARGS, ROOT, measure, start_app  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--naive-timeout", type=float, default=40.0)
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    results = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        for name, script, timeout in (("yrdmap", ROOT / "app.py", 90.0),
                                      ("naive", ROOT / "tests/browser/naive_app.py",
                                       args.naive_timeout)):
            proc, url = start_app(script)
            try:
                measure(browser, url, timeout=180)          # warm the server's caches
                results[name] = [measure(browser, url, timeout=timeout) for _ in range(args.runs)]
            finally:
                proc.terminate()
                proc.wait(timeout=15)
        browser.close()
    for name, runs in results.items():
        paints = [r["first_paint_s"] for r in runs]
        ok = [p for p in paints if p is not None]
        last = runs[-1]
        print(f"{name}: first paint {paints} s (median "
              f"{statistics.median(ok) if ok else 'never'}), total {last['total_bytes']:,} B "
              f"= http {last['http_bytes']:,} {last['http_by']} + websocket {last['ws_bytes']:,}; "
              f"hosts {last['hosts']}")
    y, n = results["yrdmap"][-1], results["naive"][-1]
    print(f"ratio naive/yrdmap: total bytes {n['total_bytes'] / y['total_bytes']:.1f}x, "
          f"map payload (websocket) {n['ws_bytes'] / y['ws_bytes']:.1f}x")


if __name__ == "__main__":
    main()
