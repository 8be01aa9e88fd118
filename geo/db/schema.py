"""Versioned schema migrations: ``geo/db/migrations/NNN_name.sql``, applied in order.

``schema_version`` records each applied migration (version, name, when). :func:`migrate`
applies the missing ones, each in its own transaction under an advisory lock (two
``yrdmap db init`` at once apply each migration once), and is idempotent: on an
up-to-date database it changes nothing. :func:`check_schema` tells a store that the
database is not initialised, or is behind the code, in one line.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources

from geo.db.connection import SchemaError, session

__all__ = ["Migration", "migrations", "latest_version", "current_version", "migrate",
           "check_schema"]

_NAME = re.compile(r"^(\d{3})_([a-z0-9_]+)\.sql$")
_LOCK = 0x79726D6170  # "yrmap": the advisory lock id migrations take


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


def migrations() -> list[Migration]:
    """The migrations shipped with the code, by version.

    Examples
    --------
    >>> migrations()[0].version, migrations()[0].name
    (1, 'init')
    """
    out = []
    for entry in resources.files("geo.db").joinpath("migrations").iterdir():
        m = _NAME.match(entry.name)
        if m:
            out.append(Migration(int(m.group(1)), m.group(2), entry.read_text("utf-8")))
    out.sort(key=lambda m: m.version)
    if [m.version for m in out] != list(range(1, len(out) + 1)):
        raise RuntimeError(f"migrations are not numbered 1..n: {[m.version for m in out]}")
    return out


def latest_version() -> int:
    return migrations()[-1].version


def current_version(conn) -> int:
    """The highest applied migration (0 for a database yrdmap never touched)."""
    row = conn.execute("SELECT to_regclass('schema_version') IS NOT NULL").fetchone()
    if not row[0]:
        return 0
    return conn.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()[0]


def migrate(url: str | None = None, conn=None) -> list[Migration]:
    """Apply every migration the database lacks; return those applied (``[]`` if none).

    Needs a role allowed to ``CREATE EXTENSION postgis`` the first time (or the
    extension already created by an administrator).
    """
    applied = []
    for m in migrations():
        with session(url, conn) as c:
            c.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK,))
            c.execute("CREATE TABLE IF NOT EXISTS schema_version ("
                      "version integer PRIMARY KEY, name text NOT NULL, "
                      "applied_at timestamptz NOT NULL DEFAULT now())")
            if c.execute("SELECT 1 FROM schema_version WHERE version = %s",
                         (m.version,)).fetchone():
                continue
            c.execute(m.sql)
            c.execute("INSERT INTO schema_version (version, name) VALUES (%s, %s)",
                      (m.version, m.name))
            applied.append(m)
    return applied


def check_schema(conn) -> int:
    """Raise :class:`SchemaError` unless the database is at :func:`latest_version`."""
    have, want = current_version(conn), latest_version()
    if have == 0:
        raise SchemaError("the database has no yrdmap schema: run `yrdmap db init` and "
                          "`yrdmap db load`")
    if have < want:
        raise SchemaError(f"the database schema is at version {have}, the code needs {want}: "
                          "run `yrdmap db init` to migrate")
    if have > want:
        raise SchemaError(f"the database schema (version {have}) is newer than this yrdmap "
                          f"(version {want}): upgrade yrdmap")
    return have
