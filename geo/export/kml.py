"""KML 2.2 export for Google Earth and 奥维互动地图 (Ovi): names, descriptions, every property.

One ``<Folder>`` per map layer, titled in the UI language; one ``<Placemark>``
per item with ``<name>`` (the item's name in that language), a ``<description>``
(an HTML table of layer, status, precision, provinces, km/km² and the plan's
text, as Google Earth and Ovi show in the balloon) and ``<ExtendedData>``
holding every property (lists and dicts as JSON text), which
:func:`read_kml` reads back. Coordinates are WGS84 lon,lat as KML requires:
Ovi and Google Earth place them correctly on their (GCJ-02) Chinese basemaps
themselves. Lines are tessellated; layer colours come from the registry.
"""
from __future__ import annotations

import html
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import geopandas as gpd

import geo.export._table as _table
from geo import crs
from geo.errors import InputError
from geo.export._atomic import atomic_path
from geo.i18n import check_lang, t
from geo.schema import LAYERS, PRECISION

__all__ = ["KML_NS", "write_kml", "read_kml", "kml_color"]

KML_NS = "http://www.opengis.net/kml/2.2"
_K = f"{{{KML_NS}}}"


def kml_color(hex_color: str, opacity: float = 1.0) -> str:
    """``#rrggbb`` + opacity → KML's ``aabbggrr``.

    Examples
    --------
    >>> kml_color("#c2185b", 0.5)
    '805b18c2'
    """
    h = hex_color.lstrip("#")
    if len(h) != 6:
        raise InputError(f"colour {hex_color!r} is not #rrggbb")
    return f"{int(round(opacity * 255)):02x}{h[4:6]}{h[2:4]}{h[0:2]}".lower()


def _coords(seq) -> str:
    return " ".join(f"{x!r},{y!r}" for x, y, *_ in seq)


def _geometry(parent: ET.Element, geom) -> None:
    kind = geom.geom_type
    if kind.startswith("Multi") or kind == "GeometryCollection":
        multi = ET.SubElement(parent, "MultiGeometry")
        for part in geom.geoms:
            _geometry(multi, part)
    elif kind == "Point":
        ET.SubElement(ET.SubElement(parent, "Point"), "coordinates").text = _coords(geom.coords)
    elif kind == "LineString":
        line = ET.SubElement(parent, "LineString")
        ET.SubElement(line, "tessellate").text = "1"
        ET.SubElement(line, "coordinates").text = _coords(geom.coords)
    elif kind == "Polygon":
        poly = ET.SubElement(parent, "Polygon")
        ET.SubElement(poly, "tessellate").text = "1"
        for tag, rings in (("outerBoundaryIs", [geom.exterior]),
                           ("innerBoundaryIs", list(geom.interiors))):
            for ring in rings:
                ET.SubElement(ET.SubElement(ET.SubElement(poly, tag), "LinearRing"),
                              "coordinates").text = _coords(ring.coords)
    else:
        raise InputError(f"geometry type {kind!r} cannot be written to KML")


def _description(rec: dict, lang: str) -> str:
    zh = lang == "zh"
    layer = LAYERS.get(rec.get("layer"), {}).get(lang, rec.get("layer"))
    status = rec.get("status") if zh else rec.get("status_en", rec.get("status"))
    precision = PRECISION.get(rec.get("precision"), {}).get(lang, rec.get("precision"))
    rows = [(t("mapdoc.kml_layer", lang), layer), (t("mapdoc.kml_status", lang), status),
            (t("mapdoc.kml_precision", lang), precision),
            (t("mapdoc.kml_other_name", lang), rec.get("name_en" if zh else "name_zh")),
            (t("mapdoc.kml_clause", lang), rec.get("clause")),
            (t("mapdoc.kml_length", lang), rec.get("length_km")),
            (t("mapdoc.kml_area", lang), rec.get("area_km2")),
            (t("mapdoc.kml_plan_text", lang), rec.get("plan_text")),
            (t("mapdoc.kml_note", lang), rec.get("note")), ("ID", rec.get("id"))]
    cells = "".join(f"<tr><th align='left'>{html.escape(str(k))}</th>"
                    f"<td>{html.escape(str(v))}</td></tr>" for k, v in rows if v not in (None, ""))
    return f"<table>{cells}</table>"


def write_kml(items: gpd.GeoDataFrame, path: str | os.PathLike, *, lang: str = "zh",
              title: str | None = None, colors: dict | None = None) -> Path:
    """Write ``items`` as KML (UTF-8), one folder per layer, atomically.

    Parameters
    ----------
    items : GeoDataFrame with a CRS; ``name_zh``/``name_en`` and ``layer`` are used
        for names and folders when present.
    path : target ``.kml``.
    lang : ``"zh"`` or ``"en"``: placemark names, folder titles, descriptions.
    title : the document name (default: the app's name).
    colors : layer key → ``(#rrggbb, line width px, fill opacity)``; default from
        the layer registry.

    See Also
    --------
    read_kml : reads the properties and geometry back.
    """
    check_lang(lang)
    items = _table.wgs84(items)
    colors = _registry_colors() if colors is None else colors
    kinds = _table.kinds(items)
    cols = _table.property_columns(items)
    root = ET.Element("kml", xmlns=KML_NS)
    doc = ET.SubElement(root, "Document")
    ET.SubElement(doc, "name").text = title or t("mapdoc.app_title", lang)
    layer_keys = list(dict.fromkeys(items["layer"])) if "layer" in items else ["items"]
    for key in layer_keys:
        color, width, fill = colors.get(key, ("#444444", 2.0, 0.25))
        style = ET.SubElement(doc, "Style", id=f"layer-{key}")
        ET.SubElement(ET.SubElement(style, "LineStyle"), "color").text = kml_color(color)
        ET.SubElement(style.find("LineStyle"), "width").text = str(width)
        ET.SubElement(ET.SubElement(style, "PolyStyle"), "color").text = kml_color(color, fill)
        icon = ET.SubElement(style, "IconStyle")
        ET.SubElement(icon, "color").text = kml_color(color)
        ET.SubElement(icon, "scale").text = "0.8"
    # after the styles, before the folders (KML 2.2's order)
    schema = ET.SubElement(doc, "Schema", name="yrdmap", id="yrdmap")
    for c in cols:  # every column, also one that is null in every item (absent below)
        ET.SubElement(schema, "SimpleField", name=c, type="string")
    name_col = "name_zh" if lang == "zh" else "name_en"
    for key in layer_keys:
        folder = ET.SubElement(doc, "Folder")
        ET.SubElement(folder, "name").text = LAYERS.get(key, {}).get(lang, str(key))
        part = items[items["layer"] == key] if "layer" in items else items
        for rec, geom in zip(_table.records(part), part.geometry.values):
            pm = ET.SubElement(folder, "Placemark")
            ET.SubElement(pm, "name").text = str(rec.get(name_col) or rec.get("id") or "")
            ET.SubElement(pm, "description").text = _description(rec, lang)
            ET.SubElement(pm, "styleUrl").text = f"#layer-{key}"
            ext = ET.SubElement(pm, "ExtendedData")
            for c in cols:
                value = _table.encode(rec[c], kinds[c])
                if value is None:
                    continue  # absent = null
                data = ET.SubElement(ext, "Data", name=c)
                ET.SubElement(data, "value").text = (
                    ("true" if value else "false") if isinstance(value, bool)
                    else repr(value) if isinstance(value, float) else str(value))
            if geom is not None and not geom.is_empty:
                _geometry(pm, geom)
    tree = ET.ElementTree(root)
    ET.indent(tree, space=" ")
    with atomic_path(path) as tmp:
        tree.write(tmp, encoding="utf-8", xml_declaration=True)
    return Path(path)


def _registry_colors() -> dict:
    from geo.registry import load_registry

    return {e.project_layer: (e.style["color"], e.style.get("weight", 2.0),
                              e.style.get("fill_opacity", 0.25))
            for e in load_registry().projects}


def read_kml(path: str | os.PathLike) -> gpd.GeoDataFrame:
    """Read a KML written by :func:`write_kml`: properties from ``ExtendedData``."""
    from geo.ingest.kml import GEOMETRY_TAGS, parse_geometry, tag_name

    root = ET.parse(path).getroot()
    rows, geoms = [], []
    for n, pm in enumerate(root.iter(f"{_K}Placemark"), 1):
        rows.append({d.get("name"): (d.findtext(f"{_K}value") or "")
                     for d in pm.iterfind(f"{_K}ExtendedData/{_K}Data")})
        geom = next((c for c in pm if tag_name(c) in GEOMETRY_TAGS), None)
        geoms.append(None if geom is None else parse_geometry(geom, f"Placemark {n}"))
    gdf = gpd.GeoDataFrame(rows, geometry=geoms, crs=crs.STORAGE)
    for field in root.iter(f"{_K}SimpleField"):  # a column null in every item
        if field.get("name") not in gdf.columns:
            gdf[field.get("name")] = None
    gdf = _table.decode(gdf)
    for col, kind in _table.KNOWN.items():  # a Data element left out means null
        if col in gdf.columns and kind == "str":
            gdf[col] = gdf[col].astype(object).where(gdf[col].notna(), None)
    return gdf
