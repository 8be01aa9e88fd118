"""Helpers shared by the test folders: a free loopback port, and waiting for a server
started as a subprocess (``streamlit run`` or ``yrdmap serve``) to answer its health check."""
from __future__ import annotations

from pathlib import Path

from bench._process import free_port, stop_process, wait_healthy

__all__ = ["REPO", "free_port", "wait_healthy", "stop_process", "script_file", "run_in_threads"]

REPO = Path(__file__).resolve().parents[1]
"""The checkout's root (where ``app.py`` and ``geo/`` are), whatever folder a test sits in."""


def script_file(folder, script: str, name: str = "script_app.py") -> str:
    """Write ``script`` (a Streamlit script) to ``folder/name``; return its path for
    ``AppTest.from_file``."""
    from pathlib import Path

    path = Path(folder) / name
    path.write_text(script, encoding="utf-8")
    return str(path)


def cli_json(*args):
    """Run ``yrdmap *args --json`` through Typer's CliRunner; assert it exits 0 and return
    the parsed JSON it printed."""
    import json

    from typer.testing import CliRunner

    from geo.cli import app

    res = CliRunner().invoke(app, [*args, "--json"])
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


def run_in_threads(target, args, timeout: float | None = None) -> None:
    """Start ``target(*a)`` in a thread of its own for each tuple ``a`` of ``args``, then
    wait for all of them (at most ``timeout`` s for each, when given)."""
    import threading

    threads = [threading.Thread(target=target, args=a) for a in args]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout)


def assert_same_region_stats(a, b, *, atol: float, label: str = "") -> None:
    """Two :class:`geo.stats.RegionStats` (e.g. PostGIS's and the file store's) agree:
    the same columns and rows in ``summary``, ``by_layer`` and ``by_status``; floats within
    ``atol`` (relative 1e-9), everything else equal. ``label`` prefixes the messages."""
    import numpy as np

    for name in ("summary", "by_layer", "by_status"):
        x, y = getattr(a, name), getattr(b, name)
        assert list(x.columns) == list(y.columns) and len(x) == len(y), f"{label}{name}"
        for col in x.columns:
            if x[col].dtype.kind == "f" or y[col].dtype.kind == "f":
                np.testing.assert_allclose(x[col].astype(float), y[col].astype(float),
                                           rtol=1e-9, atol=atol, err_msg=f"{label}{name}.{col}")
            else:
                assert x[col].tolist() == y[col].tolist(), f"{label}{name}.{col}"
