"""The file store's edit log and accounts: two files beside its imported items.

``edits.jsonl`` holds one :class:`~geo.tracking.log.Edit` per line (UTF-8 JSON),
only ever appended: a save writes all its lines in one ``write`` and ``fsync``; a
torn last line (a crash mid-write) is ignored by readers and cut off by the next
writer. ``accounts.json`` is rewritten whole through a temporary file and
:func:`os.replace` (mode 0600). Both are written under the file store's own lock
(``.projects.lock``, :func:`geo.store.locking.locked`), so the version check and
the append of a save are one step against every other writer.

Examples
--------
>>> import tempfile
>>> log = FileEditLog(tempfile.mkdtemp())
>>> [e.new for e in log.append("x1", {"progress": "在建"}, "ann", "", 0)]
['在建']
>>> log.state()["x1"], log.version("x1")
({'progress': '在建'}, 1)
"""
from __future__ import annotations

import json
import os
from pathlib import Path

from geo import paths
from geo.errors import InputError
from geo.store.contract import StoreError
from geo.store.locking import locked as _locked
from geo.store.locking import write_replacing
from geo.tracking.log import (Edit, check_version, current_state, edit_from_dict,
                              item_versions, make_edits)

__all__ = ["FileEditLog"]

#: path → (stamp, parsed edits, bytes parsed): readers parse each line once
_PARSED: dict[str, tuple] = {}


class FileEditLog:
    """Edits and accounts of a file store folder (:attr:`FileStore.directory
    <geo.store.files.FileStore>`; :meth:`FileStore.edit_log` gives this)."""

    kind = "file"

    def __init__(self, directory: Path | str):
        self.directory = Path(directory)
        self.path = self.directory / "edits.jsonl"
        self.accounts_path = self.directory / "accounts.json"
        self._lock = self.directory / ".projects.lock"

    def __repr__(self) -> str:
        return f"FileEditLog({str(self.directory)!r})"

    # ------------------------------------------------------------------ edits
    def _raw(self) -> bytes:
        try:
            return self.path.read_bytes()
        except FileNotFoundError:
            return b""

    def edits(self, item: str | None = None) -> list[Edit]:
        """Every edit in log order (of one ``item`` when given)."""
        rows = self._all()
        return list(rows) if item is None else [e for e in rows if e.item == item]

    def _all(self) -> tuple[Edit, ...]:
        """The parsed log, per process: re-read only when its size or mtime changed, and
        then only from the end of the part already parsed (the file only grows)."""
        key, stamp = str(self.path), self.stamp()
        if stamp is None:
            return ()
        hit = _PARSED.get(key)
        if hit is not None and hit[0] == stamp:
            return hit[1]
        grown = hit is not None and stamp[2] == hit[0][2] and stamp[0] >= hit[2]
        start, rows = (hit[2], list(hit[1])) if grown else (0, [])
        try:
            with open(self.path, "rb") as fh:
                fh.seek(start)
                raw = fh.read()
        except FileNotFoundError:
            return ()
        complete = raw[: raw.rfind(b"\n") + 1]
        first = 1 + (len(rows) if start else 0)
        for n, line in enumerate(complete.decode("utf-8").splitlines(), start=first):
            if not line.strip():
                continue
            try:
                rows.append(edit_from_dict(json.loads(line)))
            except (ValueError, KeyError, TypeError) as exc:
                raise StoreError(f"{self.path}: line {n} is not an edit ({exc}); fix or move "
                                 "the file away — edits are refused until then") from None
        out = tuple(rows)
        if len(_PARSED) > 8:
            _PARSED.clear()
        _PARSED[key] = (stamp, out, start + len(complete))
        return out

    def stamp(self):
        """A value that changes with every save (for caches): mtime, size, inode of the log."""
        return paths.file_stamp(self.path)

    def state(self) -> dict[str, dict]:
        """Item → its tracked fields, from the log."""
        return current_state(self._all())

    def versions(self) -> dict[str, int]:
        return item_versions(self._all())

    def version(self, item: str) -> int:
        return self.versions().get(item, 0)

    def append(self, item: str, changes: dict, who: str, comment: str | None,
               expected_version: int | None, base: dict | None = None) -> list[Edit]:
        """Check the version and append one save's rows (see the module docstring);
        return them (``[]`` when nothing changes). ``base``: the item's stored values of
        tracked fields (an import's 责任单位, 完成时限) the log has not overridden yet."""
        with _locked(self._lock):
            rows = self.edits(item)
            current = check_version(item, expected_version, rows)
            before = dict(base or {})
            before.update(current_state(rows).get(item, {}))
            new = make_edits(item, changes, before, who, comment, current + 1)
            if not new:
                return []
            body = "".join(json.dumps(e.to_dict(), ensure_ascii=False, allow_nan=False) + "\n"
                           for e in new).encode("utf-8")
            self.directory.mkdir(parents=True, exist_ok=True)
            raw = self._raw()
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
            try:
                if raw and not raw.endswith(b"\n"):      # a torn line from a crash: drop it
                    os.ftruncate(fd, raw.rfind(b"\n") + 1)
                os.write(fd, body)
                os.fsync(fd)
            finally:
                os.close(fd)
        return new

    # --------------------------------------------------------------- accounts
    def accounts(self) -> dict[str, dict]:
        """Account name → record (``name, role, scope, hash, created``)."""
        try:
            data = json.loads(self.accounts_path.read_text("utf-8"))
        except FileNotFoundError:
            return {}
        except ValueError as exc:
            raise StoreError(f"{self.accounts_path}: cannot be read ({exc}); fix or move it "
                             "away") from None
        return {a["name"]: a for a in data.get("accounts", [])}

    def _write_accounts(self, accounts: dict[str, dict]) -> None:
        body = json.dumps({"accounts": list(accounts.values())}, ensure_ascii=False, indent=1)
        self.directory.mkdir(parents=True, exist_ok=True)
        write_replacing(self.accounts_path, (body + "\n").encode("utf-8"), prefix=".accounts.",
                        mode=0o600)

    def put_account(self, record: dict, *, new: bool = False) -> None:
        """Add (``new``: refuse an existing name) or replace one account."""
        with _locked(self._lock):
            accounts = self.accounts()
            if new and record["name"] in accounts:
                raise InputError(f"account {record['name']!r} already exists; use set-role")
            if not new and record["name"] not in accounts:
                raise KeyError(f"no account {record['name']!r}")
            accounts[record["name"]] = dict(record)
            self._write_accounts(accounts)

    def delete_account(self, name: str) -> None:
        with _locked(self._lock):
            accounts = self.accounts()
            if name not in accounts:
                raise KeyError(f"no account {name!r}")
            del accounts[name]
            self._write_accounts(accounts)
