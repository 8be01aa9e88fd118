"""The legend's rows as data: exactly what the map shows, for the web map and the static map.

:func:`legend_rows` lists one row per drawn layer (with a swatch for each geometry kind
it actually contains) and one row per line style (status class) actually present.
:mod:`layers.legend` renders them as HTML in a Leaflet control,
:mod:`geo.export.static_map` as a matplotlib legend.
"""
from __future__ import annotations

from dataclasses import dataclass

from geo.i18n import t
from geo.registry import Registry

__all__ = ["KINDS", "LegendRow", "legend_rows"]

KINDS = ("fill", "line", "point")


@dataclass(frozen=True)
class LegendRow:
    label: str
    swatches: tuple          # of (kind, style dict)
    layers: tuple            # layer ids whose visibility shows the row
    section: str = "layers"  # "layers" or "status"


def legend_rows(registry: Registry, drawn: dict, status_classes: set, lang: str) -> list[LegendRow]:
    """Rows for the layers in ``drawn`` (layer id → kinds present) and the
    ``status_classes`` (ids) present among drawn project lines and outlines.

    Layers come in registry order; a layer with nothing drawn gets no row.

    Examples
    --------
    >>> from geo.registry import load_registry
    >>> rows = legend_rows(load_registry(), {"rail": {"line"}, "hub": {"point"}},
    ...                    {"planned"}, "en")
    >>> [(r.label, r.section) for r in rows]
    [('Rail', 'layers'), ('Hubs and sites', 'layers'), ('planned (dashed)', 'status'), ('hollow dot: planned (not started)', 'status')]
    """
    rows = []
    for entry in registry.layers:
        kinds = [k for k in KINDS if k in drawn.get(entry.id, ())]
        if not kinds:
            continue
        rows.append(LegendRow(entry.title(lang), tuple((k, entry.style) for k in kinds),
                              (entry.id,)))
    project_ids = tuple(e.id for e in registry.projects if e.id in drawn)
    for sc in registry.status_classes:
        if sc.id in status_classes:
            style = {"color": "#555555", "weight": 2.5 * sc.weight_factor, "dash": sc.dash}
            rows.append(LegendRow(sc.name[lang], (("line", style),), project_ids, "status"))
    hollow = [sc.name[lang].split("（")[0].split(" (")[0] for sc in registry.status_classes
              if sc.hollow and sc.id in status_classes]
    if hollow and any("point" in kinds for kinds in drawn.values()):      # their points are drawn hollow (layers/registry.toml ``hollow``)
        dot = {"color": "#555555", "fill_color": "#ffffff", "fill_opacity": 1.0,
               "weight": 1.5, "radius": 4}
        rows.append(LegendRow(t("app.legend_hollow", lang, statuses=t(
            "mapdoc.sep", lang).join(hollow)), (("point", dot),), project_ids, "status"))
    if "overdue" in drawn:  # the red halo of layers.map_builder.overdue_overlay
        style = {"color": "#e4002b", "weight": 4.0, "dash": "6 5"}
        rows.append(LegendRow(t("app.overdue", lang), (("line", style),), project_ids, "status"))
    return rows
