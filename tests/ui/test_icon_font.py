"""ui.icon_font: Streamlit's Material Symbols font cut to the icons the page uses, and
yrdmap serve sending the cut font in place of the whole one."""
from __future__ import annotations

import io
import time

import pytest
from fontTools.ttLib import TTFont

from ui import icon_font
from ui.server import CompressedStatic

FONT = icon_font.streamlit_icon_font()
pytestmark = pytest.mark.skipif(FONT is None, reason="this Streamlit ships no icon font")


def _ligatures(data: bytes) -> set[str]:
    """The icon names the font's ligatures spell."""
    font = TTFont(io.BytesIO(data))
    name_of = {glyph: chr(code) for code, glyph in font.getBestCmap().items()}
    out = set()
    for lookup in font["GSUB"].table.LookupList.Lookup:
        for st in lookup.SubTable:
            st = getattr(st, "ExtSubTable", st)
            if getattr(st, "LookupType", None) == 4:
                for first, ligs in st.ligatures.items():
                    out |= {"".join(name_of[g] for g in (first, *lg.Component)) for lg in ligs}
    return out


def test_the_names_come_from_streamlit_itself():
    names = icon_font.icon_names()
    # the sidebar's collapse arrows, the expander's chevron, the multiselect's clear button
    assert {"keyboard_double_arrow_left", "keyboard_double_arrow_right", "expand_more",
            "close"} <= names
    assert len(names) > 50


def test_the_subset_keeps_exactly_the_names_the_page_uses():
    whole = FONT.read_bytes()
    cut = icon_font.subset_icon_font(whole)
    assert len(cut) < len(whole) / 10
    kept = _ligatures(cut)
    spelled = _ligatures(whole)
    assert kept == icon_names_in(spelled)
    assert "expand_more" in kept and "rocket_launch" not in kept


def icon_names_in(spelled: set[str]) -> set[str]:
    return {n for n in icon_font.icon_names() if n in spelled}


def test_a_font_without_icon_ligatures_is_refused():
    from fontTools.fontBuilder import FontBuilder

    fb = FontBuilder(1000, isTTF=True)
    fb.setupGlyphOrder([".notdef", "a"])
    fb.setupCharacterMap({ord("a"): "a"})
    fb.setupGlyf({n: _empty_glyph() for n in (".notdef", "a")})
    fb.setupHorizontalMetrics({n: (500, 0) for n in (".notdef", "a")})
    fb.setupHorizontalHeader()
    fb.setupNameTable({"familyName": "T", "styleName": "R"})
    fb.setupOS2()
    fb.setupPost()
    buf = io.BytesIO()
    fb.save(buf)
    with pytest.raises(ValueError, match="no icon ligatures"):
        icon_font.subset_icon_font(buf.getvalue())


def _empty_glyph():
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    return TTGlyphPen(None).glyph()


PATH = f"/static/media/{FONT.name}" if FONT else ""


def font_client(cache_dir, prepare_icons: bool = True):
    """A Starlette app serving the installed icon font behind :class:`CompressedStatic`."""
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.responses import Response
    from starlette.routing import Route

    from tests.ui.test_server import Client

    whole = FONT.read_bytes()

    async def font(request):
        return Response(whole, media_type="font/woff2")

    return Client(Starlette(routes=[Route(PATH, font)], middleware=[
        Middleware(CompressedStatic, cache_dir=cache_dir, prepare_icons=prepare_icons)]))


def _until_cut(c, headers=None):
    whole, deadline = FONT.stat().st_size, time.time() + 120
    got = c.get(PATH, headers=headers)
    while len(got.raw) == whole and time.time() < deadline:
        time.sleep(0.2)
        got = c.get(PATH, headers=headers)
    return got


def test_serve_sends_the_cut_font_once_it_is_ready(tmp_path):
    whole = FONT.read_bytes()
    got = _until_cut(font_client(tmp_path), {"Accept-Encoding": "gzip, br"})
    assert len(got.raw) < len(whole) / 10
    assert int(got.headers["content-length"]) == len(got.raw)
    assert "content-encoding" not in got.headers          # a woff2 is compressed already
    assert _ligatures(got.raw) == icon_names_in(_ligatures(whole))
    # a new server process takes the cut font from the disk cache at once
    fresh = font_client(tmp_path, prepare_icons=False)
    assert fresh.get(PATH, headers={"Accept-Encoding": "gzip"}).raw == got.raw


def test_the_cut_font_goes_to_clients_that_ask_for_no_compression(tmp_path):
    whole = FONT.read_bytes()
    c = font_client(tmp_path)
    assert len(_until_cut(c).raw) < len(whole) / 10
    # a byte range of the font is the whole font's (the cut one has other offsets)
    assert c.get(PATH, headers={"Range": "bytes=0-99"}).raw == whole
