"""Paper sizes of the map exports: A4/A3, landscape/portrait, exact pixel sizes; the
table style of the printed pages."""
from __future__ import annotations

from geo.errors import choice
from geo.export._atomic import ExportError

__all__ = ["PAGES", "ORIENTATIONS", "page_size", "page_table"]

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


def page_table(ax, header: list, rows: list, widths: list, *, align: str, header_align: str,
               fontsize: float):
    """A matplotlib table on ``ax`` in the style of the printed pages (the summary page of
    a map export, the progress report): grey cell edges, a shaded header row, one fixed
    font size.

    Parameters
    ----------
    ax : the matplotlib Axes to draw on (its top centre holds the table).
    header, rows : the column labels and the rows of cell texts.
    widths : each column's width, as a fraction of the axes' width.
    align, header_align : ``"left"``, ``"center"`` or ``"right"``, of the body cells and
        of the header cells.
    fontsize : points, of every cell.

    Returns
    -------
    matplotlib.table.Table, for the caller's own row heights and cell tweaks.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> ax = Figure().add_subplot()
    >>> table = page_table(ax, ["省", "km"], [["上海市", "12.5"]], [0.5, 0.5],
    ...                    align="right", header_align="center", fontsize=8)
    >>> table[0, 0].get_facecolor() == table[0, 1].get_facecolor() != table[1, 0].get_facecolor()
    True
    >>> table[1, 1].get_text().get_text(), table[1, 1].get_text().get_fontsize()
    ('12.5', 8.0)
    """
    table = ax.table(cellText=rows, colLabels=header, loc="upper center", cellLoc=align,
                     colLoc=header_align, colWidths=widths)
    table.auto_set_font_size(False)
    table.set_fontsize(fontsize)
    for (r, _), cell in table.get_celld().items():
        cell.set_edgecolor("#bbbbbb")
        if r == 0:
            cell.set_facecolor("#eef2f7")
    return table
