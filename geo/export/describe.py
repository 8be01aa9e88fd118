"""Words for an export: the default title and the filter summary, in zh or en.

``filters`` is the dict of :func:`geo.select.filter_projects` keyword arguments
(``provinces``, ``cities``, ``layers``, ``status``, ``text``,
``cross_provincial``); missing or empty keys mean "all". Titles and subtitles
of maps, the XLSX "about" sheet and file names all come from here, so they
agree with each other.
"""
from __future__ import annotations

from collections.abc import Mapping

from geo.errors import InputError
from geo.i18n import check_lang, t  # check_lang: exported here too
from geo.regions import Region, RegionError, resolve
from geo.schema import LAYERS, STATUS

__all__ = ["LANGS", "FILTER_KEYS", "check_lang", "check_filters", "region_labels",
           "layer_labels", "status_labels", "default_title", "filter_summary"]

LANGS = ("zh", "en")
FILTER_KEYS = ("provinces", "cities", "counties", "layers", "status", "text",
               "cross_provincial")


def check_filters(filters: Mapping | None) -> dict:
    """A copy of ``filters`` with every key present; unknown keys raise ``ValueError``."""
    filters = dict(filters or {})
    unknown = sorted(set(filters) - set(FILTER_KEYS))
    if unknown:
        raise InputError(f"unknown filter {unknown[0]!r}; accepted: {', '.join(FILTER_KEYS)}")
    out = {k: list(filters.get(k) or ())
           for k in ("provinces", "cities", "counties", "layers", "status")}
    out["text"] = (filters.get("text") or "").strip()
    out["cross_provincial"] = bool(filters.get("cross_provincial"))
    return out


def _region(name, level: str) -> str | Region:
    if isinstance(name, Region):
        return name
    try:
        return resolve(name, level=level)
    except RegionError:
        return str(name)


def region_labels(filters: Mapping | None, lang: str = "zh") -> list[str]:
    """Names of the filtered provinces, cities then counties, in ``lang`` (unknown names
    as given).

    Examples
    --------
    >>> region_labels({"provinces": ["浙江"], "cities": [320500]}, "en")
    ['Zhejiang', 'Suzhou']
    >>> region_labels({"counties": ["昆山市"]})
    ['昆山市']
    """
    f = check_filters(filters)
    out = []
    for key, level in (("provinces", "province"), ("cities", "city"), ("counties", "county")):
        for name in f[key]:
            r = _region(name, level)
            out.append(r.label(lang) if isinstance(r, Region) else r)
    return out


def layer_labels(layers, lang: str = "zh") -> list[str]:
    """Titles of layer keys in ``lang`` (unknown keys as given)."""
    return [LAYERS[k][lang] if k in LAYERS else str(k) for k in layers]


def status_labels(status, lang: str = "zh") -> list[str]:
    """Status words in ``lang``; accepts the Chinese or the English form."""
    en_to_zh = {en.lower(): zh for zh, en in STATUS.items()}
    out = []
    for s in status:
        zh = s if s in STATUS else en_to_zh.get(str(s).lower())
        out.append(str(s) if zh is None else {"zh": zh, "en": STATUS[zh]}[lang])
    return out


def default_title(filters: Mapping | None = None, lang: str = "zh") -> str:
    """The map title a planner would write: app name, then region and layers if filtered.

    Examples
    --------
    >>> default_title({"provinces": ["浙江"], "layers": ["rail"]})
    '长三角一体化 项目一张图 · 浙江省 · 轨道交通'
    >>> default_title({}, "en")
    'YRD Integration Projects'
    """
    check_lang(lang)
    f = check_filters(filters)
    parts = [t("mapdoc.app_title", lang)]
    regions = region_labels(f, lang)
    if regions:
        parts.append(t("mapdoc.sep", lang).join(regions))
    if f["layers"]:
        parts.append(t("mapdoc.sep", lang).join(layer_labels(f["layers"], lang)))
    if f["cross_provincial"]:
        parts.append(t("mapdoc.cross_provincial", lang))
    return " · ".join(parts)


def filter_summary(filters: Mapping | None = None, count: int | None = None,
                   lang: str = "zh") -> str:
    """One line stating every filter (``all`` where unset) and the item count.

    Examples
    --------
    >>> filter_summary({"provinces": ["江苏"], "status": ["在建"]}, 12)
    '筛选：省市 江苏省；图层 全部；状态 在建；共 12 项'
    >>> filter_summary({"text": "铁路", "cross_provincial": True}, 3, "en")
    'Filters: regions all; layers all; status all; text “铁路”; cross-provincial only; 3 items'
    """
    check_lang(lang)
    f = check_filters(filters)
    sep = t("mapdoc.sep", lang)
    every = t("mapdoc.all", lang)
    parts = [t("mapdoc.f_regions", lang, v=sep.join(region_labels(f, lang)) or every),
             t("mapdoc.f_layers", lang, v=sep.join(layer_labels(f["layers"], lang)) or every),
             t("mapdoc.f_status", lang, v=sep.join(status_labels(f["status"], lang)) or every)]
    if f["text"]:
        parts.append(t("mapdoc.f_text", lang, v=f["text"]))
    if f["cross_provincial"]:
        parts.append(t("mapdoc.f_cross", lang))
    if count is not None:
        parts.append(t("mapdoc.f_count_one" if count == 1 else "mapdoc.f_count", lang, n=count))
    return t("mapdoc.filters", lang, parts=t("mapdoc.filters_sep", lang).join(parts))
