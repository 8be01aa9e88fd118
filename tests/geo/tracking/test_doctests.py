"""The docstring examples of the tracking modules run (numpy-style examples are tests)."""
import doctest
import importlib

import pytest

MODULES = ["geo.tracking.fields", "geo.tracking.log", "geo.tracking.due", "geo.auth",
           "geo.overdue", "geo.export._formula", "ui.progress"]


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0 and result.attempted > 0, result


def test_file_log_doctest(tmp_path, monkeypatch):
    import geo.tracking.file_log as m

    assert doctest.testmod(m).failed == 0
