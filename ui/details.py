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
from layers.i18n import layer_label, precision_label, status_label, t

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
    none = t("d_none", lang)
    rows = [
        (t("d_name_zh", lang), item["name_zh"]),
        (t("d_name_en", lang), item["name_en"]),
        (t("d_layer", lang), layer_label(item["layer"], lang)),
        (t("d_status", lang), f'{item["status"]} · {status_label(item["status"], "en")}'),
        (t("d_precision", lang), precision_label(item["precision"], lang)),
        (t("d_provinces", lang), ", ".join(region_name(a, lang) for a in item["provinces"])
         or none),
        (t("d_cities", lang), ", ".join(region_name(a, lang) for a in item["cities_in"]) or none),
    ]
    length, area = item.get("length_km"), item.get("area_km2")
    if length is not None and not math.isnan(length):
        rows.append((t("d_length", lang), t("km", lang, v=_num(length))))
        split = _by_province(item["km_by_province"], "km", lang)
        if split:
            rows.append((t("d_by_province", lang), split))
    if area is not None and not math.isnan(area):
        rows.append((t("d_area", lang), t("km2", lang, v=_num(area))))
        split = _by_province(item["km2_by_province"], "km²", lang)
        if split:
            rows.append((t("d_by_province", lang), split))
    waypoints = item.get("waypoints")
    if isinstance(waypoints, (list, tuple)) and len(waypoints):
        rows.append((t("d_waypoints", lang), " → ".join(map(str, waypoints))))
    if bool(item.get("sea")):
        rows.append((t("d_sea", lang), "✓"))
    note = item.get("note")
    if isinstance(note, str) and note.strip():
        rows.append((t("d_note", lang), note))
    rows.append((t("d_clause", lang), t("d_clause_value", lang, c=item["clause"])))
    return rows


def details_panel(item, lang: str) -> None:
    """Show ``item`` (a row of the selection with computed regions) or a hint."""
    st.subheader(t("details", lang))
    if item is None:
        st.caption(t("details_hint", lang))
        return
    title = item["name_zh"] if lang == "zh" else item["name_en"]
    st.markdown(f"**{md_text(title)}**")
    st.markdown("  \n".join(f"**{md_text(k)}**: {md_text(v)}"
                            for k, v in detail_lines(item, lang)))
    st.markdown(f"**{md_text(t('d_plan_text', lang))}**")
    st.markdown("> " + md_text(item["plan_text"]))
    from ui.edit_form import edit_panel  # tracking (#16): state, edit form, history

    edit_panel(item, lang, md_text)
