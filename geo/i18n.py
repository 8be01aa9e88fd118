"""The one string table: every user-facing string, Chinese (default) and English.

Strings live in ``geo/strings/<namespace>.toml``, one file per concern; each key of a
file is a table with ``zh`` and ``en`` entries carrying the same ``{placeholders}``::

    [results_count]
    zh = "共 {n} 项"
    en = "{n} items"

:func:`t` looks a namespaced key (``"<namespace>.<key>"``) up and fills the
placeholders; an unknown key raises ``KeyError`` and an unknown language
``ValueError``. ``tests/geo/test_i18n.py`` walks every key (both languages, same
placeholders) and every ``t("…")`` call in the code (no key used but missing, none
present but unused).

Examples
--------
>>> t("common.yes", "zh"), t("common.yes", "en")
('是', 'yes')
>>> t("common.n_items", "en", n=3)
'3 items'
"""
from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path

from geo.errors import choice

__all__ = ["LANGS", "DEFAULT_LANG", "STRINGS_DIR", "t", "table", "check_lang"]

LANGS = ("zh", "en")
DEFAULT_LANG = "zh"
STRINGS_DIR = Path(__file__).with_name("strings")


def check_lang(lang: str) -> str:
    """Return ``lang`` if it is one of :data:`LANGS`, else raise ``ValueError``.

    >>> check_lang("en")
    'en'
    """
    return choice("language", lang, LANGS)


@lru_cache(maxsize=1)
def table() -> dict[str, dict[str, str]]:
    """Every string, keyed ``"<namespace>.<key>"`` → ``{"zh": …, "en": …}``."""
    out: dict[str, dict[str, str]] = {}
    for path in sorted(STRINGS_DIR.glob("*.toml")):
        with path.open("rb") as fh:
            data = tomllib.load(fh)
        for key, entry in data.items():
            out[f"{path.stem}.{key}"] = entry
    return out


def t(key: str, lang: str, **values) -> str:
    """The string ``key`` in ``lang``, with ``{placeholders}`` filled from ``values``.

    >>> t("common.no", "en")
    'no'
    """
    check_lang(lang)
    try:
        text = table()[key][lang]
    except KeyError:
        raise KeyError(f"no string {key!r} in geo/strings/ (namespace.key)") from None
    return text.format(**values) if values else text
