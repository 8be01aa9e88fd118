"""Fixtures of the import tests."""
from __future__ import annotations

import pytest

from tests.geo.ingest._ingest_files import check_ok, text_file


@pytest.fixture
def check_csv(tmp_path, store):
    """``check_csv(body, ok=False, **options)``: :func:`geo.ingest.check_file` of a CSV
    with the text ``body`` (utf-8 with a BOM, as Excel saves one) against the test's empty
    store; its (items, report). ``ok=True``: the check must pass (:func:`check_ok`)."""
    from geo.ingest import check_file

    def check(body: str, ok: bool = False, **options):
        path = text_file(tmp_path / "list.csv", body, "utf-8-sig")
        return (check_ok if ok else check_file)(path, store=store, **options)

    return check
