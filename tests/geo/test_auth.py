"""Accounts, password hashes, sign-in rate limit, and the one permission check."""
import pytest

from geo import auth
from geo.auth import (PermissionDenied, SignInError, User, add_account, auth_mode, authorise,
                      list_accounts, remove_account, set_role, sign_in)
from geo.tracking.file_log import FileEditLog

ZJ_ITEM = {"id": "zj-1", "provinces": [330000], "cities_in": [330100]}
SH_ITEM = {"id": "sh-1", "provinces": [310000], "cities_in": [310100]}
CROSS = {"id": "x-1", "provinces": [310000, 330000], "cities_in": [310100, 330400]}


@pytest.fixture
def log(tmp_path, monkeypatch):
    monkeypatch.delenv("YRDMAP_AUTH", raising=False)
    monkeypatch.setattr(auth, "_failures", {})
    log = FileEditLog(tmp_path)
    add_account(log, "root", "admin", "root-pass-1")
    return log


@pytest.fixture
def root():
    return User("root", "admin")


def test_first_account_must_be_admin(tmp_path):
    with pytest.raises(ValueError, match="first account"):
        add_account(FileEditLog(tmp_path), "ann", "editor", "password1", ["浙江"])


def test_hashes_not_passwords_are_stored(log):
    raw = log.accounts_path.read_text("utf-8")
    assert "root-pass-1" not in raw and "$argon2id$" in raw
    assert list_accounts(log) == [{"name": "root", "role": "admin", "scope": []}]


def test_mode(log, tmp_path, monkeypatch):
    assert auth_mode(log) == "team"
    assert auth_mode(FileEditLog(tmp_path / "empty")) == "single"
    monkeypatch.setenv("YRDMAP_AUTH", "team")
    assert auth_mode(FileEditLog(tmp_path / "empty")) == "team"


def test_sign_in_and_rate_limit(log):
    assert sign_in(log, "root", "root-pass-1") == User("root", "admin", ())
    clock = iter(range(100, 200)).__next__
    for _ in range(auth.MAX_FAILURES):
        with pytest.raises(SignInError, match="wrong account name or password"):
            sign_in(log, "root", "nope", clock=clock)
    with pytest.raises(SignInError, match="too many failed sign-ins"):
        sign_in(log, "root", "root-pass-1", clock=clock)   # even the right password
    assert sign_in(log, "root", "root-pass-1", clock=lambda: 100 + auth.FAILURE_WINDOW + 10)
    with pytest.raises(SignInError, match="wrong account name or password"):
        sign_in(log, "nobody", "root-pass-1")               # same words for an unknown name


def test_roles_and_scopes(log, root):
    add_account(log, "zj", "editor", "password-zj", ["浙江"], by=root)
    add_account(log, "hz", "editor", "password-hz", ["杭州"], by=root)
    add_account(log, "v", "viewer", "password-v", by=root)
    zj, hz, v = (sign_in(log, n, f"password-{n}") for n in ("zj", "hz", "v"))
    authorise(zj, "edit", ZJ_ITEM, log=log)
    authorise(zj, "edit", CROSS, log=log)              # lies partly in 浙江
    authorise(hz, "edit", ZJ_ITEM, log=log)
    with pytest.raises(PermissionDenied, match="outside the editor's scope"):
        authorise(zj, "edit", SH_ITEM, log=log)
    with pytest.raises(PermissionDenied, match="outside the editor's scope"):
        authorise(hz, "import", CROSS, log=log)        # 上海 and 嘉兴, not 杭州
    for action in ("edit", "import", "remove"):
        with pytest.raises(PermissionDenied, match="viewers only read"):
            authorise(v, action, ZJ_ITEM, log=log)
        with pytest.raises(PermissionDenied, match="sign in"):
            authorise(None, action, ZJ_ITEM, log=log)
    authorise(None, "view", log=log)
    with pytest.raises(PermissionDenied, match="only admins"):
        add_account(log, "x", "viewer", "password-x", by=zj)
    with pytest.raises(PermissionDenied, match="only admins"):
        set_role(log, "v", "admin", by=v)
    assert set_role(log, "v", "editor", ["上海"], by=root)["scope"] == ["上海市"]
    remove_account(log, "v", by=root)
    assert [a["name"] for a in list_accounts(log)] == ["root", "zj", "hz"]


def test_view_needs_signin_when_configured(log, monkeypatch):
    monkeypatch.setenv("YRDMAP_SIGNIN_REQUIRED", "1")
    with pytest.raises(PermissionDenied, match="sign in"):
        authorise(None, "view", log=log)


@pytest.mark.parametrize("name, role, password, scope, refusal", [
    ("ann", "viewer", "short", (), "at least 8"),
    ("ann", "editor", "password1", (), "needs a scope"),
    ("ann", "editor", "password1", ["昆山市"], "county"),
    ("ann", "boss", "password1", (), "role 'boss'"),
    ("a b", "viewer", "password1", (), "not usable"),
])
def test_bad_account_input(log, root, name, role, password, scope, refusal):
    with pytest.raises(ValueError, match=refusal):
        add_account(log, name, role, password, scope, by=root)
