"""The one string table (geo/strings/*.toml): both languages, same placeholders, keys used."""
from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from geo.i18n import LANGS, table, t

ROOT = Path(__file__).resolve().parents[2]
CODE_DIRS = ("geo", "layers", "ui", "app.py")
# t("ns.key" …) in code: a literal first argument with a namespace dot
_CALL = re.compile(r"""\bt\(\s*["']([a-z0-9_]+\.[A-Za-z0-9_.]+)["']""")


def _fields(text: str) -> set:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


def _used_keys() -> set[str]:
    used: set[str] = set()
    for name in CODE_DIRS:
        base = ROOT / name
        files = [base] if base.is_file() else base.rglob("*.py")
        for path in files:
            used |= set(_CALL.findall(path.read_text(encoding="utf-8")))
    return used


@pytest.mark.parametrize("key", sorted(table()))
def test_key_in_both_languages_with_same_placeholders(key):
    entry = table()[key]
    assert set(entry) == set(LANGS), key
    assert all(isinstance(entry[lang], str) and entry[lang].strip() for lang in LANGS), key
    assert _fields(entry["zh"]) == _fields(entry["en"]), key


def test_every_key_used_in_code_exists():
    missing = sorted(_used_keys() - set(table()))
    assert not missing, f"used in code but not in geo/strings/: {missing}"


def test_lookup_errors():
    with pytest.raises(KeyError, match="no string"):
        t("common.no_such_key", "zh")
    with pytest.raises(ValueError, match="not one of"):
        t("common.yes", "fr")
