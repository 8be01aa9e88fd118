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
from geo.schema import STATUS as _STATUS
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


def _text(value) -> str:
    """A cell as text; None, NaN and blank are ""."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    try:
        import pandas as pd

        if pd.isna(value):
            return ""
    except (TypeError, ValueError):
        pass
    return str(value).strip()


#: an English word (units such as km, GDP are not)
_ENGLISH_WORD = re.compile(r"\b(?!km\b)[a-z]{3,}\b")


def _note(item, lang: str) -> str:
    """The note in ``lang``: ``note_zh``/``note_en`` when the item has them, else
    ``note`` — in Chinese only when it has no English word (the catalog's notes are
    English sentences around place names: English in the Chinese UI otherwise)."""
    own = _text(item.get(f"note_{lang}"))
    if own:
        return own
    note = _text(item.get("note"))
    if lang == "zh" and _ENGLISH_WORD.search(note):
        return ""
    return note


def detail_lines(item, lang: str) -> list[tuple[str, str]]:
    """(label, value) pairs for an item row (plain text, not yet escaped).

    Empty fields are left out (no "第（）条" for an item without a clause); the other
    language's name only when it says something the title does not; the imported
    planning fields (责任单位, 完成时限) and whether the item is overdue when present.
    """
    from geo.overdue import overdue_mask

    none = t("app.d_none", lang)
    title = _text(item.get(f"name_{lang}")) or _text(item.get("name_zh"))
    other_key, other_label = (("name_en", "app.d_name_en") if lang == "zh"
                              else ("name_zh", "app.d_name_zh"))
    rows = []

    def add(label: str, value: str) -> None:
        if value:   # an empty field is left out
            rows.append((t(label, lang), value))

    other = _text(item.get(other_key))
    add(other_label, other if other != title else "")
    rows += [
        (t("app.d_layer", lang), layer_label(item["layer"], lang)),
        (t("app.d_status", lang), status_label(item["status"], lang)
         if item["status"] in _STATUS else _text(item["status"])),
        (t("app.d_precision", lang), precision_label(item["precision"], lang)),
        (t("app.d_provinces", lang), ", ".join(region_name(a, lang) for a in item["provinces"])
         or none),
        (t("app.d_cities", lang), ", ".join(region_name(a, lang) for a in item["cities_in"])
         or none),
    ]
    add("app.col_responsible", _text(item.get("responsible_unit")))
    deadline = _text(item.get("deadline"))
    if deadline:
        import pandas as pd

        late = bool(overdue_mask(pd.DataFrame([{"deadline": deadline,
                                                "status": item.get("status")}])).iloc[0])
        rows.append((t("app.col_deadline", lang),
                     f"{deadline} · ⚠ {t('app.overdue', lang)}" if late else deadline))
    for total, label, unit, by_province, suffix in (
            ("length_km", "app.d_length", "app.km", "km_by_province", "km"),
            ("area_km2", "app.d_area", "app.km2", "km2_by_province", "km²")):
        value = item.get(total)
        if value is not None and not math.isnan(value):
            rows.append((t(label, lang), t(unit, lang, v=_num(value))))
            add("app.d_by_province", _by_province(item[by_province], suffix, lang))
    waypoints = item.get("waypoints")
    if isinstance(waypoints, (list, tuple)):
        add("app.d_waypoints", " → ".join(map(str, waypoints)))
    add("app.d_sea", "✓" if bool(item.get("sea")) else "")
    add("app.d_note", _note(item, lang))
    clause = _text(item.get("clause"))
    add("app.d_clause", clause and t("app.d_clause_value", lang, c=clause))
    return rows


def details_panel(item, lang: str) -> None:
    """Show ``item`` (a row of the selection with computed regions) or a hint."""
    st.subheader(t("app.details", lang))
    if item is None:
        st.caption(t("app.details_hint", lang))
        return
    title = _text(item.get(f"name_{lang}")) or _text(item.get("name_zh"))
    st.markdown(f"**{md_text(title)}**")
    st.markdown("  \n".join(f"**{md_text(k)}**: {md_text(v)}"
                            for k, v in detail_lines(item, lang)))
    plan_text = _text(item.get("plan_text"))
    if plan_text:
        st.markdown(f"**{md_text(t('app.d_plan_text', lang))}**")
        st.markdown("> " + md_text(plan_text))
    from ui.edit_form import edit_panel  # tracking (#16): state, edit form, history

    edit_panel(item, lang, md_text)
