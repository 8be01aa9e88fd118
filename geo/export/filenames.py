"""File names that say what an export is (region, layers, date) and are safe on Windows.

``长三角_浙江省_轨道交通-枢纽与节点_2026-11-28.png`` or
``YRD_Zhejiang_Rail-Hubs-and-sites_2026-11-28.gpkg``. :func:`sanitize` makes any
user text (a title, a region typed by hand) safe as a file-name part:

- characters Windows forbids (``< > : " / \\ | ? *``) and every control, format
  (zero-width, bidi override) or unassigned code point are replaced;
- runs of spaces and replacements collapse to one ``_``, runs of dots to one
  ``.``; no leading dot, no trailing dot or space;
- reserved device names (``CON``, ``PRN``, ``AUX``, ``NUL``, ``COM0``–``COM9``,
  ``LPT0``–``LPT9``, with or without an extension, any case) get a ``_`` after
  the device name;
- the result is capped at ``max_chars`` characters and 180 UTF-8 bytes (Windows
  allows 255 UTF-16 units per name, ext4 255 bytes; the cap leaves room for the
  folder and the extension), cut on a character boundary.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping

from geo.errors import InputError
from geo.export.describe import check_filters, check_lang, layer_labels, region_labels

__all__ = ["MAX_CHARS", "MAX_BYTES", "sanitize", "export_filename"]

MAX_CHARS = 80
MAX_BYTES = 180
_FORBIDDEN = set('<>:"/\\|?*')
_RESERVED = re.compile(r"^(con|prn|aux|nul|conin\$|conout\$|(com|lpt)[0-9¹²³])(\..*)?$",
                       re.IGNORECASE)
_RUNS = re.compile(r"[\s_]+")
_DOTS = re.compile(r"\.{2,}")
_EXT = re.compile(r"^[a-z0-9]{1,8}$")
_REGION = {"zh": "长三角", "en": "YRD"}
_ALL_LAYERS = {"zh": "全部图层", "en": "all-layers"}


def _cap(text: str, max_chars: int, max_bytes: int) -> str:
    text = text[:max_chars]
    while len(text.encode("utf-8")) > max_bytes:
        text = text[:-1]
    return text


def sanitize(text: str, *, max_chars: int = MAX_CHARS, max_bytes: int = MAX_BYTES,
             fallback: str = "yrdmap") -> str:
    """Make ``text`` a safe file-name part on Windows, macOS and Linux.

    Parameters
    ----------
    text : any user text.
    max_chars, max_bytes : caps on characters and UTF-8 bytes.
    fallback : returned when nothing printable is left.

    Examples
    --------
    >>> sanitize('浙江: 轨道/水运 "规划"?')
    '浙江_轨道_水运_规划'
    >>> sanitize("CON"), sanitize("lpt1.txt"), sanitize(" ..hidden. "), sanitize("\\u202egpj.exe")
    ('CON_', 'lpt1_.txt', 'hidden', 'gpj.exe')
    >>> sanitize("???")
    'yrdmap'
    """
    text = unicodedata.normalize("NFC", str(text))
    chars = []
    for ch in text:
        if ch in _FORBIDDEN or unicodedata.category(ch)[0] == "C":
            chars.append("_")
        elif ch.isspace():
            chars.append(" ")
        else:
            chars.append(ch)
    text = _DOTS.sub(".", _RUNS.sub("_", "".join(chars))).strip("_ ").lstrip(".")
    text = _cap(text, max_chars, max_bytes).rstrip(". _")
    if not text:
        return fallback
    reserved = _RESERVED.match(text)
    if reserved:  # the device name is reserved whatever follows the first dot
        text = reserved.group(1) + "_" + text[len(reserved.group(1)):]
    return text


def _new_words(label: str, filters: Mapping, lang: str) -> str:
    """``label`` without what the name says already: the app's title, the regions and
    the layers (a title such as 浙江省 · 轨道交通 would repeat them).

    >>> _new_words("长三角一体化 项目一张图 · 浙江省 · 轨道交通 汇报", {"provinces": ["浙江"],
    ...            "layers": ["rail"]}, "zh")
    '汇报'
    """
    from geo.i18n import t

    f = check_filters(filters)
    said = [t("mapdoc.app_title", "zh"), t("mapdoc.app_title", "en"),
            *region_labels(f, lang), *layer_labels(f["layers"], lang)]
    text = str(label)
    for words in sorted(said, key=len, reverse=True):
        text = text.replace(words, " ")
    return " ".join(w for w in re.split(r"[\s·,，、_|/-]+", text) if w)


def export_filename(ext: str, *, filters: Mapping | None = None, lang: str = "zh",
                    date: dt.date | None = None, label: str | None = None,
                    max_chars: int = MAX_CHARS) -> str:
    """``<region>_<layers>_<date>.<ext>``, sanitised and capped.

    Parameters
    ----------
    ext : extension without the dot (``png``, ``gpkg``, ``zip`` …).
    filters : the :func:`geo.select.filter_projects` arguments the export used.
    lang : ``"zh"`` or ``"en"``.
    date : defaults to today.
    label : optional user text (a title) put after the region.
    max_chars : cap on the name without the extension.

    Examples
    --------
    >>> export_filename("png", filters={"provinces": ["浙江"], "layers": ["rail", "hub"]},
    ...                 date=dt.date(2026, 11, 28))
    '长三角_浙江省_轨道交通-枢纽与节点_2026-11-28.png'
    >>> export_filename("gpkg", lang="en", date=dt.date(2026, 11, 28))
    'YRD_all-layers_2026-11-28.gpkg'
    """
    check_lang(lang)
    ext = str(ext).lower().lstrip(".")
    if not _EXT.match(ext):
        raise InputError(f"extension {ext!r} is not 1–8 letters or digits (e.g. 'png')")
    f = check_filters(filters)
    date = date or dt.date.today()
    regions = "-".join(sanitize(r, max_chars=24) for r in region_labels(f, lang))
    layers = "-".join(sanitize(t, max_chars=24) for t in layer_labels(f["layers"], lang))
    extra = _new_words(label, f, lang) if label else ""
    parts = [_REGION[lang], regions, sanitize(extra, max_chars=30) if extra else "",
             layers or _ALL_LAYERS[lang]]
    head = sanitize("_".join(p for p in parts if p), max_chars=max_chars - 11,
                    max_bytes=MAX_BYTES - 11)
    return f"{head}_{date.isoformat()}.{ext}"
