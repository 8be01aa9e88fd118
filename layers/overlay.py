"""Overlay: a transient highlight drawn on top of the map (a border, a selection, a route).

Panels (adjacency, search …) return overlays; the map view draws them. An overlay
is data, not folium: ``gdf`` is WGS84 with a ``label`` column used as tooltip.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import geopandas as gpd


@dataclass(frozen=True)
class Overlay:
    name: str                      # shown in the layer control (already in the UI language)
    gdf: gpd.GeoDataFrame          # WGS84; column ``label`` is the tooltip text
    color: str = "#d62728"
    weight: float = 4.0
    dash: str | None = None        # Leaflet dashArray, e.g. "6 4"
    fill_opacity: float = 0.15
    fit: bool = False              # zoom the map to this overlay
    style: dict = field(default_factory=dict)  # extra Leaflet path options
