"""Tracking in a real browser: sign in as an editor, change an overdue item's progress to
建成 and see the overdue halo leave the map and the change in the history; sign out, sign
in as a viewer and find no edit form. Screenshots in $YRDMAP_ARTIFACTS."""
from __future__ import annotations

import datetime as dt

import pytest
from tests.browser.browser_helpers import ARTIFACTS, MAP_FRAME, ROOT, open_map, start_app, stop_app

pytestmark = pytest.mark.browser
PAST = (dt.date.today() - dt.timedelta(days=20)).isoformat()
HALO = ".leaflet-yrdHalo-pane path[stroke='#e4002b']"       # layers.map_builder.OVERDUE_COLOR


@pytest.fixture(scope="module")
def team_app(playwright_api, tmp_path_factory):
    from tests.geo.tracking.conftest import make_team

    folder = tmp_path_factory.mktemp("team") / "store"
    log = make_team(folder, deadline=PAST)
    proc, url = start_app(ROOT / "app.py", env={"YRDMAP_STORE_DIR": str(folder)},
                          unset=("TIANDITU_KEY", "YRDMAP_DATABASE_URL", "YRDMAP_AUTH",
                                 "YRDMAP_SIGNIN_REQUIRED"))
    try:
        yield url, log
    finally:
        stop_app(proc)


def _sign_in(page, name):
    page.get_by_label("账号").fill(name)
    page.get_by_label("密码").fill(f"password-{name}")
    page.locator("[data-testid='stFormSubmitButton'] button", has_text="登录").click()
    page.get_by_text(f"已登录：{name}").wait_for(timeout=60_000)


def _halo_count(page) -> int:
    frame = page.wait_for_selector(MAP_FRAME, timeout=60_000).content_frame()
    frame.wait_for_selector(".leaflet-pane path.leaflet-interactive", timeout=60_000)
    return frame.locator(HALO).count()


def test_sign_in_edit_see_it_sign_out_viewer_refused(team_app, browser):
    url, log = team_app
    context = browser.new_context(viewport={"width": 1500, "height": 1100}, locale="zh-CN")
    page = context.new_page()
    try:
        open_map(page, url + "?sel=imp-sz", timeout=180_000)
        assert _halo_count(page) > 0                      # overdue: deadline passed, 在建
        page.get_by_text("登录后可编辑本项目的进度").wait_for(timeout=60_000)
        _sign_in(page, "js")
        assert "password" not in page.url and "js" not in page.url.split("?")[-1]
        form = page.locator("[data-testid='stForm']", has_text="更新进度")
        form.locator("[data-testid='stSelectbox']").first.click()
        page.get_by_role("option", name="建成", exact=True).click()
        form.get_by_label("说明（记入历史）").fill("竣工验收")
        form.locator("[data-testid='stFormSubmitButton'] button").click()
        page.get_by_text("已保存（第 1 版）").wait_for(timeout=60_000)
        page.get_by_text("修改历史（1 条）").wait_for(timeout=30_000)
        assert [(e.field, e.new, e.who, e.comment) for e in log.edits("imp-sz")] == [
            ("progress", "建成", "js", "竣工验收")]
        page.wait_for_timeout(1500)
        assert _halo_count(page) == 0                     # done: the halo is gone
        page.screenshot(path=str(ARTIFACTS / "tracking_edited.png"))

        page.locator("[data-testid='stSidebar'] summary", has_text="登录").click()
        page.locator("button", has_text="退出登录").click()
        page.get_by_label("账号").wait_for(timeout=30_000)
        _sign_in(page, "v")
        page.get_by_text("浏览账号只能查看").wait_for(timeout=30_000)
        assert page.locator("[data-testid='stForm']", has_text="更新进度").count() == 0
        page.screenshot(path=str(ARTIFACTS / "tracking_viewer.png"))
    finally:
        context.close()
