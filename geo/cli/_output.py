"""Shared CLI plumbing: JSON/plain output and the error edge (exit status 2)."""
from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable
from functools import wraps

import typer

from geo._compat import MissingDependency
from geo.errors import YrdmapError
from geo.store import StoreError

#: what the edge turns into one line and exit status 2: the engine's own errors; any
#: other exception is a bug and shows its traceback
USAGE_ERRORS = (YrdmapError,)


def fail(message: str, code: int = 2) -> None:
    """Print a one-line error on stderr and exit."""
    typer.echo(f"yrdmap: error: {' '.join(str(message).split())}", err=True)
    raise typer.Exit(code)


def one_line_errors(*rules: tuple) -> Callable:
    """A decorator that turns the exceptions named in ``rules`` into one line on stderr and
    an exit status (every other exception passes).

    Each rule is ``(types, code)`` or ``(types, code, text)``: the first rule whose
    ``types`` match is used; ``code`` is the exit status or a function of the exception
    giving it, ``text`` a function of the exception giving the line (default ``str``).
    """
    caught = tuple(t for rule in rules for t in (rule[0] if isinstance(rule[0], tuple)
                                                 else (rule[0],)))

    def decorate(fn: Callable) -> Callable:
        @wraps(fn)
        def wrapper(*args, **kwargs):
            try:
                return fn(*args, **kwargs)
            except caught as exc:
                _, code, *text = next(r for r in rules if isinstance(exc, r[0]))
                fail((text[0] if text else str)(exc), code(exc) if callable(code) else code)

        return wrapper

    return decorate


def domain_errors(fn: Callable) -> Callable:
    """Turn the engine's errors into one line on stderr: bad arguments exit with status 2,
    a store that cannot be read (a database that is down) or a missing package with 1."""
    return one_line_errors(
        ((StoreError, MissingDependency), lambda exc: 2 if isinstance(exc, ValueError) else 1),
        (USAGE_ERRORS, 2))(fn)


def emit_json(obj) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=2, default=_default) + "\n")


def _default(o):
    if hasattr(o, "item"):
        return o.item()
    if hasattr(o, "tolist"):
        return o.tolist()
    raise TypeError(f"not JSON serialisable: {type(o).__name__}")


def emit_table(rows: list[dict], columns: Iterable[str]) -> None:
    """A plain aligned text table (for humans; --json is for programs)."""
    columns = list(columns)
    cells = [[_cell(r.get(c)) for c in columns] for r in rows]
    widths = [max([_width(c)] + [_width(row[i]) for row in cells]) for i, c in enumerate(columns)]
    typer.echo("  ".join(_pad(c, w) for c, w in zip(columns, widths)))
    for row in cells:
        typer.echo("  ".join(_pad(v, w) for v, w in zip(row, widths)))
    typer.echo(f"({len(rows)} rows)")


def emit_rows(rows: list[dict], columns: Iterable[str], as_json: bool) -> None:
    """``rows`` as a JSON array (``--json``) or as a table of ``columns``."""
    if as_json:
        emit_json(rows)
    else:
        emit_table(rows, columns)


def _cell(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return f"{v:,.1f}"
    if isinstance(v, dict):
        return ", ".join(f"{k}:{_cell(x)}" for k, x in v.items())
    if isinstance(v, (list, tuple)):
        return ",".join(map(str, v))
    return str(v)


def _width(s: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def _pad(s: str, w: int) -> str:
    return s + " " * (w - _width(s))
