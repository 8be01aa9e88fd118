"""The registry's and the schema's words in both languages (the strings are in geo.i18n)."""
from __future__ import annotations

import pytest

from geo.i18n import t
from geo.schema import LAYERS, PRECISION, STATUS
from layers.i18n import layer_label, precision_label, status_label


def test_languages_differ_where_it_matters():
    for key in ("app.page_title", "app.filters", "app.provinces", "app.no_results",
                "app.details", "app.legend"):
        assert t(key, "zh") != t(key, "en")


def test_vocabularies_translate():
    for key in LAYERS:
        assert layer_label(key, "zh") != layer_label(key, "en")
    for zh, en in STATUS.items():
        assert status_label(zh, "zh") == zh and status_label(zh, "en") == en
    for key in PRECISION:
        assert precision_label(key, "en")


def test_unknown_language_is_refused():
    with pytest.raises(ValueError, match="not one of"):
        status_label("规划", "fr")
