"""The map first: a browser session's first run draws the map alone (ui.first_paint)."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest
from tests._helpers import script_file

from geo.i18n import t

SCRIPT = '''
import streamlit as st
from ui import first_paint

if first_paint.map_first(gated=st.session_state.get("gated", False)):
    first_paint.sidebar_note(st.session_state.get("lang", "zh"))
    st.write("map alone")
else:
    st.write("whole page")
'''


@pytest.fixture
def app(tmp_path):
    return AppTest.from_file(script_file(tmp_path, SCRIPT, "first_paint_app.py"),
                             default_timeout=60)


@pytest.fixture
def browser(monkeypatch):
    """The setting on (its default), and as if a browser were behind the session
    (AppTest has none)."""
    monkeypatch.setenv("YRDMAP_MAP_FIRST", "1")
    monkeypatch.setattr("ui.first_paint._has_browser", lambda: True)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_first_run_draws_the_map_alone_with_the_note(app, browser, lang):
    app.session_state["lang"] = lang
    app.run()
    assert not app.exception
    assert [m.value for m in app.markdown] == ["map alone"]
    assert [c.value for c in app.sidebar.caption] == [t("app.loading_panels", lang)]


def test_the_next_full_run_is_the_whole_page_and_stays_so(app, browser):
    """The timer fragment (armed by the first run) runs the whole page on its tick; in
    AppTest every run is a full run, which calls it too."""
    from ui.first_paint import FULL_KEY

    app.run()
    assert FULL_KEY not in app.session_state
    app.run()
    assert not app.exception
    assert [m.value for m in app.markdown] == ["whole page"]
    assert not app.sidebar.caption
    assert app.session_state[FULL_KEY]
    app.run()
    assert [m.value for m in app.markdown] == ["whole page"]


def test_no_browser_gets_the_whole_page_at_once(app, monkeypatch):
    monkeypatch.setenv("YRDMAP_MAP_FIRST", "1")
    app.run()
    assert not app.exception
    assert [m.value for m in app.markdown] == ["whole page"]


def test_a_page_that_needs_sign_in_gets_the_whole_page_at_once(app, browser):
    app.session_state["gated"] = True
    app.run()
    assert not app.exception
    assert [m.value for m in app.markdown] == ["whole page"]


def test_the_setting_off_gets_the_whole_page_at_once(app, monkeypatch):
    monkeypatch.setattr("ui.first_paint._has_browser", lambda: True)
    monkeypatch.setenv("YRDMAP_MAP_FIRST", "0")
    app.run()
    assert [m.value for m in app.markdown] == ["whole page"]
