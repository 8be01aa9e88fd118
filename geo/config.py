"""yrdmap's configuration, in one place: every setting, its environment variable, its
``yrdmap.toml`` key, its type and default.

A setting is read from, first to last (the first that is set wins):

1. its environment variable (``YRDMAP_DATABASE_URL``, ``TIANDITU_KEY``, …);
2. the configuration file: ``$YRDMAP_CONFIG``, else ``yrdmap.toml`` in the current
   folder, else the user's ``yrdmap.toml`` (``%APPDATA%\\yrdmap\\yrdmap.toml`` on Windows,
   ``~/.config/yrdmap/yrdmap.toml`` elsewhere) — flat keys named as in :data:`SETTINGS`;
3. the default.

``yrdmap config`` prints every setting with its value and where it came from (secrets
masked). A value that cannot be used (``YRDMAP_MAX_UPLOAD_MB=abc``, a negative limit, an
unknown store) raises :class:`ConfigError`: one line naming the setting, the value and what
is accepted.

Examples
--------
>>> get("max_upload_mb", env={"YRDMAP_MAX_UPLOAD_MB": "20"}, file={})
20.0
>>> get("store", env={}, file={"store": "postgis"})
'postgis'
>>> get("max_features", env={"YRDMAP_MAX_FEATURES": "-5"}, file={})
Traceback (most recent call last):
...
geo.config.ConfigError: YRDMAP_MAX_FEATURES='-5' is not usable; accepted: a whole number above 0
"""
from __future__ import annotations

import os
import sys
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from geo.errors import YrdmapError

__all__ = ["ConfigError", "Setting", "SETTINGS", "get", "config_file", "file_values", "describe"]


class ConfigError(YrdmapError, ValueError):
    """A configuration value that cannot be used (one line for users)."""


@dataclass(frozen=True)
class Setting:
    """One setting: ``key`` in ``yrdmap.toml``, ``env`` its environment variable."""

    key: str
    env: str
    kind: str           # "str" | "path" | "int" | "number" | "bool" | "choice"
    default: object
    doc: str
    choices: tuple[str, ...] = ()
    secret: bool = False


#: every setting yrdmap reads, with its environment variable and default
SETTINGS: tuple[Setting, ...] = (
    # data and store
    Setting("data_dir", "YRDMAP_DATA_DIR", "path", None,
            "folder holding boundaries/ and projects.geojson (default: the checkout's or "
            "the installed package's data/)"),
    Setting("store", "YRDMAP_STORE", "choice", None,
            "project store: file or postgis (default: postgis when database_url is set)",
            choices=("file", "postgis")),
    Setting("store_dir", "YRDMAP_STORE_DIR", "path", None,
            "folder of imported items for the file store (default: data/user/ in a checkout, "
            "the user's data folder for an installed package)"),
    Setting("database_url", "YRDMAP_DATABASE_URL", "str", None,
            "PostgreSQL/PostGIS URL, postgresql://user:pw@host:5432/yrdmap", secret=True),
    Setting("database_timeout", "YRDMAP_DATABASE_TIMEOUT", "int", 5,
            "seconds to wait for the database before calling it unreachable"),
    # imports
    Setting("max_upload_mb", "YRDMAP_MAX_UPLOAD_MB", "number", 50.0,
            "largest file an import accepts, in MB (also the app's uploader limit)"),
    Setting("max_features", "YRDMAP_MAX_FEATURES", "int", 20_000,
            "most rows/features in one import"),
    Setting("max_vertices", "YRDMAP_MAX_VERTICES", "int", 2_000_000,
            "most coordinates over all geometries of one import"),
    # basemaps
    Setting("tianditu_key", "TIANDITU_KEY", "str", None,
            "天地图 key (browser key of console.tianditu.gov.cn) for the Tianditu basemaps",
            secret=True),
    # sign-in (team mode)
    Setting("signin_required", "YRDMAP_SIGNIN_REQUIRED", "bool", False,
            "viewers must sign in before they see the map"),
    Setting("session_hours", "YRDMAP_SESSION_HOURS", "number", 12.0,
            "hours a sign-in lasts"),
    Setting("auth", "YRDMAP_AUTH", "choice", None,
            "team: import, remove and edit need sign-in; single: open, one person's file "
            "store (default: team for PostGIS or a file store with accounts)",
            choices=("team", "single")),
    # the page
    Setting("map_first", "YRDMAP_MAP_FIRST", "bool", True,
            "a new browser session draws the map first, the sidebar and tabs 0.8 s later "
            "(off: the whole page at once, the map ~1 s later)"),
    # the server (yrdmap serve)
    Setting("host", "YRDMAP_HOST", "str", "127.0.0.1",
            "address `yrdmap serve` listens on (0.0.0.0: every interface, for a team)"),
    Setting("port", "YRDMAP_PORT", "int", 8501, "port `yrdmap serve` listens on"),
)

_BY_KEY = {s.key: s for s in SETTINGS}
_TRUE, _FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off", ""}


def config_file(env: Mapping[str, str] | None = None) -> Path | None:
    """The configuration file in use, or None.

    Examples
    --------
    >>> config_file({"YRDMAP_CONFIG": "/nonexistent/yrdmap.toml"})
    PosixPath('/nonexistent/yrdmap.toml')
    """
    env = os.environ if env is None else env
    if env.get("YRDMAP_CONFIG"):
        return Path(env["YRDMAP_CONFIG"])
    try:
        here = [Path.cwd() / "yrdmap.toml"]
    except OSError:                      # the current folder was removed
        here = []
    for candidate in here + [_user_config_dir(env) / "yrdmap.toml"]:
        if candidate.is_file():
            return candidate
    return None


def _user_config_dir(env: Mapping[str, str]) -> Path:
    if sys.platform == "win32":
        return Path(env.get("APPDATA") or Path.home() / "AppData" / "Roaming") / "yrdmap"
    return Path(env.get("XDG_CONFIG_HOME") or Path.home() / ".config") / "yrdmap"


def file_values(env: Mapping[str, str] | None = None) -> dict:
    """The keys of the configuration file (empty without one); unknown keys refused."""
    path = config_file(env)
    if path is None:
        return {}
    try:
        values = tomllib.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"configuration file {path} (YRDMAP_CONFIG) does not exist") from None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"configuration file {path} cannot be read: "
                          f"{' '.join(str(exc).split())}") from None
    unknown = sorted(set(values) - set(_BY_KEY))
    if unknown:
        raise ConfigError(f"configuration file {path}: unknown key {unknown[0]!r}; accepted: "
                          f"{', '.join(_BY_KEY)}")
    return values


def _convert(setting: Setting, raw: object, origin: str):
    def bad(accepted: str):
        return ConfigError(f"{origin}={raw!r} is not usable; accepted: {accepted}")

    text = str(raw).strip()
    if setting.kind in ("str", "path"):
        if not text:
            return setting.default
        return Path(text).expanduser() if setting.kind == "path" else text
    if setting.kind == "choice":
        if not text:
            return setting.default
        if text not in setting.choices:
            raise bad(", ".join(setting.choices))
        return text
    if setting.kind == "bool":
        if isinstance(raw, bool):
            return raw
        if text.lower() in _TRUE | _FALSE:
            return text.lower() in _TRUE
        raise bad("true or false (1/0, yes/no, on/off)")
    try:
        value = float(text) if setting.kind == "number" else int(text)
    except ValueError:
        raise bad("a whole number above 0" if setting.kind == "int"
                  else "a number above 0") from None
    if isinstance(raw, bool) or value <= 0 or value != value or value == float("inf"):
        raise bad("a whole number above 0" if setting.kind == "int" else "a number above 0")
    return value


def lookup(key: str, env: Mapping[str, str] | None = None,
           file: Mapping[str, object] | None = None) -> tuple[object, str]:
    """``(value, origin)`` of one setting; origin is the variable, the file or ``default``."""
    try:
        setting = _BY_KEY[key]
    except KeyError:
        raise KeyError(f"{key!r} is not a yrdmap setting; known: {', '.join(_BY_KEY)}") from None
    env = os.environ if env is None else env
    raw = env.get(setting.env)
    if raw is not None and str(raw).strip():
        return _convert(setting, raw, setting.env), setting.env
    file = file_values(env) if file is None else file
    if key in file:
        return _convert(setting, file[key], f"{key} (yrdmap.toml)"), "yrdmap.toml"
    return setting.default, "default"


def get(key: str, env: Mapping[str, str] | None = None,
        file: Mapping[str, object] | None = None):
    """The value of one setting (see :data:`SETTINGS`).

    ``env`` and ``file`` replace the process environment and the configuration file
    (for tests).

    Examples
    --------
    >>> get("port", env={}, file={})
    8501
    >>> get("signin_required", env={"YRDMAP_SIGNIN_REQUIRED": "yes"}, file={})
    True
    """
    return lookup(key, env, file)[0]


def describe(env: Mapping[str, str] | None = None) -> list[dict]:
    """Every setting: key, variable, value (secrets masked), origin, meaning.

    Examples
    --------
    >>> rows = describe({"TIANDITU_KEY": "abcdef123456"})
    >>> next(r["value"] for r in rows if r["key"] == "tianditu_key")
    'abc…(set)'
    """
    env = os.environ if env is None else env
    file = file_values(env)
    rows = []
    for s in SETTINGS:
        value, origin = lookup(s.key, env, file)
        shown = None if value is None else str(value)
        if s.secret and shown:
            shown = shown[:3] + "…(set)"
        rows.append({"key": s.key, "env": s.env, "value": shown, "origin": origin,
                     "meaning": s.doc})
    return rows
