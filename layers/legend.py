"""The legend: exactly what the map shows, as HTML and a Leaflet control.

:func:`legend_rows` (the rows as data, in :mod:`geo.legend`: the static map draws them
too) lists one row per drawn layer (with a swatch for each geometry kind it actually
contains) and one row per line style (status class) actually present.
:func:`legend_html` renders them with every text escaped.
:class:`Legend` puts that HTML in a collapsible Leaflet control and hides the
rows of layers switched off in the layer control, so the legend keeps listing
exactly what is on the map.
"""
from __future__ import annotations

import html

from branca.element import MacroElement
from folium.template import Template

from geo.i18n import t
from geo.legend import KINDS, LegendRow, legend_rows
from layers.controls import _OWNED, _map_name

__all__ = ["LegendRow", "legend_rows", "legend_html", "swatch_svg", "Legend", "LegendStyle"]


def swatch_svg(kind: str, style: dict) -> str:
    """A 28×14 SVG swatch for a fill, line or point of ``style`` (numbers and
    colours only; colours are checked by the registry)."""
    color = html.escape(style.get("color", "#555555"))
    fill = html.escape(style.get("fill_color", style.get("color", "#555555")))
    weight = float(style.get("weight", 2))
    dash = html.escape(style.get("dash", "") or "")
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    if kind == "fill":
        fo = float(style.get("fill_opacity", 0.3))
        body = (f'<rect x="2" y="2" width="24" height="10" fill="{fill}" fill-opacity="{fo}" '
                f'stroke="{color}" stroke-width="{min(weight, 2.5)}"{dash_attr}/>')
    elif kind == "line":
        body = (f'<line x1="1" y1="7" x2="27" y2="7" stroke="{color}" '
                f'stroke-width="{weight}"{dash_attr}/>')
    elif kind == "point":
        r = min(float(style.get("radius", 5)), 6)
        body = (f'<circle cx="14" cy="7" r="{r}" fill="{fill}" stroke="{color}" '
                f'stroke-width="{min(weight, 2)}"/>')
    else:
        raise ValueError(f"swatch kind {kind!r} is not one of {', '.join(KINDS)}")
    return f'<svg width="28" height="14" aria-hidden="true">{body}</svg>'


def legend_html(rows: list[LegendRow], lang: str) -> str:
    """The legend's HTML: every label escaped, rows tagged with their layers.

    It starts collapsed, a small 图例 / Legend button: :class:`Legend` opens it in a
    saved HTML map and keeps the state the user chose across filter changes and reloads.

    >>> legend_html([], "zh")
    '<details><summary title="点击展开或收起图例">图例</summary></details>'
    """
    parts = [f'<details><summary title="{html.escape(t("app.legend_toggle_help", lang))}">'
             f'{html.escape(t("app.legend", lang))}</summary>']
    section = None
    for row in rows:
        if row.section != section:
            section = row.section
            if section == "status":
                parts.append(f'<div class="yrd-legend-head">'
                             f'{html.escape(t("app.legend_status", lang))}</div>')
        swatches = "".join(swatch_svg(k, s) for k, s in row.swatches)
        layers = html.escape(" ".join(row.layers))
        parts.append(f'<div class="yrd-legend-row" data-layers="{layers}">'
                     f'<span class="yrd-sw">{swatches}</span>'
                     f'<span>{html.escape(row.label)}</span></div>')
    parts.append("</details>")
    return "".join(parts)


class LegendStyle(MacroElement):
    """The legend's stylesheet, in the map's document head. The legend itself rides
    with the layers it describes (replaced on every filter change), which cannot
    reach the head of a document already loaded; this element is on the base map."""

    _template = Template("""
        {% macro header(this, kwargs) %}
        <style>
        .yrd-legend { background: rgba(255,255,255,0.93); padding: 3px 7px; font: 11px/1.35
            "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif;
            max-height: 45vh; overflow-y: auto; border-radius: 4px; color: #222; }
        .yrd-legend summary { cursor: pointer; font-weight: 600; padding: 1px 2px; }
        .yrd-legend details:not([open]) summary { list-style-position: inside; }
        .yrd-legend-row { display: flex; align-items: center; gap: 4px; white-space: nowrap; }
        .yrd-legend-head { margin-top: 4px; font-weight: 600; color: #555; }
        .yrd-sw svg { vertical-align: middle; }
        /* the sources line stays small and to the right: it must not cover the legend button */
        .leaflet-container .leaflet-control-attribution { font-size: 10px; line-height: 1.35;
            max-width: 62%; }
        </style>
        {% endmacro %}
        {% macro script(this, kwargs) %}{% endmacro %}
    """)

    def __init__(self):
        super().__init__()
        self._name = "LegendStyle"


class Legend(MacroElement):
    """A Leaflet control holding :func:`legend_html`; rows follow the layer control.

    Parameters
    ----------
    html_text : the legend HTML (already escaped by :func:`legend_html`).
    layers : layer id → the folium layer whose visibility governs rows tagged with it.
    position : Leaflet control corner.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this.map_name() }}, owner = {{ this._parent.get_name() }};
            var ctl = L.control({position: {{ this.position|tojson }}});
            ctl.onAdd = function () {
                var div = L.DomUtil.create("div", "yrd-legend leaflet-control-layers");
                div.innerHTML = {{ this.html_text|tojson }};
                L.DomEvent.disableClickPropagation(div);
                L.DomEvent.disableScrollPropagation(div);
                // in the app (a frame) collapsed unless the user opened it, a saved HTML
                // map (a page of its own) open; the user's choice outlives the legend (a
                // new one comes with every filter change), on the map and in localStorage
                var det = div.querySelector("details"), KEY = "yrdmap.legend.open";
                var open = map._yrdLegendOpen, stored = null;
                if (open === undefined) {
                    try { stored = window.localStorage.getItem(KEY); } catch (e) {}
                    open = stored === null ? window.self === window.top : stored === "1";
                }
                det.open = !!open;
                det.addEventListener("toggle", function () {
                    map._yrdLegendOpen = det.open;
                    try { window.localStorage.setItem(KEY, det.open ? "1" : "0"); } catch (e) {}
                });
                return div;
            };
            ctl.addTo(map);
            var layers = {
            {%- for id, layer in this.layers.items() %}
                {{ id|tojson }}: {{ layer.get_name() }},
            {%- endfor %}
            };
            function sync() {
                ctl.getContainer().querySelectorAll(".yrd-legend-row").forEach(function (row) {
                    var ids = row.getAttribute("data-layers").split(" ");
                    var on = ids.some(function (id) { return layers[id] && map.hasLayer(layers[id]); });
                    row.style.display = on ? "" : "none";
                });
            }
            map.on("overlayadd overlayremove", sync);
            sync();
            var off = function () { map.off("overlayadd overlayremove", sync); };
{{ this.owned }}
        })();
        {% endmacro %}
    """)

    def __init__(self, html_text: str, layers: dict, position: str = "bottomright"):
        super().__init__()
        self._name = "Legend"
        self.html_text = html_text
        self.layers = layers
        self.position = position
        self.owned = _OWNED

    def map_name(self) -> str:
        return _map_name(self)
