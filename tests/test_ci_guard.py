"""The CI guard (tests/ci_guard.py), tested on a throwaway suite run by pytest in a
subprocess: with CI=1 a skip for a missing package, server or shared file fails naming
it; without CI it stays a skip with its hint; skipif marks stay skips in both."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

GUARD = Path(__file__).with_name("ci_guard.py")
MISSING = "yrdmap_fake_missing_dependency"

TESTS = f'''
import pytest

@pytest.fixture
def server():
    pytest.skip("PostgreSQL is not installed: apt-get install postgresql")

def test_needs_a_package():
    pytest.importorskip("{MISSING}")

def test_needs_a_server(server):
    pass

@pytest.mark.skipif(True, reason="Windows only")
def test_platform_condition():
    pass

def test_runs():
    assert True
'''

MODULE_LEVEL = f'''
import pytest
pytest.importorskip("{MISSING}", reason="{MISSING} is not installed (pip install it)")

def test_never_collected():
    pass
'''


def run(tmp_path: Path, ci: str | None, *files: str) -> subprocess.CompletedProcess:
    """pytest on ``files`` in ``tmp_path`` with the guard loaded as the plugin ``ci_guard``
    (``-p``, as the root conftest loads it) and ``CI`` set to ``ci`` (unset for ``None``)."""
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    if ci is not None:
        env["CI"] = ci
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(GUARD.parent), env.get("PYTHONPATH")]))
    return subprocess.run([sys.executable, "-m", "pytest", "-rA", "-p", "no:cacheprovider",
                           "-p", "ci_guard", "-o", "addopts=", *files], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture
def suite(tmp_path):
    (tmp_path / "test_fake.py").write_text(TESTS)
    (tmp_path / "test_module_level.py").write_text(MODULE_LEVEL)
    return tmp_path


def test_outside_ci_missing_things_skip_with_their_hint(suite):
    proc = run(suite, None, "test_fake.py", "test_module_level.py")
    assert proc.returncode == 0, proc.stdout
    assert "4 skipped" in proc.stdout and "1 passed" in proc.stdout
    assert f"could not import '{MISSING}'" in proc.stdout
    assert "apt-get install postgresql" in proc.stdout


def test_in_ci_missing_things_fail_naming_them(suite):
    proc = run(suite, "1", "test_fake.py")
    assert proc.returncode == 1, proc.stdout
    out = proc.stdout
    # a skip in a fixture becomes a setup error, in the test a failure: neither passes
    assert "1 failed, 1 passed, 1 skipped, 1 error" in out
    assert f"FAILED test_fake.py::test_needs_a_package - CI=1: test_fake.py::" \
           f"test_needs_a_package would be skipped: could not import '{MISSING}'" in out
    assert ("ERROR test_fake.py::test_needs_a_server - CI=1: test_fake.py::test_needs_a_server "
            "would be skipped: PostgreSQL is not installed") in out
    assert "SKIPPED [1] test_fake.py" in out and "Windows only" in out


def test_in_ci_a_module_level_skip_fails_naming_it(suite):
    proc = run(suite, "1", "test_module_level.py")
    assert proc.returncode != 0, proc.stdout
    assert (f"CI=1: test_module_level.py would be skipped: {MISSING} is not installed"
            in proc.stdout)
    assert "1 error" in proc.stdout


@pytest.mark.parametrize("value", ["", "0", "false"])
def test_ci_unset_values(suite, value):
    assert run(suite, value, "test_fake.py").returncode == 0
