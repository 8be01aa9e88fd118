"""Every export format as data: extension, MIME type, titles, and the function that writes it.

``MAP_FORMATS`` are snapshots of the map (``png``, ``pdf``, ``svg``, ``html``);
``DATA_FORMATS`` are the filtered items (``geojson``, ``gpkg``, ``csv``, ``kml``,
``shp``, ``xlsx``). :func:`write_data` dispatches on the format key; the CLI
and the app panel list formats from here.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from geo.export._atomic import ExportError

__all__ = ["Format", "FORMATS", "MAP_FORMATS", "DATA_FORMATS", "get_format", "write_data"]


@dataclass(frozen=True)
class Format:
    key: str
    ext: str
    mime: str
    zh: str
    en: str

    def title(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


FORMATS: dict[str, Format] = {f.key: f for f in (
    Format("png", "png", "image/png", "PNG 图片（300 dpi，可插入 Word/PPT）",
           "PNG image (300 dpi, for Word/PowerPoint)"),
    Format("pdf", "pdf", "application/pdf", "PDF 矢量图（文字可选）", "PDF vector (selectable text)"),
    Format("svg", "svg", "image/svg+xml", "SVG 矢量图", "SVG vector"),
    Format("html", "html", "text/html", "离线交互网页（单个 HTML 文件）",
           "Offline interactive page (one HTML file)"),
    Format("geojson", "geojson", "application/geo+json", "GeoJSON", "GeoJSON"),
    Format("gpkg", "gpkg", "application/geopackage+sqlite3", "GeoPackage（每个图层一张表）",
           "GeoPackage (one table per layer)"),
    Format("csv", "csv", "text/csv", "CSV（Excel，含 WKT 几何）", "CSV (Excel, WKT geometry)"),
    Format("kml", "kml", "application/vnd.google-earth.kml+xml", "KML（奥维/Google Earth）",
           "KML (Ovi / Google Earth)"),
    Format("shp", "zip", "application/zip", "Shapefile 压缩包（ArcGIS）", "Zipped Shapefile (ArcGIS)"),
    Format("xlsx", "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
           "Excel 统计表（分省 km/km²）", "Excel table (km/km² per province)"),
)}
MAP_FORMATS = ("png", "pdf", "svg", "html")
DATA_FORMATS = ("geojson", "gpkg", "csv", "kml", "shp", "xlsx")


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


def write_data(fmt: str, items, path: str | os.PathLike, *, lang: str = "zh",
               filters=None, title: str | None = None, guard_formulas: bool = True) -> Path:
    """Write ``items`` in data format ``fmt`` to ``path`` (atomically).

    ``guard_formulas`` (CSV, XLSX): text a spreadsheet would run as a formula gets a
    leading apostrophe (default); ``False`` for cells exactly as they are.

    Raises :class:`ExportError` for a map format, an unknown format or no items.
    """
    f = get_format(fmt)
    if f.key not in DATA_FORMATS:
        raise ExportError(f"{f.key!r} is a map format; data formats: {', '.join(DATA_FORMATS)}")
    if len(items) == 0:
        raise ExportError("no items match the filters: nothing to export")
    if f.key == "geojson":
        from geo.export.geojson import write_geojson
        return write_geojson(items, path)
    if f.key == "gpkg":
        from geo.export.geopackage import write_gpkg
        return write_gpkg(items, path)
    if f.key == "csv":
        from geo.export.csvwkt import write_csv
        return write_csv(items, path, guard_formulas=guard_formulas)
    if f.key == "kml":
        from geo.export.kml import write_kml
        return write_kml(items, path, lang=lang, title=title)
    if f.key == "shp":
        from geo.export.shapefile import write_shapefile
        return write_shapefile(items, path)
    from geo.export.xlsx import write_xlsx
    return write_xlsx(items, path, lang=lang, filters=filters, title=title,
                      guard_formulas=guard_formulas)
