"""The registry's Leaflet styles translated for matplotlib (static maps).

Same colours, opacities, dash patterns and status rules as the web map
(:mod:`layers.folium_layers`): lines and outlines take the dash and weight factor
of the item's status class, points of a ``hollow`` status class (planned, preliminary) are hollow.
Leaflet sizes are CSS pixels; matplotlib's are points: 1 px = 0.75 pt. Read-only
over :mod:`geo.registry`; nothing here imports folium or streamlit.

Examples
--------
>>> s = project_style("rail", "规划", "line")
>>> s["color"], s["linewidth"], s["linestyle"]
('#c2185b', 2.25, (0, (6.0, 4.5)))
"""
from __future__ import annotations

from geo.basemap import OFFLINE_COLORS
from geo.registry import LayerEntry, load_registry

__all__ = ["PX", "SEA", "LAND", "dash_pattern", "background_style", "project_style",
           "legend_handle"]

#: points per CSS pixel
PX = 0.75
SEA = OFFLINE_COLORS["sea"]
LAND = OFFLINE_COLORS["land"]


def dash_pattern(dash: str):
    """Leaflet ``dashArray`` ("8 6", px) → matplotlib linestyle (on/off in points)."""
    if not dash:
        return "solid"
    return (0, tuple(float(v) * PX for v in dash.split()))


def _rgba(color: str, alpha: float) -> tuple:
    from matplotlib.colors import to_rgba

    return to_rgba(color, alpha)


def background_style(entry: LayerEntry) -> dict:
    """matplotlib ``PathCollection`` keywords for a background entry (polygons)."""
    s = entry.style
    return {"facecolor": _rgba(s.get("fill_color", s["color"]), s.get("fill_opacity", 0.0)),
            "edgecolor": _rgba(s["color"], s.get("opacity", 1.0)),
            "linewidth": s.get("weight", 1.0) * PX}


def project_style(layer_key: str, status: str, kind: str) -> dict:
    """Style of one project item: ``kind`` is ``fill``, ``line`` or ``point``.

    Returns ``color``/``facecolor``/``edgecolor`` (RGBA or hex), ``linewidth`` (pt),
    ``linestyle``; points add ``markersize`` (pt, diameter).
    """
    registry = load_registry()
    entry = registry.project_entry(layer_key)
    sc = registry.status_class(status)
    s = entry.style
    weight = s.get("weight", 2.0) * sc.weight_factor * PX
    fill = "#ffffff" if kind == "point" and sc.hollow else s.get("fill_color", s["color"])
    out = {"color": s["color"], "linewidth": round(weight, 3),
           "linestyle": dash_pattern(sc.dash), "alpha": s.get("opacity", 1.0),
           "edgecolor": _rgba(s["color"], s.get("opacity", 1.0)),
           "facecolor": _rgba(fill, s.get("fill_opacity", 0.2) if kind == "fill" else
                              (1.0 if sc.hollow else max(s.get("fill_opacity", 0.3), 0.85)))}
    if kind == "point":
        out["markersize"] = 2 * s.get("radius", 5) * PX
        out["linewidth"] = min(weight, 1.5)
    return out


def legend_handle(kind: str, style: dict):
    """A matplotlib legend handle for a swatch of :func:`geo.legend.legend_rows`."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    color = style.get("color", "#555555")
    fill = style.get("fill_color", color)
    weight = float(style.get("weight", 2.0)) * PX
    dash = dash_pattern(style.get("dash", "") or "")
    if kind == "fill":
        return Patch(facecolor=_rgba(fill, style.get("fill_opacity", 0.3)),
                     edgecolor=_rgba(color, style.get("opacity", 1.0)),
                     linewidth=min(weight, 1.9), linestyle=dash)
    if kind == "line":
        return Line2D([], [], color=color, linewidth=weight, linestyle=dash,
                      alpha=style.get("opacity", 1.0))
    if kind == "point":
        return Line2D([], [], linestyle="none", marker="o",
                      markersize=2 * min(style.get("radius", 5), 6) * PX,
                      markerfacecolor=_rgba(fill, max(style.get("fill_opacity", 0.3), 0.85)),
                      markeredgecolor=color, markeredgewidth=min(weight, 1.5))
    raise ValueError(f"swatch kind {kind!r} is not one of fill, line, point")
