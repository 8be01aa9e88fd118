"""The acting account of a CLI write: ``--user NAME``, its password from
``$YRDMAP_PASSWORD`` or a hidden prompt (never an option: it would land in the shell
history and the process list), and the exit statuses of refused writes."""
from __future__ import annotations

import os
from collections.abc import Callable

import typer

from geo.cli._output import one_line_errors

PASSWORD_ENV = "YRDMAP_PASSWORD"


def acting_user(log, name: str | None):
    """The signed-in :class:`geo.auth.User` for ``name`` (``None``: nobody). In single mode
    (a file store without accounts) the name is recorded as given, unchecked."""
    from geo.auth import User, auth_mode, sign_in

    if name is None:
        return None
    if auth_mode(log) == "single" and not log.accounts():
        return User(name, "admin")
    password = os.environ.get(PASSWORD_ENV)
    if password is None:
        password = typer.prompt(f"password for {name}", hide_input=True)
    return sign_in(log, name, password)


def new_password() -> str:
    """A new account's password: ``$YRDMAP_NEW_PASSWORD`` or a hidden prompt, twice."""
    given = os.environ.get("YRDMAP_NEW_PASSWORD")
    if given is not None:
        return given
    return typer.prompt("new password", hide_input=True, confirmation_prompt=True)


def refusals(fn: Callable) -> Callable:
    """Exit 3 for a refused write (role, scope, sign-in), 1 for an edit conflict, 2 for an
    unknown id; one line on stderr."""
    from geo.auth import PermissionDenied, SignInError
    from geo.tracking.log import EditConflict

    return one_line_errors(((PermissionDenied, SignInError), 3), (EditConflict, 1),
                           (KeyError, 2, lambda exc: str(exc.args[0]) if exc.args
                            else "not found"))(fn)
