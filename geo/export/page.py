"""Paper sizes of the map exports: A4/A3, landscape/portrait, exact pixel sizes."""
from __future__ import annotations

from geo.errors import choice
from geo.export._atomic import ExportError

__all__ = ["PAGES", "ORIENTATIONS", "page_size"]

#: paper sizes, millimetres (short side, long side)
PAGES = {"a4": (210.0, 297.0), "a3": (297.0, 420.0)}
ORIENTATIONS = ("landscape", "portrait")


def page_size(page: str = "a4", orientation: str = "landscape", dpi: int = 300
              ) -> tuple[float, float]:
    """Figure size in inches, rounded so the pixel size is exact at ``dpi``.

    Examples
    --------
    >>> w, h = page_size("a4", "landscape", 300)
    >>> round(w * 300), round(h * 300)
    (3508, 2480)
    """
    page = str(page).lower()
    choice("page", page, PAGES, error=ExportError)
    choice("orientation", orientation, ORIENTATIONS, error=ExportError)
    if not isinstance(dpi, int) or isinstance(dpi, bool) or not 50 <= dpi <= 1200:
        raise ExportError(f"dpi {dpi!r} is not a whole number from 50 to 1200")
    short, long = (round(mm / 25.4 * dpi) / dpi for mm in PAGES[page])
    return (long, short) if orientation == "landscape" else (short, long)
