"""Connections to the shared PostGIS database, and the errors a user sees.

``YRDMAP_DATABASE_URL`` (``postgresql://user:password@host:port/dbname``, any libpq URL
or key=value string) names the database. :func:`connect` opens a connection with a
short connect timeout; a database that is down, unreachable or refusing the login
raises :class:`DatabaseUnavailable` with one line that names the server (never the
password) and what to check. :func:`session` is the one way the store and the queries
talk to the database: it turns every driver error into a :class:`DatabaseError` and
rolls back on any exception, so nothing is written half.
"""
from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator

from geo._compat import import_optional
from geo.store.contract import StoreError

__all__ = ["URL_ENV", "DatabaseError", "DatabaseUnavailable", "ConflictError",
           "SchemaError", "database_url", "describe", "connect", "session", "psycopg"]

#: the environment variable naming the database
URL_ENV = "YRDMAP_DATABASE_URL"
#: seconds to wait for a connection before calling the database unreachable
CONNECT_TIMEOUT = int(os.environ.get("YRDMAP_DATABASE_TIMEOUT", "5"))


class DatabaseError(StoreError):
    """The database refused or failed an operation (one line, no traceback for users)."""


class DatabaseUnavailable(DatabaseError):
    """The database is down, unreachable, or refuses the login."""


class SchemaError(DatabaseError):
    """The database has no yrdmap schema, or an older one: run ``yrdmap db init``."""


class ConflictError(DatabaseError):
    """An edit lost the race: the item changed since the editor read it (no lost update)."""

    def __init__(self, item_id: str, expected: int, current: int | None):
        self.item_id, self.expected, self.current = item_id, expected, current
        now = "was removed" if current is None else f"is now at version {current}"
        super().__init__(
            f"item {item_id!r} was changed by someone else: you edited version {expected}, it "
            f"{now}; nothing was saved — reload the item and make your edit again")


def psycopg():
    """The ``psycopg`` module (the ``db`` extra), imported on first use."""
    return import_optional("psycopg", "db", "the PostGIS store")


def database_url(url: str | None = None) -> str | None:
    """``url``, else ``$YRDMAP_DATABASE_URL``, else ``None`` (the file store is used)."""
    url = url if url is not None else os.environ.get(URL_ENV, "")
    return url.strip() or None


def describe(url: str) -> str:
    """``user@host:port/dbname`` of a connection string, without the password.

    Examples
    --------
    >>> describe("postgresql://ann:secret@db.example:5433/yrd")
    'ann@db.example:5433/yrd'
    """
    try:
        info = psycopg().conninfo.conninfo_to_dict(url)
    except Exception:
        return "(an unparsable database URL)"
    user = info.get("user") or os.environ.get("PGUSER") or ""
    host = info.get("host") or info.get("hostaddr") or "localhost"
    port = info.get("port") or "5432"
    return f"{user + '@' if user else ''}{host}:{port}/{info.get('dbname') or user or ''}"


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text[:300] or type(exc).__name__


def connect(url: str | None = None, *, autocommit: bool = False):
    """Open a connection to ``url`` (default ``$YRDMAP_DATABASE_URL``).

    Raises
    ------
    DatabaseUnavailable
        When no URL is configured, or the server cannot be reached or refuses the login.
    """
    url = database_url(url)
    if url is None:
        raise DatabaseUnavailable(f"no database configured: set {URL_ENV}="
                                  "postgresql://user@host:port/dbname")
    pg = psycopg()
    try:
        return pg.connect(url, autocommit=autocommit, connect_timeout=CONNECT_TIMEOUT,
                          application_name="yrdmap")
    except pg.Error as exc:
        raise DatabaseUnavailable(
            f"cannot reach the project database {describe(url)}: {_one_line(exc)} — is "
            f"PostgreSQL running there, and is {URL_ENV} right?") from None
    except Exception as exc:  # a malformed URL
        raise DatabaseUnavailable(f"cannot use {URL_ENV}: {_one_line(exc)}") from None


@contextlib.contextmanager
def session(url: str | None = None, conn=None) -> Iterator:
    """A connection inside one transaction: committed at the end, rolled back on error.

    Pass ``conn`` to run on an open connection (its transaction is then this block).
    Every driver error leaves as :class:`DatabaseError` (or :class:`DatabaseUnavailable`
    when the connection broke), other exceptions unchanged; in both cases nothing of
    the block is kept.
    """
    pg = psycopg()
    own = conn is None
    if own:
        conn = connect(url)
    try:
        with conn.transaction():
            yield conn
    except pg.OperationalError as exc:
        raise DatabaseUnavailable(f"lost the project database: {_one_line(exc)}; nothing "
                                  "was written") from None
    except pg.errors.UndefinedTable as exc:
        raise SchemaError(f"the database has no yrdmap schema ({_one_line(exc)}); run "
                          "`yrdmap db init` and `yrdmap db load`") from None
    except pg.Error as exc:
        raise DatabaseError(f"the database refused the operation: {_one_line(exc)}; nothing "
                            "was written") from None
    finally:
        if own:
            with contextlib.suppress(Exception):
                conn.close()
