"""Labels of the registry's and the schema's words in the UI language.

Every other user-facing string is in the one string table, :mod:`geo.i18n`
(``geo/strings/*.toml``, looked up with :func:`geo.i18n.t`). Layer titles come from
the layer registry, status and precision words from :mod:`geo.schema`; the helpers
here pick the right language for them.

Examples
--------
>>> status_label("开工建设", "en"), status_label("开工建设", "zh")
('construction started', '开工建设')
>>> precision_label("schematic", "zh")
'示意'
"""
from __future__ import annotations

from geo.i18n import check_lang

__all__ = ["status_label", "precision_label", "layer_label"]


def layer_label(layer_key: str, lang: str) -> str:
    """Title of a catalog layer key (``geo.schema.LAYERS``) in ``lang``, as the map shows it."""
    from geo.registry import load_registry

    return load_registry().project_entry(layer_key).title(check_lang(lang))


def status_label(status_zh: str, lang: str) -> str:
    """A status verb of the plan in ``lang`` (the zh key is the stored value)."""
    from geo.schema import STATUS

    return {"zh": status_zh, "en": STATUS[status_zh]}[check_lang(lang)]


def precision_label(precision: str, lang: str) -> str:
    """The ``precision`` word of an item in ``lang``."""
    from geo.schema import PRECISION

    return PRECISION[precision][check_lang(lang)]
