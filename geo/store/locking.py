"""The file store's write lock and atomic rename, shared by every file it writes.

:func:`locked` holds an exclusive lock on a lock file (``fcntl.flock``; ``msvcrt.locking``
on Windows) for the block, waiting up to ``timeout`` seconds, else
:class:`~geo.store.contract.StoreError`; :func:`replace` is :func:`os.replace`, retried
briefly on Windows; :func:`write_replacing` writes a whole file through it. The project
file (:mod:`geo.store.files`) and the edit log and accounts (:mod:`geo.tracking.file_log`)
are written under the same lock.
"""
from __future__ import annotations

import contextlib
import os
import tempfile
import time
from pathlib import Path

from geo.store.contract import StoreError

__all__ = ["locked", "replace", "write_replacing", "LOCK_TIMEOUT"]

LOCK_TIMEOUT = 30.0


def _flock(fh, lock: bool) -> None:
    """Take (without waiting: ``OSError`` if held) or release the exclusive lock on ``fh``."""
    if os.name == "nt":  # pragma: no cover - Windows
        import msvcrt

        fh.seek(0)
        msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK if lock else msvcrt.LK_UNLCK, 1)
    else:
        import fcntl

        fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB if lock else fcntl.LOCK_UN)


@contextlib.contextmanager
def locked(lock_path: Path, timeout: float = LOCK_TIMEOUT):
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "a+b") as fh:
        deadline = time.monotonic() + timeout
        while True:
            try:
                _flock(fh, True)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise StoreError(f"{lock_path.parent}: the store is busy (another import "
                                     f"holds {lock_path.name} for over {timeout:.0f} s)") from None
                time.sleep(0.02)
        try:
            yield
        finally:
            _flock(fh, False)


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


def write_replacing(path: Path, data: bytes, *, prefix: str, mode: int | None = None) -> None:
    """Write ``data`` to a temporary file beside ``path`` (flushed to disk, ``chmod``-ed
    to ``mode`` when given) and :func:`replace` ``path`` with it: readers see the old
    file or the new one, never a part; the temporary file goes when anything fails.

    Examples
    --------
    >>> d = Path(tempfile.mkdtemp())
    >>> write_replacing(d / "a.json", b"{}", prefix=".a.")
    >>> (d / "a.json").read_bytes(), sorted(p.name for p in d.iterdir())
    (b'{}', ['a.json'])
    """
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=prefix, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
