"""Every UI string exists in both languages with the same placeholders."""
from __future__ import annotations

import string

import pytest

from geo.schema import LAYERS, PRECISION, STATUS
from layers.i18n import LANGS, STRINGS, layer_label, precision_label, status_label, t


def _fields(text: str) -> set:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


@pytest.mark.parametrize("key", sorted(STRINGS))
def test_key_in_both_languages(key):
    assert set(STRINGS[key]) == set(LANGS)
    assert all(STRINGS[key][lang].strip() for lang in LANGS)
    assert _fields(STRINGS[key]["zh"]) == _fields(STRINGS[key]["en"])


def test_languages_differ_where_it_matters():
    for key in ("page_title", "filters", "provinces", "no_results", "details", "legend"):
        assert STRINGS[key]["zh"] != STRINGS[key]["en"]


def test_lookup_and_errors():
    assert t("results_count", "en", n=2) == "2 items"
    with pytest.raises(KeyError):
        t("no-such-key", "zh")
    with pytest.raises(ValueError):
        t("page_title", "fr")


def test_vocabularies_translate():
    for key in LAYERS:
        assert layer_label(key, "zh") != layer_label(key, "en")
    for zh, en in STATUS.items():
        assert status_label(zh, "zh") == zh and status_label(zh, "en") == en
    for key in PRECISION:
        assert precision_label(key, "en")
