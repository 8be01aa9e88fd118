"""Leaflet's own tooltips in the UI language: the zoom buttons' "Zoom in"/"Zoom out"
and the layer control's "Layers" are English in Leaflet and set by no folium option.

:class:`LeafletStrings` is a folium element whose script sets them once the map's
controls exist; the words come from ``geo/strings/leaflet.toml``.

Examples
--------
>>> import folium
>>> m = folium.Map(tiles=None)
>>> _ = LeafletStrings("zh").add_to(m)
>>> "放大" in m.get_root().render() and "缩小" in m.get_root().render()
True
"""
from __future__ import annotations

import json

from branca.element import MacroElement
from jinja2 import Template

from geo.i18n import check_lang, t

__all__ = ["LeafletStrings"]


class LeafletStrings(MacroElement):
    """Set the titles (tooltips) and ARIA labels of Leaflet's zoom and layer controls."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function (map, words) {
            function apply() {
                var root = map.getContainer();
                [["leaflet-control-zoom-in", words.zoom_in],
                 ["leaflet-control-zoom-out", words.zoom_out],
                 ["leaflet-control-layers-toggle", words.layers]].forEach(function (p) {
                    root.querySelectorAll("." + p[0]).forEach(function (el) {
                        el.title = p[1];
                        el.setAttribute("aria-label", p[1]);
                    });
                });
            }
            map.whenReady(function () { setTimeout(apply, 0); });
        })({{ this._parent.get_name() }}, {{ this.words }});
        {% endmacro %}
    """)

    def __init__(self, lang: str):
        super().__init__()
        self._name = "LeafletStrings"
        check_lang(lang)
        self.words = json.dumps({"zoom_in": t("leaflet.zoom_in", lang),
                                 "zoom_out": t("leaflet.zoom_out", lang),
                                 "layers": t("leaflet.layers", lang)}, ensure_ascii=False)
