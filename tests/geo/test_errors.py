"""One root for the engine's errors (#21); the CLI edge turns only those into one line."""
from __future__ import annotations

import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest
import typer

from geo.errors import InputError, YrdmapError, choice

ROOT = Path(__file__).resolve().parents[2]


def _modules():
    for package in ("geo", "layers"):
        for info in pkgutil.walk_packages([str(ROOT / package)], prefix=f"{package}."):
            if ".build" in info.name or info.name.endswith("__main__"):
                continue            # the build extra's modules need packages the app lacks
            yield info.name


def test_every_exception_class_derives_from_the_root():
    found = {}
    for name in _modules():
        try:
            module = importlib.import_module(name)
        except ImportError:           # an optional extra (e.g. psycopg) not installed
            continue
        for cls_name, cls in inspect.getmembers(module, inspect.isclass):
            if (issubclass(cls, BaseException) and cls.__module__ == name
                    and not cls_name.startswith("_")):     # private control flow: not raised out
                found[f"{name}.{cls_name}"] = cls
    assert len(found) >= 16, sorted(found)
    stray = sorted(k for k, c in found.items() if not issubclass(c, YrdmapError))
    assert not stray, f"exception classes outside geo.errors.YrdmapError: {stray}"


def test_old_bases_are_kept():
    from geo.catalog import DataError
    from geo.export import ExportError
    from geo.regions import RegionError
    from geo.store import StoreError

    assert issubclass(RegionError, LookupError) and issubclass(ExportError, ValueError)
    assert issubclass(DataError, ValueError) and issubclass(StoreError, RuntimeError)
    assert issubclass(InputError, ValueError)


def test_choice_keeps_the_wording():
    assert choice("by", "city", ("province", "city")) == "city"
    with pytest.raises(InputError, match=r"^by 'county' is not one of province, city$"):
        choice("by", "county", ("province", "city"))


def test_the_cli_edge_shows_a_bug_as_a_traceback():
    from geo.cli._output import domain_errors

    @domain_errors
    def usage():
        raise InputError("--by 'x' is not one of province, city")

    @domain_errors
    def bug():
        raise KeyError("a bug")

    with pytest.raises(typer.Exit) as exit_:
        usage()
    assert exit_.value.exit_code == 2
    with pytest.raises(KeyError):
        bug()
