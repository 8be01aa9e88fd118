"""Smoke test of the benchmark runner: ``python -m bench --quick`` still runs and writes
its JSON. No timing assertions — budgets are checked by the report (docs/benchmarks.md)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bench._measure import ROW_KEYS

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_quick_bench_writes_rows_and_machine(tmp_path):
    out = tmp_path / "results.json"
    report = tmp_path / "benchmarks.md"
    proc = subprocess.run(
        [sys.executable, "-m", "bench", "--quick", "--only", "foundation", "--only", "stats",
         "--out", str(out), "--report", str(report)],
        cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["quick"] is True
    assert result["modules"] == ["foundation", "stats"]
    machine = result["machine"]
    for key in ("cores", "cpu_model", "memory_gb", "python", "versions"):
        assert machine[key], key
    for pkg in ("geopandas", "shapely", "GEOS", "pyproj", "streamlit", "folium"):
        assert pkg in machine["versions"], pkg
    rows = result["rows"]
    assert {r["module"] for r in rows} == {"foundation", "stats"}
    for r in rows:
        assert set(ROW_KEYS) <= set(r), set(ROW_KEYS) - set(r)
        assert not r["skipped"], r
        assert isinstance(r["value"], (int, float)) and r["value"] >= 0, r
    assert any(r["peer"] and r["ratio"] for r in rows)
    assert any(r["budget"] is not None and r["within_budget"] is not None for r in rows)
    text = report.read_text(encoding="utf-8")
    assert "| figure | value | unit |" in text and "within budget" in text


def test_a_failing_module_is_a_skipped_row(monkeypatch):
    import bench.__main__ as runner

    def boom(quick=False):
        raise ImportError("no module named 'peer'")

    fake = type(sys)("bench.fake")
    fake.run = boom
    monkeypatch.setitem(sys.modules, "bench.fake", fake)
    rows, notes, _ = runner.run_module("fake", quick=True)
    assert len(rows) == 1 and rows[0]["skipped"].startswith("ImportError")
    assert rows[0]["module"] == "fake" and "error" in notes
    assert "skipped: ImportError" in runner.table(rows)
