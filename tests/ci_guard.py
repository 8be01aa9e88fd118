"""CI cannot skip: with ``CI`` set, a test that would skip because something is missing
fails instead, naming what is missing.

"Something is missing" is every *imperative* skip — ``pytest.importorskip`` (a package),
``pytest.skip(...)`` in a fixture or test (a server, a browser, a ``../shared`` file) — at
collection or at run time. Declarative ``@pytest.mark.skip``/``skipif`` marks stay skips:
they state a platform condition (Windows only, not as root), not a missing install.
Outside CI every skip stays a skip, with its install hint. ``.ci/run`` exports ``CI=1``.

Loaded by the repository's top ``conftest.py`` (which re-exports the two hooks).
"""
from __future__ import annotations

import os

import pytest
from _pytest.skipping import evaluate_skip_marks

__all__ = ["in_ci", "pytest_runtest_makereport", "pytest_make_collect_report"]

HINT = ("CI must run everything: provide what is missing (scripts/test.sh installs the "
        "system packages and the test extra; CI puts ../shared beside the clone)")


def in_ci() -> bool:
    """``CI`` is set to anything but empty, 0 or false."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def _reason(longrepr) -> str:
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return str(longrepr[2]).removeprefix("Skipped: ")
    return str(longrepr)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if not (report.skipped and in_ci()) or hasattr(report, "wasxfail"):
        return
    if call.excinfo is None or not call.excinfo.errisinstance(pytest.skip.Exception):
        return
    if report.when == "setup" and evaluate_skip_marks(item) is not None:
        return  # a skip/skipif mark: a platform condition, allowed
    report.outcome = "failed"
    report.longrepr = (f"CI=1: {item.nodeid} would be skipped: {_reason(report.longrepr)} — "
                       f"{HINT}")


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector):
    outcome = yield
    report = outcome.get_result()
    if report.skipped and in_ci():
        report.outcome = "failed"
        report.longrepr = (f"CI=1: {collector.nodeid} would be skipped: "
                           f"{_reason(report.longrepr)} — {HINT}")
