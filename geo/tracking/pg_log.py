"""The PostGIS store's edit log and accounts (tables of ``002_tracking.sql``).

A save is one transaction: lock the item's ``tracking_state`` row (created at version 0
first, so two first saves of one item also serialise), check the version the editor
read, insert one ``tracking_edits`` row per changed field and update the state — all
or nothing. The loser of a race gets :class:`~geo.tracking.log.EditConflict` naming
who changed what; nothing of theirs is written. ``tracking_edits`` refuses updates and
deletes (a trigger), so the history cannot be rewritten through the application.
"""
from __future__ import annotations

import datetime as dt
import json

from geo.db.connection import database_url, session
from geo.errors import InputError
from geo.tracking.log import Edit, EditConflict, make_edits

__all__ = ["PGEditLog"]

#: the columns of an :class:`Edit` (the order :func:`_edit` reads), from the log
_EDITS = "SELECT item_id, field, old, new, who, at, comment, version FROM tracking_edits"


def _edit(row) -> Edit:
    item, field, old, new, who, at, comment, version = row
    return Edit(item, field, old, new, who, at.astimezone(dt.timezone.utc).isoformat(),
                comment or "", version)


class PGEditLog:
    """Edits and accounts in the database at ``url`` (default ``$YRDMAP_DATABASE_URL``)."""

    kind = "postgis"

    def __init__(self, url: str | None = None):
        self.url = database_url(url)

    def __repr__(self) -> str:
        return "PGEditLog(…)"

    def _rows(self, sql: str, params=None) -> list:
        """Every row ``sql`` returns, read in a session of its own."""
        with session(self.url) as conn:
            return conn.execute(sql, params).fetchall()

    # ------------------------------------------------------------------ edits
    def edits(self, item: str | None = None) -> list[Edit]:
        sql = _EDITS + (" WHERE item_id = %s" if item is not None else "") + " ORDER BY seq"
        return [_edit(r) for r in self._rows(sql, (item,) if item is not None else None)]

    def stamp(self):
        """``None``: a save bumps the store's own version (``store_state``, a trigger)."""
        return None

    def state(self) -> dict[str, dict]:
        rows = self._rows("SELECT item_id, state FROM tracking_state WHERE version > 0")
        return {i: dict(s) for i, s in rows}

    def versions(self) -> dict[str, int]:
        return {i: v for i, v in self._rows("SELECT item_id, version FROM tracking_state") if v}

    def version(self, item: str) -> int:
        rows = self._rows("SELECT version FROM tracking_state WHERE item_id = %s", (item,))
        return rows[0][0] if rows else 0

    def append(self, item: str, changes: dict, who: str, comment: str | None,
               expected_version: int | None, base: dict | None = None) -> list[Edit]:
        """Check the version, append the rows and update the state in one transaction."""
        with session(self.url) as conn:
            conn.execute("INSERT INTO tracking_state (item_id) VALUES (%s) "
                         "ON CONFLICT (item_id) DO NOTHING", (item,))
            current, state = conn.execute(
                "SELECT version, state FROM tracking_state WHERE item_id = %s FOR UPDATE",
                (item,)).fetchone()
            if expected_version is not None and int(expected_version) != current:
                newer = conn.execute(_EDITS + " WHERE item_id = %s AND version > %s ORDER BY seq",
                                     (item, int(expected_version))).fetchall()
                raise EditConflict(item, int(expected_version), [_edit(r) for r in newer])
            before = dict(base or {})
            before.update(state or {})
            new = make_edits(item, changes, before, who, comment, current + 1)
            if not new:
                return []
            with conn.cursor() as cur:
                cur.executemany(
                    "INSERT INTO tracking_edits (item_id, field, old, new, who, at, comment, "
                    "version) VALUES (%s, %s, %s::jsonb, %s::jsonb, %s, %s, %s, %s)",
                    [(e.item, e.field, json.dumps(e.old, ensure_ascii=False),
                      json.dumps(e.new, ensure_ascii=False), e.who, e.when, e.comment, e.version)
                     for e in new])
            conn.execute(
                "UPDATE tracking_state SET version = %s, state = state || %s::jsonb, "
                "updated_by = %s, updated_at = %s WHERE item_id = %s",
                (current + 1, json.dumps({e.field: e.new for e in new}, ensure_ascii=False),
                 who, new[0].when, item))
        return new

    # --------------------------------------------------------------- accounts
    def accounts(self) -> dict[str, dict]:
        rows = self._rows("SELECT name, role, scope, hash, created FROM accounts ORDER BY name")
        return {n: {"name": n, "role": r, "scope": list(s or []), "hash": h,
                    "created": c.isoformat()} for n, r, s, h, c in rows}

    def put_account(self, record: dict, *, new: bool = False) -> None:
        with session(self.url) as conn:
            exists = conn.execute("SELECT 1 FROM accounts WHERE name = %s FOR UPDATE",
                                  (record["name"],)).fetchone()
            if new and exists:
                raise InputError(f"account {record['name']!r} already exists; use set-role")
            if not new and not exists:
                raise KeyError(f"no account {record['name']!r}")
            conn.execute(
                "INSERT INTO accounts (name, role, scope, hash) VALUES (%s, %s, %s, %s) "
                "ON CONFLICT (name) DO UPDATE SET role = EXCLUDED.role, scope = EXCLUDED.scope, "
                "hash = EXCLUDED.hash",
                (record["name"], record["role"], list(record.get("scope") or []), record["hash"]))

    def delete_account(self, name: str) -> None:
        with session(self.url) as conn:
            if conn.execute("DELETE FROM accounts WHERE name = %s", (name,)).rowcount == 0:
                raise KeyError(f"no account {name!r}")
