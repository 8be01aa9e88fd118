"""geo.config: one place for every setting; environment over yrdmap.toml over defaults;
bad values are one line naming the setting, the value and what is accepted."""
from __future__ import annotations

import pytest

from geo import config


def test_environment_wins_over_file_and_file_over_default():
    assert config.get("database_timeout", env={}, file={}) == 5
    assert config.get("database_timeout", env={}, file={"database_timeout": 9}) == 9
    assert config.get("database_timeout", env={"YRDMAP_DATABASE_TIMEOUT": "3"},
                      file={"database_timeout": 9}) == 3


def test_file_is_found_through_yrdmap_config(tmp_path):
    f = tmp_path / "yrdmap.toml"
    f.write_text('tianditu_key = "k123456"\nmax_features = 100\nstore = "file"\n', "utf-8")
    env = {"YRDMAP_CONFIG": str(f)}
    assert config.get("tianditu_key", env=env) == "k123456"
    assert config.get("max_features", env=env) == 100
    row = next(r for r in config.describe(env) if r["key"] == "tianditu_key")
    assert row["origin"] == "yrdmap.toml" and "123456" not in row["value"]


def test_yrdmap_toml_in_the_current_folder(tmp_path, monkeypatch):
    (tmp_path / "yrdmap.toml").write_text("port = 8600\n", "utf-8")
    monkeypatch.chdir(tmp_path)
    assert config.get("port", env={"HOME": str(tmp_path)}) == 8600


@pytest.mark.parametrize("var,value,accepted", [
    ("YRDMAP_MAX_UPLOAD_MB", "abc", "a number above 0"),
    ("YRDMAP_MAX_UPLOAD_MB", "0", "a number above 0"),
    ("YRDMAP_MAX_FEATURES", "-3", "a whole number above 0"),
    ("YRDMAP_MAX_FEATURES", "1.5", "a whole number above 0"),
    ("YRDMAP_STORE", "sqlite", "file, postgis"),
    ("YRDMAP_SIGNIN_REQUIRED", "maybe", "true or false"),
])
def test_bad_values_are_one_line_naming_value_and_accepted(var, value, accepted):
    key = next(s.key for s in config.SETTINGS if s.env == var)
    with pytest.raises(config.ConfigError) as info:
        config.get(key, env={var: value}, file={})
    msg = str(info.value)
    assert "\n" not in msg and var in msg and repr(value) in msg and accepted in msg


def test_unknown_key_and_broken_file_are_refused(tmp_path):
    f = tmp_path / "yrdmap.toml"
    f.write_text("tiandtu_key = 'x'\n", "utf-8")
    with pytest.raises(config.ConfigError, match="unknown key 'tiandtu_key'.*tianditu_key"):
        config.get("port", env={"YRDMAP_CONFIG": str(f)})
    f.write_text("port = = 1\n", "utf-8")
    with pytest.raises(config.ConfigError, match="cannot be read"):
        config.get("port", env={"YRDMAP_CONFIG": str(f)})
    with pytest.raises(config.ConfigError, match="does not exist"):
        config.get("port", env={"YRDMAP_CONFIG": str(tmp_path / "none.toml")})


def test_every_setting_documented_once():
    keys = [s.key for s in config.SETTINGS]
    envs = [s.env for s in config.SETTINGS]
    assert len(set(keys)) == len(keys) and len(set(envs)) == len(envs)
    assert all(s.doc for s in config.SETTINGS)
    for must in ("store", "database_url", "max_upload_mb", "tianditu_key", "signin_required"):
        assert must in keys


def test_store_dir_and_data_dir_read_through_config(tmp_path, monkeypatch):
    from geo import paths
    from geo.store.files import store_dir

    monkeypatch.setenv("YRDMAP_STORE_DIR", str(tmp_path / "s"))
    assert store_dir() == tmp_path / "s"
    monkeypatch.delenv("YRDMAP_STORE_DIR")
    assert store_dir() == paths.data_dir() / "user"      # a checkout keeps data/user/
