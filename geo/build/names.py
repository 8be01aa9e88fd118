"""English names for admin units: Hanyu Pinyin of the proper name plus the unit type.

pypinyin picks the reading; place names whose customary reading differs from the
common one (六安 Lu'an, 蚌埠 Bengbu, 台州 Taizhou …) are fixed in ``OVERRIDES``, read
from ``pinyin.toml``.
"""
from __future__ import annotations

import tomllib
from pathlib import Path

PROVINCE_EN = {"上海市": "Shanghai", "江苏省": "Jiangsu", "浙江省": "Zhejiang", "安徽省": "Anhui"}

#: proper-name part (suffix removed) → pinyin, where the default reading is wrong
#: (``pinyin.toml`` beside this module)
OVERRIDES: dict[str, str] = tomllib.loads(
    Path(__file__).with_name("pinyin.toml").read_text(encoding="utf-8"))["overrides"]

_SUFFIX = [("自治县", "Autonomous County"), ("新区", "New Area"), ("区", "District"),
           ("县", "County"), ("市", "City"), ("省", "")]


def _pinyin(proper: str) -> str:
    if proper in OVERRIDES:
        return OVERRIDES[proper]
    from pypinyin import Style, lazy_pinyin

    syllables = lazy_pinyin(proper, style=Style.NORMAL)
    text = ""
    for s in syllables:
        if text and s[0] in "aoe":
            text += "'"
        text += s
    return text.capitalize()


def english_name(name_zh: str, level: str) -> str:
    """English name of an admin unit.

    Provinces and prefecture cities get the bare pinyin (``苏州市`` → ``Suzhou``);
    counties keep their type (``吴江区`` → ``Wujiang District``, ``嘉善县`` →
    ``Jiashan County``, ``昆山市`` → ``Kunshan City``).

    Examples
    --------
    >>> english_name("六安市", "city"), english_name("吴江区", "county")
    ("Lu'an", 'Wujiang District')
    """
    if level == "province":
        return PROVINCE_EN[name_zh]
    for zh, en in _SUFFIX:
        if name_zh.endswith(zh) and len(name_zh) > len(zh):
            base = _pinyin(name_zh[: -len(zh)])
            return base if level == "city" else f"{base} {en}"
    return _pinyin(name_zh)
