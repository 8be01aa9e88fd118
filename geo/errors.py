"""The engine's errors: one root, and the one check of a value against its choices.

Every error the engine raises on purpose derives from :class:`YrdmapError` (and keeps
its old base too — ``RegionError`` is still a ``LookupError``, ``ExportError`` a
``ValueError`` — so callers that caught those go on working). The CLI's edge turns a
``YrdmapError`` into a one-line message and exit status 2; anything else is a bug and
shows its traceback.

:class:`InputError` is a bad value given by the user (a ``ValueError``);
:func:`choice` raises it with the wording used everywhere: the name, the value, and
what would be accepted.

Examples
--------
>>> choice("level", "city", ("province", "city", "county"))
'city'
>>> choice("level", "town", ("province", "city", "county"))
Traceback (most recent call last):
...
geo.errors.InputError: level 'town' is not one of province, city, county
>>> issubclass(InputError, ValueError) and issubclass(InputError, YrdmapError)
True
"""
from __future__ import annotations

from collections.abc import Iterable

__all__ = ["YrdmapError", "InputError", "choice"]


class YrdmapError(Exception):
    """The root of every error the engine raises on purpose."""


class InputError(YrdmapError, ValueError):
    """A value given by the user that is not accepted (the message says what is)."""


def choice(name: str, value, allowed: Iterable, *, error: type[Exception] = InputError,
           hint: str = ""):
    """``value`` if it is one of ``allowed``, else raise ``error`` (default
    :class:`InputError`) saying ``<name> <value!r> is not one of <allowed>``, then
    `` (<hint>)`` if a ``hint`` is given."""
    allowed = tuple(allowed)
    if value in allowed:
        return value
    raise error(f"{name} {value!r} is not one of {', '.join(map(str, allowed))}"
                + (f" ({hint})" if hint else ""))
