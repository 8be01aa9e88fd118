"""Read KML (Google Earth, 奥维互动地图) into a GeoDataFrame, keeping Chinese field names.

GDAL's LIBKML driver replaces non-ASCII characters in ``<Data name="责任单位">``
with underscores, so KML is parsed here with :mod:`xml.etree.ElementTree`
(which never fetches external entities; documents with a DOCTYPE are refused
before parsing, which rules out entity expansion). Each ``Placemark`` becomes
a row: ``name``, ``description``, its ``ExtendedData`` (``Data`` and
``SimpleData``) under their own names, ``folder`` (the folder path, when there
are folders) and the geometry (Point, LineString, Polygon with holes,
MultiGeometry of one type). Altitudes are dropped.
"""
from __future__ import annotations

import codecs
import re
import xml.etree.ElementTree as ET

import geopandas as gpd
import pandas as pd
import shapely

from geo.ingest.report import IngestError, msg

__all__ = ["read_kml", "parse_geometry", "GEOMETRY_TAGS", "tag_name"]


def tag_name(el) -> str:
    """An element's tag without its XML namespace (``""`` for comments)."""
    return el.tag.rsplit("}", 1)[-1] if isinstance(el.tag, str) else ""


def _child(el, name):
    return next((c for c in el if tag_name(c) == name), None)


def _text(el, name) -> str | None:
    c = _child(el, name)
    return None if c is None or c.text is None else c.text.strip()


def _coords(el, where: str) -> list[tuple[float, float]]:
    node = _child(el, "coordinates")
    text = "" if node is None or node.text is None else node.text
    out = []
    for tup in text.split():
        parts = tup.split(",")
        try:
            out.append((float(parts[0]), float(parts[1])))
        except (ValueError, IndexError):
            raise ValueError(f"{where} has the coordinate {tup[:40]!r}; expected lon,lat[,alt]") from None
    return out


def parse_geometry(el, where: str):
    """The shapely geometry of a KML geometry element (``None`` when it has no coordinates).

    The one KML geometry grammar: the importer and :func:`geo.export.read_kml` both use it.
    Point, LineString, LinearRing, Polygon (with holes) and MultiGeometry; altitudes dropped.
    Raises ``ValueError`` naming ``where`` for a coordinate that is not ``lon,lat[,alt]``.

    Examples
    --------
    >>> el = ET.fromstring("<Point><coordinates>121.32,31.19,0</coordinates></Point>")
    >>> parse_geometry(el, "Placemark 1").wkt
    'POINT (121.32 31.19)'
    """
    kind = tag_name(el)
    if kind == "Point":
        pts = _coords(el, where)
        return shapely.Point(pts[0]) if pts else None
    if kind == "LineString":
        return shapely.LineString(_coords(el, where))
    if kind == "LinearRing":
        return shapely.Polygon(_coords(el, where))
    if kind == "Polygon":
        def ring(container):
            lr = None if container is None else _child(container, "LinearRing")
            return [] if lr is None else _coords(lr, where)

        outer = ring(_child(el, "outerBoundaryIs"))
        holes = [ring(c) for c in el if tag_name(c) == "innerBoundaryIs"]
        return shapely.Polygon(outer, [h for h in holes if h])
    if kind == "MultiGeometry":
        parts = [g for g in (parse_geometry(c, where) for c in el) if g is not None]
        parts = [p for g in parts for p in shapely.get_parts(g)]
        if not parts:
            return None
        kinds = {p.geom_type for p in parts}
        if kinds == {"Point"}:
            return shapely.MultiPoint(parts)
        if kinds == {"LineString"}:
            return shapely.MultiLineString(parts)
        if kinds == {"Polygon"}:
            return shapely.MultiPolygon(parts)
        return shapely.GeometryCollection(parts)
    return None


GEOMETRY_TAGS = {"Point", "LineString", "LinearRing", "Polygon", "MultiGeometry"}


def _walk(el, folders: list[str], rows: list[dict], bad: dict | None = None) -> None:
    for child in el:
        kind = tag_name(child)
        if kind in ("Document", "Folder"):
            name = _text(child, "name")
            path = folders + [name] if kind == "Folder" and name else folders
            _walk(child, path, rows, bad)
        elif kind == "Placemark":
            row = {"name": _text(child, "name"), "description": _text(child, "description")}
            ext = _child(child, "ExtendedData")
            if ext is not None:
                for d in ext.iter():
                    if tag_name(d) == "Data" and d.get("name"):
                        v = _child(d, "value")
                        row[d.get("name")] = None if v is None or v.text is None else v.text.strip()
                    elif tag_name(d) == "SimpleData" and d.get("name"):
                        row[d.get("name")] = (d.text or "").strip() or None
            if folders:
                row["folder"] = "/".join(folders)
            geom_el = next((c for c in child if tag_name(c) in GEOMETRY_TAGS), None)
            where = f"Placemark {len(rows) + 1}"
            try:
                row["geometry"] = None if geom_el is None else parse_geometry(geom_el, where)
            except (ValueError, shapely.errors.GEOSException) as exc:
                if bad is None:
                    raise
                row["geometry"] = None    # reported per placemark; the others are still checked
                bad[len(rows) + 1] = " ".join(str(exc).split())[:160]
            rows.append(row)


def read_kml(data: bytes, max_features: int) -> gpd.GeoDataFrame:
    """Parse KML bytes into a WGS84 GeoDataFrame (one row per Placemark).

    Raises :class:`IngestError` for a DOCTYPE/entity declaration, malformed XML,
    a bad coordinate, or more than ``max_features`` placemarks.

    Examples
    --------
    >>> kml = b'<kml><Placemark><name>\\xe8\\x99\\xb9\\xe6\\xa1\\xa5</name><Point>'
    >>> kml += b'<coordinates>121.32,31.19,0</coordinates></Point></Placemark></kml>'
    >>> read_kml(kml, 10)[["name"]].to_dict("records")
    [{'name': '虹桥'}]
    """
    gdf, bad = read_kml_checked(data, max_features)
    if bad:
        n, why = next(iter(bad.items()))
        raise IngestError(f"Placemark {n} has a bad geometry: {why}", "lon,lat[,alt] coordinates",
                          row=n, field="geometry")
    return gdf


_DECL = re.compile(rb"^<\?xml[^>]*encoding=[\"']([A-Za-z0-9._-]+)[\"']")


def _kml_text(data: bytes) -> str:
    """The KML as text, whatever its encoding (BOM, UTF-16 without BOM, the XML declaration)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        name = "utf-16"
    elif data.startswith(codecs.BOM_UTF8):
        name = "utf-8-sig"
    elif data[:2] == b"<\x00":
        name = "utf-16-le"
    elif data[:2] == b"\x00<":
        name = "utf-16-be"
    else:
        m = _DECL.match(data.lstrip()[:200])
        name = m.group(1).decode("ascii") if m else "utf-8"
    try:
        return data.decode(name).lstrip("\ufeff")
    except (UnicodeDecodeError, LookupError) as exc:
        raise IngestError(f"the KML's text does not decode as {name} ({exc})",
                          "KML saved as UTF-8, as Google Earth or 奥维 exports it",
                          field="encoding", value=name) from None


def read_kml_checked(data: bytes, max_features: int) -> tuple[gpd.GeoDataFrame, dict[int, str]]:
    """:func:`read_kml`, returning also ``{placemark number: why its geometry is bad}``
    (those rows have no geometry) instead of refusing the file at the first one."""
    text = _kml_text(data)
    upper = text.upper()
    if "<!DOCTYPE" in upper or "<!ENTITY" in upper:
        raise IngestError(msg("ingest.kml_doctype"), msg("ingest.kml_ok"))
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise IngestError(f"line {line} of the KML contains a NUL character (U+0000)",
                          "KML as Google Earth or 奥维 exports it")
    data = re.sub(r"^\s*<\?xml[^>]*\?>", "", text).encode("utf-8")
    bad: dict[int, str] = {}
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise IngestError(f"the KML is not well-formed XML ({exc})",
                          "KML as Google Earth or 奥维 exports it") from None
    if tag_name(root) != "kml":
        raise IngestError(f"the root element is <{tag_name(root)}>, not <kml>", "a KML document")
    rows: list[dict] = []
    try:
        _walk(root, [], rows, bad)
    except (ValueError, shapely.errors.GEOSException) as exc:
        raise IngestError(f"the KML has a bad geometry: {exc}", "lon,lat[,alt] coordinates") from None
    except RecursionError:
        raise IngestError("the KML nests folders or geometries too deeply",
                          "KML as Google Earth or 奥维 exports it") from None
    if len(rows) > max_features:
        raise IngestError(f"file has {len(rows):,} placemarks, over the limit of {max_features:,}",
                          "a smaller file: split the list, or raise YRDMAP_MAX_FEATURES")
    if not rows:
        raise IngestError("the KML has no Placemark", "a KML with at least one placemark")
    columns = list(dict.fromkeys(k for r in rows for k in r))
    frame = pd.DataFrame(rows, columns=columns)
    return gpd.GeoDataFrame(frame, geometry="geometry", crs=4326), bad
