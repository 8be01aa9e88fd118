"""Build the existing-network context layer: ``data/network/{lines,stations}.geojson``.

Input: ``geo/build/network.toml`` (one ``[[line]]`` per trunk high-speed/intercity line in
operation or high-grade waterway), drawn like the catalog's lines through rows of
``data/reference/positions.csv`` (:func:`geo.build.projects.route_coords`). The network is
context for reading the plan against, not part of the plan: it has no plan status, and
its ``precision`` and ``source`` say how each line was drawn.

``lines.geojson``: id, name_zh, name_en, kind (rail | waterway), opened, precision,
source, note, stations (the named positions of a rail line, in order).
``stations.geojson``: one point per position a rail line is drawn through: name_zh, kind,
lines (name_zh of the lines through it), source, uncertainty_m.

Examples
--------
>>> lines = load_network_spec()
>>> [ln["name_zh"] for ln in lines if ln["id"] == "shanghai-nanjing-intercity"]
['沪宁城际铁路']
"""
from __future__ import annotations

import json
import tomllib
from pathlib import Path

import numpy as np
import shapely

from geo.build.projects import CatalogError, Reference, route_coords, write_features

__all__ = ["SPEC", "OUT_DIR", "KINDS", "load_network_spec", "build_network", "main"]

ROOT = Path(__file__).resolve().parents[2]
SPEC = Path(__file__).with_name("network.toml")
OUT_DIR = ROOT / "data" / "network"
KINDS = ("rail", "waterway")
#: what a network line's ``precision`` may say
PRECISIONS = ("approximate", "schematic")
REQUIRED = ("id", "name_zh", "name_en", "kind", "route", "precision", "source")
OPTIONAL = ("opened", "note")


def load_network_spec(path: Path = SPEC) -> list[dict]:
    """The ``[[line]]`` tables, checked for keys and values."""
    with open(path, "rb") as fh:
        doc = tomllib.load(fh)
    if set(doc) - {"line"}:
        raise CatalogError(f"{Path(path).name}: unknown top-level keys {sorted(set(doc) - {'line'})}")
    lines, seen = doc.get("line", []), set()
    for ln in lines:
        lid = ln.get("id")
        where = f"network line {lid!r}"
        for key in REQUIRED:
            if key not in ln:
                raise CatalogError(f"{where}: field {key!r}: missing")
        for key in ln:
            if key not in REQUIRED + OPTIONAL:
                raise CatalogError(f"{where}: field {key!r}: unknown key; accepted: "
                                   + ", ".join(REQUIRED + OPTIONAL))
        if lid in seen:
            raise CatalogError(f"{where}: field 'id': used twice")
        seen.add(lid)
        for key, accepted in (("kind", KINDS), ("precision", PRECISIONS)):
            if ln[key] not in accepted:
                raise CatalogError(f"{where}: field {key!r}: {ln[key]!r}; accepted: "
                                   + ", ".join(accepted))
    return lines


def _feature(props: dict, geom) -> dict:
    geom = shapely.transform(geom, lambda xy: np.round(xy, 6))
    return {"type": "Feature", "properties": props, "geometry": json.loads(shapely.to_geojson(geom))}


def build_network(out_dir: Path = OUT_DIR, spec: Path = SPEC) -> tuple[int, int]:
    """Write ``lines.geojson`` and ``stations.geojson``; return their feature counts."""
    ref = Reference()
    line_features, through = [], {}
    for ln in sorted(load_network_spec(spec), key=lambda d: (KINDS.index(d["kind"]), d["id"])):
        coords, _ = route_coords(f"network:{ln['id']}", "route", ln["route"], ref)
        names = [n for n in ln["route"] if not n.startswith("~")]
        if ln["kind"] == "rail":
            for n in names:
                through.setdefault(n, []).append(ln["name_zh"])
        props = {"id": ln["id"], "name_zh": ln["name_zh"], "name_en": ln["name_en"],
                 "kind": ln["kind"], "opened": ln.get("opened"), "precision": ln["precision"],
                 "source": ln["source"], "note": ln.get("note"),
                 "stations": names if ln["kind"] == "rail" else None}
        line_features.append(_feature(props, shapely.LineString(coords)))
    station_features = []
    for name in sorted(through):
        row = ref.pos.loc[name]
        props = {"name_zh": name, "kind": row.kind, "lines": sorted(set(through[name])),
                 "source": row.source, "uncertainty_m": int(row.uncertainty_m)}
        station_features.append(_feature(props, shapely.Point(row.lon, row.lat)))
    write_features(Path(out_dir) / "lines.geojson", line_features)
    write_features(Path(out_dir) / "stations.geojson", station_features)
    return len(line_features), len(station_features)


def main() -> None:
    n_lines, n_stations = build_network()
    print(f"network: {n_lines} lines, {n_stations} stations → {OUT_DIR.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
