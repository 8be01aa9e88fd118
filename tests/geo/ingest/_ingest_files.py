"""Writers of real input files for the import tests (imported by the test modules)."""
from __future__ import annotations

import zipfile
from pathlib import Path


def excel_csv(path: Path, rows: list[list], encoding: str = "gbk") -> Path:
    """A CSV as Excel on Chinese Windows writes it: GBK (or utf-8-sig), CRLF, quotes as needed."""
    import csv
    import io

    buf = io.StringIO(newline="")
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


def text_file(path: Path, body: str, encoding: str = "utf-8") -> Path:
    """Write ``body`` to ``path`` in ``encoding``; return ``path``."""
    path.write_text(body, encoding=encoding)
    return path


def zip_files(path: Path, members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def snapshot(path: Path) -> tuple[bytes, int] | None:
    """Bytes and mtime of a file (None when absent): to prove it was not touched."""
    if not path.exists():
        return None
    return path.read_bytes(), path.stat().st_mtime_ns


def check_ok(path: Path, **options):
    """``geo.ingest.check_file(path, **options)`` of a file that must pass the check:
    its (items, report); the report's lines are the failure message otherwise."""
    from geo.ingest import check_file

    items, report = check_file(path, **options)
    assert report.ok, report.lines()
    return items, report


def error_lines(path: Path, **options) -> list[str]:
    """The error lines of ``geo.ingest.check_file(path, **options)``'s report, in order."""
    from geo.ingest import check_file

    _, report = check_file(path, **options)
    return [i.line() for i in report.errors]
