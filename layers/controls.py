"""Map tools as folium elements: search by name, mini-map, land fill, scale, fullscreen, measure.

Each element of our own declares ``vendor`` (the packages under
``static/vendor`` it needs, see :mod:`layers.assets`) and renders only JSON-
encoded values into its script. Search results are written with
``textContent``, never as HTML.
"""
from __future__ import annotations

from branca.element import MacroElement
from folium.elements import JSCSSMixin
from folium.template import Template

from geo.i18n import t

__all__ = ["SearchControl", "MiniMap", "LandFill", "MetricScale", "fullscreen", "measure"]


class SearchControl(JSCSSMixin, MacroElement):
    """leaflet-search over the features of ``layers`` (their ``label`` property).

    Matches anywhere in the name (not only the start), lists hits as plain text
    and zooms to the chosen feature's extent.
    """

    vendor = ("search",)
    default_js: list = []
    default_css: list = []
    _template = Template("""
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }};
            var groups = [{% for l in this.layers %}{{ l.get_name() }}{% if not loop.last %}, {% endif %}{% endfor %}];
            function records() {
                var out = {};
                function visit(layer) {
                    if (layer.feature && layer.feature.properties && layer.feature.properties.label) {
                        var key = layer.feature.properties.label;
                        var loc = layer.getBounds ? layer.getBounds().getCenter() : layer.getLatLng();
                        loc.layer = layer;
                        out[key] = loc;
                    } else if (layer.eachLayer) {
                        layer.eachLayer(visit);
                    }
                }
                groups.forEach(function (g) { if (map.hasLayer(g)) visit(g); });
                return out;
            }
            var ctl = new L.Control.Search({
                sourceData: function (text, callback) { callback(records()); return {abort: function () {}}; },
                formatData: function (data) { return data; },
                initial: false,
                marker: false,
                autoCollapse: true,
                position: "topleft",
                textPlaceholder: {{ this.placeholder|tojson }},
                textErr: {{ this.not_found|tojson }},
                textCancel: "×",
                buildTip: function (text) {
                    var li = document.createElement("li");
                    li.textContent = text;
                    return li;
                },
                moveToLocation: function (latlng, title, m) {
                    var layer = latlng.layer;
                    if (layer && layer.getBounds) {
                        m.fitBounds(layer.getBounds(), {maxZoom: 11, padding: [30, 30]});
                    } else {
                        m.setView(latlng, Math.max(m.getZoom(), 11));
                    }
                    if (layer && layer.openTooltip) { setTimeout(function () { layer.openTooltip(); }, 400); }
                }
            });
            map.addControl(ctl);
        })();
        {% endmacro %}
    """)

    def __init__(self, layers: list, lang: str):
        super().__init__()
        self._name = "SearchControl"
        self.layers = list(layers)
        self.placeholder = t("app.map_search", lang)
        self.not_found = t("app.map_search_none", lang)


class MiniMap(JSCSSMixin, MacroElement):
    """Leaflet-MiniMap fed either tile ``sources`` or, offline, a copy of the
    polygons of ``vector_layer`` (no extra payload: cloned in the browser)."""

    vendor = ("minimap",)
    default_js: list = []
    default_css: list = []
    _template = Template("""
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }};
            {%- if this.vector_layer %}
            var mini = L.geoJson({{ this.vector_layer.get_name() }}.toGeoJSON(), {
                interactive: false,
                style: {color: "#888888", weight: 0.8, fillColor: {{ this.land|tojson }}, fillOpacity: 1}
            });
            {%- else %}
            var mini = L.layerGroup([
            {%- for s in this.sources %}
                L.tileLayer({{ s.url|tojson }}, {subdomains: {{ s.subdomains|tojson }}, maxZoom: {{ s.max_zoom|tojson }}}),
            {%- endfor %}
            ]);
            {%- endif %}
            var ctl = new L.Control.MiniMap(mini, {
                position: "bottomright", toggleDisplay: true, minimized: false,
                zoomLevelOffset: -4, width: 120, height: 120,
                strings: {hideText: {{ this.hide|tojson }}, showText: {{ this.show|tojson }}}
            }).addTo(map);
            {%- if this.vector_layer %}
            ctl._miniMap.getContainer().style.background = {{ this.sea|tojson }};
            {%- endif %}
        })();
        {% endmacro %}
    """)

    def __init__(self, lang: str, *, vector_layer=None, sources=(), land="#fbfaf6",
                 sea="#dfe9f1"):
        super().__init__()
        if vector_layer is None and not sources:
            raise ValueError("MiniMap needs tile sources or a vector layer")
        self._name = "MiniMap"
        self.vector_layer = vector_layer
        self.sources = list(sources)
        self.land, self.sea = land, sea
        self.hide = "−" if lang == "en" else "隐藏"
        self.show = "+" if lang == "en" else "显示"


class LandFill(MacroElement):
    """Offline background: land painted from ``layer``'s polygons in a low pane,
    the map container coloured as sea. Clones the data in the browser."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }};
            map.getContainer().style.background = {{ this.sea|tojson }};
            if (!map.getPane("yrdLand")) { map.createPane("yrdLand").style.zIndex = 150; }
            L.geoJson({{ this.layer.get_name() }}.toGeoJSON(), {
                pane: "yrdLand", interactive: false, renderer: L.canvas({pane: "yrdLand"}),
                style: {stroke: false, fillColor: {{ this.land|tojson }}, fillOpacity: 1}
            }).addTo(map);
        })();
        {% endmacro %}
    """)

    def __init__(self, layer, land: str, sea: str):
        super().__init__()
        self._name = "LandFill"
        self.layer, self.land, self.sea = layer, land, sea


class MetricScale(MacroElement):
    """A metric-only scale bar (folium's ``control_scale`` also shows miles)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        L.control.scale({metric: true, imperial: false, position: "bottomleft"})
            .addTo({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self):
        super().__init__()
        self._name = "MetricScale"


def fullscreen(lang: str):
    from folium.plugins import Fullscreen

    return Fullscreen(position="topleft", title=t("app.fullscreen", lang),
                      title_cancel=t("app.fullscreen_exit", lang), force_separate_button=True)


def measure(lang: str):
    from folium.plugins import MeasureControl

    return MeasureControl(position="topleft", primary_length_unit="kilometers",
                          secondary_length_unit="meters", primary_area_unit="sqkilometers",
                          secondary_area_unit="hectares",
                          localization="cn" if lang == "zh" else "en")
