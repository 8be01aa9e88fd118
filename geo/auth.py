"""Accounts, sign-in and the one permission check every write path calls.

Roles: ``viewer`` (reads), ``editor`` (edits, imports and removes items lying in the
provinces or cities of its scope — an editor of 浙江 may edit an item any part of
which lies in 浙江), ``admin`` (everything, and manages accounts). Accounts live in
the store (``accounts.json`` of the file store, the ``accounts`` table of PostGIS);
passwords are kept only as argon2id hashes (argon2-cffi) and never logged.

Modes (:func:`auth_mode`): **team** — a PostGIS store, or a file store that has
accounts, or ``YRDMAP_AUTH=team``: every write needs a signed-in account with the
right role; viewing needs one too when ``YRDMAP_SIGNIN_REQUIRED=1``. **single** — a
file store without accounts: one person on their own machine, open, and the app says
so (the ``auth`` setting, ``YRDMAP_AUTH=team|single``, forces a mode; see
:mod:`geo.config`).

:func:`sign_in` refuses after :data:`MAX_FAILURES` failed attempts for one name within
:data:`FAILURE_WINDOW` seconds, until the window has passed (per process).

Examples
--------
>>> admin = User("root", "admin")
>>> authorise(admin, "users", mode="team")
>>> authorise(User("v", "viewer"), "edit", {"id": "a", "provinces": [330000]}, mode="team")
Traceback (most recent call last):
...
geo.auth.PermissionDenied: v (viewer) may not edit 'a': viewers only read; accepted roles: editor, admin
"""
from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from geo.errors import InputError, YrdmapError

__all__ = ["ROLES", "ACTIONS", "User", "AuthError", "PermissionDenied", "SignInError",
           "auth_mode",
           "view_needs_signin", "authorise", "hash_password", "add_account", "set_role",
           "remove_account", "list_accounts", "sign_in", "scope_codes", "scope_names",
           "MAX_FAILURES", "FAILURE_WINDOW"]

ROLES = ("viewer", "editor", "admin")
#: what a write path asks to do
ACTIONS = ("view", "edit", "import", "remove", "users")
MAX_FAILURES = 5
FAILURE_WINDOW = 900.0
_NAME_MAX = 64


class AuthError(YrdmapError):
    """A refusal by sign-in or roles — not an ``OSError``: a file that cannot be written
    is another matter, reported as such."""


class PermissionDenied(AuthError):
    """The user's role or scope does not allow the action (one line)."""


class SignInError(AuthError):
    """Wrong name or password, or too many failed attempts (one line, no hint which);
    ``retry_after``: seconds until a locked name may try again (``None``: not locked)."""

    def __init__(self, message: str, retry_after: int | None = None):
        super().__init__(message)
        self.retry_after = retry_after


@dataclass(frozen=True)
class User:
    """A signed-in account: ``scope`` holds province/city adcodes (editors only)."""

    name: str
    role: str
    scope: tuple = field(default=())

    def __str__(self) -> str:
        return self.name


def auth_mode(log) -> str:
    """``"team"`` or ``"single"`` for the store's edit ``log`` (see the module docstring)."""
    from geo import config

    forced = config.get("auth")
    if forced is not None:
        return forced
    if getattr(log, "kind", "file") != "file" or log.accounts():
        return "team"
    return "single"


def view_needs_signin() -> bool:
    """The ``signin_required`` setting (``YRDMAP_SIGNIN_REQUIRED``; team mode only)."""
    from geo import config

    return bool(config.get("signin_required"))


def _item_codes(item) -> set[int]:
    if item is None:
        return set()
    get = item.get if hasattr(item, "get") else (lambda k, d=None: getattr(item, k, d))
    codes = set()
    for key in ("provinces", "cities_in"):
        values = get(key, None)
        if values is not None:
            codes.update(int(a) for a in values)
    return codes


def _item_name(item) -> str:
    if item is None:
        return "the store"
    get = item.get if hasattr(item, "get") else (lambda k, d=None: getattr(item, k, d))
    return repr(str(get("id", "?")))


def authorise(user: User | None, action: str, item=None, *, log=None,
              mode: str | None = None) -> None:
    """Return if ``user`` may do ``action`` on ``item``; else :class:`PermissionDenied`.

    ``item``: a row or mapping with ``id`` and its computed ``provinces``/``cities_in``
    adcodes (:func:`geo.select.with_regions`). ``mode`` defaults to :func:`auth_mode`
    of ``log``, and to team mode (the safe side) without either. In single mode
    everything is allowed.
    """
    if action not in ACTIONS:
        raise InputError(f"action {action!r} is unknown; accepted: {', '.join(ACTIONS)}")
    mode = mode or (auth_mode(log) if log is not None else "team")
    if mode == "single":
        return
    if user is None:
        if action == "view" and not view_needs_signin():
            return
        raise PermissionDenied(f"sign in to {action} {_item_name(item)}: this is a team store "
                               "(accepted: an editor or admin account)")
    if user.role not in ROLES:
        raise PermissionDenied(f"{user.name} has the unknown role {user.role!r}; accepted: "
                               + ", ".join(ROLES))
    if action == "view" or user.role == "admin":
        return
    if action == "users":
        raise PermissionDenied(f"{user.name} ({user.role}) may not manage accounts: only "
                               "admins do; accepted roles: admin")
    what = f"{user.name} ({user.role}) may not {action} {_item_name(item)}"
    if user.role == "viewer":
        raise PermissionDenied(f"{what}: viewers only read; accepted roles: editor, admin")
    codes = _item_codes(item)
    if not codes & set(user.scope):
        where = ", ".join(scope_names(codes)) or "no province of the YRD"
        raise PermissionDenied(f"{what}: it lies in {where}, outside the editor's scope "
                               f"({', '.join(scope_names(user.scope)) or 'empty'})")


# ------------------------------------------------------------------ accounts
def hash_password(password: str) -> str:
    """An argon2id hash of ``password`` (at least 8 characters)."""
    from argon2 import PasswordHasher

    if not isinstance(password, str) or len(password) < 8:
        raise InputError("the password is too short; accepted: at least 8 characters")
    return PasswordHasher().hash(password)


def scope_codes(names: Iterable[str]) -> list[int]:
    """Province/city names (中文, short, English, adcode) → adcodes; counties refused.

    >>> scope_codes(["浙江", "苏州"])
    [330000, 320500]
    """
    from geo.regions import resolve

    out = []
    for name in names:
        region = resolve(str(name))
        if region.level not in ("province", "city"):
            raise InputError(f"scope {name!r} is a {region.level}; accepted: a province or a city")
        out.append(int(region.adcode))
    return out


def scope_names(codes: Iterable[int], lang: str = "zh") -> list[str]:
    from geo.records import region_name

    return list(dict.fromkeys(region_name(int(a), lang) for a in sorted(codes)))


def _check_name(name: str) -> str:
    name = str(name).strip()
    if not name or len(name) > _NAME_MAX or any(ch.isspace() or not ch.isprintable()
                                               for ch in name):
        raise InputError(f"account name {name!r} is not usable; accepted: 1–{_NAME_MAX} "
                         "printable characters without spaces")
    return name


def _check_role(role: str, scope) -> str:
    if role not in ROLES:
        raise InputError(f"role {role!r} is unknown; accepted: {', '.join(ROLES)}")
    if role == "editor" and not scope:
        raise InputError("an editor needs a scope; accepted: --scope PROVINCE_OR_CITY "
                         "(repeatable)")
    return role


def add_account(log, name: str, role: str, password: str, scope: Iterable[str] = (),
                *, by: User | None = None) -> dict:
    """Create an account. The first account of a store must be an admin and needs no
    ``by``; later ones need an admin ``by``."""
    name = _check_name(name)
    codes = scope_codes(scope)
    _check_role(role, codes)
    existing = log.accounts()
    if existing:
        authorise(by, "users", mode="team")
    elif role != "admin":
        raise InputError("the first account of a store must be an admin; accepted: --role admin")
    record = {"name": name, "role": role, "scope": codes, "hash": hash_password(password)}
    log.put_account(record, new=True)
    return _public(record)


def set_role(log, name: str, role: str, scope: Iterable[str] = (), *, by: User | None,
             password: str | None = None) -> dict:
    authorise(by, "users", mode="team")
    record = dict(log.accounts().get(name) or {})
    if not record:
        raise KeyError(f"no account {name!r}")
    codes = scope_codes(scope) if scope else list(record.get("scope") or [])
    record.update(role=_check_role(role, codes), scope=codes if role == "editor" else [])
    if password is not None:
        record["hash"] = hash_password(password)
    log.put_account(record)
    return _public(record)


def remove_account(log, name: str, *, by: User | None) -> None:
    authorise(by, "users", mode="team")
    log.delete_account(name)


def _public(record: Mapping) -> dict:
    return {"name": record["name"], "role": record["role"],
            "scope": scope_names(record.get("scope") or [])}


def list_accounts(log) -> list[dict]:
    """Name, role and scope (names) of every account — never the hashes."""
    return [_public(r) for r in log.accounts().values()]


# -------------------------------------------------------------------- sign-in
_failures: dict[str, list[float]] = {}
_failures_lock = threading.Lock()


def _recent(name: str, now: float) -> list[float]:
    return [t for t in _failures.get(name, []) if now - t < FAILURE_WINDOW]


def sign_in(log, name: str, password: str, *, clock=time.monotonic) -> User:
    """The :class:`User` for ``name`` and ``password``, or :class:`SignInError`."""
    from argon2 import PasswordHasher
    from argon2.exceptions import InvalidHashError, VerificationError

    key = str(name).strip()
    now = clock()
    with _failures_lock:
        recent = _recent(key, now)
        if len(recent) >= MAX_FAILURES:
            wait = int(FAILURE_WINDOW - (now - recent[0])) + 1
            raise SignInError(f"too many failed sign-ins for {key!r}; try again in {wait} s",
                              retry_after=wait)
    record = log.accounts().get(key)
    ok = False
    hasher = PasswordHasher()
    try:
        if record is not None:
            ok = hasher.verify(record["hash"], password)
        else:       # same work for an unknown name: no hint which names exist
            hasher.verify(_DUMMY.get(), password)
    except (VerificationError, InvalidHashError):
        ok = False
    with _failures_lock:
        if not ok:
            _failures[key] = _recent(key, now) + [now]
            raise SignInError("wrong account name or password")
        _failures.pop(key, None)
    return User(record["name"], record["role"], tuple(record.get("scope") or ()))


class _Dummy:
    _hash: str | None = None

    def get(self) -> str:
        if self._hash is None:
            from argon2 import PasswordHasher

            self._hash = PasswordHasher().hash("not-a-password-of-anyone")
        return self._hash


_DUMMY = _Dummy()
