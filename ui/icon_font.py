"""Streamlit's icon font cut down to the icons the page can show (375 KB → ~12 KB).

Streamlit's frontend draws its icons (the sidebar's collapse arrows, the expander's
chevron, a multiselect's clear button, …) with the Material Symbols Rounded font: the
text ``expand_more`` becomes one glyph through a ligature. Every first visit downloads the
whole font, 4,052 glyphs, 375 KB — the largest single file of the default view, a quarter
of its bytes. :func:`subset_icon_font` keeps the ligatures of the icon names that occur in
Streamlit's own frontend and Python package (``:material/<name>:``) and in this app's code,
and drops every other glyph; ``yrdmap serve`` (:class:`ui.server.CompressedStatic`) sends
that subset in place of the file. A name not kept would show as its text, which is why
the names are read from the installed Streamlit itself rather than listed here, and why a
browser test (``tests/browser/test_icon_font.py``) measures every icon on the page.

Examples
--------
>>> bool(ICON_FONT_PATH.match("/static/media/MaterialSymbols-Rounded.nEdyypZU.woff2"))
True
>>> bool(ICON_FONT_PATH.match("/static/media/SourceSansVF-Upright.ttf.BsWL4Kly.woff2"))
False
>>> sorted(names_in(":material/expand_more: and ':material/close:' but not material/x"))
['close', 'expand_more']
"""
from __future__ import annotations

import io
import re
from functools import lru_cache
from pathlib import Path

__all__ = ["ICON_FONT_PATH", "icon_names", "names_in", "streamlit_icon_font",
           "subset_icon_font"]

#: the request path of Streamlit's icon font (content-hashed file name)
ICON_FONT_PATH = re.compile(r"^/static/media/MaterialSymbols-Rounded\.[^/]+\.woff2$")
_NAME = re.compile(r":material/([a-z0-9_]+):")
_LETTERS = "abcdefghijklmnopqrstuvwxyz0123456789_"


def names_in(text: str) -> set[str]:
    """The icon names written ``:material/<name>:`` in ``text``."""
    return set(_NAME.findall(text))


def _streamlit_dir() -> Path:
    import streamlit

    return Path(streamlit.__file__).parent


def streamlit_icon_font() -> Path | None:
    """The installed Streamlit's Material Symbols font file, or None."""
    found = sorted((_streamlit_dir() / "static" / "static" / "media").glob(
        "MaterialSymbols-Rounded.*.woff2"))
    return found[0] if found else None


@lru_cache(maxsize=1)
def icon_names() -> frozenset[str]:
    """Every icon name Streamlit's frontend and Python package and this app's code use."""
    roots = [_streamlit_dir(), Path(__file__).resolve().parents[1]]
    files = [*(roots[0] / "static" / "static" / "js").glob("*.js"),
             *roots[0].rglob("*.py"), *roots[1].glob("*.py"),
             *(roots[1] / "ui").glob("*.py"), *(roots[1] / "layers").glob("*.py")]
    names: set[str] = set()
    for f in files:
        try:
            names |= names_in(f.read_text(encoding="utf-8", errors="replace"))
        except OSError:
            continue
    return frozenset(names)


def subset_icon_font(data: bytes, names=None) -> bytes:
    """``data`` (a Material Symbols woff2) with only the ligatures spelling ``names``
    (default :func:`icon_names`) and the glyphs they need; a woff2 again.

    Raises ``ValueError`` when ``data`` has no icon ligatures (not that font), so the
    caller keeps serving the original.
    """
    from fontTools import subset
    from fontTools.ttLib import TTFont

    names = icon_names() if names is None else frozenset(names)
    font = TTFont(io.BytesIO(data))
    cmap = font.getBestCmap()
    glyph_of = {chr(code): glyph for code, glyph in cmap.items()}
    if "GSUB" not in font or any(c not in glyph_of for c in _LETTERS):
        raise ValueError("the font has no icon ligatures (not Material Symbols)")
    wanted = {tuple(glyph_of[c] for c in n) for n in names if all(c in glyph_of for c in n)}
    keep: set[str] = set()
    tables = [getattr(st, "ExtSubTable", st) for lookup in font["GSUB"].table.LookupList.Lookup
              for st in lookup.SubTable]
    for table in tables:
        if getattr(table, "LookupType", None) != 4:
            continue
        for first in list(table.ligatures):
            kept = [lg for lg in table.ligatures[first]
                    if (first, *lg.Component) in wanted]
            keep |= {lg.LigGlyph for lg in kept}
            if kept:
                table.ligatures[first] = kept
            else:
                del table.ligatures[first]
    if not keep:
        raise ValueError("none of the icon names is a ligature of this font")
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.hinting = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(glyphs=sorted(keep | {glyph_of[c] for c in _LETTERS}))
    subsetter.subset(font)
    font.flavor = "woff2"
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()
