"""Write a file completely or not at all: a temporary file beside the target, then rename.

Every exporter writes through :func:`atomic_path`, so an interrupted or failed
export never leaves a half-written file where the user asked for one, and an
existing file is only replaced by a complete new one.
"""
from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from geo.errors import YrdmapError

__all__ = ["ExportError", "atomic_path", "check_target"]


class ExportError(YrdmapError, ValueError):
    """An export cannot be made: bad option, empty selection, unwritable target."""


def check_target(path: str | os.PathLike, *, overwrite: bool = True) -> Path:
    """Validate an output path before any work is done; return it as a :class:`Path`.

    Raises :class:`ExportError` naming the path when its folder does not exist or
    is not writable, when it is a folder, or when it exists and ``overwrite`` is
    false.
    """
    target = Path(path).expanduser()
    if target.is_dir():
        raise ExportError(f"output path {str(target)!r} is a folder; give a file name")
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise ExportError(f"output folder {str(folder)!r} does not exist")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ExportError(f"output folder {str(folder)!r} is not writable")
    if target.exists() and not overwrite:
        raise ExportError(f"output file {str(target)!r} exists; pass --force to overwrite")
    return target


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success rename it onto ``path``.

    The temporary name keeps the suffix (drivers choose the format by it). On any
    exception the temporary file is removed and the target is left untouched.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
    >>> with atomic_path(out) as tmp:
    ...     _ = tmp.write_text("done")
    >>> out.read_text()
    'done'
    """
    target = check_target(path)
    fd, name = tempfile.mkstemp(prefix=f".{target.stem[:40]}.", suffix=f".part{target.suffix}",
                                dir=target.parent)
    os.close(fd)
    tmp = Path(name)
    tmp.unlink()  # writers (GDAL) refuse to overwrite some formats; they create the file
    try:
        yield tmp
        if not tmp.exists():
            raise ExportError(f"the writer produced no file for {str(target)!r}")
        os.replace(tmp, target)
    finally:
        for leftover in (tmp, *tmp.parent.glob(tmp.name + "-*")):  # GPKG -wal/-shm/-journal
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()
