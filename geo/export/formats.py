"""Every export format as data: extension, MIME type, titles, and the function that writes it.

``MAP_FORMATS`` are snapshots of the map (``png``, ``pdf``, ``svg``, ``html``);
``DATA_FORMATS`` are the filtered items (``geojson``, ``gpkg``, ``csv``, ``kml``,
``shp``, ``xlsx``). :func:`write` (and :func:`to_bytes`) is the one export function:
it dispatches on each format's ``kind`` and ``writer``; the CLI and the app panel
call it and list formats from here.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from geo.export._atomic import ExportError

__all__ = ["Format", "FORMATS", "MAP_FORMATS", "DATA_FORMATS", "get_format", "write",
           "to_bytes", "write_data"]


@dataclass(frozen=True)
class Format:
    key: str
    ext: str
    mime: str
    zh: str
    en: str
    kind: str = "data"                 # "data", "map" (static snapshot) or "html"
    writer: str = ""                   # "module:function" that writes it (kind data/map)
    options: tuple = ()                # the keyword options its writer takes

    def title(self, lang: str) -> str:
        return {"zh": self.zh, "en": self.en}[lang]


_MAP_OPTIONS = ("lang", "filters", "title", "page", "orientation", "dpi", "extent",
                "subtitle", "date", "summary_page")
_W = "geo.export."
FORMATS: dict[str, Format] = {f.key: f for f in (
    Format("png", "png", "image/png", "PNG 图片（300 dpi，可插入 Word/PPT）",
           "PNG image (300 dpi, for Word/PowerPoint)", "map", _W + "static_map:write_map",
           _MAP_OPTIONS),
    Format("pdf", "pdf", "application/pdf", "PDF 矢量图（文字可选）", "PDF vector (selectable text)",
           "map", _W + "static_map:write_map", _MAP_OPTIONS),
    Format("svg", "svg", "image/svg+xml", "SVG 矢量图", "SVG vector", "map",
           _W + "static_map:write_map", _MAP_OPTIONS),
    Format("html", "html", "text/html", "离线交互网页（单个 HTML 文件）",
           "Offline interactive page (one HTML file)", "html", _W + "html:write_html",
           ("html_map", "title", "allow", "lang", "filters")),
    Format("geojson", "geojson", "application/geo+json", "GeoJSON", "GeoJSON", "data",
           _W + "geojson:write_geojson"),
    Format("gpkg", "gpkg", "application/geopackage+sqlite3", "GeoPackage（每个图层一张表）",
           "GeoPackage (one table per layer)", "data", _W + "geopackage:write_gpkg"),
    Format("csv", "csv", "text/csv", "CSV（Excel，含 WKT 几何）", "CSV (Excel, WKT geometry)",
           "data", _W + "csvwkt:write_csv", ("guard_formulas",)),
    Format("kml", "kml", "application/vnd.google-earth.kml+xml", "KML（奥维/Google Earth）",
           "KML (Ovi / Google Earth)", "data", _W + "kml:write_kml", ("lang", "title")),
    Format("shp", "zip", "application/zip", "Shapefile 压缩包（ArcGIS）", "Zipped Shapefile (ArcGIS)",
           "data", _W + "shapefile:write_shapefile"),
    Format("xlsx", "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
           "Excel 统计表（分省 km/km²）", "Excel table (km/km² per province)", "data",
           _W + "xlsx:write_xlsx", ("lang", "filters", "title", "guard_formulas")),
)}
MAP_FORMATS = tuple(k for k, f in FORMATS.items() if f.kind in ("map", "html"))
DATA_FORMATS = tuple(k for k, f in FORMATS.items() if f.kind == "data")


def get_format(key: str) -> Format:
    """The :class:`Format` of ``key``; ``ExportError`` lists the accepted keys.

    Examples
    --------
    >>> get_format("shp").ext
    'zip'
    """
    fmt = FORMATS.get(str(key).lower())
    if fmt is None:
        raise ExportError(f"format {key!r} is not one of {', '.join(FORMATS)}")
    return fmt


def _writer(f: Format):
    import importlib

    module, name = f.writer.split(":")
    return getattr(importlib.import_module(module), name)


def write(fmt: str, items, path: str | os.PathLike, **options) -> Path:
    """Write ``items`` in format ``fmt`` to ``path`` (atomically): the one export
    function the CLI and the app call, driven by :data:`FORMATS` (each format's
    ``kind``, writer and the options it takes).

    ``options``: ``lang``, ``filters``, ``title`` for every format; ``page``,
    ``orientation``, ``dpi``, ``extent``, ``subtitle``, ``date``, ``summary_page`` for
    the static maps; ``html_map`` (the folium map, made by the door: the engine does
    not draw web maps) and ``allow`` for ``html``. An option the format does not use
    is ignored; a name no format knows raises :class:`ExportError`.

    Raises :class:`ExportError` for an unknown format, no items or an unknown option.

    Examples
    --------
    >>> import tempfile, geopandas as gpd, shapely
    >>> items = gpd.GeoDataFrame({"id": ["a"], "name_zh": ["甲"]},
    ...                          geometry=[shapely.Point(121.4, 31.2)], crs=4326)
    >>> with tempfile.TemporaryDirectory() as d:
    ...     write("geojson", items, f"{d}/a.geojson").suffix
    '.geojson'
    """
    f = get_format(fmt)
    known = {o for g in FORMATS.values() for o in g.options}
    unknown = sorted(set(options) - known)
    if unknown:
        raise ExportError(f"export option {unknown[0]!r} is not one of {', '.join(sorted(known))}")
    if len(items) == 0:
        raise ExportError("no items match the filters: nothing to export")
    mine = {k: v for k, v in options.items() if k in f.options}
    if f.kind == "html":
        fmap = mine.pop("html_map", None)
        if fmap is None:
            raise ExportError("html needs html_map= (the folium map to write, e.g. "
                              "layers.map_builder.folium_map(items, lang))")
        from geo.export.describe import default_title

        title = mine.get("title") or default_title(mine.get("filters"), mine.get("lang", "zh"))
        return _writer(f)(fmap, path, title=title, allow=mine.get("allow", ()))
    if f.kind == "map":
        return _writer(f)(items, path, fmt=f.key, **mine)
    return _writer(f)(items, path, **mine)


def to_bytes(fmt: str, items, **options) -> bytes:
    """The bytes :func:`write` would write (through a temporary file)."""
    import tempfile

    f = get_format(fmt)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"export.{f.ext}"
        write(f.key, items, path, **options)
        return path.read_bytes()


def write_data(fmt: str, items, path: str | os.PathLike, *, lang: str = "zh",
               filters=None, title: str | None = None, guard_formulas: bool = True) -> Path:
    """Write ``items`` in data format ``fmt`` to ``path`` (atomically): :func:`write`
    for the data formats only (``guard_formulas``: CSV/XLSX cells that Excel would run
    as formulas are made text).

    ``guard_formulas`` (CSV, XLSX): text a spreadsheet would run as a formula gets a
    leading apostrophe (default); ``False`` for cells exactly as they are.

    Raises :class:`ExportError` for a map format, an unknown format or no items.
    """
    f = get_format(fmt)
    if f.kind != "data":
        raise ExportError(f"{f.key!r} is a map format; data formats: {', '.join(DATA_FORMATS)}")
    return write(f.key, items, path, lang=lang, filters=filters, title=title,
                 guard_formulas=guard_formulas)
