"""Compact geometry for the browser: polyline-encoded coordinates, decoded by Leaflet-side JS.

GeoJSON text spends ~8 bytes per coordinate (``120.123,``). The encoded polyline
algorithm (the one Google Maps uses: zig-zag integer deltas in 5-bit chunks of
printable ASCII 63–126) spends 1–3 bytes on a delta at the display precision,
so the map script is about three times smaller, and the browser parses it
faster. :func:`encode_features` writes a FeatureCollection as
``[[id, properties, type, parts], …]``; :data:`DECODER_JS` turns that back into
GeoJSON features in the browser. The encoded characters never include ``<``,
``>`` or ``&``.

Examples
--------
>>> encode_coords([(38.5, -120.2), (40.7, -120.95), (43.252, -126.453)], 5)  # Google's example
'_p~iF~ps|U_ulLnnqC_mqNvxq`@'
>>> decode_coords(_, 5)
[(38.5, -120.2), (40.7, -120.95), (43.252, -126.453)]
"""
from __future__ import annotations

import numpy as np
import shapely

__all__ = ["GEOMETRY_CODES", "encode_coords", "encode_many", "decode_coords", "encode_geometry",
           "encode_features", "decode_features", "decimals_of", "DECODER_JS"]

#: geometry type → code in the encoded feature
GEOMETRY_CODES = {"Point": 1, "LineString": 2, "Polygon": 3, "MultiPoint": 4,
                  "MultiLineString": 5, "MultiPolygon": 6}


def _encode_values(deltas: np.ndarray) -> tuple[bytes, np.ndarray]:
    """Polyline characters for int64 ``deltas`` and the character count of each value."""
    zz = np.where(deltas < 0, ~(deltas << 1), deltas << 1).astype(np.uint64)
    chunks = np.zeros((len(zz), 13), dtype=np.uint64)      # 13 × 5 bits ≥ 64 bits
    n = np.ones(len(zz), dtype=np.int64)
    rest = zz.copy()
    for k in range(13):
        chunks[:, k] = rest & np.uint64(31)
        rest = rest >> np.uint64(5)
        more = rest > 0
        if not more.any():
            break
        n += more
    width = int(n.max()) if len(n) else 1
    cols = np.arange(width)
    cont = cols[None, :] < (n[:, None] - 1)
    chars = (chunks[:, :width] | (cont.astype(np.uint64) << np.uint64(5))) + np.uint64(63)
    keep = cols[None, :] < n[:, None]
    return chars[keep].astype(np.uint8).tobytes(), n


def encode_many(lines, decimals: int) -> list[str]:
    """Encode many (n, 2) coordinate arrays at once: one polyline string each.

    Deltas restart at every line, as in :func:`encode_coords`; the work is one
    vectorised pass over all coordinates.
    """
    arrays = [np.asarray(a, dtype="float64").reshape(-1, 2) for a in lines]
    if not arrays:
        return []
    lengths = np.array([len(a) for a in arrays])
    xy = np.concatenate(arrays) if lengths.sum() else np.zeros((0, 2))
    ints = np.round(xy * 10.0 ** decimals).astype(np.int64)
    prev = np.vstack([np.zeros((1, 2), np.int64), ints[:-1]])
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    prev[starts[lengths > 0]] = 0
    text, n = _encode_values((ints - prev).ravel())
    per_coord = n.reshape(-1, 2).sum(axis=1)
    ends = np.cumsum(per_coord)
    line_end = np.concatenate([[0], ends])[np.cumsum(lengths)]
    line_start = np.concatenate([[0], line_end[:-1]])
    decoded = text.decode("ascii")
    return [decoded[a:b] for a, b in zip(line_start, line_end)]


def encode_coords(coords, decimals: int) -> str:
    """Encode an (n, 2) sequence of x, y (lon, lat) as one polyline string."""
    return encode_many([coords], decimals)[0]


def decode_coords(text: str, decimals: int) -> list[tuple[float, float]]:
    """Inverse of :func:`encode_coords` (reference implementation for tests)."""
    values, shift, result = [], 0, 0
    for ch in text:
        b = ord(ch) - 63
        result |= (b & 31) << shift
        shift += 5
        if b < 32:
            values.append(~(result >> 1) if result & 1 else result >> 1)
            shift = result = 0
    arr = np.cumsum(np.asarray(values, dtype=np.int64).reshape(-1, 2), axis=0)
    scale = 10.0 ** decimals
    return [(round(float(x) / scale, decimals), round(float(y) / scale, decimals)) for x, y in arr]


def _lines_of(geom) -> tuple[int, object, list]:
    """(type code, nesting template, coordinate arrays) of one geometry.

    The template holds indexes into the list of arrays, in the nesting of
    the encoded parts.
    """
    kind = geom.geom_type
    if kind in ("Point", "LineString", "MultiPoint"):
        return GEOMETRY_CODES[kind], 0, [shapely.get_coordinates(geom)]
    if kind == "Polygon":
        rings = [np.asarray(r.coords) for r in (geom.exterior, *geom.interiors)]
        return 3, list(range(len(rings))), rings
    if kind == "MultiLineString":
        lines = [np.asarray(g.coords) for g in geom.geoms]
        return 5, list(range(len(lines))), lines
    if kind == "MultiPolygon":
        rings, template = [], []
        for p in geom.geoms:
            part = [np.asarray(r.coords) for r in (p.exterior, *p.interiors)]
            template.append(list(range(len(rings), len(rings) + len(part))))
            rings += part
        return 6, template, rings
    raise ValueError(f"cannot encode a {kind}; explode GeometryCollections first")


def _fill(template, strings: list, offset: int):
    if isinstance(template, int):
        return strings[offset + template]
    return [_fill(t, strings, offset) for t in template]


def encode_geometry(geom, decimals: int) -> tuple[int, object]:
    """(type code, parts) for one shapely geometry."""
    code, template, lines = _lines_of(geom)
    return code, _fill(template, encode_many(lines, decimals), 0)


def encode_features(geoms, decimals: int, ids=None, properties=None) -> dict:
    """``{"d": decimals, "f": [[id, properties, code, parts], …]}`` for shapely ``geoms``."""
    geoms = list(geoms)
    ids = list(range(len(geoms))) if ids is None else list(ids)
    properties = [{}] * len(geoms) if properties is None else list(properties)
    shapes, all_lines = [], []
    for geom in geoms:
        code, template, lines = _lines_of(geom)
        shapes.append((code, template, len(all_lines)))
        all_lines += lines
    strings = encode_many(all_lines, decimals)
    feats = [[i.item() if hasattr(i, "item") else i, props, code, _fill(template, strings, off)]
             for i, props, (code, template, off) in zip(ids, properties, shapes)]
    return {"d": int(decimals), "f": feats}


def decode_features(data: dict) -> dict:
    """Inverse of :func:`encode_features`: a GeoJSON FeatureCollection dict (reference for tests)."""
    names = {v: k for k, v in GEOMETRY_CODES.items()}
    d = data["d"]
    feats = []
    for fid, props, code, parts in data["f"]:
        if code == 1:
            coords = list(decode_coords(parts, d)[0])
        elif code in (2, 4):
            coords = [list(c) for c in decode_coords(parts, d)]
        elif code in (3, 5):
            coords = [[list(c) for c in decode_coords(s, d)] for s in parts]
        else:
            coords = [[[list(c) for c in decode_coords(s, d)] for s in q] for q in parts]
        feats.append({"type": "Feature", "id": fid, "properties": props,
                      "geometry": {"type": names[code], "coordinates": coords}})
    return {"type": "FeatureCollection", "features": feats}


def decimals_of(coords, max_decimals: int = 7) -> int:
    """The fewest decimals that represent ``coords`` exactly (≤ ``max_decimals``).

    Examples
    --------
    >>> decimals_of([[120.123, 30.1], [121.0, 31.25]])
    3
    """
    xy = np.asarray(coords, dtype="float64")
    for d in range(max_decimals + 1):
        if np.all(np.abs(xy - np.round(xy, d)) < 1e-9):
            return d
    return max_decimals


#: defines ``window.yrdDecode(data)`` → a GeoJSON FeatureCollection (idempotent)
DECODER_JS = """if (!window.yrdDecode) { window.yrdDecode = (function () {
  var T = {1: "Point", 2: "LineString", 3: "Polygon", 4: "MultiPoint", 5: "MultiLineString", 6: "MultiPolygon"};
  function line(s, k) {
    var out = [], i = 0, x = 0, y = 0, n = s.length;
    while (i < n) {
      var v = [0, 0];
      for (var j = 0; j < 2; j++) {
        var b, sh = 0, r = 0;
        do { b = s.charCodeAt(i++) - 63; r += (b & 31) * Math.pow(2, sh); sh += 5; } while (b >= 32);
        v[j] = (r % 2) ? -(r + 1) / 2 : r / 2;
      }
      x += v[0]; y += v[1];
      out.push([x / k, y / k]);
    }
    return out;
  }
  return function (data) {
    var k = Math.pow(10, data.d);
    return {type: "FeatureCollection", features: data.f.map(function (f) {
      var c = f[2], p = f[3], coords;
      if (c === 1) { coords = line(p, k)[0]; }
      else if (c === 2 || c === 4) { coords = line(p, k); }
      else if (c === 3 || c === 5) { coords = p.map(function (s) { return line(s, k); }); }
      else { coords = p.map(function (q) { return q.map(function (s) { return line(s, k); }); }); }
      return {type: "Feature", id: f[0], properties: f[1], geometry: {type: T[c], coordinates: coords}};
    })};
  };
})(); }
if (!window.yrdLoad) { window.yrdPending = 0; window.yrdLoad = (function () {
  // the decoded features of a data file of the app (fetched and decoded once per page),
  // those with an id in keep (null: all) handed to then; yrdPending counts the loads
  // under way (the map is drawn when it is 0)
  var got = {}, order = [];
  return function (url, keep, then) {
    window.yrdPending++;
    if (!got[url]) {
      got[url] = fetch(url).then(function (r) {
        if (!r.ok) { throw new Error("HTTP " + r.status + " " + url); }
        return r.json();
      }).then(window.yrdDecode);
      order.push(url);
      if (order.length > 48) { delete got[order.shift()]; }
    }
    got[url].then(function (fc) {
      if (keep) {
        var k = new Set(keep);
        fc = {type: "FeatureCollection", features: fc.features.filter(function (f) { return k.has(f.id); })};
      }
      then(fc);
    }).catch(function (e) {
      delete got[url];
      console.error("yrdmap: " + e);
    }).finally(function () { window.yrdPending--; });
  };
})(); }"""
