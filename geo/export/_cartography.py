"""Cartographic furniture for static maps: scale bar, north arrow, inset locator, wrapped text.

Every element is drawn in its own axes outside the map frame, so none covers
the data. Sizes are in points; pass ``k`` (page scale, 1 for A4) to grow them
with the page.
"""
from __future__ import annotations

import math
import unicodedata

from geo import crs
from geo.display import metres_per_pixel
from geo.i18n import t

__all__ = ["nice_scale_km", "frame_only", "draw_scale_bar", "draw_north_arrow", "draw_inset", "wrap_text",
           "north_angle", "nominal_scale", "equivalent_zoom", "draw_place_names"]

#: place-name styles by level: (font size in pt, colour); the app's map uses the same
#: label points (data/boundaries/labels.geojson) and the same zoom rule
PLACE_NAME_STYLE = {"province": (10.5, "#4a4a4a"), "city": (7.0, "#5a5a5a"),
                    "county": (6.5, "#6e6e6e"), "lake": (6.0, "#3b6e9e"),
                    "river": (6.0, "#3b6e9e")}


def nice_scale_km(max_km: float) -> float:
    """The largest round length (1, 2 or 5 × 10ⁿ km) not above ``max_km``.

    Examples
    --------
    >>> nice_scale_km(73), nice_scale_km(180), nice_scale_km(9.9), nice_scale_km(0.7)
    (50.0, 100.0, 5.0, 0.5)
    """
    if not max_km > 0:
        raise ValueError(f"max_km {max_km!r} must be positive")
    exp = math.floor(math.log10(max_km))
    for step in (5, 2, 1):
        value = step * 10 ** exp
        if value <= max_km * (1 + 1e-9):
            return float(value)
    return float(10 ** exp)


def nominal_scale(m_per_inch: float) -> int:
    """The map scale 1:N at the printed page size, N rounded to 3 significant digits.

    Examples
    --------
    >>> nominal_scale(100_000 * 0.0254)
    100000
    """
    n = m_per_inch / 0.0254
    digits = max(0, int(math.floor(math.log10(n))) - 2)
    return int(round(n / 10 ** digits) * 10 ** digits)


def draw_scale_bar(ax, m_per_inch: float, width_in: float, fontsize: float, lang: str,
                   note: str = "") -> float:
    """Draw a 4-segment scale bar into the empty axes ``ax`` (which is ``width_in`` wide).

    The axes' x unit is the kilometre at map scale; the bar is the largest round
    length that fits in 80 % of the axes; ``note`` (the nominal scale) follows the
    unit. Returns the bar's length in km.
    """
    km_per_inch = m_per_inch / 1000.0
    total_km = width_in * km_per_inch
    length = nice_scale_km(0.8 * total_km)
    ax.set_xlim(0, total_km)
    ax.set_ylim(0, 1)
    ax.set_axis_off()
    seg = length / 4
    for i in range(4):
        ax.add_patch(_rect(i * seg, 0.55, seg, 0.18, "#222222" if i % 2 == 0 else "#ffffff"))
    fmt = (lambda v: f"{v:g}")
    for v in (0, length / 2, length):
        ax.text(v, 0.42, fmt(v), ha="center", va="top", fontsize=fontsize)
    unit = t("mapdoc.scale_unit", lang)
    ax.text(length + total_km * 0.02, 0.64, f"{unit}    {note}" if note else unit,
            ha="left", va="center", fontsize=fontsize, color="#222222", clip_on=False)
    return length


def _rect(x, y, w, h, face):
    from matplotlib.patches import Rectangle

    return Rectangle((x, y), w, h, facecolor=face, edgecolor="#222222", linewidth=0.6)


def frame_only(ax, linewidth: float, edgecolor: str | None = None) -> None:
    """Strip ``ax`` to its frame: no ticks or axis labels, spines ``linewidth`` wide."""
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel("")
    ax.set_ylabel("")
    for spine in ax.spines.values():
        if edgecolor is not None:
            spine.set_edgecolor(edgecolor)
        spine.set_linewidth(linewidth)


def north_angle(x: float, y: float) -> float:
    """Angle (degrees, counter-clockwise from the page's up) of true north at METRIC x, y.

    Zero on the central meridian (119°E); about ±1.5° at the YRD's east and west edges.
    """
    lon, lat = crs.project((x, y), crs.METRIC, crs.STORAGE)
    x2, y2 = crs.project((lon, lat + 0.1), crs.STORAGE, crs.METRIC)
    return math.degrees(math.atan2(-(x2 - x), y2 - y))


def draw_north_arrow(ax, angle: float, fontsize: float, lang: str) -> None:
    """A north arrow (a split triangle and N/北) pointing ``angle`` degrees from up."""
    from matplotlib.patches import Polygon
    from matplotlib.transforms import Affine2D

    ax.set_xlim(-1, 1)
    ax.set_ylim(-1.25, 1.25)
    ax.set_aspect("equal")
    ax.set_axis_off()
    rot = Affine2D().rotate_deg(angle) + ax.transData
    ax.add_patch(Polygon([(0, 0.75), (-0.32, -0.55), (0, -0.3)], closed=True,
                         facecolor="#222222", edgecolor="#222222", linewidth=0.6, transform=rot))
    ax.add_patch(Polygon([(0, 0.75), (0.32, -0.55), (0, -0.3)], closed=True,
                         facecolor="#ffffff", edgecolor="#222222", linewidth=0.6, transform=rot))
    r = math.radians(angle)
    ax.text(-math.sin(r) * 1.02, math.cos(r) * 1.02, t("mapdoc.north", lang),
            ha="center", va="center", fontsize=fontsize)


def draw_inset(ax, provinces_metric, extent: tuple, lang: str, fontsize: float,
               land: str, sea: str) -> None:
    """The four provinces with the main map's ``extent`` outlined in red."""
    from matplotlib.patches import Rectangle

    provinces_metric.plot(ax=ax, facecolor=land, edgecolor="#777777", linewidth=0.4,
                          aspect=None)
    x0, y0, x1, y1 = extent
    px0, py0, px1, py1 = provinces_metric.total_bounds
    bx0, by0 = min(x0, px0), min(y0, py0)
    bx1, by1 = max(x1, px1), max(y1, py1)
    # fit the union into the inset's box with equal scale
    bbox = ax.get_position()
    fig_w, fig_h = ax.figure.get_size_inches()
    aspect = (bbox.height * fig_h) / (bbox.width * fig_w)
    cx, cy = (bx0 + bx1) / 2, (by0 + by1) / 2
    half_w = max(bx1 - bx0, (by1 - by0) / aspect) * 0.53
    half_h = half_w * aspect
    ax.set_xlim(cx - half_w, cx + half_w)
    ax.set_ylim(cy - half_h, cy + half_h)
    ax.set_facecolor(sea)
    ax.add_patch(Rectangle((x0, y0), x1 - x0, y1 - y0, fill=False, edgecolor="#d62728",
                           linewidth=1.4, zorder=5))
    frame_only(ax, 0.6, "#666666")
    ax.set_title(t("mapdoc.inset", lang), fontsize=fontsize, loc="left",
                 pad=2)


_NO_LINE_START = set("，。、；：？！）》」』】〕”’,.;:?!)")


def _char_width(ch: str) -> float:
    return 1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.56


def wrap_text(text: str, width_pt: float, fontsize: float, measure=None) -> str:
    """Wrap ``text`` to ``width_pt`` points: CJK breaks anywhere, Latin at spaces.

    ``measure(str) -> points`` gives exact widths (a renderer); without it widths
    are estimated (CJK 1 em, Latin 0.56 em).

    Examples
    --------
    >>> print(wrap_text("长三角一体化 project map of the Yangtze River Delta", 60, 10))
    长三角一体化
    project
    map of the
    Yangtze
    River
    Delta
    """
    measure = measure or (lambda s: sum(_char_width(c) for c in s) * fontsize)
    lines = []
    for para in str(text).split("\n"):
        tokens, word = [], ""
        for ch in para:
            if _char_width(ch) == 1.0 or ch == " ":
                if word:
                    tokens.append(word)
                    word = ""
                tokens.append(ch)
            else:
                word += ch
        if word:
            tokens.append(word)
        line: list[str] = []
        for tok in tokens:
            cand = "".join(line) + tok
            if line and measure(cand.rstrip()) > width_pt:
                carry = []
                if tok in _NO_LINE_START and len(line) > 1:
                    # 避头尾: a closing mark never starts a line; the word before it goes along
                    carry = [line.pop()]
                lines.append("".join(line).rstrip())
                line = [t for t in carry + [tok]]
                if line and line[0] == " ":
                    line.pop(0)
            else:
                line.append(tok)
        line = "".join(line)
        lines.append(line.rstrip())
    return "\n".join(lines)


def equivalent_zoom(width_m: float, screen_px: int = 1200, latitude: float = 31.0) -> int:
    """The web-map zoom at which ``width_m`` of map fill ``screen_px`` pixels: the static
    map shows the names the app's map shows at that zoom.

    Examples
    --------
    >>> equivalent_zoom(900_000), equivalent_zoom(120_000)
    (7, 10)
    """
    if not width_m > 0:
        raise ValueError(f"width_m {width_m!r} must be positive")
    # the zoom at which one pixel covers width_m / screen_px: each zoom halves the metres
    z = math.log2(metres_per_pixel(0, latitude) / (width_m / screen_px))
    return int(math.floor(z + 1e-9))


def draw_place_names(ax, labels_metric, window, lang: str, k: float, zoom: int) -> int:
    """Draw the names of ``labels_metric`` (geo.basemap.load_labels in the map's CRS) that
    the app's map shows at ``zoom``, with a white halo; returns how many were drawn."""
    import matplotlib.patheffects as pe

    from geo.build.labels import ZOOMS

    halo = [pe.withStroke(linewidth=2.0 * k, foreground="white")]
    bit = min(max(zoom, ZOOMS[0]), ZOOMS[-1]) - ZOOMS[0]
    col = "name_zh" if lang == "zh" else "name_en"
    mask = labels_metric[f"zooms_{lang}"].to_numpy()
    n = 0
    for name, level, m, pt in zip(labels_metric[col], labels_metric.level, mask,
                                  labels_metric.geometry):
        if zoom < ZOOMS[0] and level != "province":
            continue
        if not (int(m) >> bit) & 1 or not window.contains(pt):
            continue
        size, color = PLACE_NAME_STYLE[level]
        ax.text(pt.x, pt.y, name, fontsize=size * k, color=color, ha="center", va="center",
                zorder=4, path_effects=halo, clip_on=True,
                fontstyle="italic" if level in ("lake", "river") else "normal")
        n += 1
    return n
