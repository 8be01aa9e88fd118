"""The CJK font of every static map: Noto Sans SC, installed from PyPI on any OS.

The font ships in the wheel ``pylopdf-fonts-zh-cn==0.1.1`` (Noto Sans SC Regular,
SIL OFL 1.1, from notofonts/noto-cjk), so Chinese text renders the same on a
planner's Windows PC, a Mac or a Debian server without a system font install.
:func:`register` adds it to matplotlib's font manager; :func:`rc` gives the
rcParams a render runs under: that family for all text, PDF text as embedded
Type 42 fonts (real, selectable text with a Unicode map) and SVG text as
``<text>`` elements.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

__all__ = ["FONT_PACKAGE", "font_path", "register", "rc"]

#: the PyPI distribution that ships the font (pinned in pyproject.toml)
FONT_PACKAGE = "pylopdf-fonts-zh-cn==0.1.1"


def font_path() -> Path:
    """Path of the bundled ``NotoSansSC-Regular.otf``.

    Raises
    ------
    ImportError naming the package to install when it is missing.

    Examples
    --------
    >>> font_path().name
    'NotoSansSC-Regular.otf'
    """
    try:
        import pylopdf_fonts_zh_cn
    except ImportError as exc:
        raise ImportError(f"static maps need the CJK font package: pip install "
                          f"'{FONT_PACKAGE}' ({exc})") from exc
    path = Path(pylopdf_fonts_zh_cn.sans_path())
    if not path.is_file():
        raise ImportError(f"{path} is missing; reinstall '{FONT_PACKAGE}'")
    return path


@lru_cache(maxsize=1)
def register() -> str:
    """Add the font to matplotlib's font manager (once); return its family name.

    Examples
    --------
    >>> register()
    'Noto Sans SC'
    """
    from matplotlib import font_manager

    path = font_path()
    font_manager.fontManager.addfont(str(path))
    return font_manager.FontProperties(fname=str(path)).get_name()


def rc() -> dict:
    """rcParams for a render: the CJK family everywhere, selectable PDF/SVG text.

    Examples
    --------
    >>> rc()["pdf.fonttype"], rc()["svg.fonttype"], rc()["font.family"]
    (42, 'none', ['Noto Sans SC'])
    """
    family = register()
    return {
        "font.family": [family],
        "font.sans-serif": [family],
        "pdf.fonttype": 42,     # embed the font: text stays text (CID font + ToUnicode)
        "ps.fonttype": 42,
        "svg.fonttype": "none",  # <text> elements, not paths
        "axes.unicode_minus": False,
        "svg.hashsalt": "yrdmap",  # stable ids: the same map gives the same SVG
    }
