"""Static map snapshots (PNG, PDF, SVG) a planner can put straight into a report.

Rendered with matplotlib, offline, from the same layers, filters and registry
styles as the web map, in :data:`geo.crs.METRIC` (a YRD Lambert conformal
conic) so the scale bar is true. The page (A4/A3, landscape/portrait) holds:

- the title (default from the filters, in the UI language) and a subtitle with
  the filter summary, above the map;
- the map frame: background (land, lakes, city and province borders, place
  names) and the items, nothing else inside it;
- beside (landscape) or below (portrait) it: an inset locator of the four
  provinces with the map's extent outlined, the legend (only what is drawn),
  and the source block (boundary source and datum conversion, GSHHG/WDBII,
  the plan document, CRS, extent, date);
- under the frame: a scale bar of round kilometres, the nominal scale at the
  printed size, and a north arrow turned to true north at the map's centre.

Text is set in Noto Sans SC (:mod:`geo.export.fonts`); PDF and SVG keep it as
real, selectable text. PNG pixel sizes are exact: A4 landscape at 300 dpi is
3508 × 2480 px.
"""
from __future__ import annotations

import datetime as dt
import io
import os
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import shapely

import geo.export._cartography as carto
import geo.export.fonts as fonts
from geo import crs
from geo.catalog import load_lakes, load_regions
from geo.errors import choice
from geo.export._atomic import ExportError, atomic_path
from geo.export.describe import check_lang, default_title, filter_summary
from geo.export.extent import describe_extent, metric_extent, parse_extent
from geo.export.page import ORIENTATIONS, PAGES, page_size
from geo.i18n import t
from geo.regions import Region

__all__ = ["PAGES", "ORIENTATIONS", "FORMATS", "page_size", "make_figure", "write_map",
           "map_bytes", "source_note"]

FORMATS = ("png", "pdf", "svg")
_KIND_Z = {"fill": 5, "line": 6, "point": 7}
#: the keys of :func:`geo.export.mpl_style.project_style` each kind is drawn with
_PLOT_STYLE = {"fill": ("facecolor", "edgecolor", "linewidth", "linestyle"),
               "line": ("color", "linewidth", "linestyle", "alpha"),
               "point": ("facecolor", "edgecolor", "linewidth")}


def source_note(lang: str, extent_text: str, date: dt.date) -> str:
    """The source/attribution block's text."""
    return t("mapdoc.source_note", lang, source=t("mapdoc.source", lang),
             crs=t("mapdoc.crs", lang), extent=extent_text, date=date.isoformat())


@lru_cache(maxsize=8)
def _background(kind: str, resolution: str) -> gpd.GeoDataFrame:
    gdf = load_lakes() if kind == "lakes" else load_regions(kind, resolution)
    return gdf.to_crs(crs.METRIC)


def _resolution(extent: tuple) -> str:
    span_km = max(extent[2] - extent[0], extent[3] - extent[1]) / 1000
    return "s1000" if span_km > 400 else ("s100" if span_km > 60 else "full")


def _layout(w: float, h: float, landscape: bool, k: float) -> dict:
    """Axes rectangles in inches (x, y, width, height) for every part of the page."""
    m, header, footer, gap = 0.35 * k, 0.78 * k, 0.55 * k, 0.2 * k
    if landscape:
        panel_w = 2.75 * k
        map_w = w - 2 * m - panel_w - gap
        map_rect = (m, m + footer, map_w, h - 2 * m - header - footer)
        px = w - m - panel_w
        top = h - m - header
        inset_h = 2.05 * k
        notes_h = 1.55 * k
        return {"map": map_rect, "footer": (m, m, map_w, footer * 0.9),
                "inset": (px, top - inset_h, panel_w, inset_h),
                "legend": (px, m + notes_h + gap / 2, panel_w, top - inset_h - gap - m - notes_h),
                "notes": (px, m, panel_w, notes_h)}
    panel_h = 2.45 * k
    notes_h = 0.78 * k
    map_w = w - 2 * m
    map_y = m + notes_h + panel_h + footer
    inset_w = 2.35 * k
    return {"map": (m, map_y, map_w, h - m - header - map_y),
            "footer": (m, map_y - footer, map_w, footer * 0.9),
            "inset": (m, m + notes_h + 0.15 * k, inset_w, panel_h - 0.3 * k),
            "legend": (m + inset_w + gap, m + notes_h, map_w - inset_w - gap, panel_h),
            "notes": (m, m, map_w, notes_h - 0.08 * k)}


def _axes(fig, rect, w, h):
    x, y, rw, rh = rect
    return fig.add_axes((x / w, y / h, rw / w, rh / h))


def _fit(extent: tuple, box_w: float, box_h: float) -> tuple:
    """Grow ``extent`` to the box's aspect ratio (equal scale in x and y)."""
    x0, y0, x1, y1 = extent
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    sx, sy = (x1 - x0) / box_w, (y1 - y0) / box_h
    s = max(sx, sy)
    return (cx - s * box_w / 2, cy - s * box_h / 2, cx + s * box_w / 2, cy + s * box_h / 2)


def _draw_background(ax, registry, extent, lang: str, k: float) -> dict:
    from geo.export.mpl_style import LAND, background_style

    res = _resolution(extent)
    x0, y0, x1, y1 = extent
    window = shapely.box(x0, y0, x1, y1).buffer(max(x1 - x0, y1 - y0) * 0.05)
    drawn = {}
    provinces = _background("province", res)
    provinces[provinces.intersects(window)].plot(ax=ax, facecolor=LAND, edgecolor="none",
                                                 zorder=1, aspect=None)
    z = {"lakes": 2, "sea": 1.5, "rivers": 2.1, "regions:county": 2.2, "regions:city": 2.5,
         "regions:province": 3}
    for entry in registry.background:
        if not entry.show or entry.source == "labels":
            continue
        if entry.source in ("sea", "rivers"):
            gdf = _basemap(entry.source)
        else:
            gdf = _background("lakes" if entry.source == "lakes" else entry.source.split(":")[1],
                              res)
        gdf = gdf[gdf.intersects(window)]
        if len(gdf) == 0:
            continue
        style = background_style(entry)
        if entry.source not in ("lakes", "sea"):
            style["facecolor"] = "none"
        if entry.source == "sea":
            style["edgecolor"] = "none"
        gdf.plot(ax=ax, zorder=z[entry.source], aspect=None, **style)
        drawn[entry.id] = {entry.legend}
    if any(e.source == "labels" and e.show for e in registry.background):
        width_m = x1 - x0
        carto.draw_place_names(ax, _labels_metric(), window, lang, k,
                               carto.equivalent_zoom(width_m))
    return drawn


@lru_cache(maxsize=2)
def _basemap(source: str) -> gpd.GeoDataFrame:
    """The sea mask or the named rivers (geo.basemap), in METRIC."""
    from geo.basemap import load_rivers, load_sea

    gdf = load_sea() if source == "sea" else load_rivers()
    if source == "rivers":
        gdf = gdf[gdf.name_zh.notna()]
    return gdf.to_crs(crs.METRIC)


@lru_cache(maxsize=1)
def _labels_metric() -> gpd.GeoDataFrame:
    from geo.basemap import load_labels

    return load_labels().to_crs(crs.METRIC)


def _draw_items(ax, items_m: gpd.GeoDataFrame, registry) -> tuple[dict, set]:
    from geo.export.mpl_style import project_style

    drawn, statuses = {}, set()
    dims = shapely.get_dimensions(items_m.geometry.values)
    kinds = {2: "fill", 1: "line", 0: "point"}
    for entry in registry.projects:
        mask = (items_m["layer"] == entry.project_layer).to_numpy()
        if not mask.any():
            continue
        part = items_m[mask]
        part_dims = dims[mask]
        drawn[entry.id] = set()
        for dim, kind in kinds.items():
            sub = part[part_dims == dim]
            for status, group in sub.groupby("status", sort=True):
                st = project_style(entry.project_layer, status, kind)
                statuses.add(registry.status_class(status).id)
                keywords = {k: st[k] for k in _PLOT_STYLE[kind]}
                if kind == "point":
                    keywords.update(marker="o", markersize=st["markersize"] ** 2)
                group.plot(ax=ax, zorder=_KIND_Z[kind], aspect=None, **keywords)
            if len(sub):
                drawn[entry.id].add(kind)
    return drawn, statuses


def _draw_legend(ax, registry, drawn: dict, statuses: set, lang: str, k: float,
                 landscape: bool) -> None:
    from matplotlib.legend_handler import HandlerTuple

    from geo.export.mpl_style import legend_handle
    from geo.legend import legend_rows

    ax.set_axis_off()
    rows = legend_rows(registry, drawn, statuses, lang)
    handles = [tuple(legend_handle(kind, style) for kind, style in r.swatches) for r in rows]
    labels = [r.label for r in rows]
    title = t("mapdoc.legend", lang)
    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    box = ax.get_window_extent(renderer)
    for size, ncols in ((8.0, 1), (7.0, 1), (8.0, 2), (7.0, 2), (6.0, 2), (5.5, 3)):
        if landscape and ncols > 1 and size > 6.0:
            continue
        leg = ax.legend(handles, labels, loc="upper left", frameon=False, title=title,
                        fontsize=size * k, title_fontsize=(size + 1) * k, ncols=ncols,
                        alignment="left", borderaxespad=0.0, handlelength=5.0,
                        handler_map={tuple: HandlerTuple(ndivide=None, pad=0.3)})
        ext = leg.get_window_extent(renderer)
        if ext.height <= box.height + 1 and ext.width <= box.width + 1:
            return


def make_figure(items: gpd.GeoDataFrame, *, page: str = "a4", orientation: str = "landscape",
                dpi: int = 300, title: str | None = None, subtitle: str | None = None,
                extent="filtered", lang: str = "zh", filters: Mapping | None = None,
                date: dt.date | None = None):
    """Lay out and draw the map page; return the matplotlib ``Figure`` (not saved).

    Parameters
    ----------
    items : the items to draw (WGS84 or any CRS), with ``layer`` and ``status``.
    page, orientation, dpi : ``a4``/``a3``, ``landscape``/``portrait``, 50–1200.
    title : the title; default :func:`geo.export.describe.default_title` of ``filters``.
    subtitle : default :func:`geo.export.describe.filter_summary` of ``filters``.
    extent : ``"filtered"``, ``"yrd"``, ``"region:NAME"``, a Region or a WGS84 bbox
        (see :mod:`geo.export.extent`).
    lang : ``"zh"`` or ``"en"``: every word on the page.
    filters : the :func:`geo.select.filter_projects` arguments that selected ``items``.
    date : printed in the source block (default today).
    """
    from matplotlib import rc_context
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from geo.export.mpl_style import LAND, SEA
    from geo.registry import load_registry

    check_lang(lang)
    if items.crs is None:
        raise ExportError("items have no CRS; set one (EPSG:4326 for lon/lat)")
    if len(items) == 0:
        raise ExportError("no items match the filters: nothing to draw")
    w, h = page_size(page, orientation, dpi)
    landscape = orientation == "landscape"
    k = min(w, h) / (PAGES["a4"][0] / 25.4)
    date = date or dt.date.today()
    registry = load_registry()
    items_m = items.to_crs(crs.METRIC)
    box = metric_extent(extent, items)
    if title is None:
        title = default_title(filters, lang)
        spec = parse_extent(extent) if isinstance(extent, str) else extent
        if isinstance(spec, Region) and not (filters or {}).get("provinces") \
                and not (filters or {}).get("cities"):
            title += " · " + spec.label(lang)
    with rc_context(fonts.rc()):
        fig = Figure(figsize=(w, h), dpi=dpi, facecolor="white")
        canvas = FigureCanvasAgg(fig)  # a renderer to measure text (no pyplot: thread-safe)
        canvas.draw_idle = lambda *a, **kw: None  # geopandas asks for a redraw per layer
        rects = _layout(w, h, landscape, k)
        mx, my, mw, mh = rects["map"]
        fig.text(mx / w, (h - 0.35 * k) / h, title,
                 fontsize=18 * k, va="top", ha="left")
        fig.text(mx / w, (h - 0.35 * k - 0.43 * k) / h,
                 subtitle if subtitle is not None else filter_summary(filters, len(items), lang),
                 fontsize=9 * k, va="top", ha="left", color="#444444")
        ax = _axes(fig, rects["map"], w, h)
        ext = _fit(box, mw, mh)
        visible = items_m.intersects(shapely.box(*ext)).to_numpy()
        if not visible.any():
            raise ExportError("no item lies inside the chosen extent; choose another extent")
        items_m = items_m[visible]  # the legend lists only what is on the page
        ax.set_facecolor(SEA)
        drawn = _draw_background(ax, registry, ext, lang, k)
        item_drawn, statuses = _draw_items(ax, items_m, registry)
        drawn.update(item_drawn)
        ax.set_xlim(ext[0], ext[2])
        ax.set_ylim(ext[1], ext[3])
        carto.frame_only(ax, 0.8)
        m_per_inch = (ext[2] - ext[0]) / mw

        fx, fy, fw, fh = rects["footer"]
        bar_w = min(3.2 * k, fw * 0.45)
        scale_txt = f"1:{carto.nominal_scale(m_per_inch):,}"
        scale_txt += t("mapdoc.printed_at", lang, page=page.upper())
        carto.draw_scale_bar(_axes(fig, (fx, fy, bar_w, fh), w, h), m_per_inch, bar_w,
                             7 * k, lang, note=scale_txt)
        arrow = fh * 1.0
        carto.draw_north_arrow(_axes(fig, (fx + fw - arrow, fy, arrow, fh), w, h),
                               carto.north_angle((ext[0] + ext[2]) / 2, (ext[1] + ext[3]) / 2),
                               7 * k, lang)

        inset = _axes(fig, rects["inset"], w, h)
        carto.draw_inset(inset, _background("province", "s1000"), ext, lang, 7.5 * k,
                         LAND, SEA)
        _draw_legend(_axes(fig, rects["legend"], w, h), registry, drawn, statuses, lang, k,
                     landscape)

        nx, ny, nw, nh = rects["notes"]
        size = 6.2 * k
        renderer = fig.canvas.get_renderer()

        def measure(s: str) -> float:
            from matplotlib.font_manager import FontProperties

            width, _, _ = renderer.get_text_width_height_descent(
                s, FontProperties(family=fonts.register(), size=size), ismath=False)
            return width * 72 / dpi

        note = carto.wrap_text(source_note(lang, describe_extent(extent, lang), date),
                               nw * 72, size, measure)
        fig.text(nx / w, (ny + nh) / h, note, fontsize=size, va="top", ha="left",
                 color="#444444", linespacing=1.35)
    fig._yrd_rc = fonts.rc()  # saved under the same settings
    return fig


def _save(fig, target, fmt: str, dpi: int, extra_pages=()) -> None:
    from matplotlib import rc_context

    with rc_context(fig._yrd_rc):
        meta = {"png": {"Software": "yrdmap"}, "pdf": {"Creator": "yrdmap"},
                "svg": {"Creator": "yrdmap"}}[fmt]
        if not extra_pages:
            fig.savefig(target, format=fmt, dpi=dpi, metadata=meta)
            return
        from matplotlib.backends.backend_pdf import PdfPages

        with PdfPages(target, metadata=meta) as pdf:
            pdf.savefig(fig, dpi=dpi)
            for page in extra_pages:
                pdf.savefig(page)


def _pages(items, fmt: str, options: dict):
    """(map figure, extra pages): ``summary_page=True`` appends the statistics table (PDF)."""
    summary = bool(options.pop("summary_page", False))
    if summary and fmt != "pdf":
        raise ExportError(f"summary_page is for PDF only, not {fmt!r}")
    fig = make_figure(items, **options)
    extra = ()
    if summary:
        from geo.export.summary_page import summary_figure

        extra = (summary_figure(items, page=options.get("page", "a4"),
                                orientation=options.get("orientation", "landscape"),
                                lang=options.get("lang", "zh"), date=options.get("date")),)
    return fig, extra


def _format(path, fmt: str | None) -> str:
    fmt = (fmt or Path(path).suffix.lstrip(".")).lower()
    return choice("map format", fmt, FORMATS, error=ExportError)


def write_map(items: gpd.GeoDataFrame, path: str | os.PathLike, *, fmt: str | None = None,
              **options) -> Path:
    """Render ``items`` to a PNG, PDF or SVG file (format from ``fmt`` or the suffix).

    ``options`` are those of :func:`make_figure`, plus ``summary_page=True`` (PDF only)
    to append the per-province statistics table of ``items`` as a second page. The
    file is written atomically.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from geo.select import filter_projects
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "rail.png"
    >>> write_map(filter_projects(layers=["rail"]), out, dpi=60).stat().st_size > 10_000
    True
    """
    fmt = _format(path, fmt)
    fig, extra = _pages(items, fmt, dict(options))
    with atomic_path(path) as tmp:
        _save(fig, tmp, fmt, fig.dpi, extra)
    return Path(path)


def map_bytes(items: gpd.GeoDataFrame, fmt: str, **options) -> bytes:
    """Like :func:`write_map`, returning the file's bytes (for a download button)."""
    fmt = _format(f"x.{fmt}", fmt)
    fig, extra = _pages(items, fmt, dict(options))
    buf = io.BytesIO()
    _save(fig, buf, fmt, fig.dpi, extra)
    return buf.getvalue()
