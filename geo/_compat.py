"""Optional dependencies, imported at call time with an error that names what to install.

The engine runs on the core dependencies alone; team features load theirs on first use:
``psycopg`` for the PostGIS store (extra ``db``), ``dask``/``distributed``
for mass assignment on a cluster (extra ``dask``).
"""
from __future__ import annotations

import importlib
from types import ModuleType

from geo.errors import YrdmapError

__all__ = ["MissingDependency", "import_optional"]

#: module → the pip requirement that provides it
_PIP = {
    "psycopg": "psycopg[binary]>=3.1",
    "dask": "dask[dataframe]>=2024.8",
    "distributed": "distributed>=2024.8",
}


class MissingDependency(YrdmapError, ImportError):
    """An optional package a feature needs is not installed (the message says what to run)."""


def import_optional(name: str, extra: str, feature: str | None = None) -> ModuleType:
    """Import ``name`` or raise :class:`MissingDependency` naming the package and the extra.

    Parameters
    ----------
    name : module to import (``"psycopg"``, ``"distributed"`` …).
    extra : the yrdmap extra that installs it (``"db"``, ``"dask"``).
    feature : what needs it, for the message (default: the extra).

    Examples
    --------
    >>> import_optional("json", "none").__name__
    'json'
    >>> try:
    ...     import_optional("no_such_module_xyz", "db")
    ... except MissingDependency as err:
    ...     print(str(err)[:50])
    db needs the Python package 'no_such_module_xyz' (
    """
    try:
        return importlib.import_module(name)
    except ImportError as exc:
        top = name.split(".")[0]
        pip = _PIP.get(top, top.replace("_", "-"))
        raise MissingDependency(
            f"{feature or extra} needs the Python package {top!r} ({exc}); install it with "
            f"pip install 'yrdmap[{extra}]' (or pip install '{pip}')") from None
