"""The file store's write lock and atomic rename, shared by every file it writes.

:func:`locked` holds an exclusive lock on a lock file (``fcntl.flock``; ``msvcrt.locking``
on Windows) for the block, waiting up to ``timeout`` seconds, else
:class:`~geo.store.contract.StoreError`; :func:`replace` is :func:`os.replace`, retried
briefly on Windows. The project file (:mod:`geo.store.files`) and the edit log and
accounts (:mod:`geo.tracking.file_log`) are written under the same lock.
"""
from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path

from geo.store.contract import StoreError

__all__ = ["locked", "replace", "LOCK_TIMEOUT"]

LOCK_TIMEOUT = 30.0


@contextlib.contextmanager
def locked(lock_path: Path, timeout: float = LOCK_TIMEOUT):
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "a+b") as fh:
        deadline = time.monotonic() + timeout
        while True:
            try:
                if os.name == "nt":  # pragma: no cover - Windows
                    import msvcrt

                    fh.seek(0)
                    msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)
                else:
                    import fcntl

                    fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise StoreError(f"{lock_path.parent}: the store is busy (another import "
                                     f"holds {lock_path.name} for over {timeout:.0f} s)") from None
                time.sleep(0.02)
        try:
            yield
        finally:
            if os.name == "nt":  # pragma: no cover - Windows
                import msvcrt

                fh.seek(0)
                msvcrt.locking(fh.fileno(), msvcrt.LK_UNLCK, 1)
            else:
                import fcntl

                fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def replace(src: str, dst: Path, attempts: int = 40) -> None:
    """:func:`os.replace`, retried briefly on Windows, where a reader holding the old
    file open makes the rename fail with ``PermissionError``."""
    for attempt in range(attempts):
        try:
            os.replace(src, dst)
            return
        except PermissionError:
            if os.name != "nt" or attempt == attempts - 1:
                raise
            time.sleep(0.05)
