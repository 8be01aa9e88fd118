"""The app reads the configured store: a dead database is a banner on a page that still
shows the plan, not a traceback."""
from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def test_a_dead_database_is_a_banner_over_the_plan(monkeypatch):
    monkeypatch.setenv("YRDMAP_DATABASE_URL", "postgresql://postgres@127.0.0.1:1/yrdmap")
    at = AppTest.from_file(APP, default_timeout=180)
    at.run()
    assert not at.exception, at.exception
    errors = [e.value for e in at.error]
    assert any("项目库暂不可用" in e for e in errors), errors
    # nothing about the server reaches an anonymous visitor's page (issue 20.3)
    assert not any("127.0.0.1" in e or "postgres" in e for e in errors), errors
    assert at.dataframe, "the plan's items are still listed"
