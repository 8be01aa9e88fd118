"""``yrdmap users add|list|set-role|remove``: the accounts of the store.

The first account of a store must be an admin and can be added by anyone with access to
the store; after that only an admin (``--user ADMIN``) manages accounts. Passwords are
read from ``$YRDMAP_NEW_PASSWORD`` or a hidden prompt, never from an option.
"""
from __future__ import annotations

from typing import Annotated, Optional

import typer

from geo.cli._filters import JsonArray
from geo.cli._output import domain_errors, emit_rows
from geo.cli._signin import acting_user, new_password, refusals

users_app = typer.Typer(help="Accounts: viewer, editor (scoped to provinces/cities), admin.",
                        no_args_is_help=True)

_USER = typer.Option("--user", "-u", help="The admin doing this (password from "
                     "$YRDMAP_PASSWORD or a prompt).")
_SCOPE = typer.Option("--scope", "-s", help="A province or city an editor may edit "
                      "(repeatable): 浙江, 杭州, Zhejiang, 330000.")


def register(app: typer.Typer) -> None:
    app.add_typer(users_app, name="users")


def _log():
    from geo.tracking.service import edit_log

    return edit_log()


@users_app.command("add")
@domain_errors
@refusals
def add(name: Annotated[str, typer.Argument(help="Account name.")],
        role: Annotated[str, typer.Option("--role", "-r", help="viewer, editor or admin.")],
        scope: Annotated[Optional[list[str]], _SCOPE] = None,
        user: Annotated[Optional[str], _USER] = None) -> None:
    """Add an account (the first one must be an admin)."""
    from geo.auth import add_account

    log = _log()
    by = acting_user(log, user) if log.accounts() else None
    rec = add_account(log, name, role, new_password(), scope or (), by=by)
    typer.echo(f"added {rec['name']} ({rec['role']}{': ' + ', '.join(rec['scope']) if rec['scope'] else ''})",
               err=True)


@users_app.command("list")
@domain_errors
def list_(as_json: JsonArray = False) -> None:
    """List the accounts (name, role, scope; never the password hashes)."""
    from geo.auth import list_accounts

    rows = list_accounts(_log())
    emit_rows(rows, ["name", "role", "scope"], as_json)


@users_app.command("set-role")
@domain_errors
@refusals
def set_role(name: Annotated[str, typer.Argument(help="Account name.")],
             role: Annotated[str, typer.Argument(help="viewer, editor or admin.")],
             scope: Annotated[Optional[list[str]], _SCOPE] = None,
             user: Annotated[Optional[str], _USER] = None) -> None:
    """Change an account's role (and an editor's scope)."""
    from geo.auth import set_role as _set

    log = _log()
    rec = _set(log, name, role, scope or (), by=acting_user(log, user))
    typer.echo(f"{rec['name']}: {rec['role']}{' ' + ', '.join(rec['scope']) if rec['scope'] else ''}",
               err=True)


@users_app.command("remove")
@domain_errors
@refusals
def remove(name: Annotated[str, typer.Argument(help="Account name.")],
           user: Annotated[Optional[str], _USER] = None) -> None:
    """Remove an account (its past edits keep its name)."""
    from geo.auth import remove_account

    log = _log()
    remove_account(log, name, by=acting_user(log, user))
    typer.echo(f"removed {name}", err=True)
