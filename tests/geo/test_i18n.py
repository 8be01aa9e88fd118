"""The one string table (geo/strings/*.toml): both languages, same placeholders, every key
used in code exists and every key in the table is used somewhere."""
from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from geo.i18n import LANGS, STRINGS_DIR, t, table

ROOT = Path(__file__).resolve().parents[2]
CODE_DIRS = ("geo", "layers", "ui", "app.py")
# t("ns.key" …) in code: a literal first argument with a namespace dot
_CALL = re.compile(r"""\bt\(\s*["']([a-z0-9_]+\.[A-Za-z0-9_.]+)["']""")
# any literal "ns.key" (a key kept in a mapping and passed to t() later)
_LITERAL = re.compile(r"""["']([a-z0-9_]+\.[A-Za-z0-9_]+)["']""")
# f"ns.prefix_{…}" (passed to t(), msg() …): every key starting with the (non-empty)
# prefix counts as used
_PREFIX = re.compile(r"""\bf["']([a-z0-9_]+\.[A-Za-z0-9_]+)\{""")


def _fields(text: str) -> set:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


def _code() -> str:
    parts = []
    for name in CODE_DIRS:
        base = ROOT / name
        files = [base] if base.is_file() else sorted(base.rglob("*.py"))
        parts += [path.read_text(encoding="utf-8") for path in files]
    return "\n".join(parts)


def _used() -> tuple[set[str], set[str], set[str]]:
    code = _code()
    return set(_CALL.findall(code)), set(_LITERAL.findall(code)), set(_PREFIX.findall(code))


@pytest.mark.parametrize("key", sorted(table()))
def test_key_in_both_languages_with_same_placeholders(key):
    entry = table()[key]
    assert set(entry) == set(LANGS), key
    assert all(isinstance(entry[lang], str) and entry[lang].strip() for lang in LANGS), key
    assert _fields(entry["zh"]) == _fields(entry["en"]), key


def test_every_key_used_in_code_exists():
    calls, _, prefixes = _used()
    missing = sorted(calls - set(table()))
    assert not missing, f"used in code but not in geo/strings/: {missing}"
    dangling = sorted(p for p in prefixes if not any(k.startswith(p) for k in table()))
    assert not dangling, f"t(f'…') prefixes matching no key: {dangling}"


def test_every_key_in_the_table_is_used():
    calls, literals, prefixes = _used()
    used = calls | literals
    unused = sorted(k for k in table()
                    if k not in used and not any(k.startswith(p) for p in prefixes))
    assert not unused, f"in geo/strings/ but used nowhere in {CODE_DIRS}: {unused}"


def test_namespaces_are_files():
    """A key's namespace is its file: no dots inside a file's keys (they would read as
    a namespace), every file parses."""
    for path in STRINGS_DIR.glob("*.toml"):
        assert re.fullmatch(r"[a-z0-9_]+", path.stem), path.name
    assert all(k.count(".") == 1 for k in table())


def test_the_unused_check_can_fail(tmp_path, monkeypatch):
    """The walker sees a call, a literal, a prefix — and not a key nobody names."""
    code = 't("common.yes", lang)\nKEYS = {"a": "common.no"}\nt(f"common.n_{x}", lang)\n'
    assert _CALL.findall(code) == ["common.yes"]
    assert "common.no" in _LITERAL.findall(code)
    assert _PREFIX.findall(code) == ["common.n_"]
    assert "common.n_items" not in set(_CALL.findall("t('common.yes', 'zh')"))


def test_lookup_errors():
    with pytest.raises(KeyError, match="no string"):
        t("common.no_such_key", "zh")
    with pytest.raises(ValueError, match="not one of"):
        t("common.yes", "fr")
