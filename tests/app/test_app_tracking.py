"""Tracking through AppTest: sign in, edit an item's progress, see it in the details, the
history, the badges and on the map (the overdue halo), sign out, sign in as a viewer and as
an out-of-scope editor and be refused; in single-user mode the sidebar says it is open."""
from __future__ import annotations

import datetime as dt

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

import layers.map_builder
from geo.auth import User
from geo.store.files import FileStore
from geo.tracking.file_log import FileEditLog
from tests.app.test_app import APP, TIMEOUT, map_script
from tests.geo.tracking.conftest import make_team

PAST = (dt.date.today() - dt.timedelta(days=10)).isoformat()
FUTURE = (dt.date.today() + dt.timedelta(days=400)).isoformat()


@pytest.fixture
def team_store(store_dir):
    log = make_team(store_dir, deadline=FUTURE)
    layers.map_builder.clear_cache()
    st.cache_resource.clear()
    yield log
    layers.map_builder.clear_cache()
    st.cache_resource.clear()


def _ok(at):
    assert not at.exception, [e.value for e in at.exception]
    return at


def _start():
    """The page, run once without an exception."""
    return _ok(AppTest.from_file(APP, default_timeout=TIMEOUT).run())


def _rerun_with(at, **state):
    """Set ``state`` in the page's session state and run it again, without an exception."""
    for key, value in state.items():
        at.session_state[key] = value
    return _ok(at.run())


def _button(at, label):
    return next(b for b in at.button if b.label == label)


def _sign_in(at, name):
    at.text_input(key="yrdmap_signin_name").input(name)
    at.text_input(key="yrdmap_signin_password").input(f"password-{name}")
    _button(at, "登录").click()
    return _ok(at.run())


def _texts(at):
    return " ".join([m.value for m in at.markdown] + [c.value for c in at.caption]
                    + [x.value for x in at.text] + [e.value for e in at.error])


def _frames(at):
    return " ".join(df.value.to_string() for df in at.dataframe)


def test_sign_in_edit_see_it_sign_out_viewer_refused(team_store):
    log = team_store
    at = _start()
    assert "导入、删除和编辑需要登录" in _texts(at)
    _rerun_with(at, selected="imp-sz")
    assert "登录后可编辑" in _texts(at) and "保存" not in [b.label for b in at.button]

    _sign_in(at, "js")
    assert "已登录：js（编辑）江苏省" in _texts(at)
    assert "yrdmap_signin" not in str(dict(at.query_params)) and "password" not in str(
        dict(at.query_params))                                   # nothing in the URL
    at.selectbox(key="yrdmap_edit_progress_imp-sz_0").select("在建")
    at.date_input(key="yrdmap_edit_deadline_imp-sz_0").set_value(dt.date.fromisoformat(PAST))
    at.text_input(key="yrdmap_edit_comment_imp-sz_0").input("开工")
    _button(at, "保存").click()
    _ok(at.run())
    assert [(e.field, e.new, e.who, e.comment) for e in log.edits("imp-sz")] == [
        ("progress", "在建", "js", "开工"), ("deadline", PAST, "js", "开工")]
    assert "已保存（第 1 版）" in " ".join(s.value for s in at.success)
    assert "**进度**: 在建" in _texts(at) and PAST.replace("-", "\\-") in _texts(at)
    assert "开工" in _frames(at)                                     # the history
    script = map_script(at)
    assert "苏州的泵站 · 完成时限" in script                          # the overdue halo
    assert ":red-badge[逾期 1]" in " ".join(m.value for m in at.markdown)

    for name, note in (("v", "浏览账号只能查看"),
                       ("zj", "本项目位于江苏省、苏州市，不在您的编辑范围（浙江省）内")):
        _button(at, "退出登录").click()
        _ok(at.run())
        _sign_in(at, name)
        assert "保存" not in [b.label for b in at.button]
        assert note in _texts(at)
    assert len(log.edits()) == 2


def test_wrong_password_refused_and_stays_signed_out(team_store):
    at = _start()
    at.text_input(key="yrdmap_signin_name").input("js")
    at.text_input(key="yrdmap_signin_password").input("not-the-password")
    _button(at, "登录").click()
    _ok(at.run())
    assert "账号或密码不正确" in _texts(at)
    assert "yrdmap_user" not in at.session_state


def test_conflict_in_the_form_names_who(team_store):
    from geo.tracking.service import edit_item

    at = _start()
    _rerun_with(at, selected="imp-sz")
    _sign_in(at, "root")
    edit_item("imp-sz", {"percent": 50}, user=User("js", "editor", (320000,)),
              log=team_store)                                # someone else saves first
    at.selectbox(key="yrdmap_edit_progress_imp-sz_0").select("暂缓")
    _button(at, "保存").click()
    _ok(at.run())
    assert "js 于" in " ".join(e.value for e in at.error)
    assert "修改了完成百分比" in " ".join(e.value for e in at.error)
    assert [e.who for e in team_store.edits("imp-sz")] == ["js"]


def test_single_user_mode_says_so_and_progress_tab(tmp_path, monkeypatch):
    monkeypatch.setenv("YRDMAP_STORE_DIR", str(tmp_path / "empty"))
    monkeypatch.delenv("YRDMAP_AUTH", raising=False)
    st.cache_resource.clear()
    log = FileEditLog(tmp_path / "empty")
    log.append("rail-airport-link", {"deadline": PAST, "progress": "在建"}, "ann", None, 0)
    at = _start()
    assert "单用户模式" in _texts(at)
    _rerun_with(at, w_tab="进度")
    assert "逾期未完成（1）" in _texts(at)
    assert "rail-airport-link" in _frames(at)
    assert at.get("arrow_vega_lite_chart") or at.get("vega_lite_chart")


def _remove_imported_as(who):
    """Sign in as ``who``, pick the imported item imp-sz for removal and press remove."""
    at = _start()
    _sign_in(at, who)
    at.multiselect(key="yrdmap_import_remove_pick").select("imp-sz")
    _ok(at.run())
    at.button(key="yrdmap_import_remove").click()
    return _ok(at.run())


@pytest.mark.parametrize("who", ["v", "zj"])
def test_app_remove_refused_for_viewer_and_out_of_scope_editor(team_store, who):
    at = _remove_imported_as(who)
    assert "may not remove" in " ".join(e.value for e in at.error)
    assert list(FileStore(team_store.directory).load_user()["id"]) == ["imp-sz"]


def test_app_remove_allowed_for_editor_in_scope(team_store):
    _remove_imported_as("js")
    assert len(FileStore(team_store.directory).load_user()) == 0
