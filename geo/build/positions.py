"""The reference positions every catalog and network line is drawn through.

``data/reference/positions.csv`` (UTF-8, one row per place): ``name`` (unique), ``lon``,
``lat`` (WGS84), ``kind`` (station, town, port, bridge, island, river anchor, channel
point, canal point, …), ``county`` (the adcode of the county the position lies in; empty
for a position in no county, e.g. out in the estuary), ``source`` (where the figure is
from, in words) and ``uncertainty_m`` (how far the real place may be from the figure).
``data/reference/SOURCES.md`` says how the table was made.

``data/reference/courses.geojson`` holds the river courses (traced from WDBII) and the
shapes (islands, coastal strips, from GSHHG) the catalog refers to by name; it is made by
:mod:`geo.build.courses` (needs the ``build`` extra) and only read here.

Examples
--------
>>> pos = load_positions()
>>> row = pos.loc["苏州南站"]
>>> round(float(row.lon), 3), round(float(row.lat), 3), int(row.county), int(row.uncertainty_m)
(120.795, 31.066, 320509, 300)
>>> sorted(load_courses().index)[:2]
['崇明岛', '淮河']
"""
from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import pandas as pd

from geo import crs
from geo.schema import BOUNDS

__all__ = ["REFERENCE", "POSITIONS", "COURSES", "COLUMNS", "PositionError",
           "load_positions", "load_courses"]

REFERENCE = Path(__file__).resolve().parents[2] / "data" / "reference"
POSITIONS = REFERENCE / "positions.csv"
COURSES = REFERENCE / "courses.geojson"
COLUMNS = ("name", "lon", "lat", "kind", "county", "source", "uncertainty_m")


class PositionError(ValueError):
    """A row of the positions table is wrong; the message names the row and the field."""


def _bad(line: int, field: str, value, accepted: str) -> PositionError:
    return PositionError(f"{POSITIONS.name} line {line}: {field} = {value!r}; expected {accepted}")


@lru_cache(maxsize=2)
def load_positions(path: Path = POSITIONS) -> pd.DataFrame:
    """The positions table indexed by name, checked row by row."""
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        if tuple(reader.fieldnames or ()) != COLUMNS:
            raise PositionError(f"{Path(path).name}: columns {reader.fieldnames}; "
                                f"expected {', '.join(COLUMNS)}")
        rows, seen = [], set()
        for line, raw in enumerate(reader, start=2):
            name = raw["name"].strip()
            if not name or name in seen or name.startswith("~"):
                raise _bad(line, "name", name, "a unique non-empty name not starting with ~")
            seen.add(name)
            try:
                lon, lat = float(raw["lon"]), float(raw["lat"])
            except ValueError:
                raise _bad(line, "lon/lat", (raw["lon"], raw["lat"]), "decimal degrees") from None
            (x0, x1), (y0, y1) = BOUNDS["lon"], BOUNDS["lat"]
            if not (x0 <= lon <= x1 and y0 <= lat <= y1):
                raise _bad(line, "lon/lat", (lon, lat), f"lon {x0}–{x1}, lat {y0}–{y1} (WGS84)")
            county = raw["county"].strip()
            if county and not (county.isdigit() and len(county) == 6):
                raise _bad(line, "county", county, "a 6-digit county adcode or empty")
            try:
                unc = int(raw["uncertainty_m"])
            except ValueError:
                raise _bad(line, "uncertainty_m", raw["uncertainty_m"], "whole metres") from None
            if not 0 < unc <= 20_000:
                raise _bad(line, "uncertainty_m", unc, "1–20000 metres")
            for field in ("kind", "source"):
                if not raw[field].strip():
                    raise _bad(line, field, raw[field], "a non-empty text")
            rows.append({"name": name, "lon": lon, "lat": lat, "kind": raw["kind"].strip(),
                         "county": int(county) if county else None,
                         "source": raw["source"].strip(), "uncertainty_m": unc})
    return pd.DataFrame(rows).set_index("name")


@lru_cache(maxsize=2)
def load_courses(path: Path = COURSES) -> gpd.GeoDataFrame:
    """River courses and reference shapes by name (WGS84)."""
    gdf = gpd.read_file(path)
    if gdf.crs is None or gdf.crs.to_epsg() != 4326:
        gdf = gdf.set_crs(crs.STORAGE, allow_override=True)
    return gdf.set_index("name")
