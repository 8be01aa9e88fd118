"""Exports: map snapshots (PNG/PDF/SVG), standalone HTML, and data formats — one module each.

- :mod:`~geo.export.static_map` — the printed map (matplotlib, offline, METRIC CRS);
- :mod:`~geo.export.html` — the interactive map as one offline ``.html``;
- :mod:`~geo.export.geojson`, :mod:`~geo.export.geopackage`, :mod:`~geo.export.csvwkt`,
  :mod:`~geo.export.kml`, :mod:`~geo.export.shapefile`, :mod:`~geo.export.xlsx` — data;
- :mod:`~geo.export.formats` — the formats as data and :func:`write_data`;
- :mod:`~geo.export.filenames` — file names safe on Windows;
- :mod:`~geo.export.describe` — default titles and filter summaries;
- :mod:`~geo.export.extent` — map extents; :mod:`~geo.export.fonts` — the CJK font.

Every writer writes a temporary file beside the target and renames it, so a
failed export leaves nothing half-written. Nothing here imports streamlit.
"""
from geo.export._atomic import ExportError, atomic_path, check_target
from geo.export.csvwkt import read_csv, write_csv
from geo.export.describe import default_title, filter_summary
from geo.export.extent import metric_extent, parse_extent
from geo.export.filenames import export_filename, sanitize
from geo.export.formats import (DATA_FORMATS, FORMATS, MAP_FORMATS, get_format, to_bytes,
                                write, write_data)
from geo.export.geojson import read_geojson, write_geojson
from geo.export.geopackage import read_gpkg, write_gpkg
from geo.export.html import external_references, standalone_html, write_html
from geo.export.kml import read_kml, write_kml
from geo.export.shapefile import read_shapefile, write_shapefile
from geo.export.static_map import make_figure, map_bytes, page_size, write_map
from geo.export.xlsx import read_xlsx, write_xlsx

__all__ = [
    "ExportError", "atomic_path", "check_target",
    "FORMATS", "MAP_FORMATS", "DATA_FORMATS", "get_format", "write", "to_bytes", "write_data",
    "default_title", "filter_summary", "metric_extent", "parse_extent",
    "export_filename", "sanitize",
    "make_figure", "write_map", "map_bytes", "page_size",
    "standalone_html", "write_html", "external_references",
    "write_geojson", "read_geojson", "write_gpkg", "read_gpkg", "write_csv", "read_csv",
    "write_kml", "read_kml", "write_shapefile", "read_shapefile", "write_xlsx", "read_xlsx",
]
