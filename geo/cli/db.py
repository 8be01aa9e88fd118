"""``yrdmap db init|load|dump``: the shared PostGIS project store.

The database is ``$YRDMAP_DATABASE_URL`` (or ``--url``). ``init`` creates or migrates the
schema (idempotent), ``load`` writes the bundled boundaries, lakes and catalog (one
transaction), ``dump`` writes everything to a GeoPackage. A database that is down, or
any refusal, exits with status 1 and one line on stderr; bad arguments exit with 2.
"""
from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from geo.cli._output import domain_errors, one_line_errors
from geo.errors import InputError

db_app = typer.Typer(help="The shared PostGIS project store (YRDMAP_DATABASE_URL).",
                     no_args_is_help=True)

_URL = typer.Option("--url", help="Database URL (default: $YRDMAP_DATABASE_URL).",
                    show_default=False)


def register(app: typer.Typer) -> None:
    app.add_typer(db_app, name="db")


def _store_errors(fn):
    """Database and dependency errors → one line on stderr, exit status 1."""
    from geo._compat import MissingDependency
    from geo.store import StoreError

    return one_line_errors(((StoreError, MissingDependency), 1))(fn)


@db_app.command("init")
@domain_errors
@_store_errors
def init(url: Annotated[Optional[str], _URL] = None) -> None:
    """Create the schema (PostGIS extension, tables, GiST indexes) or migrate it; idempotent."""
    from geo.db.connection import database_url, describe
    from geo.db.schema import latest_version, migrate

    applied = migrate(url)
    where = describe(database_url(url) or "")
    if applied:
        typer.echo(f"{where}: applied migration(s) "
                   + ", ".join(f"{m.version:03d}_{m.name}" for m in applied))
    else:
        typer.echo(f"{where}: schema is up to date (version {latest_version()})")


@db_app.command("load")
@domain_errors
@_store_errors
def load(url: Annotated[Optional[str], _URL] = None,
         catalog_only: Annotated[bool, typer.Option("--catalog-only", help="Reload the catalog "
                                 "only, keeping the boundaries.")] = False) -> None:
    """Load the bundled boundaries, lakes and catalog, and measure every item (all or nothing)."""
    from geo.db.load import load as load_db

    report = load_db(url, boundaries=not catalog_only)
    for line in report.lines():
        typer.echo(line)


@db_app.command("dump")
@domain_errors
@_store_errors
def dump(out: Annotated[Path, typer.Option("--out", "-o", help="GeoPackage to write (.gpkg).",
                                           show_default=False)],
         url: Annotated[Optional[str], _URL] = None) -> None:
    """Write projects, provinces, cities, counties and lakes to one GeoPackage."""
    from geo.db.dump import dump as dump_db

    if out.suffix.lower() != ".gpkg":
        raise InputError(f"--out {str(out)!r}: give a .gpkg file name")
    counts = dump_db(out, url)
    typer.echo(f"wrote {out}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
