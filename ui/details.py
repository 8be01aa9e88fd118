"""The details panel beside the map, and the markdown escaping it relies on.

Every value from the catalog goes through :func:`md_text` (HTML entities plus
backslash-escaped markdown punctuation), so a name such as
``<img src=x onerror=alert(1)>`` is shown as text, never rendered.
"""
from __future__ import annotations

import html
import math
import re

import streamlit as st

from geo.records import region_name
from geo.i18n import t
from layers.i18n import layer_label, precision_label, status_label

__all__ = ["md_text", "detail_lines", "details_panel"]

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~$:>])")


def md_text(value) -> str:
    """``value`` as inert markdown text.

    Examples
    --------
    >>> md_text("<img src=x onerror=alert(1)>")
    '&lt;img src=x onerror=alert\\\\(1\\\\)&gt;'
    >>> md_text("[x](javascript:alert(1))")
    '\\\\[x\\\\]\\\\(javascript\\\\:alert\\\\(1\\\\)\\\\)'
    """
    text = html.escape(str(value), quote=False)
    return _MD_SPECIAL.sub(r"\\\1", text).replace("\n", " ")


def _num(v: float) -> str:
    return f"{v:,.1f}" if v >= 10 else f"{v:,.2f}"


def _by_province(values: dict, unit: str, lang: str) -> str:
    parts = [f"{region_name(int(a), lang)} {_num(v)}" for a, v in values.items() if v]
    return ", ".join(parts) + f" {unit}" if parts else ""


def detail_lines(item, lang: str) -> list[tuple[str, str]]:
    """(label, value) pairs for an item row (plain text, not yet escaped)."""
    none = t("app.d_none", lang)
    rows = [
        (t("app.d_name_zh", lang), item["name_zh"]),
        (t("app.d_name_en", lang), item["name_en"]),
        (t("app.d_layer", lang), layer_label(item["layer"], lang)),
        (t("app.d_status", lang), f'{item["status"]} · {status_label(item["status"], "en")}'),
        (t("app.d_precision", lang), precision_label(item["precision"], lang)),
        (t("app.d_provinces", lang), ", ".join(region_name(a, lang) for a in item["provinces"])
         or none),
        (t("app.d_cities", lang), ", ".join(region_name(a, lang) for a in item["cities_in"]) or none),
    ]
    length, area = item.get("length_km"), item.get("area_km2")
    if length is not None and not math.isnan(length):
        rows.append((t("app.d_length", lang), t("app.km", lang, v=_num(length))))
        split = _by_province(item["km_by_province"], "km", lang)
        if split:
            rows.append((t("app.d_by_province", lang), split))
    if area is not None and not math.isnan(area):
        rows.append((t("app.d_area", lang), t("app.km2", lang, v=_num(area))))
        split = _by_province(item["km2_by_province"], "km²", lang)
        if split:
            rows.append((t("app.d_by_province", lang), split))
    waypoints = item.get("waypoints")
    if isinstance(waypoints, (list, tuple)) and len(waypoints):
        rows.append((t("app.d_waypoints", lang), " → ".join(map(str, waypoints))))
    if bool(item.get("sea")):
        rows.append((t("app.d_sea", lang), "✓"))
    note = item.get("note")
    if isinstance(note, str) and note.strip():
        rows.append((t("app.d_note", lang), note))
    rows.append((t("app.d_clause", lang), t("app.d_clause_value", lang, c=item["clause"])))
    return rows


def details_panel(item, lang: str) -> None:
    """Show ``item`` (a row of the selection with computed regions) or a hint."""
    st.subheader(t("app.details", lang))
    if item is None:
        st.caption(t("app.details_hint", lang))
        return
    title = item["name_zh"] if lang == "zh" else item["name_en"]
    st.markdown(f"**{md_text(title)}**")
    st.markdown("  \n".join(f"**{md_text(k)}**: {md_text(v)}"
                            for k, v in detail_lines(item, lang)))
    st.markdown(f"**{md_text(t('app.d_plan_text', lang))}**")
    st.markdown("> " + md_text(item["plan_text"]))
